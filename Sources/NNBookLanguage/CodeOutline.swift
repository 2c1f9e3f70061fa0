/// The outline of a piece of code, for judging and hinting in lessons: what
/// it assigns, which command it starts with, which function its last
/// expression calls — read from the syntax tree, without running anything.
public struct CodeOutline: Sendable, Equatable {
    /// Names it assigns or defines, at the top level or inside its blocks
    /// (loop variables included).
    public var assigned: Set<String> = []
    /// The English command of its last statement (`explain`, `train`, …), if it is one.
    public var command: String?
    /// The function its last expression calls, with its primes (`f'` for `f'(1)`;
    /// for `explain f'(1)`, `f'` too).
    public var finalCall: String?
    /// True when the last statement is an expression, whose value is shown.
    public var endsWithExpression = false
    /// True when it mentions no name at all (`2*0.8`).
    public var isPureArithmetic = true
    /// Every name it reads, calls or assigns.
    public var names: Set<String> = []
    /// The English commands it runs anywhere, inside blocks too (`train`, `step` …).
    public var commands: Set<String> = []

    /// Nil when the code does not parse (or is a meta-command).
    public init?(_ source: String) {
        guard !source.trimmingCharacters(in: .whitespaces).hasPrefix(":"),
              let statements = try? Parser.parse(source), let last = statements.last else { return nil }
        for s in statements { visit(s) }
        switch last {
        case .expression(let e):
            endsWithExpression = true
            finalCall = Self.callee(e)
        case .command(let c, _):
            command = c.outlineName
            if let explain = c.body as? ExplainCommand, case .value(let e) = explain.target { finalCall = Self.callee(e) }
        default: break
        }
    }

    private mutating func visit(_ s: Stmt) {
        switch s {
        case .expression(let e): mention(e)
        case .assign(.name(let n, _), _, let e, _): assign(n.text); mention(e)
        case .assign(.index(let n, let i, _), _, let e, _): assign(n.text); mention(i); mention(e)
        case .assign(.attribute(let base, _, _), _, let e, _): mention(base); mention(e)
        case .assign(.unpack(let targets, _), _, let e, _): targets.forEach { assign(target: $0) }; mention(e)
        case .define(let name, _, let body, _): assign(name); mention(body)
        case .forLoop(let n, let e, let body, _): assign(n.text); mention(e); body.forEach { visit($0) }
        case .whileLoop(let e, let body, _): mention(e); body.forEach { visit($0) }
        case .ifElse(let branches, let otherwise, _):
            for (c, body) in branches { mention(c); body.forEach { visit($0) } }
            otherwise?.forEach { visit($0) }
        case .command(let c, _): isPureArithmetic = false; commands.insert(c.outlineName)
        case .assertion(let condition, let message, _):
            mention(condition)
            if let message { mention(message) }
        case .breakLoop, .continueLoop, .pass, .meta: break
        }
    }

    private mutating func assign(target: AssignTarget) {
        switch target {
        case .name(let n, _), .index(let n, _, _): assign(n.text)
        case .attribute(let base, _, _): mention(base)
        case .unpack(let targets, _): targets.forEach { assign(target: $0) }
        }
    }

    private mutating func assign(_ name: String) {
        assigned.insert(name)
        names.insert(name)
        isPureArithmetic = false
    }

    private mutating func mention(_ e: Expr) {
        switch e {
        case .name(let n, _): isPureArithmetic = false; names.insert(n.text)
        case .attribute(let u, _, _): isPureArithmetic = false; mention(u)
        case .number, .string, .bool, .literal: break
        case .list(let items, _): items.forEach { mention($0) }
        case .unary(_, let u, _): mention(u)
        case .prime(let u, _, _): isPureArithmetic = false; mention(u)
        case .binary(_, let a, let b, _), .index(let a, let b, _): mention(a); mention(b)
        case .conditional(let a, let c, let b, _): mention(a); mention(c); mention(b)
        case .subscripted(let a, let parts, _): mention(a); parts.flatMap(\.expressions).forEach { mention($0) }
        case .comprehension(let e, let v, let i, let c, _):
            isPureArithmetic = false
            mention(i)
            let outer = names.contains(v.text)
            mention(e)
            if let c { mention(c) }
            if !outer { names.remove(v.text) }  // the comprehension's own variable
        case .call(let f, let args, _): mention(f); args.forEach { mention($0.value) }
        }
    }

    private static func callee(_ e: Expr) -> String? {
        guard case .call(let f, _, _) = e else { return nil }
        switch f {
        case .name(let n, _): return n.text
        case .prime(.name(let n, _), let order, _): return n.text + String(repeating: "'", count: order)
        default: return nil
        }
    }

    /// True when the code is only comments and blank lines: nothing to run or judge.
    public static func isBlank(_ source: String) -> Bool {
        guard let tokens = try? Lexer.tokenize(source) else { return false }
        return tokens.allSatisfy {
            switch $0.kind { case .newline, .indent, .dedent, .end: return true; default: return false }
        }
    }

    /// The code with every number and string replaced by `…`: the shape of an
    /// answer without its values (`w1 = 1 - 0.1 * f'(1)` → `w1 = … - … * f'(…)`).
    /// When there is nothing to hide, every name after the first word of each
    /// line is hidden instead (`summary model` → `summary …`). Code that does
    /// not lex comes back unchanged.
    public static func masked(_ source: String) -> String {
        guard let tokens = try? Lexer.tokenize(source) else { return source }
        var hide = tokens.filter {
            switch $0.kind { case .number, .string: return true; default: return false }
        }.map(\.span)
        if hide.isEmpty {
            var firstOnLine = Set<Int>()
            hide = tokens.compactMap { t -> SourceSpan? in
                guard case .identifier(let name) = t.kind else { return nil }
                if firstOnLine.insert(t.span.start.line).inserted || Parser.keywords.contains(name) { return nil }
                return t.span
            }
        }
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { Array(String($0).unicodeScalars) }
        // Right to left within a line, so earlier columns stay valid.
        for span in hide.sorted(by: { ($0.start.line, $0.start.column) > ($1.start.line, $1.start.column) })
        where span.start.line == span.end.line && span.start.line - 1 < lines.count {
            let l = span.start.line - 1
            let from = span.start.column - 1, to = min(span.end.column - 1, lines[l].count)
            guard from >= 0, from < to else { continue }
            lines[l].replaceSubrange(from..<to, with: "…".unicodeScalars)
        }
        return lines.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
    }
}
