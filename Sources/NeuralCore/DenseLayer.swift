/// What `dense(128, relu, input: 784)` means before a model exists: the layer's
/// size and activation, and for the first layer the size of its input.
public struct DenseSpec: Equatable, Sendable {
    /// The number of neurons, which is also the layer's output size.
    public let units: Int
    /// The function applied to each neuron's weighted sum.
    public let activation: Activation
    /// How many numbers flow in; required on the first layer, optional after.
    public let inputSize: Int?

    /// A checked layer description.
    ///
    /// - Throws: `.invalidArgument` when `units` < 1 or `inputSize` < 1.
    public init(units: Int, activation: Activation, inputSize: Int? = nil) throws {
        guard units >= 1 else {
            throw NeuralError.invalidArgument("a dense layer needs at least 1 unit, got \(units)")
        }
        if let inputSize, inputSize < 1 {
            throw NeuralError.invalidArgument("a dense layer's input size must be at least 1, got \(inputSize)")
        }
        self.units = units
        self.activation = activation
        self.inputSize = inputSize
    }
}

/// A fully connected layer: output = activation(input · W + b).
///
/// W has shape [fanIn, units] and is stored row-major in `weights`, so the
/// weight from input i to neuron j is `weights[i * units + j]`, as in Keras's
/// `kernel`. There are fanIn·units weights and `units` biases.
public struct DenseLayer: Sendable {
    /// The number of neurons (the output size).
    public let units: Int
    /// The function applied to each neuron's weighted sum.
    public let activation: Activation
    /// The input size the learner declared; `nil` except on the first layer.
    public let inputSize: Int?
    /// The actual number of inputs: `inputSize`, or the previous layer's units.
    public let fanIn: Int
    /// W, [fanIn × units] row-major, Glorot-uniform initialized.
    public internal(set) var weights: [Float]
    /// b, one per neuron, initialized to zero.
    public internal(set) var biases: [Float]

    /// fanIn·units + units: every weight plus every bias.
    public var parameterCount: Int { fanIn * units + units }

    /// Creates a layer with Glorot-uniform weights and zero biases, as Keras's
    /// `Dense` does by default.
    ///
    /// Each weight is drawn uniformly from [−limit, limit) with
    /// limit = √(6 / (fanIn + units)), which keeps the variance of signals
    /// roughly the same going forward and backward through the layer.
    /// The caller has checked that fanIn·units fits its parameter budget.
    init(spec: DenseSpec, fanIn: Int, generator: inout SeededGenerator) {
        units = spec.units
        activation = spec.activation
        inputSize = spec.inputSize
        self.fanIn = fanIn
        let limit = (6.0 / Double(fanIn + spec.units)).squareRoot()
        var weights = [Float](repeating: 0, count: fanIn * spec.units)
        for i in weights.indices {
            weights[i] = Float((2 * generator.nextUniform() - 1) * limit)
        }
        self.weights = weights
        biases = [Float](repeating: 0, count: spec.units)
    }
}

extension DenseLayer {
    /// W as a [fanIn, units] matrix: row i holds the weights leaving input i,
    /// column j the weights arriving at neuron j.
    public var weightMatrix: Tensor { Tensor(uncheckedShape: [fanIn, units], data: weights) }

    /// b as a vector of `units` numbers.
    public var biasVector: Tensor { Tensor(uncheckedShape: [units], data: biases) }

    /// The layer applied to a batch, one example per row:
    /// f(X·W + b) for X of shape [examples, fanIn], giving [examples, units].
    ///
    /// This is the formula spelled out in tensors. Training and
    /// `SequentialModel.predict` run the same kernels (CBLAS `sgemm`, the
    /// same sigmoid and softmax) on buffers allocated once, with the bias and
    /// activation fused into one pass; the numbers agree to Float32 rounding
    /// (BLAS may sum in another order for another batch size).
    ///
    /// - Throws: `.shapeMismatch(operation: "dot", …)` when X's rows are not
    ///   `fanIn` wide; `.invalidArgument` when X is not a matrix.
    public func forward(_ x: Tensor) throws -> Tensor {
        try Tensor.matmul(x, weightMatrix).adding(rowVector: biasVector).applying(activation)
    }
}
