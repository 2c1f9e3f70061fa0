/// One row of a Keras-style model summary; the executable draws the table.
public struct SummaryRow: Equatable, Sendable {
    /// The layer's name as Keras assigns it: "dense", "dense_1", "dropout", …
    public let name: String
    /// The layer type, "Dense" or "Dropout".
    public let kind: String
    /// The output shape in Keras notation, "(None, 128)": None is the batch.
    public let outputShape: String
    /// Weights plus biases in this layer.
    public let parameters: Int
    /// The layer's activation; nil for a layer without one (dropout).
    public let activation: Activation?

    public init(name: String, kind: String, outputShape: String, parameters: Int, activation: Activation?) {
        self.name = name
        self.kind = kind
        self.outputShape = outputShape
        self.parameters = parameters
        self.activation = activation
    }

    /// "dense (Dense, relu)" or "dropout (Dropout)", as the summary's first column.
    public var title: String {
        "\(name) (\(kind)" + (activation.map { ", \($0.rawValue)" } ?? "") + ")"
    }
}

/// A stack of layers, each feeding the next, as Keras's `Sequential`.
///
/// `sequential(dense(128, relu, input: 784), dense(10, softmax))` has
/// 784·128 + 128 = 100,480 and 128·10 + 10 = 1,290 parameters: 101,770 total.
public struct SequentialModel: Sendable {
    /// The layers, input side first; the last one is dense.
    public internal(set) var layers: [any Layer]
    /// How many numbers one input example has.
    public let inputSize: Int

    /// How many numbers the model outputs: the last layer's.
    public var outputSize: Int { layers.last?.outputSize ?? inputSize }

    /// The output layer's activation, which picks the loss.
    public var outputActivation: Activation { layers.last?.summaryActivation ?? .linear }

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
    ///   input size, a layer out of place (`LayerSpec.checkPlace`) or a later
    ///   layer whose input size contradicts the output of the layer before it;
    ///   `.tooLarge(elements:limit:)` when the parameter total exceeds
    ///   `parameterLimit`.
    public static func build(
        _ specs: [any LayerSpec], seed: UInt64 = 42, parameterLimit: Int = 500_000_000
    ) throws -> SequentialModel {
        guard !specs.isEmpty else {
            throw NeuralError.invalidArgument("a sequential model needs at least one layer, e.g. dense(10, softmax, input: 784)")
        }
        for (index, spec) in specs.enumerated() { try spec.checkPlace(index: index, count: specs.count) }
        guard let inputSize = specs[0].inputSize else {
            throw NeuralError.invalidArgument("the first layer needs its input size, e.g. dense(128, relu, input: 784)")
        }
        let fanIns = try checkedFanIns(specs, inputSize: inputSize)
        let total = try checkedParameterTotal(specs, fanIns: fanIns, limit: parameterLimit)
        guard total <= parameterLimit else {
            throw NeuralError.tooLarge(elements: total, limit: parameterLimit)
        }
        try WorkGuard.reserve(total * MemoryLayout<Float>.stride, for: "this model's weights")
        var generator = SeededGenerator(seed: seed)
        let layers = zip(specs, fanIns).map { spec, fanIn in spec.makeLayer(fanIn: fanIn, generator: &generator) }
        return SequentialModel(layers: layers, inputSize: inputSize)
    }

    /// Sets `model.layers[index].NAME` (see `Layer.replacing(_:with:)`).
    ///
    /// - Throws: `.indexOutOfRange`, or what the layer throws.
    public mutating func setAttribute(_ name: String, ofLayer index: Int, to value: NDArray) throws {
        guard layers.indices.contains(index) else { throw NeuralError.indexOutOfRange(index: index, count: layers.count) }
        layers[index] = try layers[index].replacing(name, with: value)
    }

    /// One row per layer, named as Keras names them in a fresh session.
    public func summary() -> [SummaryRow] {
        zip(layerNames, layers).map { name, layer in
            SummaryRow(name: name, kind: layer.kind, outputShape: "(None, \(layer.outputSize))",
                       parameters: layer.parameterCount, activation: layer.summaryActivation)
        }
    }

    /// Each layer's input size: the declared one for the first, the previous
    /// layer's output after that (which a declared size must agree with).
    private static func checkedFanIns(_ specs: [any LayerSpec], inputSize: Int) throws -> [Int] {
        var fanIns = [inputSize]
        var size = specs[0].outputSize(inputSize: inputSize)
        for (index, spec) in specs.enumerated().dropFirst() {
            if let declared = spec.inputSize, declared != size {
                throw NeuralError.invalidArgument(
                    "layer \(index + 1) says input: \(declared), but layer \(index) outputs \(size) numbers; "
                        + "remove input: from every layer but the first")
            }
            fanIns.append(size)
            size = spec.outputSize(inputSize: size)
        }
        return fanIns
    }

    /// Σ of every layer's parameters, with overflow reported as `.tooLarge`.
    private static func checkedParameterTotal(_ specs: [any LayerSpec], fanIns: [Int], limit: Int) throws -> Int {
        var total = 0
        for (spec, fanIn) in zip(specs, fanIns) {
            guard let layer = spec.parameterCount(fanIn: fanIn) else { throw NeuralError.tooLarge(elements: Int.max, limit: limit) }
            let (sum, overflow) = total.addingReportingOverflow(layer)
            guard !overflow else { throw NeuralError.tooLarge(elements: Int.max, limit: limit) }
            total = sum
        }
        return total
    }
}
