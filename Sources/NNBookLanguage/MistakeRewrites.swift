/// A common mistake a learner makes in the arithmetic of neural networks,
/// which `MistakeRewrites` can write into a piece of correct code.
public enum MistakeKind: String, Sendable, CaseIterable, Codable {
    /// `w + α·g` for `w − α·g`: the gradient step taken uphill (the article's 3.4 sign).
    case uphillStep = "uphill-step"
    /// `sigmoid(-x)`, `1/(1+e^x)`: e^x instead of e^-x.
    case sigmoidSign = "sigmoid-sign"
    /// A factor of a chain-rule product left out (`(y − t)·σ′(z)` without `σ′(z)`).
    case missingFactor = "missing-factor"
    /// `w − α·α·g`: the learning rate applied twice.
    case rateTwice = "rate-twice"
    /// `w − g`: the learning rate not applied.
    case rateMissing = "rate-missing"
    /// `descend … steps N` with one step more.
    case stepTooMany = "step-too-many"
    /// `descend … steps N` with one step fewer.
    case stepTooFew = "step-too-few"
    /// tanh where the cell has sigmoid, or sigmoid where it has tanh.
    case tanhSigmoid = "tanh-sigmoid"
    /// relu′(0) taken as 1 where nnbook takes 0 (or the other way).
    case reluDerivativeAtZero = "relu-derivative-at-zero"
    /// A vector where the cell's answer is one number (the article's three-output "neuron").
    case vectorForNumber = "vector-for-number"
}

/// A piece of correct code with one mistake written into it.
public struct CodeVariant: Sendable, Equatable {
    public var kind: MistakeKind
    /// The code with the mistake.
    public var source: String
    /// What the mistake is about, as written in the code: the factor left out
    /// (`sigmoid'(1.8)`), the name used and the one meant (`sigmoid`, `tanh`),
    /// the steps meant (`2`), relu′(0) as taken and as meant (`1`, `0`).
    public var details: [String]
}

/// Writes the common mistakes into correct code, on its syntax tree: each
/// variant is the code with one site changed, each changed part rewritten from
/// the code's own text (by its span), so `w - (a*g)` becomes `(w + (a*g))`.
/// Only what a variant computes tells whether the learner made that mistake;
/// nothing here knows any answer.
///
/// - uphill: `A - B*C` (a subtraction of a product of numbers, or of one
///   with a derivative call or a gradient's name in it) → `(A + B*C)`;
/// - rate twice / missing, in any subtraction of a product: the rate factor (the first number,
///   else a name like `rate`, `lr`, `alpha`, else the first factor) doubled or dropped;
/// - sigmoid sign: `sigmoid(X)` → `sigmoid(-(X))`, and in `N/(1 + exp(-X))`
///   or `N/(1 + e^-X)` the minus left out;
/// - missing factor: in a product of at least two factors besides numbers and
///   rates, where one is a derivative call (`f'(x)`) or the pair `u*(1 - u)`
///   (σ′ written out), each factor left out in turn, and the pair together;
/// - steps: `steps N` (and `step N`) → N + 1 and N − 1 (at least 1);
/// - tanh and sigmoid: one name swapped for the other, one site at a time;
/// - relu′ at 0: `relu'(X)` → `(1 if X >= 0 else 0)` and `(1 if X > 0 else 0)`,
///   one of which is nnbook's own (that variant computes what the cell does).
public enum MistakeRewrites {
    /// At most this many variants of one piece of code, first found first.
    public static let limit = 24

    /// The variants of `source`, each different from `source` and from the
    /// others; empty when it does not parse.
    public static func variants(of source: String) -> [CodeVariant] {
        guard let statements = try? Parser.parse(source) else { return [] }
        var finder = SiteFinder(text: EditableText(source))
        for s in statements { finder.visit(s) }
        for kind in [MistakeKind.uphillStep, .rateTwice, .rateMissing] {  // every step of the cell at once
            if let edits = finder.everySite[kind], edits.count > 1 { finder.add(kind, edits) }
        }
        if let tokens = try? Lexer.tokenize(source) { finder.tokenSites(tokens) }
        var seen: Set<String> = [source]
        var out: [CodeVariant] = []
        for v in finder.found where seen.insert(v.source).inserted {
            out.append(v)
            if out.count == limit { break }
        }
        return out
    }
}

/// Source text as lines of Unicode scalars, addressed by `SourceSpan`s.
struct EditableText {
    let lines: [[Unicode.Scalar]]

    init(_ source: String) {
        lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { Array(String($0).unicodeScalars) }
    }

    /// The text of a one-line span; nil for a span over several lines or outside the text.
    func slice(_ span: SourceSpan) -> String? {
        guard let r = range(span) else { return nil }
        return String(String.UnicodeScalarView(lines[span.start.line - 1][r]))
    }

    private func range(_ span: SourceSpan) -> Range<Int>? {
        guard span.start.line == span.end.line, span.start.line >= 1, span.start.line <= lines.count else { return nil }
        let from = span.start.column - 1, to = span.end.column - 1
        guard from >= 0, from < to, to <= lines[span.start.line - 1].count else { return nil }
        return from..<to
    }

    /// The whole text with each span replaced; nil when a span is not one line or two overlap.
    func replacing(_ edits: [(SourceSpan, String)]) -> String? {
        var out = lines
        var lastStart: (Int, Int)?
        for (span, text) in edits.sorted(by: { ($0.0.start.line, $0.0.start.column) > ($1.0.start.line, $1.0.start.column) }) {
            guard let r = range(span) else { return nil }
            if let (line, column) = lastStart, line == span.start.line, span.end.column > column { return nil }
            out[span.start.line - 1].replaceSubrange(r, with: Array(text.unicodeScalars))
            lastStart = (span.start.line, span.start.column)
        }
        return out.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
    }
}

/// Walks the syntax tree (and the tokens, for command words) collecting variants.
private struct SiteFinder {
    let text: EditableText
    var found: [CodeVariant] = []
    /// Every step's edit of each kind, for the variant with all of them made.
    var everySite: [MistakeKind: [(SourceSpan, String)]] = [:]

    init(text: EditableText) { self.text = text }

    mutating func add(_ kind: MistakeKind, _ edits: [(SourceSpan, String)], details: [String] = []) {
        if let s = text.replacing(edits) { found.append(CodeVariant(kind: kind, source: s, details: details)) }
    }

    /// A variant with one edit, remembered for the variant with every step's.
    mutating func site(_ kind: MistakeKind, _ edit: (SourceSpan, String)) {
        add(kind, [edit])
        everySite[kind, default: []].append(edit)
    }

    mutating func visit(_ s: Stmt) {
        switch s {
        case .expression(let e), .assign(_, _, let e, _), .define(_, _, let e, _): walk(e)
        case .forLoop(_, let e, let body, _), .whileLoop(let e, let body, _):
            walk(e); body.forEach { visit($0) }
        case .ifElse(let branches, let otherwise, _):
            for (c, body) in branches { walk(c); body.forEach { visit($0) } }
            otherwise?.forEach { visit($0) }
        case .command(let c, _):
            if let explain = c.body as? ExplainCommand, case .value(let e) = explain.target { walk(e) }
        case .assertion(let e, let message, _): walk(e); message.map { walk($0) }
        case .breakLoop, .continueLoop, .pass, .meta: break
        }
    }

    // MARK: - expressions

    mutating func walk(_ e: Expr) {
        switch e {
        case .binary(.subtract, let a, let b, let span) where Self.factors(b).count >= 2:
            step(a, b, span)
        case .binary(.multiply, _, _, _):
            chainRule(e)
            Self.factors(e).forEach { walk($0) }  // the whole chain is one product, not its sub-chains
            return
        case .binary(.divide, _, let d, _):
            explicitSigmoid(d)
        case .call(.name(let n, _), let args, _) where n.text == "sigmoid" && args.count == 1 && args[0].label == nil:
            if let x = text.slice(args[0].value.span) { add(.sigmoidSign, [(args[0].value.span, "-(\(x))")]) }
        case .call(.prime(.name(let n, _), 1, _), let args, let span) where n.text == "relu" && args.count == 1:
            if let x = text.slice(args[0].value.span) {
                add(.reluDerivativeAtZero, [(span, "(1 if (\(x)) >= 0 else 0)")], details: ["1", "0"])
                add(.reluDerivativeAtZero, [(span, "(1 if (\(x)) > 0 else 0)")], details: ["0", "1"])
            }
        default: break
        }
        children(e).forEach { walk($0) }
    }

    func children(_ e: Expr) -> [Expr] {
        switch e {
        case .number, .string, .bool, .name, .literal: return []
        case .list(let items, _): return items
        case .unary(_, let u, _), .prime(let u, _, _), .attribute(let u, _, _): return [u]
        case .binary(_, let a, let b, _), .index(let a, let b, _): return [a, b]
        case .call(let f, let args, _): return [f] + args.map(\.value)
        case .subscripted(let a, let parts, _): return [a] + parts.flatMap(\.expressions)
        case .conditional(let a, let c, let b, _): return [a, c, b]
        case .comprehension(let a, _, let i, let c, _): return [a, i] + (c.map { [$0] } ?? [])
        }
    }

    /// `A - B*C`: uphill, and the rate doubled or dropped.
    mutating func step(_ a: Expr, _ b: Expr, _ span: SourceSpan) {
        guard let left = text.slice(a.span), let right = text.slice(b.span) else { return }
        let fs = Self.factors(b)
        // Only a step down a gradient is uphill with its sign flipped: `w - a*delta`
        // with delta = (t − y)·σ′ (the article's 3.4 code) is the uphill one.
        if fs.allSatisfy(Self.isNumber) || fs.contains(where: Self.isGradient) {
            site(.uphillStep, (span, "(\(left) + \(right))"))
        }
        let texts = fs.compactMap { text.slice($0.span) }
        guard texts.count == fs.count else { return }
        let r = fs.firstIndex(where: Self.isNumber) ?? fs.firstIndex(where: Self.isRateName) ?? 0
        var twice = texts
        twice.insert(texts[r], at: r)
        site(.rateTwice, (b.span, "(" + twice.joined(separator: " * ") + ")"))
        var without = texts
        without.remove(at: r)
        site(.rateMissing, (b.span, "(" + without.joined(separator: " * ") + ")"))
    }

    /// A product with a derivative call or σ′ written out: each factor left out in turn.
    mutating func chainRule(_ product: Expr) {
        let fs = Self.factors(product)
        let texts = fs.compactMap { text.slice($0.span) }
        guard texts.count == fs.count else { return }
        let kept = fs.indices.filter { !Self.isNumber(fs[$0]) && !Self.isRateName(fs[$0]) }
        guard kept.count >= 2 else { return }
        // σ′ written out as u*(1 - u): the pair's indices.
        var pair: [Int] = []
        for i in kept {
            for j in kept where j != i {
                if case .binary(.subtract, let one, let u, _) = fs[j], Self.isNumber(one), text.slice(one.span) == "1",
                   text.slice(u.span) == texts[i] { pair = [i, j] }
            }
        }
        guard !pair.isEmpty || fs.contains(where: Self.hasDerivative) else { return }
        func without(_ drop: [Int]) {
            let rest = fs.indices.filter { !drop.contains($0) }.map { texts[$0] }
            guard !rest.isEmpty else { return }
            let details = drop.map { texts[$0] }
            add(.missingFactor, [(product.span, "(" + rest.joined(separator: " * ") + ")")], details: [details.joined(separator: " * ")])
        }
        if !pair.isEmpty { without(pair.sorted()) }
        for i in kept { without([i]) }
    }

    /// `N/(1 + exp(-X))` or `N/(1 + e^-X)`: the minus left out.
    mutating func explicitSigmoid(_ denominator: Expr) {
        guard case .binary(.add, let a, let b, _) = denominator else { return }
        for term in [a, b] {
            let negated: Expr?
            switch term {
            case .call(.name(let n, _), let args, _) where n.text == "exp" && args.count == 1: negated = args[0].value
            case .binary(.power, .name(let n, _), let power, _) where n.text == "e": negated = power
            default: negated = nil
            }
            if case .unary(.negate, let x, let span)? = negated, let inner = text.slice(x.span) {
                add(.sigmoidSign, [(span, "(\(inner))")])
            }
        }
    }

    // MARK: - tokens

    /// `steps N`, `step N`, and the names tanh and sigmoid, by token (they may
    /// stand in commands, whose arguments the tree walk does not enter).
    mutating func tokenSites(_ tokens: [Token]) {
        for (i, t) in tokens.enumerated() {
            guard case .identifier(let word) = t.kind else { continue }
            switch word {
            case "steps", "step":
                guard i + 1 < tokens.count, case .number(let n) = tokens[i + 1].kind, n >= 1, n < 1e6, n == n.rounded() else { continue }
                if word == "step", i > 0, tokens[i - 1].kind != .newline { continue }  // the command `step N` starts its line
                let count = Int(n)
                add(.stepTooMany, [(tokens[i + 1].span, String(count + 1))], details: [String(count)])
                if count > 1 { add(.stepTooFew, [(tokens[i + 1].span, String(count - 1))], details: [String(count)]) }
            case "tanh", "sigmoid":
                let other = word == "tanh" ? "sigmoid" : "tanh"
                add(.tanhSigmoid, [(t.span, other)], details: [other, word])
            default: continue
            }
        }
    }

    // MARK: - shapes

    /// The factors of a chain of `*` (one factor when it is not a product).
    static func factors(_ e: Expr) -> [Expr] {
        if case .binary(.multiply, let a, let b, _) = e { return factors(a) + factors(b) }
        return [e]
    }

    static func isNumber(_ e: Expr) -> Bool {
        if case .number = e { return true }
        return false
    }

    static func isRateName(_ e: Expr) -> Bool {
        guard case .name(let n, _) = e else { return false }
        let name = n.text.lowercased()
        return name.contains("rate") || ["lr", "alpha", "α", "eta", "η"].contains(name)
    }

    /// A derivative call, or a name or attribute that says it is a gradient
    /// (`grad`, `w1.grad`, `g`, `dw`); not `delta`, which may be minus one.
    static func isGradient(_ e: Expr) -> Bool {
        switch e {
        case .name(let n, _): return n.text.lowercased().contains("grad") || ["g", "dw", "db", "dx", "dz"].contains(n.text.lowercased())
        case .attribute(_, let field, _): return field.lowercased().contains("grad")
        default: return hasDerivative(e)
        }
    }

    static func hasDerivative(_ e: Expr) -> Bool {
        switch e {
        case .call(.prime, _, _): return true
        case .binary(_, let a, let b, _): return hasDerivative(a) || hasDerivative(b)
        case .unary(_, let u, _): return hasDerivative(u)
        default: return false
        }
    }
}
