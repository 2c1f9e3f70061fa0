import Foundation
import NeuralCore

/// The loss `train` and `evaluate` print, as functions a learner can work
/// by hand on one example: `cross_entropy(p, label)` = −log p[label], and
/// Keras's `sparse_categorical_crossentropy(y_true, y_pred)` (its argument
/// order). On a matrix of probabilities, one row per example, and a vector
/// of labels, both give the mean over the rows, as Keras's loss objects
/// (and fit/evaluate) reduce it.
///
/// The probabilities are clipped to [ε, 1 − ε] with Keras's ε = 1e-7 before
/// the log (keras.backend.epsilon(), as `sparse_categorical_crossentropy`
/// does on probabilities), so a 0 gives 16.118096, not infinity. Training
/// works from the output layer's logits instead (log-sum-exp, `Loss.swift`),
/// as Keras's own fit does after a softmax layer: the two agree whenever
/// p[label] ≥ 1e-7, i.e. for any loss below 16.1.
enum CrossEntropy {
    static let epsilon = 1e-7
    /// How far a row's sum may be from 1 (a learner types rounded probabilities).
    static let sumTolerance = 1e-3

    /// One example: its probabilities, its label, the probability picked (as given and as clipped) and −log of that.
    struct Row {
        var label: Int
        var picked: Double
        var clipped: Double
        var loss: Double { -Foundation.log(clipped) }
    }

    static func crossEntropy(_ c: CallContext) throws(Diagnostic) -> Value {
        try value(rows(c, probabilities: 0, labels: 1))
    }

    static func sparseCategorical(_ c: CallContext) throws(Diagnostic) -> Value {
        try value(rows(c, probabilities: 1, labels: 0))
    }

    private static func value(_ rows: [Row]) throws(Diagnostic) -> Value {
        .number(rows.reduce(0) { $0 + $1.loss } / Double(max(rows.count, 1)))
    }

    /// The rows of a call, checked: `p` a probability vector (or a matrix of
    /// them), the labels whole numbers naming one of its entries.
    static func rows(_ c: CallContext, probabilities pi: Int, labels li: Int) throws(Diagnostic) -> [Row] {
        let name = pi == 0 ? "cross_entropy" : "sparse_categorical_crossentropy"
        let example = pi == 0 ? "cross_entropy(p, 3)" : "sparse_categorical_crossentropy(3, p)"
        let p: NDArray
        switch c.args[pi] {
        case .array(let a) where a.rank == 1 || a.rank == 2: p = a
        case let v:
            let swapped: Bool
            if case .array = c.args[li] { swapped = true } else { swapped = false }
            throw Diagnostic(.type, "\(name) takes the probabilities \(pi == 0 ? "first" : "second") (a vector, or a matrix with one row per example), "
                             + "got \(v.typeName)", at: c.spans[pi],
                             hint: swapped ? (pi == 0 ? "the probabilities come first: cross_entropy(p, label)"
                                              : "Keras's order is the label first: sparse_categorical_crossentropy(y_true, y_pred)")
                                 : "p = softmax([1, 2, 3]) or p = model(x), then \(example)")
        }
        let width = p.rank == 1 ? p.count : p.shape[1]
        let count = p.rank == 1 ? 1 : p.shape[0]
        guard width > 0, count > 0 else { throw Diagnostic(.value, "\(name) needs at least one probability", at: c.spans[pi]) }
        var labels: [Double]
        switch c.args[li] {
        case .number, .bool: labels = [try Coerce.number(c.args[li], at: c.spans[li])]
        case .array(let a) where a.rank == 1 && p.rank == 2: labels = a.data
        case let v:
            throw Diagnostic(.type, p.rank == 1 ? "the label is a class number, got \(v.typeName)"
                             : "the labels are a vector, one class number per row, got \(v.typeName)", at: c.spans[li],
                             hint: p.rank == 1 ? example : "\(name)(\(pi == 0 ? "p, y" : "y, p")) with y = data.test.labels[0:5]")
        }
        guard labels.count == count else {
            throw Diagnostic(.value, "\(count) rows of probabilities but \(labels.count) label\(labels.count == 1 ? "" : "s"): they pair up, one label per row",
                             at: c.spans[li])
        }
        var rows: [Row] = []
        for r in 0..<count {
            let row = p.data[(r * width)..<((r + 1) * width)]
            let at = count == 1 ? "" : " in row \(r)"
            if let (k, x) = row.enumerated().first(where: { !($0.element >= 0 && $0.element <= 1) }) {
                throw Diagnostic(.value, "\(NumberFormat.format(x)) (entry \(k)\(at)) is not a probability: probabilities lie between 0 and 1",
                                 at: c.spans[pi], hint: "softmax turns any numbers into probabilities: \(name == "cross_entropy" ? "cross_entropy(softmax(z), 3)" : "sparse_categorical_crossentropy(3, softmax(z))")")
            }
            let sum = row.reduce(0, +)
            guard abs(sum - 1) <= sumTolerance else {
                throw Diagnostic(.value, "these are not probabilities of one example\(at): they sum to \(NumberFormat.format(sum)), not 1",
                                 at: c.spans[pi], hint: "softmax makes numbers sum to 1: softmax(z); a model's are model(x)")
            }
            let y = labels[r]
            guard y == y.rounded(), y >= 0, y < Double(width) else {
                throw Diagnostic(.value, "label \(NumberFormat.format(y))\(at) is not one of p's classes: with \(width) probabilities the labels are 0 to \(width - 1)",
                                 at: c.spans[li], hint: "a label is the number of the true class, e.g. data.test.labels[0]")
            }
            let picked = row[row.startIndex + Int(y)]
            rows.append(Row(label: Int(y), picked: picked, clipped: min(max(picked, epsilon), 1 - epsilon)))
        }
        return rows
    }
}

extension Interpreter {
    /// `explain cross_entropy(p, 3)`: the probability picked, its natural
    /// log and the minus sign, every number filled in; several rows, each
    /// row's −log then their mean (nil beyond 10 rows: the value alone). A
    /// probability outside [1e-7, 1 − 1e-7] shows its clipping, with a note.
    func crossEntropySteps(_ f: Builtin, _ values: [Value], _ argExprs: [Expr], span: SourceSpan) throws(Diagnostic) -> [String]? {
        guard f.name == "cross_entropy" || f.name == "sparse_categorical_crossentropy", values.count == 2 else { return nil }
        let (pi, li) = f.name == "cross_entropy" ? (0, 1) : (1, 0)
        let c = CallContext(args: values, spans: argExprs.map(\.span), named: [:], span: span, interpreter: self)
        let rows = try CrossEntropy.rows(c, probabilities: pi, labels: li)
        guard rows.count <= 10 else { return nil }
        let p = state.settings.precision
        func n(_ x: Double) -> String { NumberFormat.format(x, precision: p) }
        let clipped = rows.filter { $0.clipped != $0.picked }
        if let first = clipped.first {
            emit("p[\(first.label)] is \(n(first.picked)): a probability is clipped to [1e-07, 1 - 1e-07] before its log, as Keras does "
                 + "(keras.backend.epsilon()), so −log p lies between 1e-07 and \(n(-Foundation.log(CrossEntropy.epsilon)))", .note)
        }
        func picked(_ r: CrossEntropy.Row) -> String { r.clipped == r.picked ? n(r.picked) : n(r.clipped) }
        if rows.count == 1, let r = rows.first {
            var steps: [String] = []
            if case .name(let name, _) = argExprs[pi] { steps.append("-log(\(name.text)[\(r.label)])") }
            if r.clipped != r.picked { steps.append("-log(\(n(r.picked)))") }
            return steps + ["-log(\(picked(r)))", "-(\(n(Foundation.log(r.clipped))))", n(r.loss)]
        }
        let mean = rows.reduce(0) { $0 + $1.loss } / Double(rows.count)
        return ["mean([" + rows.map { "-log(\(picked($0)))" }.joined(separator: ", ") + "])",
                "mean([" + rows.map { "-(\(n(Foundation.log($0.clipped))))" }.joined(separator: ", ") + "])",
                "mean([" + rows.map { n($0.loss) }.joined(separator: ", ") + "])",
                n(mean)]
    }
}
