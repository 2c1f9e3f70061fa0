/// A computation graph as a standalone SVG document, in the look of
/// micrograd's `draw_dot`: each value a box with its label, data and grad,
/// each operation a small oval between its operands and its result, edges
/// left to right into the output. `GraphLayout` places them; the document,
/// fonts and escaping are `SVGChart`'s, so a graph sits beside the charts.
///
/// Node 0 is the output. Every text from the caller is escaped, so a label
/// like `a<b & c` stays text.
public enum SVGGraph {
    static let valueFill = "#f4f8fc", valueStroke = "#4a6fa5", labelFill = "#dce8f5"
    static let opFill = "#fdd0a2", opStroke = "#c66a00", edge = "#666", gradColour = "#b03a2e"

    /// The drawing of `nodes`; `note` (say, that the graph was cut) is a line above it.
    public static func document(_ nodes: [GraphNode], note: String? = nil) -> String {
        guard !nodes.isEmpty else { return SVGChart.note("(nothing to draw: an empty graph)", title: nil, 320, 80) }
        let top = note == nil ? GraphLayout.margin : GraphLayout.margin + 24
        let layout = GraphLayout(nodes, top: top)
        var body: [String] = []
        if let note {
            body.append("<text class=\"note\" x=\"\(num(GraphLayout.margin))\" y=\"\(num(GraphLayout.margin + 10))\" fill=\"#555\">\(SVGChart.escape(note))</text>")
        }
        body.append("<g class=\"edges\">")
        for (i, node) in nodes.enumerated() {
            guard let op = layout.ops[i] else { continue }
            for j in layout.inputs[i] {
                body += arrow(from: (layout.values[j].right, layout.values[j].midY), to: (op.x, op.midY), layout: layout)
            }
            for _ in 0..<node.hiddenInputs {
                body += arrow(from: (op.x - GraphLayout.gap, op.midY), to: (op.x, op.midY), dashed: true)
            }
            body += arrow(from: (op.right, op.midY), to: (layout.values[i].x, layout.values[i].midY))
        }
        body.append("</g>")
        for (i, node) in nodes.enumerated() {
            if let op = layout.ops[i], let symbol = node.op { body += opNode(symbol, op) }
            body += valueBox(node, layout.values[i])
        }
        return SVGChart.document(layout.width, layout.height, title: nil, body: body)
    }

    /// A value's box: the label on a tinted band, then `data …` and `grad …`.
    static func valueBox(_ node: GraphNode, _ box: GraphLayout.Box) -> [String] {
        var out = ["<g class=\"value\">",
                   "<rect x=\"\(num(box.x))\" y=\"\(num(box.y))\" width=\"\(num(box.width))\" height=\"\(num(box.height))\" rx=\"3\" "
                   + "fill=\"\(valueFill)\" stroke=\"\(valueStroke)\"/>"]
        let lines = GraphLayout.lines(node)
        let x = box.x + GraphLayout.padding
        for (k, line) in lines.enumerated() {
            let baseline = box.y + 4 + GraphLayout.lineHeight * Double(k) + 12
            let isLabel = node.label != nil && k == 0
            if isLabel {
                out.append("<rect class=\"label\" x=\"\(num(box.x + 0.5))\" y=\"\(num(box.y + 0.5))\" width=\"\(num(box.width - 1))\" "
                           + "height=\"\(num(GraphLayout.lineHeight + 3.5))\" rx=\"2.5\" fill=\"\(labelFill)\"/>")
            }
            let style = isLabel ? " font-weight=\"bold\"" : k == lines.count - 1 ? " fill=\"\(gradColour)\"" : ""
            out.append("<text x=\"\(num(x))\" y=\"\(num(baseline))\"\(style)>\(SVGChart.escape(line))</text>")
        }
        return out + ["</g>"]
    }

    /// An operation: its symbol in a small oval.
    static func opNode(_ symbol: String, _ box: GraphLayout.Box) -> [String] {
        ["<g class=\"op\">",
         "<ellipse cx=\"\(num(box.x + box.width / 2))\" cy=\"\(num(box.midY))\" rx=\"\(num(box.width / 2))\" ry=\"\(num(box.height / 2))\" "
         + "fill=\"\(opFill)\" stroke=\"\(opStroke)\"/>",
         "<text x=\"\(num(box.x + box.width / 2))\" y=\"\(num(box.midY + 4))\" text-anchor=\"middle\">\(SVGChart.escape(symbol))</text>",
         "</g>"]
    }

    /// An edge from one point to another, a curve leaving and arriving
    /// horizontally, and its arrowhead drawn as a shape (no `<marker>`: an id
    /// in one SVG can clash with another's on the same notebook page). An edge
    /// that skips columns runs straight along its start's row, or else its
    /// end's, when no box is in the way there, and bends only in the last gap
    /// (or the first); otherwise it is one long curve.
    static func arrow(from a: (Double, Double), to b: (Double, Double), layout: GraphLayout? = nil, dashed: Bool = false) -> [String] {
        let end = (b.0 - 6, b.1), gap = GraphLayout.gap
        func curve(_ p: (Double, Double), _ q: (Double, Double)) -> String {
            let bend = max((q.0 - p.0) / 2, 8)
            return "C\(num(p.0 + bend)),\(num(p.1)) \(num(q.0 - bend)),\(num(q.1)) \(num(q.0)),\(num(q.1))"
        }
        var d = "M\(num(a.0)),\(num(a.1)) " + curve(a, end)
        if let layout, end.0 - a.0 > 2 * gap {
            let clear = { (y: Double) in layout.isClear(y: y, from: a.0, to: end.0) }
            if clear(a.1) {
                d = "M\(num(a.0)),\(num(a.1)) H\(num(end.0 - gap)) " + curve((end.0 - gap, a.1), end)
            } else if clear(end.1) {
                d = "M\(num(a.0)),\(num(a.1)) " + curve(a, (a.0 + gap, end.1)) + " H\(num(end.0))"
            }
        }
        let dash = dashed ? " stroke-dasharray=\"4 3\"" : ""
        return ["<path class=\"edge\" d=\"\(d)\" fill=\"none\" stroke=\"\(edge)\" stroke-width=\"1.2\"\(dash)/>",
                "<path class=\"arrowhead\" d=\"M\(num(b.0)),\(num(b.1)) l-7,-3.5 l0,7 z\" fill=\"\(edge)\"/>"]
    }

    static func num(_ v: Double) -> String { SVGChart.num(v) }
}
