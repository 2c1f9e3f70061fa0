import NeuralCore

/// `assert CONDITION, "message"` and `close(a, b, tol: 1e-6)`: tests written
/// in nnbook (nbgrader's hidden tests, a teacher's checks).
extension Interpreter {
    /// The error of a false `assert`: its message (or the condition as
    /// typed), and for a comparison the values of both sides, so a failed
    /// test says what it got.
    func assertionFailed(_ condition: Expr, message: Value?, scope: Resolver, span: SourceSpan) throws(Diagnostic) {
        let text: String
        switch message {
        case .string(let s)?: text = s
        case let value?: text = ValueFormatter.inline(value, precision: state.settings.precision)
        case nil: text = "assert \(Printer.print(condition)) is not true"
        }
        throw Diagnostic(.assertion, text, at: condition.span.merged(with: span), hint: try sides(of: condition, scope: scope))
    }

    /// "left: 0.8, right: 0.64" for `a == b` (and the other comparisons), or
    /// "close(a, b): 0.8 and 0.64, tol 1e-6", nil for anything else.
    private func sides(of condition: Expr, scope: Resolver) throws(Diagnostic) -> String? {
        let show = { (v: Value) in ValueFormatter.inline(v, precision: self.state.settings.precision) }
        /// "w is 0.8" for each side that is not a literal (a literal says its value itself).
        func said(_ sides: [Expr]) -> String? {
            var parts: [String] = []
            for e in sides {
                if case .number = e { continue }
                if case .string = e { continue }
                guard let v = try? compile(e, in: scope)(self) else { return nil }
                parts.append("\(Printer.print(e)) is \(show(v))")
            }
            return parts.isEmpty ? nil : parts.joined(separator: ", ")
        }
        switch condition {
        case .binary(let op, let a, let b, _) where [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual].contains(op):
            return said([a, b])
        case .call(.name(let f, _), let args, _) where f.text == "close" && args.count >= 2:
            let tol = args.first { $0.label == "tol" }.map { Printer.print($0.value) } ?? "1e-6"
            return said([args[0].value, args[1].value]).map { $0 + " (tol \(tol))" }
        case .unary(.not, let inner, _):
            return try sides(of: inner, scope: scope)
        default: return nil
        }
    }

    /// `close`'s tolerance when none is given.
    static let closeTolerance = 1e-6

    /// `close(a, b, tol: t)`: True when every element of a and b (numbers,
    /// vectors or matrices of one shape) differs by at most t (1e-6 when not
    /// given); nan is never close.
    static func close(_ c: CallContext) throws(Diagnostic) -> Value {
        var tol = closeTolerance
        for (label, arg) in c.named {
            guard label == "tol" else {
                throw Diagnostic(.name, "close takes no named argument '\(label)'", at: arg.span, hint: "close(a, b, tol: 1e-6)")
            }
            tol = try Coerce.number(arg.value, at: arg.span)
            guard tol.isFinite, tol >= 0 else {
                throw Diagnostic(.value, "tol must be a number of 0 or more, got \(NumberFormat.format(tol))", at: arg.span, hint: "close(a, b, tol: 1e-6)")
            }
        }
        let a = try Aggregates.arrayArg(c, 0), b = try Aggregates.arrayArg(c, 1)
        guard a.shape == b.shape else {
            let describe = { (x: NDArray) in
                x.rank == 0 ? "a number" : (x.rank == 1 ? "a vector of \(x.count)" : "a matrix of \(x.shape.map(String.init).joined(separator: "×"))")
            }
            throw Diagnostic(.value, "close compares things of one shape: \(describe(a)) and \(describe(b))", at: c.span,
                             hint: a.rank == 0 || b.rank == 0 ? "a vector where a number was expected? compare one element, e.g. close(v[0], 0.5)" : nil)
        }
        return .bool(zip(a.data, b.data).allSatisfy { abs($0 - $1) <= tol })
    }
}
