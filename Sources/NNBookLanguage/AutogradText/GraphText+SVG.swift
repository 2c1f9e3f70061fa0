import NNBookRender
import NeuralCore

/// The computation graph as a picture: `graph Z` in Jupyter, `graph Z to "g.svg"`.
extension GraphText {
    /// The values the drawing holds at most: beyond a few hundred boxes a
    /// graph is no longer read, only scrolled.
    static let drawingLimit = 300

    /// The graph of `root` as SVG (`SVGGraph`): numbers with at most
    /// `precision` decimals, exactly as `tree` prints them; at most `limit`
    /// values, the nearest to the output (breadth first), and a note counting the rest.
    static func svg(_ root: Scalar, precision: Int, limit: Int = drawingLimit) -> String {
        let (nodes, left) = drawing(root, precision: precision, limit: limit)
        let note = left == 0 ? nil
            : "the \(nodes.count) values nearest the output; \(NumberFormat.grouped(left)) more \(left == 1 ? "is" : "are") not drawn"
        return SVGGraph.document(nodes, note: note)
    }

    /// `root` and what it was computed from as `GraphNode`s, node 0 the output,
    /// and how many values were left out.
    static func drawing(_ root: Scalar, precision: Int, limit: Int) -> (nodes: [GraphNode], left: Int) {
        var index: [Scalar: Int] = [root: 0]
        var order = [root], nodes: [GraphNode] = [], head = 0
        while head < order.count {
            let node = order[head]
            head += 1
            var inputs: [Int] = [], hidden = 0
            for parent in node.parents {
                if let i = index[parent] {
                    inputs.append(i)
                } else if order.count < limit {
                    index[parent] = order.count
                    inputs.append(order.count)
                    order.append(parent)
                } else {
                    hidden += 1
                }
            }
            nodes.append(GraphNode(label: node.label, data: format(node.data, precision), grad: format(node.grad, precision),
                                   op: node.op == .leaf ? nil : node.op.symbol, inputs: inputs, hiddenInputs: hidden))
        }
        let left = nodes.contains { $0.hiddenInputs > 0 } ? root.topologicalOrder().count - nodes.count : 0
        return (nodes, left)
    }
}
