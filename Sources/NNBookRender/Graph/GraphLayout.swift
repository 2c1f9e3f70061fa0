/// One value of a computation graph as `SVGGraph` draws it. Its numbers come
/// already formatted, so the drawing reads exactly as the caller's text form.
public struct GraphNode: Sendable, Equatable {
    /// The name at the top of the value's box (`w1`, `L`), if it has one.
    public var label: String?
    /// The value's data and gradient, formatted (`0.5`, `-0.017267`).
    public var data: String
    public var grad: String
    /// The operation that made the value (`+`, `tanh`), drawn as a small node
    /// feeding its box; `nil` for a leaf (an input, a weight, a constant).
    public var op: String?
    /// The operands, as indices into the node list, in order; one used twice is listed twice.
    public var inputs: [Int]
    /// Operands left out of the drawing (past its size limit): each comes in as a dashed edge from nowhere.
    public var hiddenInputs: Int

    public init(label: String?, data: String, grad: String, op: String?, inputs: [Int], hiddenInputs: Int = 0) {
        (self.label, self.data, self.grad, self.op, self.inputs, self.hiddenInputs) = (label, data, grad, op, inputs, hiddenInputs)
    }
}

/// Where each value's box and each operation's node go: a layered layout,
/// left to right, computed without Graphviz.
///
/// - **Columns.** A value's depth is its longest path from the output (node 0),
///   so every edge points right. The output is the rightmost column; a value
///   at depth d sits in column 2·(maxDepth − d) + 1 and its operation in the
///   column just before it, between its operands and itself.
/// - **Rows.** A depth-first walk from the output, operands in order, spans the
///   graph with a tree (a value reached twice belongs to its first user). Each
///   value without tree operands takes the next row; any other value sits at
///   the mean row of its tree operands, so a tree reads like the text form,
///   top to bottom. A shared value can still crowd a column, so each column is
///   then pushed apart to a row at least.
/// - Within its column a value's box is left-aligned and an operation's node
///   right-aligned, so every operation is one gap from the value it makes.
struct GraphLayout {
    struct Box { var x: Double, y: Double, width: Double, height: Double
        var midY: Double { y + height / 2 }
        var right: Double { x + width }
    }

    static let charWidth = 7.0        // about 7 px a cell of 12 px sans-serif, as the charts' legends assume
    static let lineHeight = 16.0
    static let padding = 7.0          // inside a box, left and right
    static let gap = 26.0             // between columns, where the edges run
    static let margin = 16.0

    let nodes: [GraphNode]
    /// Operand indices known to be in range.
    let inputs: [[Int]]
    private(set) var values: [Box] = []
    /// The operation's node of each value (its bounding box), nil for a leaf.
    private(set) var ops: [Box?] = []
    private(set) var width = 0.0, height = 0.0

    init(_ nodes: [GraphNode], top: Double) {
        self.nodes = nodes
        let n = nodes.count
        inputs = nodes.map { $0.inputs.filter { (0..<n).contains($0) } }
        let depth = depths()
        let maxDepth = depth.max() ?? 0
        let valueSlot = depth.map { 2 * (maxDepth - $0) + 1 }

        // Column widths and positions; an empty column takes no room.
        let sizes = nodes.map(Self.valueSize)
        let opWidths = nodes.map { node in node.op.map(Self.opWidth) }
        var slotWidth = [Double](repeating: 0, count: 2 * maxDepth + 2)
        for i in 0..<n {
            slotWidth[valueSlot[i]] = max(slotWidth[valueSlot[i]], sizes[i].width)
            if let w = opWidths[i] { slotWidth[valueSlot[i] - 1] = max(slotWidth[valueSlot[i] - 1], w + (nodes[i].hiddenInputs > 0 ? Self.gap : 0)) }
        }
        var slotX = [Double](repeating: 0, count: slotWidth.count), x = Self.margin
        for s in slotWidth.indices where slotWidth[s] > 0 {
            slotX[s] = x
            x += slotWidth[s] + Self.gap
        }
        width = max(x - Self.gap + Self.margin, 2 * Self.margin)

        let row = rows(slots: valueSlot)
        let pitch = (sizes.map(\.height).max() ?? 0) + 14
        values = (0..<n).map { i in
            let (w, h) = sizes[i], s = valueSlot[i]
            return Box(x: slotX[s], y: top + row[i] * pitch + (pitch - h) / 2, width: w, height: h)
        }
        ops = (0..<n).map { i in
            opWidths[i].map { w in
                let s = valueSlot[i] - 1
                return Box(x: slotX[s] + slotWidth[s] - w, y: values[i].midY - 12, width: w, height: 24)
            }
        }
        height = top + ((row.max() ?? 0) + 1) * pitch + Self.margin
    }

    /// True when no box, nor an operation's node, crosses the level `y` between `x0` and `x1` (6 px kept clear around each).
    func isClear(y: Double, from x0: Double, to x1: Double) -> Bool {
        !(values + ops.compactMap { $0 }).contains { box in
            box.right > x0 && box.x < x1 && box.y - 6 < y && y < box.y + box.height + 6
        }
    }

    /// The lines of a value's box: its label (if any), then data and grad.
    static func lines(_ node: GraphNode) -> [String] {
        (node.label.map { [$0] } ?? []) + ["data " + node.data, "grad " + node.grad]
    }

    static func textWidth(_ s: String) -> Double { Double(LineChart.displayWidth(s)) * charWidth }

    static func valueSize(_ node: GraphNode) -> (width: Double, height: Double) {
        let lines = lines(node)
        return (max(lines.map(textWidth).max() ?? 0, 40) + 2 * padding, Double(lines.count) * lineHeight + 8)
    }

    static func opWidth(_ op: String) -> Double { max(textWidth(op) + 16, 28) }

    /// Each value's longest path from the output, by operands taken in the
    /// order their users are finished (Kahn's algorithm). A value on a cycle,
    /// which a computation graph cannot have, stays at depth 0.
    private func depths() -> [Int] {
        var users = [Int](repeating: 0, count: nodes.count)
        for list in inputs { for i in list { users[i] += 1 } }
        var depth = [Int](repeating: 0, count: nodes.count)
        var queue = users.indices.filter { users[$0] == 0 }, head = 0
        while head < queue.count {
            let j = queue[head]
            head += 1
            for i in inputs[j] {
                depth[i] = max(depth[i], depth[j] + 1)
                users[i] -= 1
                if users[i] == 0 { queue.append(i) }
            }
        }
        return depth
    }

    /// Each value's row (see the type's summary), pushed apart within each column.
    private func rows(slots: [Int]) -> [Double] {
        var row = [Double](repeating: 0, count: nodes.count)
        var visited = [Bool](repeating: false, count: nodes.count)
        var next = 0.0
        for start in nodes.indices where !visited[start] {
            // An explicit stack of (value, operands looked at so far), so a long chain costs no call stack.
            var stack = [(node: start, done: 0)], treeInputs: [Int: [Int]] = [:]
            visited[start] = true
            while let (j, k) = stack.last {
                if k < inputs[j].count {
                    stack[stack.count - 1].done += 1
                    let i = inputs[j][k]
                    guard !visited[i] else { continue }
                    visited[i] = true
                    treeInputs[j, default: []].append(i)
                    stack.append((i, 0))
                } else {
                    stack.removeLast()
                    if let mine = treeInputs[j] {
                        row[j] = mine.map { row[$0] }.reduce(0, +) / Double(mine.count)
                    } else {
                        row[j] = next
                        next += 1
                    }
                }
            }
        }
        for column in Dictionary(grouping: nodes.indices, by: { slots[$0] }).values {
            var last = -Double.infinity
            for i in column.sorted(by: { (row[$0], $0) < (row[$1], $1) }) {
                row[i] = max(row[i], last + 1)
                last = row[i]
            }
        }
        return row
    }
}
