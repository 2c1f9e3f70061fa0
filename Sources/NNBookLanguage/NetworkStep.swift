import NeuralCore

/// `step net input [0.05, 0.1] target 0.01 rate 0.5`: one forward pass, one
/// backward pass and one update of a small network of dense layers, every
/// number filled in, layer by layer (NeuralCore's `DenseNetwork.step` does
/// the maths; this file writes it out).
///
/// Names, as in Mazur's worked example: inputs x1, x2, …; hidden neurons
/// h1, h2, … (h1_1, h2_1, … with several hidden layers: layer, then neuron);
/// outputs y1, y2, … with targets t1, t2, …; the weights w1, w2, … layer by
/// layer, each neuron's incoming weights in turn (so w1…w4 are
/// `layers[0].weights` read down each column), and one bias per neuron,
/// b1, b2, ….
extension Interpreter {
    /// At most this many neurons (hidden and output) and weights plus biases:
    /// the step of the largest such network fits one cell's output.
    static let maxStepNeurons = 6
    static let maxStepParameters = 24

    func networkStep(_ box: ModelBox, _ netSpan: SourceSpan, input xExpr: Expr, target tExpr: Expr, rate rExpr: Expr?,
                     span: SourceSpan) throws(Diagnostic) {
        let net: DenseNetwork
        do { net = try DenseNetwork(model: box.model) } catch {
            throw Diagnostic(.value, "\(error)", at: netSpan, hint: "step works on small networks of dense layers: net = network([2, 2, 1], activation: sigmoid)")
        }
        guard net.neuronCount <= Self.maxStepNeurons, net.parameterCount <= Self.maxStepParameters else {
            throw Diagnostic(.limit, "step prints every number, so it takes networks of at most \(Self.maxStepNeurons) neurons and "
                             + "\(Self.maxStepParameters) weights and biases; this one has \(NumberFormat.grouped(net.neuronCount)) neurons and "
                             + "\(NumberFormat.grouped(net.parameterCount)) weights and biases", at: netSpan,
                             hint: "train MODEL on DATA trains a network of any size; for a step by hand, net = network([2, 2, 1], activation: sigmoid)")
        }
        let x = try Coerce.array(try eval(xExpr), at: xExpr.span, limit: elementLimit)
        guard x.rank == 1 else { throw Diagnostic(.type, "the input must be a vector, e.g. [0.05, 0.1]", at: xExpr.span) }
        guard x.count == net.inputCount else {
            throw Diagnostic(.value, "the network takes \(Self.count(net.inputCount, "input")) but the input has \(Self.count(x.count, "value"))",
                             at: xExpr.span, hint: "give one value per input (one per row of layers[0].weights)")
        }
        let t = try Coerce.array(try eval(tExpr), at: tExpr.span, limit: elementLimit)
        guard t.rank <= 1, t.count == net.outputCount else {
            throw Diagnostic(.value, "the network has \(Self.count(net.outputCount, "output")) but the target has \(Self.count(t.count, "value"))",
                             at: tExpr.span, hint: net.outputCount == 1 ? "one number, e.g. target 0.01"
                                 : "a vector of \(net.outputCount), one per output, e.g. target [\((1...net.outputCount).map { _ in "0" }.joined(separator: ", "))]")
        }
        let rate = try stepRate(rExpr)
        state.last.step = .network(box, inputs: x.data, targets: t.data, rate: rate, count: 0, exact: net)
        try repeatNetworkStep(times: 1, span: span)
    }

    /// One more step of the last network, from where it is: the exact
    /// Float64 weights of the last step while the model still holds them
    /// (rounded to Float32), or what the model holds if it changed since.
    func repeatNetworkStep(times: Int, span: SourceSpan) throws(Diagnostic) {
        guard case .network(let box, let x, let t, let rate, var count, var net)? = state.last.step else { return }
        defer { state.last.step = .network(box, inputs: x, targets: t, rate: rate, count: count, exact: net) }
        do {
            if !net.matchesRounded(box.model) { net = try DenseNetwork(model: box.model) }
        } catch { throw Diagnostic(.value, "the network changed since the last step: \(error)", at: span, hint: "step it again: step net input … target …") }
        for _ in 0..<times {
            try checkInterrupt(span)
            do {
                var next = net
                let trace = try next.step(inputs: x, targets: t, rate: rate)
                box.model = try next.written(into: box.model)
                net = next
                count += 1
                emit(NetworkStepText(trace: trace, numbers: StepNumbers(f: { self.format($0) }), precision: state.settings.precision)
                        .lines(step: count).joined(separator: "\n"), .explain)
            } catch { throw Coerce.diagnostic(error, at: span) }
        }
    }

    /// `rate R`, positive; 0.1 when left out.
    func stepRate(_ rExpr: Expr?) throws(Diagnostic) -> Double {
        guard let rExpr else { return 0.1 }
        let rate = try Coerce.number(try eval(rExpr), at: rExpr.span)
        guard rate > 0 else {
            throw Diagnostic(.value, "the learning rate must be positive", at: rExpr.span, hint: "a negative rate climbs the loss; try rate 0.1")
        }
        return rate
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}

/// A network step's trace as text: names, forward, loss, backward, update.
struct NetworkStepText {
    let trace: NetworkStepTrace
    let numbers: StepNumbers
    let precision: Precision

    private func f(_ v: Double) -> String { numbers.f(v) }
    private func p(_ v: Double) -> String { numbers.p(v) }

    /// The name of neuron `j` of layer `l` (h1, h1_2, y1) and of input `i` (x1).
    func neuron(_ l: Int, _ j: Int) -> String {
        let hidden = trace.layers.count - 1
        if l == hidden { return "y\(j + 1)" }
        return hidden == 1 ? "h\(j + 1)" : "h\(l + 1)_\(j + 1)"
    }
    func input(_ l: Int, _ i: Int) -> String { l == 0 ? "x\(i + 1)" : neuron(l - 1, i) }

    /// The number of the first weight and the first bias of each layer: w1 and b1 in layer 0, and on.
    private var firstNumbers: [(weight: Int, bias: Int)] {
        var w = 1, b = 1
        return trace.layers.map { layer in
            defer { w += layer.neurons.count * layer.inputs.count; b += layer.neurons.count }
            return (w, b)
        }
    }
    /// wK for input i of neuron j of layer l: each neuron's weights in turn.
    private func weight(_ l: Int, _ i: Int, _ j: Int) -> String { "w\(firstNumbers[l].weight + j * trace.layers[l].inputs.count + i)" }
    private func bias(_ l: Int, _ j: Int) -> String { "b\(firstNumbers[l].bias + j)" }

    func lines(step: Int) -> [String] {
        let t = trace.targets
        let target = t.count == 1 ? "target \(f(t[0]))" : "targets \(ValueFormatter.vector(t, precision))"
        var out = ["network step \(step): inputs \(ValueFormatter.vector(trace.inputs, precision)), \(target), learning rate \(f(trace.rate))"]
        if step == 1 { out += names() }
        out += forward()
        let y = trace.outputs
        let terms = zip(y, t).map { "(\(f($0)) − \(p($1)))²" }.joined(separator: " + ")
        out.append("  loss      L = ½Σ(y − t)² = ½\(y.count == 1 ? terms : "[" + terms + "]") = \(f(trace.loss))")
        out += backward()
        out += update()
        return out
    }

    /// Where each name sits in the model: `layers[0].weights = [[w1, w3], [w2, w4]]`.
    private func names() -> [String] {
        trace.layers.enumerated().map { l, layer in
            let rows = layer.inputs.indices.map { i in "[" + layer.neurons.indices.map { weight(l, i, $0) }.joined(separator: ", ") + "]" }
            let biases = layer.neurons.indices.map { bias(l, $0) }.joined(separator: ", ")
            return (l == 0 ? "  names     " : "            ") + "layers[\(l)].weights = [\(rows.joined(separator: ", "))]   biases = [\(biases)]"
        }
    }

    private func forward() -> [String] {
        var out: [String] = []
        for (l, layer) in trace.layers.enumerated() {
            for (j, n) in layer.neurons.enumerated() {
                let names = layer.inputs.indices.map { "\(weight(l, $0, j))·\(input(l, $0))" }.joined(separator: " + ")
                let values = zip(n.weights, layer.inputs).map { "\(p($0))·\(p($1))" }.joined(separator: " + ")
                let me = neuron(l, j)
                out.append((out.isEmpty ? "  forward   " : "            ")
                           + "\(me): z = \(names) + \(bias(l, j)) = \(values) + \(p(n.bias)) = \(f(n.weightedSum))")
                out.append("            " + String(repeating: " ", count: me.count + 2)
                           + "\(me) = \(layer.activation.rawValue)(\(f(n.weightedSum))) = \(f(n.output))")
            }
        }
        return out
    }

    /// The output layer first, then each hidden layer from the δ of the one after it.
    private func backward() -> [String] {
        var out: [String] = []
        for (l, layer) in trace.layers.enumerated().reversed() {
            let a = layer.activation.rawValue
            for (j, n) in layer.neurons.enumerated() {
                let me = neuron(l, j), pad = "            " + String(repeating: " ", count: me.count + 2)
                let gradient: String
                if n.terms.isEmpty {
                    gradient = "dL/d\(me) = \(me) − t\(j + 1) = \(f(n.output)) − \(p(trace.targets[j])) = \(f(n.outputGradient))"
                } else {
                    let names = n.terms.indices.map { "\(weight(l + 1, j, $0))·δ\(neuron(l + 1, $0))" }.joined(separator: " + ")
                    let values = n.terms.map { "\(p($0.weight))·\(p($0.delta))" }.joined(separator: " + ")
                    gradient = "dL/d\(me) = \(names) = \(values) = \(f(n.outputGradient))"
                }
                out.append((out.isEmpty ? "  backward  " : "            ") + "\(me): " + gradient)
                let slope = layer.activation.language.neuronSlope(n.weightedSum, n.output, me, numbers)
                out.append(pad + "\(a)'(z) = \(slope) = \(f(n.slope))")
                out.append(pad + "δ\(me) = dL/d\(me) · \(a)'(z) = \(p(n.outputGradient)) · \(p(n.slope)) = \(f(n.delta))")
            }
        }
        return out
    }

    private func update() -> [String] {
        var out: [String] = []
        let r = f(trace.rate)
        for (l, layer) in trace.layers.enumerated() {
            for (j, n) in layer.neurons.enumerated() {
                let me = neuron(l, j)
                for i in layer.inputs.indices {
                    let w = weight(l, i, j)
                    out.append((out.isEmpty ? "  update    " : "            ")
                               + "dL/d\(w) = δ\(me)·\(input(l, i)) = \(p(n.delta))·\(p(layer.inputs[i])) = \(f(n.weightGradients[i]))   "
                               + "\(w) = \(f(n.weights[i])) − \(r) · \(p(n.weightGradients[i])) = \(f(n.newWeights[i]))")
                }
                let b = bias(l, j)
                out.append("            dL/d\(b) = δ\(me) = \(f(n.delta))   \(b) = \(f(n.bias)) − \(r) · \(p(n.delta)) = \(f(n.newBias))")
            }
        }
        return out
    }
}
