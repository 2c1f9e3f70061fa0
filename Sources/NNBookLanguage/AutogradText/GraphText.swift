import Foundation
import NeuralCore

/// Pictures of a `Scalar` computation graph as plain text: a tree for the
/// terminal, Graphviz DOT for a drawing, and (in `GraphText+Explain.swift`)
/// the chain rule step by step. Pure functions; no terminal codes.
enum GraphText {
    /// The graph as a tree from the output down to the leaves, one node a line:
    ///
    ///     c = + │ data 8 │ grad 1
    ///     ├─ * │ data 6 │ grad 1
    ///     │  ├─ a #1 │ data 2 │ grad 4
    ///     │  └─ b │ data 3 │ grad 2
    ///     └─ a (see #1 above)
    ///
    /// A node is named by its `label` (`c = +` when it also has an op), else
    /// by its op, else — an unlabelled leaf, i.e. a constant — by its value.
    /// A graph is not a tree: a node used more than once is drawn in full the
    /// first time, tagged `#n` (shared nodes numbered in drawing order), and
    /// afterwards only referenced. Numbers have at most `precision` decimals.
    /// At most `maxLines` lines are drawn; a last line counts the rest.
    static func tree(
        _ root: Scalar, precision: Int = 4, unicode: Bool = true, maxLines: Int = 500
    ) -> [String] {
        let glyphs = unicode
            ? (tee: "├─ ", corner: "└─ ", bar: "│  ", space: "   ", separator: " │ ")
            : (tee: "|- ", corner: "`- ", bar: "|  ", space: "   ", separator: " | ")
        let shared = sharedNodes(root)
        var numbers: [Scalar: Int] = [:]
        var lines: [String] = []
        var hidden = 0
        // Depth-first, parents in order; an explicit stack so deep graphs cannot overflow.
        // Each entry: the node, the prefix for its own line, the prefix for its parents' lines.
        var stack: [(node: Scalar, linePrefix: String, childPrefix: String)] = [(root, "", "")]
        while let (node, linePrefix, childPrefix) = stack.popLast() {
            let name = name(of: node, precision: precision)
            let visible = lines.count < maxLines
            if !visible { hidden += 1 }
            if let number = numbers[node] {
                if visible { lines.append(linePrefix + name + " (see #\(number) above)") }
                continue
            }
            var tag = ""
            if shared.contains(node) {
                let number = numbers.count + 1
                numbers[node] = number
                tag = " #\(number)"
            }
            if visible {
                lines.append(linePrefix + name + tag
                    + glyphs.separator + "data " + format(node.data, precision)
                    + glyphs.separator + "grad " + format(node.grad, precision))
            }
            // Pushed in reverse so the first operand is drawn first. Past the
            // limit the walk goes on only to count lines, without prefixes.
            for (index, parent) in node.parents.enumerated().reversed() {
                let isLast = index == node.parents.count - 1
                stack.append(visible
                    ? (parent, childPrefix + (isLast ? glyphs.corner : glyphs.tee),
                       childPrefix + (isLast ? glyphs.space : glyphs.bar))
                    : (parent, "", ""))
            }
        }
        if hidden > 0 {
            lines.append("… \(hidden) more \(hidden == 1 ? "line" : "lines") not shown")
        }
        return lines
    }

    /// The graph in Graphviz DOT, drawn left to right as micrograd's `draw_dot`:
    /// each node a record `{ label | data 2.0000 | grad 1.0000 }`, each
    /// operation an ellipse feeding its result, an edge from every operand to
    /// the operation that used it. Render with `dot -Tsvg graph.dot`.
    static func dot(_ root: Scalar) -> String {
        var lines = ["digraph G {", "  rankdir=LR;"]
        for node in root.topologicalOrder() {
            let id = "n\(node.id)"
            var fields = ["data " + fixed4(node.data), "grad " + fixed4(node.grad)]
            if let label = node.label { fields.insert(recordEscaped(label), at: 0) }
            lines.append("  \(id) [shape=record, label=\"{ \(fields.joined(separator: " | ")) }\"];")
            guard node.op != .leaf else { continue }
            lines.append("  \(id)_op [label=\"\(quoted(node.op.symbol))\"];")
            lines.append("  \(id)_op -> \(id);")
            for parent in node.parents {
                lines.append("  n\(parent.id) -> \(id)_op;")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Helpers shared with explainBackward

    /// Nodes that are an operand more than once (in one operation or several).
    static func sharedNodes(_ root: Scalar) -> Set<Scalar> {
        var uses: [Scalar: Int] = [:]
        for node in root.topologicalOrder() {
            for parent in node.parents { uses[parent, default: 0] += 1 }
        }
        return Set(uses.filter { $0.value > 1 }.keys)
    }

    /// `c = +`, `+`, `a` or (an unlabelled leaf) its value.
    static func name(of node: Scalar, precision: Int) -> String {
        let symbol = node.op.symbol
        switch (node.label, node.op) {
        case let (label?, .leaf): return label
        case let (label?, _): return label + " = " + symbol
        case (nil, .leaf): return format(node.data, precision)
        case (nil, _): return symbol
        }
    }

    /// nnbook's usual number style: at most `precision` decimals, no trailing zeros.
    static func format(_ x: Double, _ precision: Int) -> String {
        NumberFormat.format(x, precision: .decimals(max(0, precision)))
    }

    /// `%.4f`, as micrograd's drawings show every number.
    private static func fixed4(_ x: Double) -> String {
        x.isFinite ? String(format: "%.4f", x) : NumberFormat.format(x)
    }

    /// Text safe inside a DOT double-quoted string.
    private static func quoted(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\"", "\\": out += "\\" + String(c)
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    /// Text safe inside one field of a record label, where `{ } | < >` are syntax.
    private static func recordEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\"", "\\", "{", "}", "|", "<", ">": out += "\\" + String(c)
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }
}
