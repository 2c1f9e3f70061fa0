/// The fast path's seam: one object per layer of a `Workspace`, running the
/// layer on raw Float32 buffers (row-major, one example a row) with the
/// buffers it needs allocated once. Each conformer computes what its layer's
/// reference `Layer.forward` computes, which the tests check.
public protocol LayerKernel: AnyObject {
    /// Runs a batch of `rows` through the layer with the parameters at
    /// `weights` (the whole flat vector; the kernel knows its offset) and
    /// returns where its output is.
    func forward(_ input: UnsafePointer<Float>, rows: Int, weights: UnsafePointer<Float>, training: Bool) -> UnsafePointer<Float>
    /// Where the layer after this one (or the loss) writes ∂L/∂output;
    /// nil when the workspace keeps no gradients.
    var delta: UnsafeMutablePointer<Float>? { get }
    /// From ∂L/∂output in `delta`: writes (`accumulate` false) or adds the
    /// parameters' gradients into `gradients` (the whole flat vector), and
    /// ∂L/∂input into `inputDelta` when it is given. `input` is what the last
    /// forward pass read.
    func backward(
        _ input: UnsafePointer<Float>, rows: Int, weights: UnsafePointer<Float>,
        gradients: UnsafeMutablePointer<Float>, accumulate: Bool, inputDelta: UnsafeMutablePointer<Float>?)
}

/// What a layer's kernel is made with: where its buffers come from and
/// where its parameters sit in the workspace's flat vector.
public struct KernelContext {
    /// The most rows a batch may have.
    let capacity: Int
    /// Whether gradients are kept (training) or only outputs (prediction).
    let keepsGradients: Bool
    /// Where the layer's parameters start in the flat parameter vector.
    let offset: Int
    /// Where the output layer leaves its pre-activations and, after softmax,
    /// each row's log Σ e^z for the loss; nil on the other layers.
    let logits: (z: UnsafeMutablePointer<Float>, logSumExp: UnsafeMutablePointer<Float>)?
    /// The seed of the layer's own generator (see `layerSeed`).
    let seed: UInt64
    let pool: BufferPool
}

extension DenseLayer {
    public func makeKernel(_ context: KernelContext) -> any LayerKernel { DenseKernel(self, context) }
    /// Its outputs, and when training their gradients.
    public func kernelFloatsPerRow(training: Bool) -> Int { units * (training ? 2 : 1) }
}

extension DropoutLayer {
    public func makeKernel(_ context: KernelContext) -> any LayerKernel { DropoutKernel(self, context) }
    /// Its outputs, mask and their gradients when training; nothing otherwise.
    public func kernelFloatsPerRow(training: Bool) -> Int { training ? 3 * fanIn : 0 }
}

/// A dense layer through CBLAS (see `Workspace` for the formulas):
/// Z = A·W + b and A = f(Z) forward; ∂Z = ∂A ⊙ f′, ∂W = Aᵀ·∂Z, ∂b = Σ ∂Z,
/// ∂A_in = ∂Z·Wᵀ backward. Hidden layers keep only A (each f′ is written in
/// terms of it); the output layer keeps Z too, and its ∂Z comes straight
/// from the loss.
final class DenseKernel: LayerKernel {
    let fanIn: Int, units: Int, activation: Activation
    let offset: Int
    var biasOffset: Int { offset + fanIn * units }
    let output: UnsafeMutablePointer<Float>
    let delta: UnsafeMutablePointer<Float>?
    let logits: (z: UnsafeMutablePointer<Float>, logSumExp: UnsafeMutablePointer<Float>)?

    init(_ layer: DenseLayer, _ c: KernelContext) {
        fanIn = layer.fanIn
        units = layer.units
        activation = layer.activation
        offset = c.offset
        output = c.pool.make(c.capacity * units)
        delta = c.keepsGradients ? c.pool.make(c.capacity * units) : nil
        logits = c.logits
    }

    func forward(_ input: UnsafePointer<Float>, rows: Int, weights w: UnsafePointer<Float>, training: Bool) -> UnsafePointer<Float> {
        let z = logits?.z ?? output
        Kernels.gemm(
            transA: false, transB: false, m: rows, n: units, k: fanIn,
            a: input, lda: fanIn, b: w + offset, ldb: units, beta: 0, c: z, ldc: units)
        Kernels.activate(activation, z: z, bias: w + biasOffset, out: output, rows: rows, units: units, logSumExp: logits?.logSumExp)
        return UnsafePointer(output)
    }

    func backward(
        _ input: UnsafePointer<Float>, rows: Int, weights w: UnsafePointer<Float>,
        gradients: UnsafeMutablePointer<Float>, accumulate: Bool, inputDelta: UnsafeMutablePointer<Float>?
    ) {
        guard let delta else { return }
        if logits == nil {
            Kernels.backpropagate(activation, outputs: output, delta: delta, rows: rows, units: units)
        }
        Kernels.gemm(
            transA: true, transB: false, m: fanIn, n: units, k: rows,
            a: input, lda: fanIn, b: delta, ldb: units, beta: accumulate ? 1 : 0, c: gradients + offset, ldc: units)
        Kernels.columnSums(delta, rows: rows, units: units, out: gradients + biasOffset)
        guard let inputDelta else { return }
        Kernels.gemm(
            transA: false, transB: true, m: rows, n: fanIn, k: units,
            a: delta, lda: units, b: w + offset, ldb: units, beta: 0, c: inputDelta, ldc: fanIn)
    }
}

/// Inverted dropout on a buffer: the mask holds 1/(1 − p) for a kept number
/// and 0 for a dropped one, drawn per number, row by row, as the reference
/// draws it. Not training, the input passes through untouched.
final class DropoutKernel: LayerKernel {
    let rate: Double, count: Int
    let output: UnsafeMutablePointer<Float>?
    let mask: UnsafeMutablePointer<Float>?
    let delta: UnsafeMutablePointer<Float>?
    private var generator: SeededGenerator

    init(_ layer: DropoutLayer, _ c: KernelContext) {
        rate = layer.rate
        count = layer.fanIn
        output = c.keepsGradients ? c.pool.make(c.capacity * count) : nil
        mask = c.keepsGradients ? c.pool.make(c.capacity * count) : nil
        delta = c.keepsGradients ? c.pool.make(c.capacity * count) : nil
        generator = SeededGenerator(seed: c.seed)
    }

    func forward(_ input: UnsafePointer<Float>, rows: Int, weights: UnsafePointer<Float>, training: Bool) -> UnsafePointer<Float> {
        guard training, let output, let mask else { return input }
        let scale = Float(1 / (1 - rate))
        for i in 0..<(rows * count) {
            mask[i] = DropoutLayer.keeps(rate, &generator) ? scale : 0
            output[i] = input[i] * mask[i]
        }
        return UnsafePointer(output)
    }

    func backward(
        _ input: UnsafePointer<Float>, rows: Int, weights: UnsafePointer<Float>,
        gradients: UnsafeMutablePointer<Float>, accumulate: Bool, inputDelta: UnsafeMutablePointer<Float>?
    ) {
        guard let delta, let mask, let inputDelta else { return }
        for i in 0..<(rows * count) { inputDelta[i] = delta[i] * mask[i] }
    }
}
