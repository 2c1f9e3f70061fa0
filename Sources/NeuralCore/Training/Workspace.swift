/// Every buffer one pass over a batch needs, allocated once per training run
/// (or evaluation) so the batch loop allocates nothing.
///
/// The parameters live in one flat vector, layer by layer [W₁ b₁ W₂ b₂ …], so
/// the optimizer is a single loop over all of them. There are two copies:
/// each optimizer step reads one and writes the other, so the weights from
/// before the last step are still at hand if training diverges.
///
/// For a batch X (rows×inputs) and layers l = 1…L:
///
///     forward   Zₗ = Aₗ₋₁·Wₗ + bₗ,  Aₗ = f(Zₗ)                (A₀ = X)
///     backward  ∂Wₗ = Aₗ₋₁ᵀ·∂Zₗ,  ∂bₗ = Σ_rows ∂Zₗ,
///               ∂Aₗ₋₁ = ∂Zₗ·Wₗᵀ,  ∂Zₗ₋₁ = ∂Aₗ₋₁ ⊙ f′  (not needed for l = 1)
///
/// ∂Z_L comes from `Loss.score`. Hidden layers keep only Aₗ (each f′ is
/// written in terms of its output); the output layer keeps Z_L too, for the
/// fused losses.
final class Workspace {
    struct Shape {
        let fanIn: Int
        let units: Int
        let activation: Activation
        /// Where Wₗ starts in the flat parameter vector; bₗ follows it.
        let offset: Int
        var biasOffset: Int { offset + fanIn * units }
    }

    let shapes: [Shape]
    /// The most rows a batch may have.
    let capacity: Int
    let parameterCount: Int
    private var parameters: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>)
    /// 0 or 1: which copy holds the current weights.
    private(set) var current = 0
    let gradients: UnsafeMutablePointer<Float>
    /// Whether `gradients` holds zeros (fresh, or cleared by the optimizer),
    /// so `backward` can add into it rather than overwrite it.
    var gradientsAreZero = true
    /// Aₗ for each layer, capacity×units.
    private let outputs: [UnsafeMutablePointer<Float>]
    /// ∂Zₗ for each layer, capacity×units.
    private let deltas: [UnsafeMutablePointer<Float>]
    /// Z_L, the output layer's pre-activations.
    private let logits: UnsafeMutablePointer<Float>
    /// log Σⱼ e^zⱼ of each row of Z_L, left by a softmax output layer for the
    /// cross-entropy (`Kernels.softmaxRow` computes it anyway).
    private let logSumExp: UnsafeMutablePointer<Float>
    private let pool: BufferPool

    init(model: SequentialModel, capacity: Int, keepsGradients: Bool = true) {
        _ = blasSetUp
        var shapes: [Shape] = []
        var offset = 0
        for layer in model.layers {
            shapes.append(Shape(fanIn: layer.fanIn, units: layer.units, activation: layer.activation, offset: offset))
            offset += layer.parameterCount
        }
        self.shapes = shapes
        self.capacity = capacity
        parameterCount = offset
        let pool = BufferPool()
        self.pool = pool
        let buffer = pool.make
        let first = buffer(offset)
        parameters = (first, keepsGradients ? buffer(offset) : first)
        gradients = keepsGradients ? buffer(offset) : first
        outputs = shapes.map { buffer(capacity * $0.units) }
        deltas = keepsGradients ? shapes.map { buffer(capacity * $0.units) } : []
        logits = buffer(capacity * (shapes.last?.units ?? 1))
        logSumExp = buffer(capacity)
        for (shape, layer) in zip(shapes, model.layers) {
            layer.weights.withUnsafeBufferPointer { w in
                if let base = w.baseAddress { (first + shape.offset).update(from: base, count: w.count) }
            }
            layer.biases.withUnsafeBufferPointer { b in
                if let base = b.baseAddress { (first + shape.biasOffset).update(from: base, count: b.count) }
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

    /// Numbers each batch row needs: every layer's output, its gradient when
    /// training, the output layer's pre-activations and their log-sum-exp.
    static func floatsPerRow(_ model: SequentialModel, gradients: Bool) -> Int {
        let units = model.layers.reduce(0) { $0 + $1.units }
        return units * (gradients ? 2 : 1) + model.outputSize + 1
    }

    /// The bytes a workspace of `capacity` rows holds: the parameters (twice,
    /// and their gradients, when training) and every per-row buffer.
    static func bytes(_ model: SequentialModel, capacity: Int, gradients: Bool) -> Int {
        let parameters = model.parameterCount * (gradients ? 3 : 1)
        return (parameters + capacity * floatsPerRow(model, gradients: gradients)) * MemoryLayout<Float>.stride
    }

    /// A workspace, after checking that it fits the session's memory; `extra`
    /// bytes the caller allocates beside it are checked with it.
    static func reserved(_ model: SequentialModel, capacity: Int, keepsGradients: Bool = true, extra: Int = 0) throws -> Workspace {
        try WorkGuard.reserve(bytes(model, capacity: capacity, gradients: keepsGradients) + extra,
                              for: keepsGradients ? "training's buffers" : "the model's buffers")
        return Workspace(model: model, capacity: capacity, keepsGradients: keepsGradients)
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
        for (index, shape) in shapes.enumerated() {
            model.layers[index].weights.withUnsafeMutableBufferPointer { w in
                w.baseAddress?.update(from: p + shape.offset, count: w.count)
            }
            model.layers[index].biases.withUnsafeMutableBufferPointer { b in
                b.baseAddress?.update(from: p + shape.biasOffset, count: b.count)
            }
        }
    }

    /// Runs the batch x (rows×inputs, rows ≤ capacity) through every layer.
    func forward(_ x: UnsafePointer<Float>, rows: Int) {
        let w = weights
        var input = x
        for (l, shape) in shapes.enumerated() {
            let isLast = l == shapes.count - 1
            let z = isLast ? logits : outputs[l]
            Kernels.gemm(
                transA: false, transB: false, m: rows, n: shape.units, k: shape.fanIn,
                a: input, lda: shape.fanIn, b: w + shape.offset, ldb: shape.units, beta: 0, c: z, ldc: shape.units)
            Kernels.activate(
                shape.activation, z: z, bias: w + shape.biasOffset, out: outputs[l], rows: rows, units: shape.units,
                logSumExp: isLast ? logSumExp : nil)
            input = UnsafePointer(outputs[l])
        }
    }

    /// Scores the last forward pass; with `gradient`, also leaves ∂Z_L in place
    /// for `backward`.
    func score(_ loss: Loss, labels: UnsafePointer<Int32>, rows: Int, gradient: Bool) -> BatchScore {
        guard let last = shapes.last else { return BatchScore(lossSum: 0, correct: 0) }
        return Loss.score(
            loss, activation: last.activation, logits: logits, logSumExp: logSumExp, outputs: outputs[shapes.count - 1],
            labels: labels, rows: rows, units: last.units, delta: gradient ? deltas[shapes.count - 1] : nil)
    }

    /// Fills `gradients` with ∂(mean batch loss)/∂parameters, from ∂Z_L that
    /// `score(…, gradient: true)` left. Uses the current weights.
    ///
    /// Over zeroed gradients the weight gradients are accumulated (beta = 1),
    /// which spares BLAS a pass that zeroes them; 0 + x is x, so the numbers
    /// are the same either way.
    func backward(_ x: UnsafePointer<Float>, rows: Int) {
        let w = weights
        let beta: Float = gradientsAreZero ? 1 : 0
        gradientsAreZero = false
        for l in stride(from: shapes.count - 1, through: 0, by: -1) {
            let shape = shapes[l]
            let input = l == 0 ? x : UnsafePointer(outputs[l - 1])
            Kernels.gemm(
                transA: true, transB: false, m: shape.fanIn, n: shape.units, k: rows,
                a: input, lda: shape.fanIn, b: deltas[l], ldb: shape.units,
                beta: beta, c: gradients + shape.offset, ldc: shape.units)
            Kernels.columnSums(deltas[l], rows: rows, units: shape.units, out: gradients + shape.biasOffset)
            guard l > 0 else { break }
            Kernels.gemm(
                transA: false, transB: true, m: rows, n: shape.fanIn, k: shape.units,
                a: deltas[l], lda: shape.units, b: w + shape.offset, ldb: shape.units,
                beta: 0, c: deltas[l - 1], ldc: shape.fanIn)
            Kernels.backpropagate(
                shapes[l - 1].activation, outputs: outputs[l - 1], delta: deltas[l - 1], rows: rows, units: shape.fanIn)
        }
    }

    /// The output layer's values for the last forward pass, rows×units.
    var lastOutputs: UnsafePointer<Float> { UnsafePointer(outputs[shapes.count - 1]) }
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
                work.forward(input, rows: rows)
                let score = work.score(loss, labels: y, rows: rows, gradient: true)
                work.backward(input, rows: rows)
                let gradient = Array(UnsafeBufferPointer(start: work.gradients, count: work.parameterCount))
                return (score.lossSum / Double(rows), gradient)
            }
        }
    }
}
