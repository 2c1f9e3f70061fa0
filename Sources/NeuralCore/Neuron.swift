/// One artificial neuron, the article's section 3.4: output = f(w·x + b).
/// Kept in Double so that every printed intermediate is exact to its digits.
public struct Neuron: Sendable, Equatable {
    public var weights: [Double]
    public var bias: Double
    public var activation: Activation

    public init(weights: [Double], bias: Double, activation: Activation) throws {
        guard !weights.isEmpty else { throw NeuralError.emptyInput("a neuron needs at least one weight") }
        guard activation.descriptor.isElementwise else {
            throw NeuralError.invalidArgument("a single neuron cannot use \(activation.rawValue) (it needs several outputs); "
                                              + "use \(Activation.sentence(Activation.elementwise.map(\.rawValue)))")
        }
        self.weights = weights
        self.bias = bias
        self.activation = activation
    }

    /// Everything one gradient-descent step computes, in order, for a learner to check by hand.
    public struct StepTrace: Sendable, Equatable {
        public var inputs: [Double]
        public var target: Double
        public var rate: Double
        public var oldWeights: [Double]
        public var oldBias: Double
        /// z = Σ wᵢxᵢ + b
        public var weightedSum: Double
        /// y = f(z)
        public var output: Double
        /// L = ½(y − t)²
        public var loss: Double
        /// dL/dy = y − t (the article's "error" with the sign that descends)
        public var outputGradient: Double
        /// f'(z)
        public var activationSlope: Double
        /// δ = dL/dz = (y − t)·f'(z)
        public var delta: Double
        /// dL/dwᵢ = δ·xᵢ
        public var weightGradients: [Double]
        public var newWeights: [Double]
        public var newBias: Double
    }

    /// One forward pass, one backward pass and one update of every weight
    /// and the bias, descending the squared error L = ½(y − t)²:
    /// wᵢ ← wᵢ − rate·δ·xᵢ and b ← b − rate·δ, with δ = (y − t)·f'(z).
    public mutating func step(inputs: [Double], target: Double, rate: Double) throws -> StepTrace {
        guard inputs.count == weights.count else {
            throw NeuralError.shapeMismatch(operation: "neuron input", lhs: [weights.count], rhs: [inputs.count])
        }
        let z = zip(weights, inputs).reduce(0) { $0 + $1.0 * $1.1 } + bias
        let y = activation.value(z)
        let dy = y - target
        let slope = activation.derivative(z)
        let delta = dy * slope
        let grads = inputs.map { delta * $0 }
        let newWeights = zip(weights, grads).map { $0 - rate * $1 }
        let newBias = bias - rate * delta
        let trace = StepTrace(inputs: inputs, target: target, rate: rate, oldWeights: weights, oldBias: bias,
                              weightedSum: z, output: y, loss: 0.5 * dy * dy, outputGradient: dy, activationSlope: slope,
                              delta: delta, weightGradients: grads, newWeights: newWeights, newBias: newBias)
        guard (newWeights + [newBias, y]).allSatisfy(\.isFinite) else {
            throw NeuralError.invalidArgument("the step overflowed: the learning rate \(rate) is far too large")
        }
        weights = newWeights
        bias = newBias
        return trace
    }

    /// The output for `inputs`, without learning.
    public func output(_ inputs: [Double]) throws -> Double {
        guard inputs.count == weights.count else {
            throw NeuralError.shapeMismatch(operation: "neuron input", lhs: [weights.count], rhs: [inputs.count])
        }
        return activation.value(zip(weights, inputs).reduce(0) { $0 + $1.0 * $1.1 } + bias)
    }
}
