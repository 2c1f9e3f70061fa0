/// Every buffer one pass over a batch needs, allocated once per training run
/// (or evaluation) so the batch loop allocates nothing.
///
/// The parameters live in one flat vector, layer by layer [W₁ b₁ W₂ b₂ …], so
/// the optimizer is a single loop over all of them. There are two copies:
/// each optimizer step reads one and writes the other, so the weights from
/// before the last step are still at hand if training diverges.
///
/// Each layer runs as its `LayerKernel` (the seam: `DenseKernel` through
/// CBLAS, `DropoutKernel`). For a batch X (rows×inputs) and dense layers
/// l = 1…L:
///
///     forward   Zₗ = Aₗ₋₁·Wₗ + bₗ,  Aₗ = f(Zₗ)                (A₀ = X)
///     backward  ∂Zₗ = ∂Aₗ ⊙ f′,  ∂Wₗ = Aₗ₋₁ᵀ·∂Zₗ,  ∂bₗ = Σ_rows ∂Zₗ,
///               ∂Aₗ₋₁ = ∂Zₗ·Wₗᵀ  (not needed for l = 1)
///
/// ∂Z_L comes from `Loss.score`, so the output layer (always dense) keeps
/// Z_L beside A_L for the fused losses.
final class Workspace {
    let kernels: [any LayerKernel]
    /// The output layer's activation and units, for the loss.
    let outputActivation: Activation
    let outputUnits: Int
    /// The most rows a batch may have.
    let capacity: Int
    let parameterCount: Int
    /// Where each layer's parameters start in the flat vector, and how many.
    private let slices: [(offset: Int, count: Int)]
    private var parameters: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>)
    /// 0 or 1: which copy holds the current weights.
    private(set) var current = 0
    let gradients: UnsafeMutablePointer<Float>
    /// Whether `gradients` holds zeros (fresh, or cleared by the optimizer),
    /// so `backward` can add into it rather than overwrite it.
    var gradientsAreZero = true
    /// What each layer read in the last forward pass (layer l reads layer
    /// l − 1's output; the first reads the batch).
    private var inputs: [UnsafePointer<Float>]
    /// The output layer's values after the last forward pass.
    private(set) var lastOutputs: UnsafePointer<Float>
    /// Z_L, the output layer's pre-activations.
    private let logits: UnsafeMutablePointer<Float>
    /// log Σⱼ e^zⱼ of each row of Z_L, left by a softmax output layer for the
    /// cross-entropy (`Kernels.softmaxRow` computes it anyway).
    private let logSumExp: UnsafeMutablePointer<Float>
    private let pool: BufferPool

    init(model: SequentialModel, capacity: Int, keepsGradients: Bool = true, seed: UInt64 = 0) {
        BLASThreads.useOne()
        var slices: [(offset: Int, count: Int)] = []
        var offset = 0
        for layer in model.layers {
            slices.append((offset, layer.parameterCount))
            offset += layer.parameterCount
        }
        self.slices = slices
        self.capacity = capacity
        parameterCount = offset
        outputActivation = model.outputActivation
        outputUnits = model.outputSize
        let pool = BufferPool()
        self.pool = pool
        let buffer: (Int) -> UnsafeMutablePointer<Float> = pool.make
        let first = buffer(offset)
        parameters = (first, keepsGradients ? buffer(offset) : first)
        gradients = keepsGradients ? buffer(offset) : first
        // Z_L and its log-sum-exp are staggered as if made after two buffers per
        // layer, as they were before layers made their own: batch-32 training
        // measured −3.2 % against the old binary this way, −5.0 % without.
        let after = 3 + 2 * model.layers.count
        let logits = pool.make(capacity * model.outputSize, slot: after), logSumExp = pool.make(capacity, slot: after + 1)
        self.logits = logits
        self.logSumExp = logSumExp
        let last = model.layers.count - 1
        kernels = model.layers.enumerated().map { l, layer in
            layer.makeKernel(KernelContext(
                capacity: capacity, keepsGradients: keepsGradients, offset: slices[l].offset,
                logits: l == last ? (logits, logSumExp) : nil, seed: layerSeed(seed, index: l), pool: pool))
        }
        inputs = Array(repeating: UnsafePointer(first), count: model.layers.count)
        lastOutputs = UnsafePointer(first)
        for (slice, layer) in zip(slices, model.layers) {
            layer.flatParameters.withUnsafeBufferPointer { p in
                if let base = p.baseAddress { (first + slice.offset).update(from: base, count: p.count) }
            }
        }
    }

    /// The current weights.
    var weights: UnsafeMutablePointer<Float> { current == 0 ? parameters.0 : parameters.1 }
    /// The other copy: the weights before the last optimizer step.
    var previousWeights: UnsafeMutablePointer<Float> { current == 0 ? parameters.1 : parameters.0 }

    /// Makes the other copy current (after the optimizer wrote into it).
    func swapWeights() { current = 1 - current }

    /// The most numbers the per-row buffers of one workspace may hold (2²⁸
    /// Floats, 1 GiB), so a huge batch fails with an error instead of
    /// exhausting memory.
    static let bufferLimit = 1 << 28

    /// Numbers each batch row needs: every layer's buffers (its output, and
    /// its gradient when training), the output layer's pre-activations and
    /// their log-sum-exp.
    static func floatsPerRow(_ model: SequentialModel, gradients: Bool) -> Int {
        model.layers.reduce(0) { $0 + $1.kernelFloatsPerRow(training: gradients) } + model.outputSize + 1
    }

    /// The bytes a workspace of `capacity` rows holds: the parameters (twice,
    /// and their gradients, when training) and every per-row buffer.
    static func bytes(_ model: SequentialModel, capacity: Int, gradients: Bool) -> Int {
        let parameters = model.parameterCount * (gradients ? 3 : 1)
        return (parameters + capacity * floatsPerRow(model, gradients: gradients)) * MemoryLayout<Float>.stride
    }

    /// A workspace, after checking that it fits the session's memory; `extra`
    /// bytes the caller allocates beside it are checked with it. `seed` seeds
    /// each layer's own generator (dropout's masks).
    static func reserved(
        _ model: SequentialModel, capacity: Int, keepsGradients: Bool = true, extra: Int = 0, seed: UInt64 = 0
    ) throws -> Workspace {
        try WorkGuard.reserve(bytes(model, capacity: capacity, gradients: keepsGradients) + extra,
                              for: keepsGradients ? "training's buffers" : "the model's buffers")
        return Workspace(model: model, capacity: capacity, keepsGradients: keepsGradients, seed: seed)
    }

    /// The largest batch, up to `wanted`, whose buffers stay within `bufferLimit`.
    ///
    /// - Throws: `.tooLarge` when not even one row fits.
    static func rowsThatFit(_ model: SequentialModel, wanted: Int, gradients: Bool) throws -> Int {
        let perRow = floatsPerRow(model, gradients: gradients)
        guard perRow <= bufferLimit else { throw NeuralError.tooLarge(elements: perRow, limit: bufferLimit) }
        return max(1, min(wanted, bufferLimit / perRow))
    }

    /// Whether every number in the parameter-sized buffer `p` is finite: the
    /// exponent bits of ±∞ and NaN are all ones.
    func weightsAreFinite(_ p: UnsafePointer<Float>) -> Bool {
        var bad: UInt32 = 0
        let bits = UnsafeRawPointer(p).assumingMemoryBound(to: UInt32.self)
        for i in 0..<parameterCount { bad |= (bits[i] & 0x7F80_0000) == 0x7F80_0000 ? 1 : 0 }
        return bad == 0
    }

    /// Writes the weights at `p` back into the model's layers.
    func store(_ p: UnsafePointer<Float>, into model: inout SequentialModel) {
        for (index, slice) in slices.enumerated() where slice.count > 0 {
            let flat = Array(UnsafeBufferPointer(start: p + slice.offset, count: slice.count))
            model.layers[index] = model.layers[index].replacing(flatParameters: flat)
        }
    }

    /// Runs the batch x (rows×inputs, rows ≤ capacity) through every layer;
    /// `training` turns dropout on.
    func forward(_ x: UnsafePointer<Float>, rows: Int, training: Bool) {
        let w = UnsafePointer(weights)
        var input = x
        for (l, kernel) in kernels.enumerated() {
            inputs[l] = input
            input = kernel.forward(input, rows: rows, weights: w, training: training)
        }
        lastOutputs = input
    }

    /// Scores the last forward pass; with `gradient`, also leaves ∂Z_L in place
    /// for `backward`.
    func score(_ loss: Loss, labels: UnsafePointer<Int32>, rows: Int, gradient: Bool) -> BatchScore {
        guard let last = kernels.last else { return BatchScore(lossSum: 0, correct: 0) }
        return Loss.score(
            loss, activation: outputActivation, logits: logits, logSumExp: logSumExp, outputs: lastOutputs,
            labels: labels, rows: rows, units: outputUnits, delta: gradient ? last.delta : nil)
    }

    /// Fills `gradients` with ∂(mean batch loss)/∂parameters, from ∂Z_L that
    /// `score(…, gradient: true)` left, layer by layer from the output back.
    /// Uses the current weights.
    ///
    /// Over zeroed gradients the weight gradients are accumulated (beta = 1),
    /// which spares BLAS a pass that zeroes them; 0 + x is x, so the numbers
    /// are the same either way.
    func backward(rows: Int) {
        let w = UnsafePointer(weights)
        let accumulate = gradientsAreZero
        gradientsAreZero = false
        for l in stride(from: kernels.count - 1, through: 0, by: -1) {
            kernels[l].backward(
                inputs[l], rows: rows, weights: w, gradients: gradients, accumulate: accumulate,
                inputDelta: l > 0 ? kernels[l - 1].delta : nil)
        }
    }
}

extension SequentialModel {
    /// The mean loss of one batch and its gradient with respect to every
    /// parameter, flat as [W₁ b₁ W₂ b₂ …] (each W row-major fanIn×units):
    /// one forward and one backward pass, no update. For gradient checks.
    ///
    /// - Throws: `.invalidArgument` when `x` is not labels.count rows of
    ///   `inputSize`, or the labels do not fit `loss` (as `train`).
    func lossAndGradient(x: [Float], labels: [Int32], loss: Loss) throws -> (loss: Double, gradient: [Float]) {
        let rows = labels.count
        let data = try Dataset(
            name: "batch", featureCount: inputSize, classCount: Int(labels.max() ?? 0) + 1,
            features: .floats(x), labels: labels)
        try checkFits(data, loss: loss)
        guard try Workspace.rowsThatFit(self, wanted: rows, gradients: true) == rows else {
            throw NeuralError.tooLarge(elements: rows * Workspace.floatsPerRow(self, gradients: true), limit: Workspace.bufferLimit)
        }
        let work = try Workspace.reserved(self, capacity: rows)
        return x.withUnsafeBufferPointer { xs in
            labels.withUnsafeBufferPointer { ys in
                guard let input = xs.baseAddress, let y = ys.baseAddress else { return (0, []) }
                work.forward(input, rows: rows, training: true)
                let score = work.score(loss, labels: y, rows: rows, gradient: true)
                work.backward(rows: rows)
                let gradient = Array(UnsafeBufferPointer(start: work.gradients, count: work.parameterCount))
                return (score.lossSum / Double(rows), gradient)
            }
        }
    }
}
