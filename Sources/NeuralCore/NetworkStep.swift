/// Everything one gradient-descent step of a `DenseNetwork` computes, neuron
/// by neuron and layer by layer, for a learner to check by hand.
public struct NetworkStepTrace: Sendable, Equatable {
    /// One term wⱼₖ·δₖ of a hidden neuron's dL/da: the weight to neuron k of
    /// the next layer (before the update) and that neuron's δ.
    public struct Term: Sendable, Equatable {
        public var weight: Double
        public var delta: Double
    }

    /// One neuron's share of the step.
    public struct Neuron: Sendable, Equatable {
        /// Its incoming weights (column j of W) and bias, before the update.
        public var weights: [Double]
        public var bias: Double
        /// z = Σ wᵢaᵢ + b, over the previous layer's outputs aᵢ
        public var weightedSum: Double
        /// a = f(z)
        public var output: Double
        /// f′(z)
        public var slope: Double
        /// dL/da: y − t at the output; Σₖ wⱼₖ·δₖ over the next layer for a hidden neuron.
        public var outputGradient: Double
        /// The terms of a hidden neuron's dL/da, one per neuron of the next layer; empty at the output.
        public var terms: [Term]
        /// δ = dL/dz = dL/da · f′(z)
        public var delta: Double
        /// dL/dwᵢ = δ·aᵢ
        public var weightGradients: [Double]
        /// wᵢ − rate·dL/dwᵢ
        public var newWeights: [Double]
        /// b − rate·δ (dL/db = δ)
        public var newBias: Double
    }

    /// One layer: what came in, its activation and its neurons.
    public struct Layer: Sendable, Equatable {
        /// The previous layer's outputs (the network's inputs for the first layer).
        public var inputs: [Double]
        public var activation: Activation
        public var neurons: [Neuron]
    }

    public var inputs: [Double]
    public var targets: [Double]
    public var rate: Double
    public var layers: [Layer]
    /// L = ½Σ(y − t)²
    public var loss: Double
    /// The network's outputs y, before the update.
    public var outputs: [Double] { layers.last?.neurons.map(\.output) ?? [] }
}

extension DenseNetwork {
    /// One forward pass, one backward pass and one update of every weight and
    /// bias, descending L = ½Σ(y − t)² for one example:
    ///
    ///     forward   zⱼ = Σᵢ wᵢⱼ·aᵢ + bⱼ         aⱼ = f(zⱼ)
    ///     backward  δⱼ = (yⱼ − tⱼ)·f′(zⱼ)                   at the output
    ///               δⱼ = (Σₖ wⱼₖ·δₖ)·f′(zⱼ)                 in a hidden layer, k over the next layer
    ///     update    wᵢⱼ ← wᵢⱼ − rate·δⱼ·aᵢ     bⱼ ← bⱼ − rate·δⱼ
    ///
    /// Every δ is computed with the weights before the update, and every
    /// weight is updated after all of them (as Mazur's example does).
    ///
    /// - Throws: `.shapeMismatch` when the input or the targets have the wrong
    ///   length; `.invalidArgument` when a number overflows (a rate far too large).
    public mutating func step(inputs: [Double], targets: [Double], rate: Double) throws -> NetworkStepTrace {
        guard targets.count == outputCount else {
            throw NeuralError.shapeMismatch(operation: "network target", lhs: [outputCount], rhs: [targets.count])
        }
        let a = try activations(inputs)
        var trace = layers.indices.map { l in
            NetworkStepTrace.Layer(inputs: a[l], activation: layers[l].activation, neurons: (0..<layers[l].units).map { j in
                let layer = layers[l]
                let z = Self.weightedSum(layer.incoming(j), a[l], layer.biases[j])
                return NetworkStepTrace.Neuron(weights: layer.incoming(j), bias: layer.biases[j], weightedSum: z, output: a[l + 1][j],
                                               slope: layer.activation.derivative(z), outputGradient: 0, terms: [], delta: 0,
                                               weightGradients: [], newWeights: [], newBias: 0)
            })
        }
        // Backward: the output layer from the targets, then each layer from the δ of the one after it.
        for l in layers.indices.reversed() {
            for j in trace[l].neurons.indices {
                var n = trace[l].neurons[j]
                if l == layers.count - 1 {
                    n.outputGradient = n.output - targets[j]
                } else {
                    n.terms = trace[l + 1].neurons.indices.map { k in
                        NetworkStepTrace.Term(weight: layers[l + 1].weights[j][k], delta: trace[l + 1].neurons[k].delta)
                    }
                    n.outputGradient = n.terms.reduce(0) { $0 + $1.weight * $1.delta }
                }
                n.delta = n.outputGradient * n.slope
                n.weightGradients = trace[l].inputs.map { n.delta * $0 }
                n.newWeights = zip(n.weights, n.weightGradients).map { $0 - rate * $1 }
                n.newBias = n.bias - rate * n.delta
                trace[l].neurons[j] = n
            }
        }
        let loss = zip(a[layers.count], targets).reduce(0) { $0 + 0.5 * ($1.0 - $1.1) * ($1.0 - $1.1) }
        let updated = trace.flatMap(\.neurons).flatMap { $0.newWeights + [$0.newBias, $0.output] }
        guard loss.isFinite, updated.allSatisfy(\.isFinite) else {
            throw NeuralError.invalidArgument("the step overflowed (a number went past 1.8e308): the learning rate or an input is far too large")
        }
        for l in layers.indices {
            for (j, n) in trace[l].neurons.enumerated() {
                for i in n.newWeights.indices { layers[l].weights[i][j] = n.newWeights[i] }
                layers[l].biases[j] = n.newBias
            }
        }
        return NetworkStepTrace(inputs: inputs, targets: targets, rate: rate, layers: trace, loss: loss)
    }
}
