/// What a layer written in the language means before a model exists:
/// `dense(128, relu, input: 784)` or `dropout(0.2)`. `SequentialModel.build`
/// turns a list of specs into layers.
public protocol LayerSpec: Sendable {
    /// How a learner writes it: `dense(128, relu, input: 784)`, `dropout(0.2)`.
    var source: String { get }
    /// The input size the learner declared (`input: 784`), if any.
    var inputSize: Int? { get }
    /// How many numbers come out for `inputSize` numbers in.
    func outputSize(inputSize: Int) -> Int
    /// Weights and biases the layer will have for `fanIn` inputs; `nil` when
    /// the count overflows an Int.
    func parameterCount(fanIn: Int) -> Int?
    /// Throws `.invalidArgument` when the layer cannot stand at `index` of a
    /// model of `count` layers (dropout cannot be the first or the last).
    func checkPlace(index: Int, count: Int) throws
    /// The layer, its weights drawn from `generator`.
    func makeLayer(fanIn: Int, generator: inout SeededGenerator) -> any Layer
}

/// One layer of a `SequentialModel`: what it computes, forward and backward,
/// what it learns, how `summary` shows it and how a model file holds it.
///
/// Each layer is written twice, on purpose:
///
/// - `forward(_:parameters:training:generator:)`, on `NDArray`, is the
///   reference: the maths as a student reads it, forward and backward side by
///   side, with no BLAS (see `ReferenceTraining`).
/// - `makeKernel(_:)` is the fast path, on raw Float32 buffers with CBLAS,
///   which `train`, `evaluate` and `predict` run (see `Workspace`).
///
/// The tests train the same seeded model both ways and compare.
public protocol Layer: Sendable {
    /// The Keras type name, "Dense" or "Dropout"; `summary` names layers
    /// after it ("dense", "dense_1", "dropout", …).
    var kind: String { get }
    /// How many numbers come in.
    var fanIn: Int { get }
    /// How many numbers come out.
    var outputSize: Int { get }
    /// How many numbers training changes.
    var parameterCount: Int { get }
    /// The layer's spec, as the learner could write it again.
    var spec: any LayerSpec { get }
    /// The activation `summary` shows beside the type; `nil` for none.
    var summaryActivation: Activation? { get }

    /// The parameters as arrays, in the order `LayerPass.backward` returns
    /// their gradients: [W, b] for a dense layer, none for dropout.
    var parameters: [NDArray] { get }
    /// The parameters one after the other, each array row-major, as 32-bit
    /// floats: [W b] for a dense layer (`parameterCount` numbers).
    var flatParameters: [Float] { get }
    /// The same layer with `flat` (laid out as `flatParameters`) in place of
    /// its own parameters.
    func replacing(flatParameters flat: [Float]) -> any Layer

    /// The reference forward pass of a batch `x` (one example a row) with the
    /// given parameters, and beside it the closure that takes the gradient back.
    /// `training` is false for prediction and evaluation; `generator` is this
    /// layer's own (dropout draws its mask from it).
    func forward(_ x: NDArray, parameters: [NDArray], training: Bool, generator: inout SeededGenerator) throws -> LayerPass

    /// The fast path's version of this layer (see `LayerKernel`).
    func makeKernel(_ context: KernelContext) -> any LayerKernel
    /// Numbers the fast path's buffers hold per batch row for this layer.
    func kernelFloatsPerRow(training: Bool) -> Int

    /// The layer's entry in a model file.
    var fileEntry: ModelFile.Entry { get }

    /// What `model.layers[i].NAME` can show, in the order a message lists them.
    var attributeNames: [String] { get }
    /// The attribute called `name` (one of `attributeNames`), or nil.
    func attribute(_ name: String) -> LayerAttribute?
    /// What `model.layers[i].NAME = …` can set: a dense layer's weights and
    /// biases, none for dropout.
    var assignableAttributeNames: [String] { get }
    /// The same layer with attribute `name` (one of `assignableAttributeNames`)
    /// set to `value`, which must have the attribute's shape.
    ///
    /// - Throws: `.shapeMismatch(operation: "assign", lhs: the attribute's
    ///   shape, rhs: the value's)`; `.invalidArgument` for a name that cannot
    ///   be set or a number that does not fit a Float32.
    func replacing(_ name: String, with value: NDArray) throws -> any Layer
}

/// A layer's attribute as the language shows it (`model.layers[0].weights`).
public enum LayerAttribute: Sendable, Equatable {
    case number(Double)
    case text(String)
    /// Row-major numbers of this shape: a weight matrix, a bias vector.
    case floats(shape: [Int], values: [Float])
}

/// A forward pass through one layer: its output, and how to send a gradient
/// back through it (micrograd's `_backward`, for a whole batch at once).
public struct LayerPass {
    /// The layer's output, one example a row.
    public let output: NDArray
    /// Given ∂L/∂output, returns ∂L/∂input and ∂L/∂ each parameter, in the
    /// order of `Layer.parameters`.
    public let backward: (NDArray) throws -> (input: NDArray, parameters: [NDArray])

    public init(output: NDArray, backward: @escaping (NDArray) throws -> (input: NDArray, parameters: [NDArray])) {
        self.output = output
        self.backward = backward
    }
}

/// The seed of layer `index`'s own generator for a training run seeded with
/// `seed`: the same on both paths, so dropout drops the same units.
func layerSeed(_ seed: UInt64, index: Int) -> UInt64 {
    seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(index + 1)
}

extension SequentialModel {
    /// Each layer's name as Keras gives it in a fresh session: the type in
    /// lower case, then `_1`, `_2`, … for the second of that type and after.
    public var layerNames: [String] {
        var seen: [String: Int] = [:]
        return layers.map { layer in
            let base = layer.kind.lowercased()
            let n = seen[base, default: 0]
            seen[base] = n + 1
            return n == 0 ? base : "\(base)_\(n)"
        }
    }
}
