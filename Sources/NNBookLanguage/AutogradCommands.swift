import Foundation
import NeuralCore

/// backward, zero_grad, graph and explain backward on autograd values.
extension Interpreter {
    func scalarNode(_ e: Expr) throws(Diagnostic) -> Scalar {
        guard case .scalar(let s) = try eval(e) else {
            throw Diagnostic(.type, "expected an autograd value here", at: e.span, hint: "a = value(2); b = a * 3; backward b")
        }
        return s
    }

    /// Decimals for graph text: the session's precision, at most 6 unless full.
    var precisionDigits: Int {
        switch state.settings.precision {
        case .full: return 17
        case .decimals(let d): return d
        }
    }

    /// `explain backward Z`: each chain-rule step.
    func explainBackward(_ e: Expr) throws(Diagnostic) {
        let root = try scalarNode(e)
        // A line for each node and each of its operands, and the steps behind them:
        // measured, 405 bytes a node for a chain of 200,000.
        try Coerce.reserve(root.topologicalOrder().count * 600, for: "explaining every step", at: e.span)
        emit(GraphText.explainBackward(root, precision: precisionDigits).joined(separator: "\n"), .explain)
    }

    /// `graph Z`: the tree as text (and, in Jupyter, as a picture); `to "FILE.svg"` writes the picture, any other file Graphviz DOT.
    func graph(_ e: Expr, to file: OutputFile?, span: SourceSpan) throws(Diagnostic) {
        let root = try scalarNode(e)
        let precision = min(precisionDigits, 6)
        guard let file else {
            emit(GraphText.tree(root, precision: precision, unicode: options.unicode).joined(separator: "\n"), .plain,
                 rich: .svg(GraphText.svg(root, precision: precision)))
            return
        }
        let path = try filePath(file.path, example: "graph g to \"g.dot\"")
        if path.lowercased().hasSuffix(".svg") {
            return try write(GraphText.svg(root, precision: precision), to: SVGFile(file: file, typed: path, command: span))
        }
        // A line of DOT for each node and each edge (117 bytes a node in the file),
        // built up in pieces and copied to write: measured, 630 bytes a node at the peak.
        try Coerce.reserve(root.topologicalOrder().count * 800, for: "the graph's text", at: e.span)
        guard try writeFile(GraphText.dot(root), to: file, typed: path, command: span) else { return }
        emit("wrote the graph in Graphviz DOT to \(path) (dot -Tsvg \(path) -o graph.svg draws it)", .note)
    }
}
