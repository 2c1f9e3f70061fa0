import Foundation

/// Training as a student reads it: the maths of `train(on:options:)`, step
/// by step, on `NDArray` in Double, with no BLAS and no buffers.
///
///     for each batch:
///         forward    a = x; for each layer: a = layer(a), remembering the way back
///         loss       L = mean over the batch of the per-example loss, and ∂L/∂a
///         backward   for each layer, last first: ∂L/∂input and ∂L/∂parameters
///         update     each parameter moves against its gradient (SGD or Adam)
///
/// The fast path (`Workspace`, `LayerKernel`) computes the same numbers in
/// Float32 through CBLAS; the tests train one seeded model both ways and
/// compare. The same seeds shuffle the examples and draw dropout's masks.
public enum ReferenceTraining {
    /// Trains `model` on `data` as `train(on:options:)` does and returns the
    /// mean loss of each epoch (each example scored before its batch's update).
    ///
    /// - Throws: as `train(on:options:)` for data that does not fit the model.
    public static func train(_ model: inout SequentialModel, on data: Dataset, options: TrainingOptions) throws -> [Double] {
        let loss = model.resolvedLoss(options.loss)
        try model.checkFits(data, loss: loss)
        let layers = model.layers
        var parameters = layers.map(\.parameters)
        var generators = layers.indices.map { SeededGenerator(seed: layerSeed(options.shuffleSeed, index: $0)) }
        var optimizer = Step(options.optimizer, parameters: parameters)
        var shuffler = SeededGenerator(seed: options.shuffleSeed)
        var order = Array(0..<data.count)
        var epochLosses: [Double] = []
        for _ in 0..<max(options.epochs, 0) {
            if options.shuffle { TrainingOrder.shuffle(&order, using: &shuffler) }
            var lossSum = 0.0
            for start in stride(from: 0, to: order.count, by: max(options.batchSize, 1)) {
                try WorkGuard.checkpoint()
                let (x, labels) = try batch(data, order[start..<min(start + options.batchSize, order.count)])
                // forward: each layer's output feeds the next; keep each way back
                var a = x
                var passes: [LayerPass] = []
                for (l, layer) in layers.enumerated() {
                    let pass = try layer.forward(a, parameters: parameters[l], training: true, generator: &generators[l])
                    passes.append(pass)
                    a = pass.output
                }
                let (batchLoss, da) = score(loss, outputs: a, labels: labels)
                lossSum += batchLoss * Double(labels.count)
                // backward: the gradient flows from the loss to the first layer
                var gradient = da
                var gradients = [[NDArray]](repeating: [], count: layers.count)
                for l in passes.indices.reversed() {
                    let back = try passes[l].backward(gradient)
                    gradient = back.input
                    gradients[l] = back.parameters
                }
                parameters = optimizer.update(parameters, gradients)
            }
            epochLosses.append(lossSum / Double(data.count))
        }
        model.layers = zip(layers, parameters).map { layer, p in
            layer.replacing(flatParameters: p.flatMap(\.data).map(Float.init))
        }
        return epochLosses
    }

    /// The model's outputs for `x` (one example a row), every layer in
    /// prediction mode (dropout passes everything on).
    public static func predict(_ model: SequentialModel, _ x: NDArray) throws -> NDArray {
        var generator = SeededGenerator(seed: 0)
        var a = x
        for layer in model.layers {
            a = try layer.forward(a, parameters: layer.parameters, training: false, generator: &generator).output
        }
        return a
    }

    /// The examples at `indices` as a matrix, one a row, and their labels.
    static func batch(_ data: Dataset, _ indices: ArraySlice<Int>) throws -> (NDArray, [Int]) {
        var x: [Float] = [], y: [Int32] = []
        data.batch(indices, x: &x, y: &y)
        return (try NDArray(shape: [indices.count, data.featureCount], data: x.map(Double.init)), y.map(Int.init))
    }

    /// The batch's mean loss and its gradient ∂L/∂a with respect to the
    /// output layer's outputs a (one row per example, t the target of a unit:
    /// the label itself for one unit, else 1 for the label's unit and 0):
    ///
    ///     sparse categorical cross-entropy   L = −log a_y            ∂L/∂a_y = −1/a_y
    ///     binary cross-entropy               L = −mean(t·log a + (1 − t)·log(1 − a))
    ///                                        ∂L/∂a = (a − t) / (a·(1 − a)) / units
    ///     mean squared error                 L = mean((a − t)²)      ∂L/∂a = 2(a − t) / units
    ///
    /// each gradient divided by the batch size, as L is the batch's mean.
    static func score(_ loss: Loss, outputs a: NDArray, labels: [Int]) -> (loss: Double, gradient: NDArray) {
        let rows = labels.count, units = a.count / max(rows, 1)
        var total = 0.0
        var da = [Double](repeating: 0, count: a.count)
        for (r, label) in labels.enumerated() {
            for j in 0..<units {
                let k = r * units + j, p = a.data[k]
                let t: Double = units == 1 ? Double(label) : (j == label ? 1 : 0)
                switch loss {
                case .sparseCategoricalCrossEntropy:
                    guard j == label else { continue }
                    total += -log(p)
                    da[k] = -1 / p / Double(rows)
                case .binaryCrossEntropy:
                    total += -(t * log(p) + (1 - t) * log(1 - p)) / Double(units)
                    da[k] = (p - t) / (p * (1 - p)) / Double(units * rows)
                case .meanSquaredError:
                    total += (p - t) * (p - t) / Double(units)
                    da[k] = 2 * (p - t) / Double(units * rows)
                }
            }
        }
        return (total / Double(rows), NDArray(uncheckedShape: a.shape, data: da))
    }

    /// The optimizer, written out (see `Optimizer` for the formulas), with
    /// its memory: SGD's velocity, or Adam's m and v, one per parameter.
    struct Step {
        let optimizer: Optimizer
        var first: [[[Double]]], second: [[[Double]]]
        var t = 0

        init(_ optimizer: Optimizer, parameters: [[NDArray]]) {
            self.optimizer = optimizer
            first = parameters.map { $0.map { [Double](repeating: 0, count: $0.count) } }
            second = first
        }

        /// Every parameter w moved by its gradient g.
        mutating func update(_ parameters: [[NDArray]], _ gradients: [[NDArray]]) -> [[NDArray]] {
            t += 1
            var out = parameters
            for l in parameters.indices {
                for p in parameters[l].indices {
                    let (w, g) = (parameters[l][p].data, gradients[l][p].data)
                    var new = w
                    for i in w.indices { new[i] = w[i] + change(g[i], l, p, i) }
                    out[l][p] = NDArray(uncheckedShape: parameters[l][p].shape, data: new)
                }
            }
            return out
        }

        /// How far one weight moves for its gradient g.
        private mutating func change(_ g: Double, _ l: Int, _ p: Int, _ i: Int) -> Double {
            switch optimizer {
            case let .sgd(rate, momentum):
                let v = Double(momentum) * first[l][p][i] - Double(rate) * g  // v ← momentum·v − rate·g
                first[l][p][i] = v
                return v  // w ← w + v
            case let .adam(rate, beta1, beta2, epsilon):
                let (b1, b2) = (Double(beta1), Double(beta2))
                let m = b1 * first[l][p][i] + (1 - b1) * g  // m ← β1·m + (1 − β1)·g
                let v = b2 * second[l][p][i] + (1 - b2) * g * g  // v ← β2·v + (1 − β2)·g²
                first[l][p][i] = m
                second[l][p][i] = v
                let rateT = Double(rate) * (1 - pow(b2, Double(t))).squareRoot() / (1 - pow(b1, Double(t)))
                return -rateT * m / (v.squareRoot() + Double(epsilon))  // w ← w − lr_t·m/(√v + ε)
            }
        }
    }
}
