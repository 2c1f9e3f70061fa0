/// One row of a Keras-style model summary; the executable draws the table.
public struct SummaryRow: Equatable, Sendable {
    /// The layer's name as Keras assigns it: "dense", "dense_1", "dense_2", …
    public let name: String
    /// The layer type, "Dense".
    public let kind: String
    /// The output shape in Keras notation, "(None, 128)": None is the batch.
    public let outputShape: String
    /// Weights plus biases in this layer.
    public let parameters: Int
    /// The layer's activation.
    public let activation: Activation

    public init(name: String, kind: String, outputShape: String, parameters: Int, activation: Activation) {
        self.name = name
        self.kind = kind
        self.outputShape = outputShape
        self.parameters = parameters
        self.activation = activation
    }
}

/// A stack of dense layers, each feeding the next, as Keras's `Sequential`.
///
/// `sequential(dense(128, relu, input: 784), dense(10, softmax))` has
/// 784·128 + 128 = 100,480 and 128·10 + 10 = 1,290 parameters: 101,770 total.
public struct SequentialModel: Sendable {
    /// The layers, input side first.
    public internal(set) var layers: [DenseLayer]
    /// How many numbers one input example has.
    public let inputSize: Int

    /// How many numbers the model outputs: the last layer's units.
    public var outputSize: Int { layers.last?.units ?? inputSize }

    /// The total of every layer's weights and biases.
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

    /// Builds the model and initializes its weights from `seed`.
    ///
    /// The same specs and seed give bit-identical weights on every machine.
    /// Layer sizes are checked and the parameter total is compared with
    /// `parameterLimit` before any weight is allocated, so a typo such as
    /// `dense(1000000, input: 1000000)` fails at once instead of eating memory.
    ///
    /// - Throws: `.invalidArgument` for no layers, a first layer without an
    ///   input size, or a later layer whose input size contradicts the units
    ///   of the layer before it; `.tooLarge(elements:limit:)` when the
    ///   parameter total exceeds `parameterLimit`.
    public static func build(
        _ specs: [DenseSpec], seed: UInt64 = 42, parameterLimit: Int = 500_000_000
    ) throws -> SequentialModel {
        guard let first = specs.first else {
            throw NeuralError.invalidArgument("a sequential model needs at least one layer, e.g. dense(10, softmax, input: 784)")
        }
        guard let inputSize = first.inputSize else {
            throw NeuralError.invalidArgument("the first layer needs its input size, e.g. dense(128, relu, input: 784)")
        }
        let fanIns = try checkedFanIns(specs, inputSize: inputSize)
        let total = try checkedParameterTotal(specs, fanIns: fanIns, limit: parameterLimit)
        guard total <= parameterLimit else {
            throw NeuralError.tooLarge(elements: total, limit: parameterLimit)
        }
        try WorkGuard.reserve(total * MemoryLayout<Float>.stride, for: "this model's weights")
        var generator = SeededGenerator(seed: seed)
        var layers: [DenseLayer] = []
        for (spec, fanIn) in zip(specs, fanIns) {
            layers.append(DenseLayer(spec: spec, fanIn: fanIn, generator: &generator))
        }
        return SequentialModel(layers: layers, inputSize: inputSize)
    }

    /// One row per layer, named as Keras names them in a fresh session.
    public func summary() -> [SummaryRow] {
        layers.enumerated().map { index, layer in
            SummaryRow(
                name: index == 0 ? "dense" : "dense_\(index)",
                kind: "Dense",
                outputShape: "(None, \(layer.units))",
                parameters: layer.parameterCount,
                activation: layer.activation)
        }
    }

    /// Each layer's input size: the declared one for the first, the previous
    /// layer's units after that (which a declared size must agree with).
    private static func checkedFanIns(_ specs: [DenseSpec], inputSize: Int) throws -> [Int] {
        var fanIns = [inputSize]
        for (index, pair) in zip(specs, specs.dropFirst()).enumerated() {
            let (previous, spec) = pair
            if let declared = spec.inputSize, declared != previous.units {
                throw NeuralError.invalidArgument(
                    "layer \(index + 2) says input: \(declared), but layer \(index + 1) outputs \(previous.units) numbers; "
                        + "remove input: from every layer but the first")
            }
            fanIns.append(previous.units)
        }
        return fanIns
    }

    /// Σ (fanIn·units + units), with overflow reported as `.tooLarge`.
    private static func checkedParameterTotal(_ specs: [DenseSpec], fanIns: [Int], limit: Int) throws -> Int {
        var total = 0
        for (spec, fanIn) in zip(specs, fanIns) {
            let (weights, o1) = fanIn.multipliedReportingOverflow(by: spec.units)
            let (layer, o2) = weights.addingReportingOverflow(spec.units)
            let (sum, o3) = total.addingReportingOverflow(layer)
            guard !(o1 || o2 || o3) else { throw NeuralError.tooLarge(elements: Int.max, limit: limit) }
            total = sum
        }
        return total
    }
}

extension SequentialModel {
    /// The model's outputs for a batch of examples, one per row: `x` of shape
    /// [examples, inputSize] gives [examples, outputSize] (probabilities after
    /// softmax or sigmoid); a single example of shape [inputSize] gives
    /// [outputSize].
    ///
    /// Mathematically this is `layers.reduce(x) { try $1.forward($0) }`
    /// (see `DenseLayer.forward(_:)`); it runs the same kernels on buffers
    /// reused from chunk to chunk, as `predict(_:count:)` does.
    ///
    /// - Throws: `.shapeMismatch(operation: "dot", …)` when the rows are not
    ///   `inputSize` wide (the right side names the first weight matrix);
    ///   `.invalidArgument` for a tensor that is neither a vector nor a matrix.
    public func predict(_ x: Tensor) throws -> Tensor {
        let firstWeights = [inputSize, layers.first?.units ?? inputSize]
        guard x.rank == 1 || x.rank == 2 else {
            throw NeuralError.invalidArgument(
                "predict takes one example (a vector of \(inputSize)) or a matrix with one example per row, got shape \(x.shape)")
        }
        guard x.columns == inputSize else {
            throw NeuralError.shapeMismatch(operation: "dot", lhs: x.shape, rhs: firstWeights)
        }
        let outputs = try predict(x.data, count: x.rows)
        let shape = x.rank == 1 ? [outputSize] : [x.rows, outputSize]
        return Tensor(uncheckedShape: shape, data: outputs)
    }
}
