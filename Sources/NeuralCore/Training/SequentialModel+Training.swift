import Dispatch

extension SequentialModel {
    /// Trains the model on `data`, as Keras's `model.fit(x, y, epochs:, batch_size:)`.
    ///
    /// Each epoch visits the examples in a fresh order drawn from
    /// `options.shuffleSeed`, in batches of `options.batchSize` (the last one
    /// keeps the remainder). For each batch: forward pass, mean loss over the
    /// batch, backward pass, one optimizer step. The same model, data and
    /// options give bit-identical weights on every machine.
    ///
    /// - `progress` is called after every batch with running figures.
    /// - `isCancelled` is checked before every batch; when it returns `true`
    ///   training stops and the model keeps the weights of the last complete
    ///   batch (`cancelled` is set).
    /// - When a batch's loss is NaN or infinite the step is not taken, training
    ///   stops, and the model keeps the weights of the last good batch
    ///   (`divergedAt` says where); a smaller learning rate usually helps.
    ///
    /// - Throws: `.invalidArgument` when the data does not fit the model (a
    ///   different number of features, a label with no output unit, a loss
    ///   the output layer cannot produce) or an option is out of range.
    public mutating func train(
        on data: Dataset, options: TrainingOptions,
        progress: (TrainingProgress) -> Void = { _ in }, isCancelled: () -> Bool = { false }
    ) throws -> TrainingResult {
        guard options.epochs >= 0 else {
            throw NeuralError.invalidArgument("epochs must be 0 or more, got \(options.epochs)")
        }
        guard options.batchSize >= 1 else {
            throw NeuralError.invalidArgument("the batch size must be at least 1, got \(options.batchSize)")
        }
        try options.optimizer.validate()
        let loss = resolvedLoss(options.loss)
        try checkFits(data, loss: loss)

        let n = data.count
        let batchSize = min(options.batchSize, n)
        guard try Workspace.rowsThatFit(self, wanted: batchSize, gradients: true) == batchSize else {
            let need = Workspace.floatsPerRow(self, gradients: true)
            throw NeuralError.invalidArgument(
                "a batch of \(batchSize) needs \(need) numbers per example for the layer outputs and their gradients, "
                    + "more than \(Workspace.bufferLimit) in all; use a batch size of at most \(Workspace.bufferLimit / need)")
        }
        let batches = (n + batchSize - 1) / batchSize
        // Beside the workspace: the optimizer's two moments, the weights written
        // back into the model, the shuffled order and two batch buffers.
        let extra = 3 * parameterCount * MemoryLayout<Float>.stride + n * MemoryLayout<Int>.stride
            + 2 * batchSize * (data.featureCount + 1) * MemoryLayout<Float>.stride
        let work = try Workspace.reserved(self, capacity: batchSize, extra: extra, seed: options.shuffleSeed)
        let optimizer = OptimizerState(optimizer: options.optimizer, count: work.parameterCount)
        var generator = SeededGenerator(seed: options.shuffleSeed)
        var order = Array(0..<n)
        // Two batch buffers, so the short last batch does not reallocate.
        let full = BatchBuffer(rows: batchSize, features: data.featureCount)
        let short = BatchBuffer(rows: n - (batches - 1) * batchSize, features: data.featureCount)

        var history: [EpochRecord] = []
        var cancelled = false
        var divergedAt: (epoch: Int, batch: Int)?
        var last = (epoch: 1, batch: 1)
        epochs: for epoch in stride(from: 1, through: options.epochs, by: 1) {
            if options.shuffle { TrainingOrder.shuffle(&order, using: &generator) }
            let start = DispatchTime.now().uptimeNanoseconds
            var lossSum = 0.0
            var correct = 0
            var seen = 0
            for batch in 1...batches {
                if isCancelled() {
                    cancelled = true
                    break epochs
                }
                last = (epoch, batch)
                let lo = (batch - 1) * batchSize
                let hi = min(lo + batchSize, n)
                let score: BatchScore? = hi - lo == batchSize
                    ? full.step(work, data: data, indices: order[lo..<hi], loss: loss, optimizer: optimizer)
                    : short.step(work, data: data, indices: order[lo..<hi], loss: loss, optimizer: optimizer)
                guard let score else {
                    divergedAt = (epoch, batch)
                    break epochs
                }
                lossSum += score.lossSum
                correct += score.correct
                seen += hi - lo
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                let report = TrainingProgress(
                    epoch: epoch, epochs: options.epochs, batch: batch, batches: batches,
                    loss: lossSum / Double(seen), accuracy: Double(correct) / Double(seen),
                    elapsed: elapsed, remaining: elapsed / Double(batch) * Double(batches - batch),
                    epochFinished: batch == batches)
                progress(report)
                if batch == batches { history.append(EpochRecord(loss: report.loss, accuracy: report.accuracy)) }
            }
        }
        // A finite loss can still come with a NaN gradient: then the weights
        // just written are not finite, and the copy before that step is kept.
        var kept = work.weights
        if !work.weightsAreFinite(kept), optimizer.steps > 0 {
            kept = work.previousWeights
            if divergedAt == nil { divergedAt = last }
        }
        work.store(kept, into: &self)
        return TrainingResult(history: history, cancelled: cancelled, divergedAt: divergedAt)
    }

    /// Scores the model on `data` without changing it, as Keras's
    /// `model.evaluate`: the mean per-example loss and the accuracy.
    ///
    /// - Throws: as `train`, and `.invalidArgument` for a batch size below 1.
    public func evaluate(on data: Dataset, loss: Loss? = nil, batchSize: Int = 256) throws -> Evaluation {
        guard batchSize >= 1 else {
            throw NeuralError.invalidArgument("the batch size must be at least 1, got \(batchSize)")
        }
        let loss = resolvedLoss(loss)
        try checkFits(data, loss: loss)
        var lossSum = 0.0
        var correct = 0
        try forEachBatch(of: data, batchSize: batchSize) { work, labels, rows in
            let score = work.score(loss, labels: labels, rows: rows, gradient: false)
            lossSum += score.lossSum
            correct += score.correct
        }
        let n = Double(data.count)
        return Evaluation(loss: lossSum / n, accuracy: Double(correct) / n, count: data.count)
    }

    /// The model's outputs for `count` examples laid out row by row in `x`
    /// (count × inputSize numbers): count × outputSize numbers, row by row —
    /// probabilities after softmax or sigmoid.
    ///
    /// - Throws: `.invalidArgument` when `x` does not hold `count` examples.
    public func predict(_ x: [Float], count: Int) throws -> [Float] {
        guard count >= 0, x.count == count * inputSize else {
            throw NeuralError.invalidArgument(
                "predict got \(x.count) numbers, but \(count) examples of \(inputSize) inputs need \(max(count, 0) * inputSize)")
        }
        guard count > 0 else { return [] }
        let chunk = try Workspace.rowsThatFit(self, wanted: min(count, 256), gradients: false)
        let work = try Workspace.reserved(self, capacity: chunk, keepsGradients: false, extra: count * outputSize * MemoryLayout<Float>.stride)
        let units = outputSize
        var result = [Float](repeating: 0, count: count * units)
        x.withUnsafeBufferPointer { xs in
            result.withUnsafeMutableBufferPointer { out in
                guard let input = xs.baseAddress, let output = out.baseAddress else { return }
                var lo = 0
                while lo < count {
                    let rows = min(chunk, count - lo)
                    work.forward(input + lo * inputSize, rows: rows, training: false)
                    (output + lo * units).update(from: work.lastOutputs, count: rows * units)
                    lo += rows
                }
            }
        }
        return result
    }

    /// How often each true class (row) was predicted as each class (column):
    /// `matrix[t][p]`. The rows add up to the class counts and the whole
    /// matrix to `data.count`; the diagonal holds the correct answers.
    /// One output unit predicts class 1 above 0.5; more units predict the
    /// largest. The matrix is square, with max(classes, predictable classes) rows.
    ///
    /// - Throws: `.invalidArgument` when the feature counts differ.
    public func confusionMatrix(on data: Dataset) throws -> [[Int]] {
        try checkFeatures(data)
        let size = max(data.classCount, outputSize == 1 ? 2 : outputSize)
        var matrix = [[Int]](repeating: [Int](repeating: 0, count: size), count: size)
        let units = outputSize
        try forEachBatch(of: data, batchSize: 256) { work, labels, rows in
            for r in 0..<rows {
                let predicted = Kernels.predictedClass(work.lastOutputs + r * units, units: units)
                let actual = Int(labels[r])
                if actual >= 0, actual < size, predicted < size { matrix[actual][predicted] += 1 }
            }
        }
        return matrix
    }

    /// The loss `train` and `evaluate` use when given `loss`: `loss` itself if
    /// not nil, otherwise Keras-style from the output layer — sparse
    /// categorical cross-entropy after softmax, binary cross-entropy after a
    /// single sigmoid unit, mean squared error for anything else.
    public func resolvedLoss(_ loss: Loss?) -> Loss {
        if let loss { return loss }
        guard !layers.isEmpty else { return .meanSquaredError }
        if outputActivation == .softmax { return .sparseCategoricalCrossEntropy }
        if outputActivation == .sigmoid, outputSize == 1 { return .binaryCrossEntropy }
        return .meanSquaredError
    }

    /// Runs the model forward over `data` in order, handing each batch's
    /// workspace, labels and row count to `body`. Batches shrink if needed to
    /// keep the buffers within `Workspace.bufferLimit`.
    private func forEachBatch(
        of data: Dataset, batchSize: Int, _ body: (Workspace, UnsafePointer<Int32>, Int) -> Void
    ) throws {
        let n = data.count
        guard n > 0 else { return }
        let capacity = try Workspace.rowsThatFit(self, wanted: min(batchSize, n), gradients: false)
        let extra = n * MemoryLayout<Int>.stride + capacity * (data.featureCount + 1) * MemoryLayout<Float>.stride
        let work = try Workspace.reserved(self, capacity: capacity, keepsGradients: false, extra: extra)
        let all = Array(0..<n)
        var x: [Float] = []
        var y: [Int32] = []
        var lo = 0
        while lo < n {
            let hi = min(lo + capacity, n)
            data.batch(all[lo..<hi], x: &x, y: &y)
            x.withUnsafeBufferPointer { xs in
                y.withUnsafeBufferPointer { ys in
                    guard let input = xs.baseAddress, let labels = ys.baseAddress else { return }
                    work.forward(input, rows: hi - lo, training: false)
                    body(work, labels, hi - lo)
                }
            }
            lo = hi
        }
    }

    private func checkFeatures(_ data: Dataset) throws {
        guard data.featureCount == inputSize else {
            throw NeuralError.invalidArgument(
                "the model expects \(inputSize) inputs but the data has \(data.featureCount) features")
        }
    }

    /// Checks that `data` can be scored with `loss` by this model.
    func checkFits(_ data: Dataset, loss: Loss) throws {
        try checkFeatures(data)
        guard data.count > 0 else {
            throw NeuralError.invalidArgument("the data set \(data.name) has no examples")
        }
        guard !layers.isEmpty else { return }
        let last = (activation: outputActivation, units: outputSize)
        switch loss {
        case .sparseCategoricalCrossEntropy where last.activation != .softmax:
            throw NeuralError.invalidArgument(
                "sparse_categorical_crossentropy needs a softmax output layer (its outputs are class probabilities), "
                    + "but the last layer uses \(last.activation.rawValue)")
        case .binaryCrossEntropy where last.activation != .sigmoid:
            throw NeuralError.invalidArgument(
                "binary_crossentropy needs a sigmoid output layer (each output a probability), "
                    + "but the last layer uses \(last.activation.rawValue)")
        default:
            break
        }
        let largest = Int(data.labels.max() ?? 0)
        if last.units == 1, loss != .sparseCategoricalCrossEntropy {
            if loss == .binaryCrossEntropy, largest > 1 {
                throw NeuralError.invalidArgument(
                    "binary_crossentropy with one output unit needs labels 0 and 1, but the data has label \(largest)")
            }
        } else if largest >= last.units {
            throw NeuralError.invalidArgument(
                "the data has label \(largest) but the last layer has \(last.units) units (classes 0…\(last.units - 1)); "
                    + "it needs at least \(largest + 1)")
        }
    }
}

/// The order examples are visited in.
enum TrainingOrder {
    /// Fisher–Yates shuffle of `order` in place: for i from the end down to 1,
    /// swap element i with a uniformly drawn j in 0…i. j is the high word of
    /// next()·(i + 1), which depends only on the 64-bit generator, so the
    /// order is the same on every machine (unlike the standard library's
    /// `shuffle(using:)`, whose algorithm may change).
    static func shuffle(_ order: inout [Int], using generator: inout SeededGenerator) {
        var i = order.count - 1
        while i > 0 {
            let j = Int(generator.next().multipliedFullWidth(by: UInt64(i + 1)).high)
            order.swapAt(i, j)
            i -= 1
        }
    }
}
