/// What `dropout(0.2)` means before a model exists: the fraction of the
/// previous layer's outputs to drop at each training step.
public struct DropoutSpec: LayerSpec, Equatable {
    /// The fraction p of units set to 0 at each training step, 0 ≤ p < 1.
    public let rate: Double

    /// - Throws: `.invalidArgument` unless 0 ≤ rate < 1 (nan is refused too).
    public init(rate: Double) throws {
        guard rate >= 0, rate < 1 else {
            let whole = rate.isFinite && abs(rate) < 1e15 && rate == rate.rounded()
            throw NeuralError.invalidArgument(
                "the dropout rate is the fraction of units dropped while training, from 0 up to (not including) 1, "
                    + "got \(whole ? String(Int(rate)) : rate.isNaN ? "nan" : "\(rate)")")
        }
        self.rate = rate
    }

    public var source: String { "dropout(\(rate))" }
    public var inputSize: Int? { nil }
    public func outputSize(inputSize: Int) -> Int { inputSize }
    public func parameterCount(fanIn: Int) -> Int? { 0 }

    /// Dropout passes on the layer before it, so it cannot come first (where
    /// the model's input size is declared) nor last (where the loss reads the
    /// output layer's activation).
    public func checkPlace(index: Int, count: Int) throws {
        if index == 0 {
            throw NeuralError.invalidArgument(
                "dropout cannot be the first layer: it drops some of the outputs of the layer before it; "
                    + "put it after a dense layer, e.g. sequential(dense(128, relu, input: 784), dropout(0.2), dense(10, softmax))")
        }
        if index == count - 1 {
            throw NeuralError.invalidArgument(
                "dropout cannot be the last layer: the output layer must be dense, so the loss can read its activation; "
                    + "end with a layer such as dense(10, softmax)")
        }
    }

    public func makeLayer(fanIn: Int, generator: inout SeededGenerator) -> any Layer {
        DropoutLayer(dropoutSpec: self, fanIn: fanIn)
    }
}

/// Inverted dropout (Srivastava et al. 2014, as Keras's `Dropout`): while
/// training, each number is dropped (set to 0) with probability p and every
/// kept one is scaled by 1/(1 − p), so the expected output equals the input;
/// at prediction and evaluation it is the identity. It learns nothing.
public struct DropoutLayer: Layer {
    /// The spec the layer was built from.
    public let dropoutSpec: DropoutSpec
    public let fanIn: Int

    /// The fraction p dropped while training.
    public var rate: Double { dropoutSpec.rate }

    public var kind: String { "Dropout" }
    public var attributeNames: [String] { ["rate", "units"] }
    public func attribute(_ name: String) -> LayerAttribute? {
        switch name {
        case "rate": return .number(rate)
        case "units": return .number(Double(outputSize))
        default: return nil
        }
    }
    public var assignableAttributeNames: [String] { [] }
    public func replacing(_ name: String, with value: NDArray) throws -> any Layer {
        throw NeuralError.invalidArgument("a dropout layer learns nothing, so it has nothing to set; only a dense layer's weights and biases can be assigned")
    }
    public var outputSize: Int { fanIn }
    public var parameterCount: Int { 0 }
    public var summaryActivation: Activation? { nil }
    public var spec: any LayerSpec { dropoutSpec }
    public var parameters: [NDArray] { [] }
    public var flatParameters: [Float] { [] }
    public func replacing(flatParameters flat: [Float]) -> any Layer { self }

    /// Whether to keep one number: a uniform draw of at least p. Both paths
    /// draw through here, one draw per number, row by row, so they drop the
    /// same units.
    @inline(__always)
    static func keeps(_ rate: Double, _ generator: inout SeededGenerator) -> Bool {
        generator.nextUniform() >= rate
    }

    /// The reference forward pass, and beside it its backward pass:
    ///
    ///     forward   m = keep ? 1/(1 − p) : 0   (one draw per number)   y = x ⊙ m
    ///     backward  ∂x = ∂y ⊙ m
    ///
    /// Not training, y = x and ∂x = ∂y.
    public func forward(_ x: NDArray, parameters: [NDArray], training: Bool, generator: inout SeededGenerator) throws -> LayerPass {
        guard training else { return LayerPass(output: x) { dy in (dy, []) } }
        let scale = 1 / (1 - rate)
        var mask = [Double](repeating: 0, count: x.count)
        for i in mask.indices where Self.keeps(rate, &generator) { mask[i] = scale }
        let m = NDArray(uncheckedShape: x.shape, data: mask)
        let y = try NDArray.broadcast(x, m, operation: "*", *)
        return LayerPass(output: y) { dy in (try NDArray.broadcast(dy, m, operation: "*", *), []) }
    }

    public var fileEntry: ModelFile.Entry { .dropout(rate: rate) }
}
