/// What `dense(128, relu, input: 784)` means before a model exists: the layer's
/// size and activation, and for the first layer the size of its input.
public struct DenseSpec: LayerSpec, Equatable {
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

    public var source: String {
        "dense(\(units), \(activation.rawValue)" + (inputSize.map { ", input: \($0)" } ?? "") + ")"
    }

    public func outputSize(inputSize: Int) -> Int { units }

    /// fanIn·units + units, or nil when that overflows.
    public func parameterCount(fanIn: Int) -> Int? {
        let (weights, o1) = fanIn.multipliedReportingOverflow(by: units)
        let (total, o2) = weights.addingReportingOverflow(units)
        return o1 || o2 ? nil : total
    }

    /// A dense layer may stand anywhere.
    public func checkPlace(index: Int, count: Int) throws {}

    public func makeLayer(fanIn: Int, generator: inout SeededGenerator) -> any Layer {
        DenseLayer(spec: self, fanIn: fanIn, generator: &generator)
    }
}

/// A fully connected layer: output = activation(input · W + b).
///
/// W has shape [fanIn, units] and is stored row-major in `weights`, so the
/// weight from input i to neuron j is `weights[i * units + j]`, as in Keras's
/// `kernel`. There are fanIn·units weights and `units` biases.
public struct DenseLayer: Layer {
    /// The spec the layer was built from: units, activation, declared input.
    public let denseSpec: DenseSpec
    /// The actual number of inputs: `inputSize`, or the previous layer's units.
    public let fanIn: Int
    /// W, [fanIn × units] row-major, Glorot-uniform initialized.
    public internal(set) var weights: [Float]
    /// b, one per neuron, initialized to zero.
    public internal(set) var biases: [Float]

    /// The number of neurons (the output size).
    public var units: Int { denseSpec.units }
    /// The function applied to each neuron's weighted sum.
    public var activation: Activation { denseSpec.activation }
    /// The input size the learner declared; `nil` except on the first layer.
    public var inputSize: Int? { denseSpec.inputSize }

    /// Creates a layer with Glorot-uniform weights and zero biases, as Keras's
    /// `Dense` does by default.
    ///
    /// Each weight is drawn uniformly from [−limit, limit) with
    /// limit = √(6 / (fanIn + units)), which keeps the variance of signals
    /// roughly the same going forward and backward through the layer.
    /// The caller has checked that fanIn·units fits its parameter budget.
    init(spec: DenseSpec, fanIn: Int, generator: inout SeededGenerator) {
        let limit = (6.0 / Double(fanIn + spec.units)).squareRoot()
        var weights = [Float](repeating: 0, count: fanIn * spec.units)
        for i in weights.indices {
            weights[i] = Float((2 * generator.nextUniform() - 1) * limit)
        }
        self.init(spec: spec, fanIn: fanIn, weights: weights, biases: [Float](repeating: 0, count: spec.units))
    }

    /// A layer with the given weights (fanIn·units of them) and biases (units).
    init(spec: DenseSpec, fanIn: Int, weights: [Float], biases: [Float]) {
        denseSpec = spec
        self.fanIn = fanIn
        self.weights = weights
        self.biases = biases
    }

    public var kind: String { "Dense" }
    public var attributeNames: [String] { ["weights", "biases", "units", "activation"] }
    public func attribute(_ name: String) -> LayerAttribute? {
        switch name {
        case "weights": return .floats(shape: [fanIn, units], values: weights)
        case "biases": return .floats(shape: [units], values: biases)
        case "units": return .number(Double(units))
        case "activation": return .text(activation.rawValue)
        default: return nil
        }
    }
    public var assignableAttributeNames: [String] { ["weights", "biases"] }
    /// W must be fanIn × units (one row per input, as Keras's kernel), b a vector of `units`.
    public func replacing(_ name: String, with value: NDArray) throws -> any Layer {
        let shape: [Int]
        switch name {
        case "weights": shape = [fanIn, units]
        case "biases": shape = [units]
        default: throw NeuralError.invalidArgument("a dense layer's \(name) cannot be set; only its weights and biases can")
        }
        guard value.shape == shape else { throw NeuralError.shapeMismatch(operation: "assign", lhs: shape, rhs: value.shape) }
        let floats = value.data.map(Float.init)
        guard floats.allSatisfy(\.isFinite) else {
            throw NeuralError.invalidArgument("a layer's \(name) must be finite numbers of at most about 3.4e38 (they are kept as 32-bit floats)")
        }
        return name == "weights" ? DenseLayer(spec: denseSpec, fanIn: fanIn, weights: floats, biases: biases)
            : DenseLayer(spec: denseSpec, fanIn: fanIn, weights: weights, biases: floats)
    }
    public var outputSize: Int { units }
    /// fanIn·units + units: every weight plus every bias.
    public var parameterCount: Int { fanIn * units + units }
    public var summaryActivation: Activation? { activation }
    public var spec: any LayerSpec { denseSpec }

    public var parameters: [NDArray] {
        [NDArray(uncheckedShape: [fanIn, units], data: weights.map(Double.init)), NDArray(vector: biases.map(Double.init))]
    }

    public var flatParameters: [Float] { weights + biases }

    public func replacing(flatParameters flat: [Float]) -> any Layer {
        DenseLayer(spec: denseSpec, fanIn: fanIn, weights: Array(flat.prefix(fanIn * units)),
                   biases: Array(flat.dropFirst(fanIn * units).prefix(units)))
    }

    /// The reference forward pass, and beside it its backward pass:
    ///
    ///     forward   z = x·W + b          a = f(z)
    ///     backward  ∂z = ∂a ⊙ f′(z)      ∂W = xᵀ·∂z   ∂b = Σ_rows ∂z   ∂x = ∂z·Wᵀ
    ///
    /// (softmax's Jacobian is not diagonal; see `Activation.backward`).
    public func forward(_ x: NDArray, parameters: [NDArray], training: Bool, generator: inout SeededGenerator) throws -> LayerPass {
        guard parameters.count == 2 else { throw NeuralError.invalidArgument("a dense layer has two parameters, W and b") }
        let (w, b) = (parameters[0], parameters[1])
        let z = try NDArray.broadcast(NDArray.dot(x, w), b, operation: "+", +)
        let f = activation
        let a = f.apply(to: z)
        return LayerPass(output: a) { da in
            let dz = try f.backward(da, z: z, a: a)
            let dw = try NDArray.dot(x.transposed(), dz)
            let db = dz.columnSums()
            let dx = try NDArray.dot(dz, w.transposed())
            return (dx, [dw, db])
        }
    }

    public var fileEntry: ModelFile.Entry {
        .dense(ModelFile.DenseEntry(units: units, activation: activation, input: inputSize, weights: weights, biases: biases))
    }
}

extension Activation {
    /// ∂L/∂z from ∂L/∂a, for a = f(z) applied row by row: f′(z) element by
    /// element, except softmax (the one activation that is not element-wise),
    /// whose Jacobian is not diagonal: ∂L/∂zᵢ = aᵢ·(∂L/∂aᵢ − Σⱼ ∂L/∂aⱼ·aⱼ), row by row.
    func backward(_ da: NDArray, z: NDArray, a: NDArray) throws -> NDArray {
        guard !descriptor.isElementwise, let width = a.shape.last, width > 0 else {
            return try NDArray.broadcast(da, z.map(derivative), operation: "*", *)
        }
        var dz = [Double](repeating: 0, count: a.count)
        for start in stride(from: 0, to: a.count, by: width) {
            var dot = 0.0
            for j in start..<(start + width) { dot += da.data[j] * a.data[j] }
            for j in start..<(start + width) { dz[j] = a.data[j] * (da.data[j] - dot) }
        }
        return NDArray(uncheckedShape: a.shape, data: dz)
    }
}
