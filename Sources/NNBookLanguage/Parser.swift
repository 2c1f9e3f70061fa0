import NeuralCore

/// Builds statements from tokens: one small method per grammar rule, a
/// precedence ladder from `or` down to `primary`, as in Crafting
/// Interpreters' jlox. A cell stops at its first error.
struct Parser {
    let tokens: [Token]
    var current = 0
    var depth = 0
    /// How many `for`/`while` bodies enclose the statement being parsed
    /// (`break` and `continue` belong only inside one).
    var loopDepth = 0
    /// Operands read since Ctrl-C was last checked for.
    var sincePoll = 0

    /// Deepest expression nesting accepted (`- - - … 1`, `2^2^2^…`), so
    /// hostile input gets an error rather than exhausting the stack.
    static let maxDepth = 400

    static let assignmentOperators: Set<String> = ["=", "+=", "-=", "*=", "/="]
    static let keywords: Set<String> = ["for", "in", "while", "if", "elif", "else", "and", "or", "not",
                                        "True", "False", "break", "continue", "pass", "assert"]
    static let foreignKeywords: [String: String] = [
        "return": "return belongs inside def; or define in one line: f(x) = x^2",
        "lambda": "name it: g = lambda x: x^2, or nnbook's own g(x) = x^2",
        "import": "nnbook has everything built in: sigmoid, relu, tanh, exp, sum, dot … (:help lists them)",
        "from": "nnbook has everything built in (:help lists it)",
        "class": "nnbook has no classes; models are built with sequential(dense(…), …)",
        "with": "nnbook has no 'with' blocks",
        "try": "nnbook has no exceptions: an error stops the cell and the session goes on",
    ]

    init(tokens: [Token]) { self.tokens = tokens }

    /// Parses a whole cell of code (not a meta-command).
    static func parse(_ source: String) throws(Diagnostic) -> [Stmt] {
        var parser = Parser(tokens: try Lexer.tokenize(source))
        return try parser.cell()
    }

    // MARK: statements

    mutating func cell() throws(Diagnostic) -> [Stmt] {
        var statements: [Stmt] = []
        while !check(.end) {
            if match(.newline) { continue }
            statements.append(try statement())
        }
        return statements
    }

    mutating func statement() throws(Diagnostic) -> Stmt {
        if case .identifier(let word) = peek.kind {
            switch word {
            case "for": return try forStatement()
            case "def" where !isAssignmentNext(after: 1): return try defStatement()
            case "while": return try whileStatement()
            case "if": return try ifStatement()
            case "elif", "else":
                throw Diagnostic(.syntax, "'\(word)' without an 'if' before it", at: peek.span)
            default: break
            }
        }
        let stmt = try simpleStatement()
        try endOfLine()
        return stmt
    }

    mutating func endOfLine() throws(Diagnostic) {
        if match(.newline) || check(.end) || check(.dedent) { return }
        throw Diagnostic(.syntax, "unexpected \(peek.describe) after a complete statement", at: peek.span,
                         hint: hintAfterStatement())
    }

    func hintAfterStatement() -> String? {
        if current == 1, case .identifier(let word) = tokens[0].kind,
           let command = Spelling.closest(to: word, among: Interpreter.commandWords) {
            return "did you mean the command \(command)?"
        }
        if case .identifier = peek.kind, current > 0, case .identifier = tokens[current - 1].kind {
            return "did you forget an operator or a comma between them?"
        }
        if case .leftParen = peek.kind { return "to multiply, write '*': 2*(x+1)" }
        if case .number = peek.kind { return "did you forget an operator or a comma?" }
        return "put each statement on its own line"
    }

    mutating func simpleStatement() throws(Diagnostic) -> Stmt {
        let start = peek.span
        if case .identifier(let word) = peek.kind {
            switch word {
            case "break", "continue":
                guard loopDepth > 0 else {
                    throw Diagnostic(.syntax, "'\(word)' belongs inside a for or while loop", at: start,
                                     hint: word == "break" ? "in a loop's body it ends the loop early" : "in a loop's body it skips to the loop's next round")
                }
                advance()
                return word == "break" ? .breakLoop(start) : .continueLoop(start)
            case "pass": advance(); return .pass(start)
            case "assert":
                if isAssignmentNext(after: 1) {
                    throw Diagnostic(.syntax, "'assert' is a keyword and cannot be assigned to", at: start, hint: "choose another name, e.g. check")
                }
                advance()
                guard !check(.newline), !check(.end), !check(.dedent) else {
                    throw Diagnostic(.syntax, "assert needs a condition", at: start, hint: "assert close(w, 0.64), \"w after two steps is 0.64\"")
                }
                let condition = try expression()
                let message = match(.comma) ? try expression() : nil
                return .assertion(condition, message: message, start.merged(with: previous.span))
            default: break
            }
            if var hint = Parser.foreignKeywords[word], !isAssignmentNext(after: 1) {
                if word == "import" || word == "from", current + 1 < tokens.count, case .identifier(let module) = tokens[current + 1].kind,
                   ["tensorflow", "keras", "tf"].contains(module) {
                    hint = "nnbook has the article's Keras built in, nothing to import: Sequential([Dense(…), Dense(…)]) and the data sets "
                        + "digits() and mnist(\"folder\"); leave the import lines out"
                }
                throw Diagnostic(.syntax, "'\(word)' is Python, not nnbook", at: start, hint: hint)
            }
            if word.hasSuffix("!") || Interpreter.commandWords.contains(word) && !isAssignmentNext(after: 1) {
                return try command(word)
            }
        }
        let expr = try tupleOrExpression()
        if case .op(let op) = peek.kind, Parser.assignmentOperators.contains(op) {
            let opSpan = advance().span
            if op == "=", case .name(let name, _) = expr, case .identifier("lambda") = peek.kind {
                return try lambdaDefinition(name.text, from: expr.span)
            }
            let value = op == "=" ? try tupleOrExpression() : try expression()
            let span = expr.span.merged(with: value.span)
            return try assignment(expr, op: op, opSpan: opSpan, value: value, span: span)
        }
        return .expression(expr)
    }

    /// An expression, or Python's tuple without parentheses, `a, b` (a list, as `(a, b)` is).
    mutating func tupleOrExpression() throws(Diagnostic) -> Expr {
        let first = try expression()
        guard check(.comma) else { return first }
        var items = [first]
        while match(.comma) {
            if check(.newline) || check(.end) || check(.dedent) { break }
            if case .op(let op) = peek.kind, Parser.assignmentOperators.contains(op) { break }
            items.append(try expression())
        }
        return .list(items, first.span.merged(with: previous.span))
    }

    /// The targets of `a, (b, c) = …`: names, v[i], and nested tuples of them.
    func unpackTarget(_ e: Expr) throws(Diagnostic) -> AssignTarget {
        switch e {
        case .name(let n, let s):
            if Parser.keywords.contains(n.text) { throw Diagnostic(.syntax, "'\(n.text)' is a keyword and cannot be assigned to", at: s) }
            if n.text == "Out" {
                throw Diagnostic(.name, "Out holds the results of past cells (Out[1], Out[2] …) and cannot be assigned", at: s, hint: "pick another name, e.g. out = …")
            }
            return .name(n, s)
        case .list(let items, let s):
            var targets: [AssignTarget] = []
            for item in items { targets.append(try unpackTarget(item)) }
            return .unpack(targets, s)
        default:
            throw Diagnostic(.syntax, "only names can be unpacked into", at: e.span,
                             hint: "a, b = 1, 2; (x_train, y_train), (x_test, y_test) = digits()")
        }
    }

    /// Python's `g = lambda x: x^2`, read as nnbook's `g(x) = x^2`.
    private mutating func lambdaDefinition(_ name: String, from start: SourceSpan) throws(Diagnostic) -> Stmt {
        let lambda = advance().span
        var parameters: [String] = []
        while case .identifier(let p) = peek.kind, !Parser.keywords.contains(p) {
            let ps = advance().span
            if parameters.contains(p) { throw Diagnostic(.syntax, "parameter '\(p)' appears twice", at: ps) }
            parameters.append(p)
            if !match(.comma) { break }
        }
        guard !parameters.isEmpty else {
            throw Diagnostic(.syntax, "a lambda needs at least one parameter", at: peek.span, hint: "\(name) = lambda x: x^2, or \(name)(x) = x^2")
        }
        try expect(.colon, "':' after the lambda's parameters (opened at column \(lambda.start.column))")
        let body = try expression()
        return .define(name: name, parameters: parameters, body: body, start.merged(with: body.span))
    }

    func isAssignmentNext(after k: Int) -> Bool {
        guard current + k < tokens.count else { return false }
        if case .op(let op) = tokens[current + k].kind { return Parser.assignmentOperators.contains(op) }
        return false
    }

    mutating func assignment(_ target: Expr, op: String, opSpan: SourceSpan, value: Expr, span: SourceSpan) throws(Diagnostic) -> Stmt {
        let arithmetic: BinaryOp? = switch op {
        case "+=": .add
        case "-=": .subtract
        case "*=": .multiply
        case "/=": .divide
        default: nil
        }
        switch target {
        case .name(let n, let s) where n.text == "Out", .index(.name(let n, let s), _, _) where n.text == "Out", .call(.name(let n, let s), _, _) where n.text == "Out":
            throw Diagnostic(.name, "Out holds the results of past cells (Out[1], Out[2] …) and cannot be assigned", at: s,
                             hint: "pick another name, e.g. out = …")
        default: break
        }
        switch target {
        case .name(let name, let s):
            if Parser.keywords.contains(name.text) {
                throw Diagnostic(.syntax, "'\(name.text)' is a keyword and cannot be assigned to", at: s)
            }
            return .assign(.name(name, s), arithmetic, value, span)
        case .index(.name(let name, _), let index, let s):
            return .assign(.index(name, index, s), arithmetic, value, span)
        case .attribute(let base, let field, let s):
            return .assign(.attribute(base, field, s), arithmetic, value, span)
        case .list(let items, let s) where !items.isEmpty:
            guard arithmetic == nil else {
                throw Diagnostic(.syntax, "\(op) works on one name at a time", at: s, hint: "a = a + 1 and b = b + 1, each on its own line")
            }
            return .assign(try unpackTarget(target), nil, value, span)
        case .call(.name(let name, _), let args, let s) where arithmetic == nil:
            var parameters: [String] = []
            for arg in args {
                guard arg.label == nil, case .name(let p, let ps) = arg.value else {
                    throw Diagnostic(.syntax, "a function's parameters must be plain names", at: arg.value.span,
                                     hint: "define it as \(name.text)(x) = …, then call \(name.text)(\(describeShort(arg.value)))")
                }
                if parameters.contains(p.text) {
                    throw Diagnostic(.syntax, "parameter '\(p.text)' appears twice", at: ps)
                }
                parameters.append(p.text)
            }
            if parameters.isEmpty {
                throw Diagnostic(.syntax, "a function needs at least one parameter", at: s, hint: "for example \(name.text)(x) = x^2")
            }
            return .define(name: name.text, parameters: parameters, body: value, span)
        case .call(.prime(let f, _, _), _, let s):
            throw Diagnostic(.syntax, "a derivative cannot be defined; nnbook computes it from the function", at: s,
                             hint: "define \(describeShort(f))(x) = … and its derivative follows")
        case .index(.attribute(let base, let field, _), _, let s), .subscripted(.attribute(let base, let field, _), _, let s),
             .index(.index(.attribute(let base, let field, _), _, _), _, let s):
            // net.layers[0].weights[0][1] = 0.3: part of a layer's weights.
            let whole = Printer.print(.attribute(base, field, s))
            throw Diagnostic(.syntax, "part of \(whole) cannot be assigned on its own", at: s,
                             hint: "copy, change, put back: w = \(whole), then w[0] = [0.15, 0.25], then \(whole) = w")
        default:
            throw Diagnostic(.syntax, "cannot assign to this expression", at: target.span,
                             hint: op == "=" ? "to compare, use '=='" : "only names, v[i] and a layer's weights and biases (net.layers[0].weights) can be assigned to")
        }
    }

    func describeShort(_ e: Expr) -> String {
        if case .name(let n, _) = e { return n.text }
        if case .number(let v, _) = e { return NumberFormat.format(v, precision: .decimals(6)) }
        return "…"
    }

    mutating func block() throws(Diagnostic) -> [Stmt] {
        try expect(.colon, "':' at the end of the line")
        guard match(.newline) else {
            // One-line form: `for i in range(3): x = x + 1`
            return [try simpleStatementLine()]
        }
        guard match(.indent) else {
            throw Diagnostic(.syntax, "expected an indented block", at: peek.span, hint: "indent the block's lines, e.g. by 4 spaces")
        }
        var body: [Stmt] = []
        while !check(.dedent) && !check(.end) {
            if match(.newline) { continue }
            body.append(try statement())
        }
        _ = match(.dedent)
        return body
    }

    /// A `for` or `while` body, inside which `break` and `continue` are allowed.
    mutating func loopBody() throws(Diagnostic) -> [Stmt] {
        loopDepth += 1
        defer { loopDepth -= 1 }
        return try block()
    }

    mutating func simpleStatementLine() throws(Diagnostic) -> Stmt {
        let s = try simpleStatement()
        try endOfLine()
        return s
    }

    mutating func forStatement() throws(Diagnostic) -> Stmt {
        let start = advance().span
        guard case .identifier(let v) = peek.kind, !Parser.keywords.contains(v) else {
            throw Diagnostic(.syntax, "expected a loop variable after 'for'", at: peek.span, hint: "for i in range(10):")
        }
        let nameToken = advance()
        guard case .identifier("in") = peek.kind else {
            throw Diagnostic(.syntax, "expected 'in' after 'for \(v)'", at: peek.span, hint: "for \(v) in range(10):")
        }
        advance()
        let iterable = try expression()
        let body = try loopBody()
        return .forLoop(Name(v), iterable, body, start.merged(with: nameToken.span).merged(with: iterable.span))
    }

    /// Python's `def f(x): return EXPR` (one line or a block holding just the
    /// return, after an optional docstring) means the same as `f(x) = EXPR`.
    mutating func defStatement() throws(Diagnostic) -> Stmt {
        let start = advance().span
        let example = "def f(x): return x**2   (or simply f(x) = x^2)"
        guard case .identifier(let name) = peek.kind, !Parser.keywords.contains(name) else {
            throw Diagnostic(.syntax, "expected a function name after 'def'", at: peek.span, hint: example)
        }
        let head = try postfix()
        guard case .call(.name, _, _) = head else {
            throw Diagnostic(.syntax, "expected parameters in parentheses after the name", at: head.span, hint: example)
        }
        try expect(.colon, "':' after the parameters")
        let oneLine = !match(.newline)
        if !oneLine {
            guard match(.indent) else { throw Diagnostic(.syntax, "expected an indented block", at: peek.span, hint: example) }
            while case .string = peek.kind { advance(); _ = match(.newline) }  // a docstring
        }
        guard case .identifier("return") = peek.kind else {
            throw Diagnostic(.syntax, "an nnbook function is a single expression: its body must be one 'return'", at: peek.span, hint: example)
        }
        advance()
        let body = try expression()
        if !oneLine {
            _ = match(.newline)
            guard match(.dedent) || check(.end) else {
                throw Diagnostic(.syntax, "nothing may follow the return in an nnbook function", at: peek.span, hint: example)
            }
        } else {
            try endOfLine()
        }
        return try assignment(head, op: "=", opSpan: start, value: body, span: start.merged(with: body.span))
    }

    mutating func whileStatement() throws(Diagnostic) -> Stmt {
        let start = advance().span
        let condition = try expression()
        let body = try loopBody()
        return .whileLoop(condition, body, start.merged(with: condition.span))
    }

    mutating func ifStatement() throws(Diagnostic) -> Stmt {
        let start = advance().span
        var branches: [(Expr, [Stmt])] = []
        let condition = try expression()
        branches.append((condition, try block()))
        var elseBody: [Stmt]?
        while case .identifier(let word) = peek.kind, word == "elif" || word == "else" {
            advance()
            if word == "elif" {
                let c = try expression()
                branches.append((c, try block()))
            } else {
                elseBody = try block()
                break
            }
        }
        return .ifElse(branches, elseBody, start.merged(with: condition.span))
    }

    // MARK: token helpers

    var peek: Token { tokens[min(current, tokens.count - 1)] }
    var previous: Token { tokens[max(current - 1, 0)] }

    /// Stops a long parse (a source of megabytes) once Ctrl-C was pressed;
    /// asks every 1,024 operands.
    mutating func poll() throws(Diagnostic) {
        sincePoll += 1
        guard sincePoll >= 1024 else { return }
        sincePoll = 0
        if WorkGuard.isCancelled { throw Interpreter.interruption(at: peek.span) }
    }

    @discardableResult
    mutating func advance() -> Token {
        let t = peek
        if current < tokens.count - 1 { current += 1 }
        return t
    }

    func check(_ kind: Token.Kind) -> Bool { peek.kind == kind }

    mutating func match(_ kind: Token.Kind) -> Bool {
        if check(kind) { advance(); return true }
        return false
    }

    mutating func matchWord(_ w: String) -> Bool {
        if case .identifier(let s) = peek.kind, s == w { advance(); return true }
        return false
    }

    mutating func expect(_ kind: Token.Kind, _ what: String) throws(Diagnostic) {
        guard match(kind) else {
            throw Diagnostic(.syntax, "expected \(what), found \(peek.describe)", at: peek.span)
        }
    }
}
