/// The expression ladder, loosest first: or, and, not, comparison, additive,
/// multiplicative, unary, power, postfix, primary.
extension Parser {
    // MARK: expressions, loosest first

    mutating func expression() throws(Diagnostic) -> Expr {
        try descend()
        defer { depth -= 1 }
        let e = try or()
        guard case .identifier("if") = peek.kind else { return e }
        advance()
        let condition = try or()
        guard matchWord("else") else {
            throw Diagnostic(.syntax, "expected 'else' to finish 'a if condition else b'", at: peek.span, hint: "x if x > 0 else 0")
        }
        let otherwise = try expression()
        return .conditional(e, condition: condition, otherwise: otherwise, e.span.merged(with: otherwise.span))
    }

    mutating func descend() throws(Diagnostic) {
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
        while let op = comparisonOperator() {
            let r = try additive()
            e = .binary(op, e, r, e.span.merged(with: r.span))
        }
        return e
    }

    /// The comparison operator next, taken: `==` … `>=`, `in`, `not in`.
    private mutating func comparisonOperator() -> BinaryOp? {
        switch peek.kind {
        case .op(let o):
            guard let op = BinaryOp(rawValue: o), op.precedence == 4 else { return nil }
            advance()
            return op
        case .identifier("in"):
            advance()
            return .contains
        case .identifier("not") where current + 1 < tokens.count && tokens[current + 1].kind == .identifier("in"):
            advance()
            advance()
            return .notContains
        default: return nil
        }
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
                var parts: [SubscriptPart] = []
                repeat { parts.append(try subscriptPart()) } while match(.comma) && !check(.rightBracket)
                try expect(.rightBracket, "']' to close the '[' at column \(open.start.column)")
                if parts.count == 1, case .index(let i) = parts[0] {
                    e = .index(e, i, e.span.merged(with: previous.span))
                } else {
                    e = .subscripted(e, parts, e.span.merged(with: previous.span))
                }
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
            // `input: 784`, or Python's keyword argument `input=784`.
            if case .identifier(let label) = peek.kind, current + 1 < tokens.count,
               tokens[current + 1].kind == .colon || tokens[current + 1].kind == .op("=") {
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
        try poll()
        let t = peek
        switch t.kind {
        case .number(let v): advance(); return .number(v, t.span)
        case .string(let s): advance(); return .string(s, t.span)
        case .identifier(let name):
            if name == "True" || name == "False" { advance(); return .bool(name == "True", t.span) }
            if Parser.keywords.contains(name) {
                throw Diagnostic(.syntax, "'\(name)' cannot start an expression", at: t.span, hint: keywordHint(name))
            }
            if name == "lambda", current + 1 < tokens.count, case .identifier = tokens[current + 1].kind {
                throw Diagnostic(.syntax, "a lambda works only as a definition: g = lambda x: x^2", at: t.span,
                                 hint: "name the function first, g(x) = x^2, then use g")
            }
            advance()
            return .name(Name(name), t.span)
        case .leftParen:
            advance()
            if check(.rightParen) { throw Diagnostic(.syntax, "empty parentheses", at: t.span.merged(with: peek.span), hint: "put an expression inside: (1 + 2)") }
            let e = try expression()
            if match(.comma) {  // Python's tuple, `(784,)` or `(1, 2)`: a list
                var items = [e]
                while !check(.rightParen) {
                    items.append(try expression())
                    if !match(.comma) { break }
                }
                try expect(.rightParen, "')' or ',' in the tuple opened at column \(t.span.start.column)")
                return .list(items, t.span.merged(with: previous.span))
            }
            try expect(.rightParen, "')' to close the '(' at column \(t.span.start.column)")
            return e.withSpan(t.span.merged(with: previous.span))
        case .leftBracket:
            advance()
            var items: [Expr] = []
            while !check(.rightBracket) {
                items.append(try expression())
                if items.count == 1, case .identifier("for") = peek.kind { return try comprehension(of: items[0], open: t.span) }
                if !match(.comma) { break }
            }
            try expect(.rightBracket, "']' or ',' in the list opened at column \(t.span.start.column)")
            return .list(items, t.span.merged(with: previous.span))
        default:
            throw Diagnostic(.syntax, "expected a value, found \(t.describe)", at: t.span, hint: primaryHint(t))
        }
    }

    /// One axis of a subscript: `i`, or a slice `a:b`, `a:b:c`, `:`, `::-1` …
    private mutating func subscriptPart() throws(Diagnostic) -> SubscriptPart {
        func bound() throws(Diagnostic) -> Expr? {
            check(.colon) || check(.comma) || check(.rightBracket) ? nil : try expression()
        }
        let start = try bound()
        guard match(.colon) else {
            guard let start else { throw Diagnostic(.syntax, "an index is missing", at: peek.span, hint: "m[0, 1] or m[0, :]") }
            return .index(start)
        }
        let stop = try bound()
        let step = match(.colon) ? try bound() : nil
        return .slice(start, stop, step)
    }

    /// `[element for name in iterable]` or `[… if condition]`, after the element.
    private mutating func comprehension(of element: Expr, open: SourceSpan) throws(Diagnostic) -> Expr {
        advance()  // for
        guard case .identifier(let name) = peek.kind, !Parser.keywords.contains(name) else {
            throw Diagnostic(.syntax, "expected a name after 'for' in the list", at: peek.span, hint: "[x^2 for x in range(5)]")
        }
        advance()
        guard matchWord("in") else {
            throw Diagnostic(.syntax, "expected 'in' after 'for \(name)'", at: peek.span, hint: "[x^2 for \(name) in range(5)]")
        }
        let iterable = try or()
        let condition: Expr? = matchWord("if") ? try or() : nil
        if case .identifier("for") = peek.kind {
            throw Diagnostic(.syntax, "a list takes one 'for'", at: peek.span, hint: "nest the lists: [[x*y for x in a] for y in b]")
        }
        try expect(.rightBracket, "']' to close the list opened at column \(open.start.column)")
        return .comprehension(element, variable: Name(name), iterable: iterable, condition: condition, open.merged(with: previous.span))
    }

    func keywordHint(_ k: String) -> String? {
        switch k {
        case "in": return "'in' belongs in a loop: for i in range(3):"
        case "else", "elif": return "'\(k)' goes on its own line after an if block"
        default: return nil
        }
    }

    func primaryHint(_ t: Token) -> String? {
        switch t.kind {
        case .newline, .end: return "the line ends too early; finish the expression"
        case .op("="): return "to compare, use '=='"
        case .op: return "an operator needs a value on each side"
        case .rightParen, .rightBracket: return "is there a comma or value missing?"
        case .indent: return "unexpected indentation"
        default: return nil
        }
    }
}
