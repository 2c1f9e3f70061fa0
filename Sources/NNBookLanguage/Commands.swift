import Foundation
import NeuralCore

/// The English commands: explain, descend, step, plot, summary.
extension Interpreter {
    func command(_ c: Command, _ span: SourceSpan) throws(Diagnostic) {
        switch c {
        case .explain(let e): try explain(e, span: span)
        case .descend(let f, let a, let r, let n): try descend(function: f, from: a, rate: r, steps: n, span: span)
        case .step(let n): try step(n, span: span)
        case .neuronStep(let n, let x, let t, let r): try neuronStep(n, input: x, target: t, rate: r, span: span)
        case .plot(let target, let file): try plot(target, file: file, span: span)
        case .summary(let m): try summary(m)
        case .train(let m, let d, let o): try train(m, on: d, options: o, span: span)
        case .evaluate(let m, let d): try evaluate(m, on: d, span: span)
        case .confusion(let m, let d): try confusion(m, on: d, span: span)
        case .predict(let m, let x): try predict(m, input: x, span: span)
        case .save(let v, let file): try save(v, to: file, span: span)
        case .backward(let e): try scalarNode(e).backward()
        case .zeroGrad(let e): try scalarNode(e).zeroGrad()
        case .graph(let e, let file): try graph(e, to: file, span: span)
        case .explainBackward(let e):
            let root = try scalarNode(e)
            // A line for each node and each of its operands, and the steps behind them:
            // measured, 405 bytes a node for a chain of 200,000.
            try Coerce.reserve(root.topologicalOrder().count * 600, for: "explaining every step", at: e.span)
            emit(GraphText.explainBackward(root, precision: precisionDigits).joined(separator: "\n"), .explain)
        }
    }

    /// A Keras-style table: layer, output shape, parameters, and the totals.
    private func summary(_ e: Expr) throws(Diagnostic) {
        let v = try eval(e)
        if case .mlp(let box) = v {
            let sizes = box.net.sizes
            let rows = (1..<sizes.count).map { i in
                ["layer \(i) (\(i == sizes.count - 1 ? "linear" : "ReLU"))", "\(sizes[i]) neurons of \(sizes[i - 1]) inputs",
                 NumberFormat.grouped(sizes[i] * sizes[i - 1] + sizes[i])]
            }
            emit(Table.render(header: ["Layer", "Shape", "Param #"], rows: rows, rightAligned: [2], unicode: options.unicode)
                 + "\nTotal params: \(NumberFormat.grouped(box.net.parameterCount)) autograd values", .plain)
            return
        }
        guard case .model(let box) = v else {
            throw Diagnostic(.type, "summary needs a model", at: e.span,
                             hint: "model = sequential(dense(128, relu, input: 784), dense(10, softmax))")
        }
        let rows = box.model.summary()
        let header = ["Layer (type)", "Output Shape", "Param #"]
        let body = rows.map { [$0.title, $0.outputShape, NumberFormat.grouped($0.parameters)] }
        let total = NumberFormat.grouped(box.model.parameterCount)
        emit(Table.render(header: header, rows: body, rightAligned: [2], unicode: options.unicode)
             + "\nTotal params: \(total)\nTrainable params: \(total)\nNon-trainable params: 0", .plain)
    }
}
