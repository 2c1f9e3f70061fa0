import NeuralCore

/// What `step` with no arguments continues: the last descent, the last
/// neuron step or the last network step.
enum LastStep {
    case descent
    case neuron(NeuronBox, inputs: [Double], target: Double, rate: Double, count: Int)
    /// `exact` holds the weights in Float64 as the last step left them (see `repeatNetworkStep`).
    case network(ModelBox, inputs: [Double], targets: [Double], rate: Double, count: Int, exact: DenseNetwork)
}

/// `step n input [1, 2, 3] target 1 rate 0.1`: one forward pass, one backward
/// pass and one update of the article's neuron, with every intermediate value
/// and the sign that descends the loss.
extension Interpreter {
    /// `step X input … target … [rate …]`: a neuron's step or a network's.
    func learningStep(_ nExpr: Expr, input xExpr: Expr, target tExpr: Expr, rate rExpr: Expr?, span: SourceSpan) throws(Diagnostic) {
        switch try eval(nExpr) {
        case .neuron(let box): try neuronStep(box, input: xExpr, target: tExpr, rate: rExpr, span: span)
        case .model(let box): try networkStep(box, nExpr.span, input: xExpr, target: tExpr, rate: rExpr, span: span)
        case let other:
            throw Diagnostic(.type, "step … input … needs a neuron or a network, got \(other.typeName)", at: nExpr.span,
                             hint: "net = network([2, 2, 1], activation: sigmoid), or n = neuron([0.1, 0.2, 0.3], bias: 0.4, activation: sigmoid)")
        }
    }

    private func neuronStep(_ box: NeuronBox, input xExpr: Expr, target tExpr: Expr, rate rExpr: Expr?, span: SourceSpan) throws(Diagnostic) {
        let x = try Coerce.array(try eval(xExpr), at: xExpr.span, limit: elementLimit)
        guard x.rank == 1 else { throw Diagnostic(.type, "the input must be a vector, e.g. [1, 2, 3]", at: xExpr.span) }
        guard x.count == box.neuron.weights.count else {
            throw Diagnostic(.value, "the neuron has \(box.neuron.weights.count) weights but the input has \(x.count) values", at: xExpr.span,
                             hint: "give one input value per weight")
        }
        let t = try Coerce.number(try eval(tExpr), at: tExpr.span)
        let rate = try stepRate(rExpr)
        state.last.step = .neuron(box, inputs: x.data, target: t, rate: rate, count: 0)
        try repeatNeuronStep(times: 1, span: span)
    }

    func repeatNeuronStep(times: Int, span: SourceSpan) throws(Diagnostic) {
        guard case .neuron(let box, let x, let t, let rate, var count)? = state.last.step else { return }
        defer { state.last.step = .neuron(box, inputs: x, target: t, rate: rate, count: count) }
        for _ in 0..<times {
            try checkInterrupt(span)
            let trace: Neuron.StepTrace
            do { trace = try box.neuron.step(inputs: x, target: t, rate: rate) } catch { throw Coerce.diagnostic(error, at: span) }
            count += 1
            emit(describe(trace, step: count, activation: box.neuron.activation), .explain)
        }
    }

    private func describe(_ s: Neuron.StepTrace, step: Int, activation: Activation) -> String {
        func f(_ v: Double) -> String { format(v) }
        func p(_ v: Double) -> String { v < 0 ? "(\(f(v)))" : f(v) }
        let a = activation.rawValue
        let terms = zip(s.oldWeights, s.inputs).map { "\(f($0))·\(p($1))" }.joined(separator: " + ")
        var lines = ["neuron step \(step): inputs \(ValueFormatter.vector(s.inputs, state.settings.precision)), target \(f(s.target)), learning rate \(f(s.rate))"]
        lines.append("  forward   z = \(terms) + \(p(s.oldBias)) = \(f(s.weightedSum))")
        lines.append("            y = \(a)(\(f(s.weightedSum))) = \(f(s.output))")
        lines.append("  loss      L = ½(y − t)² = ½(\(f(s.output)) − \(p(s.target)))² = \(f(s.loss))")
        lines.append("  backward  dL/dy = y − t = \(f(s.output)) − \(p(s.target)) = \(f(s.outputGradient))")
        let slopeFormula = activation.language.neuronSlope(s.weightedSum, s.output, "y", StepNumbers(f: f))
        lines.append("            \(a)'(z) = \(slopeFormula) = \(f(s.activationSlope))")
        lines.append("            δ = dL/dy · \(a)'(z) = \(p(s.outputGradient)) · \(p(s.activationSlope)) = \(f(s.delta))")
        for i in s.inputs.indices {
            let n = i + 1
            lines.append((i == 0 ? "  update    " : "            ") + "dL/dw\(n) = δ·x\(n) = \(p(s.delta))·\(p(s.inputs[i])) = \(f(s.weightGradients[i]))   "
                         + "w\(n) = \(f(s.oldWeights[i])) − \(f(s.rate)) · \(p(s.weightGradients[i])) = \(f(s.newWeights[i]))")
        }
        lines.append("            dL/db = δ = \(f(s.delta))   b = \(f(s.oldBias)) − \(f(s.rate)) · \(p(s.delta)) = \(f(s.newBias))")
        return lines.joined(separator: "\n")
    }
}
