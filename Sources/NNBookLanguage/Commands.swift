import Foundation
import NNBookRender
import NeuralCore

/// The English commands: each runs itself (`LanguageCommand.run`).
extension Interpreter {
    func command(_ c: Command, _ span: SourceSpan) throws(Diagnostic) {
        try c.body.run(in: self, span: span)
    }

    /// A Keras-style table: layer, output shape, parameters, and the totals.
    func summary(_ e: Expr) throws(Diagnostic) {
        let v = try eval(e)
        if case .mlp(let box) = v {
            let sizes = box.net.sizes
            let rows = (1..<sizes.count).map { i in
                ["layer \(i) (\(i == sizes.count - 1 ? "linear" : "ReLU"))", "\(sizes[i]) neurons of \(sizes[i - 1]) inputs",
                 NumberFormat.grouped(sizes[i] * sizes[i - 1] + sizes[i])]
            }
            let footer = ["Total params: \(NumberFormat.grouped(box.net.parameterCount)) autograd values"]
            emit(([Table.render(header: ["Layer", "Shape", "Param #"], rows: rows, rightAligned: [2], unicode: options.unicode)] + footer)
                 .joined(separator: "\n"), .plain, rich: .table(header: ["Layer", "Shape", "Param #"], rows: rows, footer: footer))
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
        let footer = ["Total params: \(total)", "Trainable params: \(total)", "Non-trainable params: 0"] + box.notes.map { "Note: " + $0 }
        emit(([Table.render(header: header, rows: body, rightAligned: [2], unicode: options.unicode)] + footer).joined(separator: "\n"), .plain,
             rich: .table(header: header, rows: body, footer: footer))
    }
}
