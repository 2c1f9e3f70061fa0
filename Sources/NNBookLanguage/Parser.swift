/// Builds statements from tokens: one small method per grammar rule, a
/// precedence ladder from `or` down to `primary`, as in Crafting
/// Interpreters' jlox. A cell stops at its first error.
public struct Parser {
    private let tokens: [Token]
    private var current = 0
    private var depth = 0

    /// Deepest expression nesting accepted (`- - - … 1`, `2^2^2^…`), so
    /// hostile input gets an error rather than exhausting the stack.
    public static let maxDepth = 400

    static let keywords: Set<String> = ["for", "in", "while", "if", "elif", "else", "and", "or", "not",
                                        "True", "False", "break", "continue", "pass"]
    static let foreignKeywords: [String: String] = [
        "return": "return belongs inside def; or define in one line: f(x) = x^2",
        "lambda": "define a named function instead: f(x) = x^2",
        "import": "nnbook has everything built in: sigmoid, relu, tanh, exp, sum, dot … (:help lists them)",
        "from": "nnbook has everything built in (:help lists it)",
        "class": "nnbook has no classes; models are built with sequential(dense(…), …)",
        "with": "nnbook has no 'with' blocks",
        "try": "nnbook has no exceptions: an error stops the cell and the session goes on",
    ]

    public init(tokens: [Token]) { self.tokens = tokens }

    /// Parses a whole cell of code (not a meta-command).
    public static func parse(_ source: String) throws(Diagnostic) -> [Stmt] {
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

    private func hintAfterStatement() -> String? {
        if case .identifier("if") = peek.kind { return "nnbook has no inline 'a if c else b'; write an if block" }
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
            case "break": advance(); return .breakLoop(start)
            case "continue": advance(); return .continueLoop(start)
            case "pass": advance(); return .pass(start)
            default: break
            }
            if let hint = Parser.foreignKeywords[word], !isAssignmentNext(after: 1) {
                throw Diagnostic(.syntax, "'\(word)' is Python, not nnbook", at: start, hint: hint)
            }
            if Interpreter.commandWords.contains(word), !isAssignmentNext(after: 1) {
                return try command(word)
            }
        }
        let expr = try expression()
        if case .op(let op) = peek.kind, ["=", "+=", "-=", "*=", "/="].contains(op) {
            let opSpan = advance().span
            let value = try expression()
            let span = expr.span.merged(with: value.span)
            return try assignment(expr, op: op, opSpan: opSpan, value: value, span: span)
        }
        return .expression(expr)
    }

    private func isAssignmentNext(after k: Int) -> Bool {
        guard current + k < tokens.count else { return false }
        if case .op(let op) = tokens[current + k].kind { return ["=", "+=", "-=", "*=", "/="].contains(op) }
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
        case .name(let name, let s):
            if Parser.keywords.contains(name.text) {
                throw Diagnostic(.syntax, "'\(name.text)' is a keyword and cannot be assigned to", at: s)
            }
            return .assign(.name(name, s), arithmetic, value, span)
        case .index(.name(let name, _), let index, let s):
            return .assign(.index(name, index, s), arithmetic, value, span)
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
        default:
            throw Diagnostic(.syntax, "cannot assign to this expression", at: target.span,
                             hint: op == "=" ? "to compare, use '=='" : "only names and v[i] can be assigned to")
        }
    }

    private func describeShort(_ e: Expr) -> String {
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

    private mutating func simpleStatementLine() throws(Diagnostic) -> Stmt {
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
        let body = try block()
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
        let body = try block()
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

    // MARK: commands

    mutating func command(_ word: String) throws(Diagnostic) -> Stmt {
        let start = advance().span
        func requireWord(_ w: String, example: String) throws(Diagnostic) {
            guard case .identifier(let got) = peek.kind, got == w else {
                throw Diagnostic(.syntax, "expected '\(w)' here", at: peek.span, hint: "for example: \(example)")
            }
            advance()
        }
        switch word {
        case "explain":
            if atLineEnd { throw Diagnostic(.syntax, "explain needs an expression", at: start, hint: "explain sigmoid(2)") }
            if case .identifier("backward") = peek.kind, current + 1 < tokens.count, tokens[current + 1].kind != .leftParen {
                advance()
                if atLineEnd { throw Diagnostic(.syntax, "explain backward needs a value", at: start, hint: "explain backward g") }
                let e = try expression()
                return .command(.explainBackward(e), start.merged(with: e.span))
            }
            let e = try expression()
            return .command(.explain(e), start.merged(with: e.span))
        case "descend":
            let example = "descend f from 1 rate 0.1 steps 2"
            if atLineEnd { throw Diagnostic(.syntax, "descend needs a function", at: start, hint: example) }
            let f = try expression()
            try requireWord("from", example: example)
            let a = try expression()
            try requireWord("rate", example: example)
            let r = try expression()
            var steps: Expr?
            if case .identifier("steps") = peek.kind { advance(); steps = try expression() }
            return .command(.descend(function: f, from: a, rate: r, steps: steps), start.merged(with: (steps ?? r).span))
        case "step":
            if atLineEnd { return .command(.step(nil), start) }
            let n = try expression()
            guard case .identifier("input") = peek.kind else { return .command(.step(n), start.merged(with: n.span)) }
            advance()
            let x = try expression()
            try requireWord("target", example: "step n input [1, 2, 3] target 1 rate 0.1")
            let t = try expression()
            var rate: Expr?
            if case .identifier("rate") = peek.kind { advance(); rate = try expression() }
            return .command(.neuronStep(neuron: n, input: x, target: t, rate: rate), start.merged(with: (rate ?? t).span))
        case "plot":
            let example = "plot sigmoid from -6 to 6"
            if atLineEnd { throw Diagnostic(.syntax, "plot needs a function", at: start, hint: example + " (or plot descent, plot loss, plot boundary model on data)") }
            let target: PlotTarget
            if case .identifier(let w) = peek.kind, ["descent", "loss"].contains(w), isPlotWordAlone(after: 1) {
                advance()
                target = w == "descent" ? .descent : .loss
            } else if case .identifier("boundary") = peek.kind, isBoundaryCommand() {
                advance()
                if atLineEnd { throw Diagnostic(.syntax, "plot boundary needs a model and a data set", at: start.merged(with: previous.span), hint: "plot boundary net on data") }
                let m = try expression()
                try requireWord("on", example: "plot boundary model on data")
                target = .boundary(model: m, data: try expression())
            } else {
                var fs = [try expression()]
                while match(.comma) { fs.append(try expression()) }
                try requireWord("from", example: example)
                let a = try expression()
                try requireWord("to", example: example)
                target = .functions(fs, from: a, to: try expression())
            }
            var file: Expr?
            if case .identifier("to") = peek.kind { advance(); file = try expression() }
            return .command(.plot(target, file: file), start.merged(with: previous.span))
        case "train":
            let example = "train model on data epochs 5 batch 32 rate 0.001"
            if atLineEnd { throw Diagnostic(.syntax, "train needs a model", at: start, hint: example) }
            let m = try expression()
            try requireWord("on", example: example)
            let d = try expression()
            var options: [TrainOption] = []
            while case .identifier(let name) = peek.kind {
                let nameSpan = advance().span
                switch name {
                case "epochs", "batch", "rate", "momentum", "steps":
                    let v = try expression()
                    options.append(TrainOption(name: name, value: .expression(v), span: nameSpan.merged(with: v.span)))
                case "optimizer", "loss":
                    let t = advance()
                    switch t.kind {
                    case .identifier(let w), .string(let w): options.append(TrainOption(name: name, value: .word(w), span: nameSpan.merged(with: t.span)))
                    default: throw Diagnostic(.syntax, "expected a name after '\(name)'", at: t.span,
                                              hint: name == "optimizer" ? "optimizer adam, or optimizer sgd" : "loss sparse_categorical_crossentropy, mse or binary_crossentropy")
                    }
                default:
                    let known = ["epochs", "batch", "rate", "momentum", "optimizer", "loss", "steps"]
                    throw Diagnostic(.syntax, "train has no option '\(name)'", at: nameSpan,
                                     hint: Spelling.closest(to: name, among: known).map { "did you mean \($0)?" } ?? "options: " + known.joined(separator: ", "))
                }
            }
            return .command(.train(model: m, data: d, options: options), start.merged(with: previous.span))
        case "backward", "zero_grad":
            if atLineEnd { throw Diagnostic(.syntax, "\(word) needs a value", at: start, hint: "\(word) g") }
            let e = try expression()
            return .command(word == "backward" ? .backward(e) : .zeroGrad(e), start.merged(with: e.span))
        case "graph":
            if atLineEnd { throw Diagnostic(.syntax, "graph needs a value", at: start, hint: "graph g, or graph g to \"g.dot\"") }
            let e = try expression()
            var path: Expr?
            if case .identifier("to") = peek.kind { advance(); path = try expression() }
            return .command(.graph(e, to: path), start.merged(with: (path ?? e).span))
        case "evaluate", "confusion":
            let example = "\(word) model on data.test"
            if atLineEnd { throw Diagnostic(.syntax, "\(word) needs a model", at: start, hint: example) }
            let m = try expression()
            try requireWord("on", example: example)
            let d = try expression()
            return .command(word == "evaluate" ? .evaluate(model: m, data: d) : .confusion(model: m, data: d), start.merged(with: d.span))
        case "predict":
            if atLineEnd { throw Diagnostic(.syntax, "predict needs a model and an input", at: start, hint: "predict model x") }
            // `predict m [0, 0.5]`: a bracket after the model's name starts the input, not an index.
            let m: Expr
            if case .identifier(let name) = peek.kind, current + 1 < tokens.count, tokens[current + 1].kind == .leftBracket {
                m = .name(Name(name), advance().span)
            } else {
                m = try expression()
            }
            if atLineEnd { throw Diagnostic(.syntax, "predict needs an input after the model", at: peek.span, hint: "predict model [0.5, 0.2]") }
            let x = try expression()
            return .command(.predict(model: m, input: x), start.merged(with: x.span))
        case "save":
            let example = "save model to \"model.json\""
            if atLineEnd { throw Diagnostic(.syntax, "save needs a model", at: start, hint: example) }
            let m = try expression()
            try requireWord("to", example: example)
            let p = try expression()
            return .command(.save(value: m, path: p), start.merged(with: p.span))
        default:  // summary
            if atLineEnd { throw Diagnostic(.syntax, "summary needs a model", at: start, hint: "summary model") }
            let m = try expression()
            return .command(.summary(m), start.merged(with: m.span))
        }
    }

    /// `plot boundary …` unless `boundary` is a function being plotted (`plot boundary from …`, `plot boundary, f …`).
    private func isBoundaryCommand() -> Bool {
        guard current + 1 < tokens.count else { return true }
        switch tokens[current + 1].kind {
        case .comma, .identifier("from"), .prime, .leftParen: return false
        default: return true
        }
    }

    /// `plot loss` (the command) rather than `plot loss_fn from …` or `plot loss, f …`.
    private func isPlotWordAlone(after k: Int) -> Bool {
        guard current + k < tokens.count else { return true }
        switch tokens[current + k].kind {
        case .newline, .end, .dedent: return true
        case .identifier("to"): return true
        default: return false
        }
    }

    private var atLineEnd: Bool { check(.newline) || check(.end) || check(.dedent) }

    // MARK: expressions, loosest first

    public mutating func expression() throws(Diagnostic) -> Expr {
        try descend()
        defer { depth -= 1 }
        return try or()
    }

    private mutating func descend() throws(Diagnostic) {
        depth += 1
        if depth > Parser.maxDepth {
            throw Diagnostic(.limit, "this expression is nested too deeply (more than \(Parser.maxDepth) levels)", at: peek.span,
                             hint: "split it into smaller steps with variables")
        }
    }

    mutating func or() throws(Diagnostic) -> Expr {
        var e = try and()
        while matchWord("or") { let r = try and(); e = .binary(.or, e, r, e.span.merged(with: r.span)) }
        return e
    }

    mutating func and() throws(Diagnostic) -> Expr {
        var e = try not()
        while matchWord("and") { let r = try not(); e = .binary(.and, e, r, e.span.merged(with: r.span)) }
        return e
    }

    mutating func not() throws(Diagnostic) -> Expr {
        if case .identifier("not") = peek.kind {
            try descend()
            defer { depth -= 1 }
            let s = advance().span
            let e = try not()
            return .unary(.not, e, s.merged(with: e.span))
        }
        return try comparison()
    }

    mutating func comparison() throws(Diagnostic) -> Expr {
        var e = try additive()
        while case .op(let o) = peek.kind, let op = BinaryOp(rawValue: o), op.precedence == 4 {
            advance()
            let r = try additive()
            e = .binary(op, e, r, e.span.merged(with: r.span))
        }
        return e
    }

    mutating func additive() throws(Diagnostic) -> Expr {
        var e = try multiplicative()
        while case .op(let o) = peek.kind, o == "+" || o == "-" {
            advance()
            let r = try multiplicative()
            e = .binary(o == "+" ? .add : .subtract, e, r, e.span.merged(with: r.span))
        }
        return e
    }

    mutating func multiplicative() throws(Diagnostic) -> Expr {
        var e = try unary()
        while case .op(let o) = peek.kind, let op = BinaryOp(rawValue: o), op.precedence == 6 {
            advance()
            let r = try unary()
            e = .binary(op, e, r, e.span.merged(with: r.span))
        }
        return e
    }

    mutating func unary() throws(Diagnostic) -> Expr {
        if case .op(let o) = peek.kind, o == "-" || o == "+" {
            try descend()
            defer { depth -= 1 }
            let s = advance().span
            let e = try unary()
            return .unary(o == "-" ? .negate : .plus, e, s.merged(with: e.span))
        }
        return try power()
    }

    /// `a ^ b` and `a ** b`: right-associative, tighter than a unary minus on
    /// the left (`-2^2` is −4) and allowing one on the right (`2^-1`).
    mutating func power() throws(Diagnostic) -> Expr {
        let base = try postfix()
        if case .op(let o) = peek.kind, o == "^" || o == "**" {
            try descend()
            defer { depth -= 1 }
            advance()
            let exponent = try unary()
            return .binary(.power, base, exponent, base.span.merged(with: exponent.span))
        }
        return base
    }

    mutating func postfix() throws(Diagnostic) -> Expr {
        var e = try primary()
        while true {
            switch peek.kind {
            case .leftParen:
                let open = advance().span
                let args = try arguments(open: open)
                e = .call(e, args, e.span.merged(with: previous.span))
            case .leftBracket:
                let open = advance().span
                if check(.rightBracket) { throw Diagnostic(.syntax, "an index is missing between [ and ]", at: open.merged(with: peek.span), hint: "v[0] is the first element") }
                let i = try expression()
                try expect(.rightBracket, "']' to close the '[' at column \(open.start.column)")
                e = .index(e, i, e.span.merged(with: previous.span))
            case .dot:
                advance()
                guard case .identifier(let field) = peek.kind else {
                    throw Diagnostic(.syntax, "expected a name after '.'", at: peek.span, hint: "for example model.layers")
                }
                let f = advance()
                e = .attribute(e, field, e.span.merged(with: f.span))
            case .prime(let n):
                let p = advance()
                e = .prime(e, order: n, e.span.merged(with: p.span))
            default:
                return e
            }
        }
    }

    mutating func arguments(open: SourceSpan) throws(Diagnostic) -> [Argument] {
        var args: [Argument] = []
        while !check(.rightParen) {
            if case .identifier(let label) = peek.kind, current + 1 < tokens.count, tokens[current + 1].kind == .colon {
                let l = advance().span
                advance()
                args.append(Argument(label: label, value: try expression(), labelSpan: l))
            } else {
                if let named = args.last, named.label != nil {
                    throw Diagnostic(.syntax, "a positional argument cannot follow a named one", at: peek.span)
                }
                args.append(Argument(label: nil, value: try expression(), labelSpan: nil))
            }
            if !match(.comma) { break }
        }
        try expect(.rightParen, "')' or ',' in the call opened at column \(open.start.column)")
        return args
    }

    mutating func primary() throws(Diagnostic) -> Expr {
        let t = peek
        switch t.kind {
        case .number(let v): advance(); return .number(v, t.span)
        case .string(let s): advance(); return .string(s, t.span)
        case .identifier(let name):
            if name == "True" || name == "False" { advance(); return .bool(name == "True", t.span) }
            if Parser.keywords.contains(name) {
                throw Diagnostic(.syntax, "'\(name)' cannot start an expression", at: t.span, hint: keywordHint(name))
            }
            advance()
            return .name(Name(name), t.span)
        case .leftParen:
            advance()
            if check(.rightParen) { throw Diagnostic(.syntax, "empty parentheses", at: t.span.merged(with: peek.span), hint: "put an expression inside: (1 + 2)") }
            let e = try expression()
            try expect(.rightParen, "')' to close the '(' at column \(t.span.start.column)")
            return e.withSpan(t.span.merged(with: previous.span))
        case .leftBracket:
            advance()
            var items: [Expr] = []
            while !check(.rightBracket) {
                items.append(try expression())
                if !match(.comma) { break }
            }
            try expect(.rightBracket, "']' or ',' in the list opened at column \(t.span.start.column)")
            return .list(items, t.span.merged(with: previous.span))
        default:
            throw Diagnostic(.syntax, "expected a value, found \(t.describe)", at: t.span, hint: primaryHint(t))
        }
    }

    private func keywordHint(_ k: String) -> String? {
        switch k {
        case "in": return "'in' belongs in a loop: for i in range(3):"
        case "else", "elif": return "'\(k)' goes on its own line after an if block"
        default: return nil
        }
    }

    private func primaryHint(_ t: Token) -> String? {
        switch t.kind {
        case .newline, .end: return "the line ends too early; finish the expression"
        case .op("="): return "to compare, use '=='"
        case .op: return "an operator needs a value on each side"
        case .rightParen, .rightBracket: return "is there a comma or value missing?"
        case .indent: return "unexpected indentation"
        default: return nil
        }
    }

    // MARK: token helpers

    private var peek: Token { tokens[min(current, tokens.count - 1)] }
    private var previous: Token { tokens[max(current - 1, 0)] }

    @discardableResult
    private mutating func advance() -> Token {
        let t = peek
        if current < tokens.count - 1 { current += 1 }
        return t
    }

    private func check(_ kind: Token.Kind) -> Bool { peek.kind == kind }

    private mutating func match(_ kind: Token.Kind) -> Bool {
        if check(kind) { advance(); return true }
        return false
    }

    private mutating func matchWord(_ w: String) -> Bool {
        if case .identifier(let s) = peek.kind, s == w { advance(); return true }
        return false
    }

    private mutating func expect(_ kind: Token.Kind, _ what: String) throws(Diagnostic) {
        guard match(kind) else {
            throw Diagnostic(.syntax, "expected \(what), found \(peek.describe)", at: peek.span)
        }
    }
}
