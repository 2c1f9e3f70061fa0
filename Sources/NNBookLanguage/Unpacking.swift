import NeuralCore

/// Python's unpacking assignment: `a, b = 1, 2` (every value on the right is
/// worked out before any name is assigned, so `a, b = b, a` swaps), and
/// `(x_train, y_train), (x_test, y_test) = digits()`: a data set unpacks
/// into its train and test halves, a half into its inputs (a matrix, one
/// row per example) and its labels (a vector); a vector into its numbers, a
/// matrix into its rows.
extension Interpreter {
    func compileUnpack(_ targets: [AssignTarget], _ targetSpan: SourceSpan, _ e: Expr, _ scope: Resolver) -> StmtCode {
        let store = compileStore(.unpack(targets, targetSpan), scope)
        if case .list(let items, let listSpan) = e, items.count == targets.count {
            // `a, b = x / 2, y / 2`: each part on its own (two matrices of different heights need not stack).
            let codes = items.map { compile($0, in: scope) }
            return { interp throws(Diagnostic) in
                var values: [Value] = []
                for c in codes { values.append(try c(interp)) }
                try store(interp, .none, values, listSpan)
                return .normal
            }
        }
        if case .list(let items, _) = e, items.count > 1 {
            let message = "\(targets.count) name\(targets.count == 1 ? "" : "s") on the left but \(items.count) values on the right: they pair up in order"
            return { _ throws(Diagnostic) in throw Diagnostic(.value, message, at: targetSpan, hint: "a, b = 1, 2") }
        }
        let c = compile(e, in: scope), valueSpan = e.span
        return { interp throws(Diagnostic) in
            let v = try c(interp)
            try store(interp, v, nil, valueSpan)
            return .normal
        }
    }

    /// Stores a value (or, for a tuple written out, its parts already worked out) into a target.
    private typealias Store = (Interpreter, Value, [Value]?, SourceSpan) throws(Diagnostic) -> Void

    private func compileStore(_ target: AssignTarget, _ scope: Resolver) -> Store {
        switch target {
        case .name(let n, _):
            let slot = scope.slot(n.text), name = n.text
            return { interp, v, _, _ throws(Diagnostic) in
                if case .scalar(let node) = v, node.label == nil { node.label = name }
                interp.state.variables.values[slot] = v
            }
        case .index(_, _, let s):
            return { _, _, _, _ throws(Diagnostic) in
                throw Diagnostic(.syntax, "v[i] cannot be unpacked into", at: s, hint: "assign it on a line of its own: v[i] = …")
            }
        case .attribute(_, let field, let s):
            return { _, _, _, _ throws(Diagnostic) in
                throw Diagnostic(.syntax, "an attribute (.\(field)) cannot be unpacked into", at: s, hint: "assign it on a line of its own")
            }
        case .unpack(let targets, let s):
            let stores = targets.map { compileStore($0, scope) }
            return { interp, v, given, valueSpan throws(Diagnostic) in
                var parts: [Value]
                if let given { parts = given } else { parts = try interp.unpackParts(v, into: targets.count, at: valueSpan, targets: s) }
                for (store, part) in zip(stores, parts) { try store(interp, part, nil, valueSpan) }
            }
        }
    }

    /// The parts of `v` for `count` targets, or an error saying how many parts it has and what it unpacks into.
    func unpackParts(_ v: Value, into count: Int, at span: SourceSpan, targets: SourceSpan) throws(Diagnostic) -> [Value] {
        let parts: [Value]
        let what: String, example: String
        switch v {
        case .dataset(let split):
            parts = [.data(split.train), .data(split.test)]
            what = "a data set unpacks into its train and test halves"
            example = "(x_train, y_train), (x_test, y_test) = digits()"
        case .data(let d):
            guard count == 2 else { parts = [.none, .none]; what = "a half of a data set unpacks into its inputs and its labels"; example = "x_train, y_train = data.train"; break }
            parts = [try features(d, at: span), .array(NDArray(vector: d.labels.map(Double.init)))]
            what = ""; example = ""
        case .array(let a) where a.rank >= 1:
            guard a.shape[0] == count else {
                parts = []; what = "\(a.rank == 1 ? "a vector unpacks into its numbers" : "a matrix unpacks into its rows"), and this one has \(a.shape[0])"
                example = "a, b = [1, 2]"
                break
            }
            var items: [Value] = []
            for k in 0..<count {
                do { items.append(Aggregates.wrap(try a.element(at: k))) } catch { throw Coerce.diagnostic(error, at: span) }
            }
            parts = items; what = ""; example = ""
        case .range(let r):
            parts = r.count == count ? (0..<count).map { .number(Double(r.element($0))) } : []
            what = "this range has \(r.count) numbers"; example = "a, b = range(2)"
        default:
            throw Diagnostic(.type, "\(v.typeName) cannot be unpacked into \(count) names", at: span,
                             hint: "data sets, vectors, matrices and ranges unpack: a, b = [1, 2]")
        }
        guard parts.count == count else {
            throw Diagnostic(.value, "\(count) name\(count == 1 ? "" : "s") on the left, but \(what)", at: targets, hint: example)
        }
        return parts
    }

    /// A data set's inputs as a matrix, one row per example.
    func features(_ d: Dataset, at span: SourceSpan) throws(Diagnostic) -> Value {
        try Coerce.reserve(d.count * d.featureCount * (MemoryLayout<Double>.stride + MemoryLayout<Float>.stride), for: "the inputs as a matrix", at: span)
        var x: [Float] = [], y: [Int32] = []
        d.batch(ArraySlice(0..<d.count), x: &x, y: &y)
        do { return .array(try NDArray(shape: [d.count, d.featureCount], data: x.map(Double.init))) } catch { throw Coerce.diagnostic(error, at: span) }
    }
}
