import NeuralCore

extension GraphText {
    /// What `backward()` does, one chain-rule step a line, in the order it does
    /// them, with every number filled in. For `z = x*y + x` at x = 2, y = 3:
    ///
    ///     t1 = x*y
    ///     z.grad = 1  (backward starts at z: ∂z/∂z = 1)
    ///     t1.grad += d(t1+x)/dt1 · z.grad = 1 · 1 = 1
    ///     x.grad += d(t1+x)/dx · z.grad = 1 · 1 = 1
    ///     x.grad += d(x*y)/dx · t1.grad = y · t1.grad = 3 · 1 = 3
    ///     x.grad = 1 + 3 = 4  (sum of 2 paths)
    ///     y.grad += d(x*y)/dy · t1.grad = x · t1.grad = 2 · 1 = 2
    ///
    /// Each step is `operand.grad += (local derivative) · (result's gradient)`:
    /// the local derivative first as a formula, then as a number. A node used
    /// more than once gets one step per use, then a line adding them up.
    /// Unlabelled intermediate results are named t1, t2, … (listed first);
    /// unlabelled leaves (constants) by their value, so the gradient of the
    /// constant 2 is written `(2).grad`.
    ///
    /// The numbers come from `Scalar.backwardSteps()`, a fresh pass from zero
    /// gradients: after one `backward()` each node's last total is its `grad`.
    static func explainBackward(_ root: Scalar, precision: Int = 6) -> [String] {
        let steps = root.backwardSteps()
        let names = stepNames(root, precision: precision)
        func name(_ node: Scalar) -> String { names[node] ?? "?" }
        func gradName(_ node: Scalar) -> String {
            node.label == nil && node.op == .leaf ? "(\(name(node))).grad" : name(node) + ".grad"
        }
        func number(_ x: Double) -> String { format(x, precision) }

        var lines: [String] = []
        for node in root.topologicalOrder().reversed() where node.label == nil && node.op != .leaf {
            lines.append("\(name(node)) = \(expression(node, names))")
        }
        lines.append("\(gradName(root)) = 1  (backward starts at \(name(root)): ∂\(name(root))/∂\(name(root)) = 1)")

        // How many paths reach each node, so the last one can be followed by the sum.
        var pathCount: [Scalar: Int] = [:]
        for step in steps { pathCount[step.node, default: 0] += 1 }
        var seen: [Scalar: [Double]] = [:]

        for step in steps {
            let operand = name(step.node)
            let formula = localFormula(step, names, precision: precision)
            let local = number(step.localDerivative)
            var line = "\(gradName(step.node)) += d(\(expression(step.child, names)))/d\(operand)"
                + " · \(gradName(step.child)) = "
            if formula != local { line += "\(formula) · \(gradName(step.child)) = " }
            // A negative factor in a product reads better in brackets: 0.121729 · (-0.141851).
            func factor(_ x: Double) -> String { x < 0 ? "(\(number(x)))" : number(x) }
            line += "\(factor(step.localDerivative)) · \(factor(step.upstream)) = \(number(step.contribution))"
            lines.append(line)

            seen[step.node, default: []].append(step.contribution)
            let paths = pathCount[step.node] ?? 0
            if paths > 1, seen[step.node]?.count == paths {
                let terms = seen[step.node] ?? []
                var sum = "\(gradName(step.node)) = "
                if paths <= 6 { sum += signedSum(terms.map(number)) + " = " }
                sum += "\(number(step.totalAfter))  (sum of \(paths) paths)"
                lines.append(sum)
            }
        }
        return lines
    }

    /// Labels where set; unlabelled leaves by value; other nodes t1, t2, … from the output down.
    private static func stepNames(_ root: Scalar, precision: Int) -> [Scalar: String] {
        var names: [Scalar: String] = [:]
        var next = 1
        for node in root.topologicalOrder().reversed() {
            if let label = node.label {
                names[node] = label
            } else if node.op == .leaf {
                names[node] = format(node.data, precision)
            } else {
                names[node] = "t\(next)"
                next += 1
            }
        }
        return names
    }

    /// The operation that made `node`, written with its operands' names: `x*y`, `relu(t1)`, `b^3`.
    private static func expression(_ node: Scalar, _ names: [Scalar: String]) -> String {
        let operands = node.parents.map { operandName($0, names) }
        let a = operands.first ?? "?", b = operands.count > 1 ? operands[1] : "?"
        switch node.op {
        case .leaf: return names[node] ?? "?"
        case .add: return "\(a)+\(b)"
        case .subtract: return "\(a)-\(b)"
        case .multiply: return "\(a)*\(b)"
        case .divide: return "\(a)/\(b)"
        case .power: return a + node.op.symbol
        case .negate: return "-\(a)"
        case .activation, .exp, .log: return "\(node.op.symbol)(\(a))"
        }
    }

    /// ∂child/∂operand as a formula in the operands' names: `y` for x in x*y, `-a/b^2`, `3·b^2`.
    private static func localFormula(_ step: BackwardStep, _ names: [Scalar: String], precision: Int) -> String {
        let operands = step.child.parents.map { operandName($0, names) }
        let a = operands.first ?? "?", b = operands.count > 1 ? operands[1] : "?"
        switch step.op {
        case .leaf: return "1"
        case .add: return "1"
        case .subtract: return step.operand == 0 ? "1" : "-1"
        case .multiply: return step.operand == 0 ? b : a
        case .divide: return step.operand == 0 ? "1/\(b)" : "-\(a)/\(b)^2"
        case .power(let n):
            let m = n - 1
            if m == 0 { return format(n, precision) }
            if m == 1 { return "\(format(n, precision))·\(a)" }
            return "\(format(n, precision))·\(a)^\(format(m, precision))"
        case .negate: return "-1"
        case .activation(let f): return f.graphFormula(a, precision: precision)
        case .exp: return "exp(\(a))"
        case .log: return "1/\(a)"
        }
    }

    /// A name fit to stand inside an expression: negative constants in parentheses.
    private static func operandName(_ node: Scalar, _ names: [Scalar: String]) -> String {
        let name = names[node] ?? "?"
        return name.hasPrefix("-") ? "(\(name))" : name
    }

    /// `1 + 3`, `1 - 3`: terms joined, a negative term shown as subtraction.
    private static func signedSum(_ terms: [String]) -> String {
        var out = terms.first ?? "0"
        for term in terms.dropFirst() {
            out += term.hasPrefix("-") ? " - " + term.dropFirst() : " + " + term
        }
        return out
    }
}
