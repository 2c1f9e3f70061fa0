import Foundation
@testable import NeuralCore
import XCTest

/// Training end to end on a small 2-D set made here: two Gaussian blobs.
final class TrainingTests: XCTestCase {
    /// `perClass` points around (−1.5, −1.5) labelled 0 and as many around
    /// (1.5, 1.5) labelled 1, σ = 0.6 (Box–Muller from a seeded generator),
    /// interleaved 0, 1, 0, 1, … Linearly separable up to a few outliers.
    private func blobs(perClass: Int = 100, seed: UInt64 = 5) throws -> Dataset {
        var generator = SeededGenerator(seed: seed)
        func gaussian() -> Double {
            let u = max(generator.nextUniform(), 1e-12), v = generator.nextUniform()
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
        var x: [Float] = []
        var y: [Int32] = []
        for _ in 0..<perClass {
            for label in [0, 1] {
                let centre = label == 0 ? -1.5 : 1.5
                x += [Float(centre + 0.6 * gaussian()), Float(centre + 0.6 * gaussian())]
                y.append(Int32(label))
            }
        }
        return try Dataset(name: "blobs", featureCount: 2, classCount: 2, features: .floats(x), labels: y)
    }

    private func classifier(seed: UInt64 = 42) throws -> SequentialModel {
        try SequentialModel.build([
            DenseSpec(units: 8, activation: .relu, inputSize: 2),
            DenseSpec(units: 2, activation: .softmax),
        ], seed: seed)
    }

    private func options(epochs: Int, batchSize: Int = 16) -> TrainingOptions {
        var options = TrainingOptions(epochs: epochs)
        options.batchSize = batchSize
        options.optimizer = .adam(learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7)
        return options
    }

    func testConvergesOnTwoBlobs() throws {
        var model = try classifier()
        let data = try blobs()
        let before = try model.evaluate(on: data)
        let result = try model.train(on: data, options: options(epochs: 10))
        XCTAssertEqual(result.history.count, 10)
        XCTAssertFalse(result.cancelled)
        XCTAssertNil(result.divergedAt)
        XCTAssertLessThan(result.history[9].loss, result.history[0].loss)
        let after = try model.evaluate(on: data)
        XCTAssertEqual(after.count, 200)
        XCTAssertGreaterThanOrEqual(after.accuracy, 0.95)
        XCTAssertLessThan(after.loss, before.loss / 2)
        // A fresh sample from the same blobs is classified as well.
        XCTAssertGreaterThanOrEqual(try model.evaluate(on: blobs(seed: 77)).accuracy, 0.95)
    }

    /// One BLAS thread: OpenBLAS's pool, which spins a core for ~100 ms whenever it starts, is stopped and
    /// stays stopped through training (setting the thread count again would restart it).
    func testTrainingRunsOnOneBLASThreadWithThePoolStopped() throws {
        BLASThreads.useOne()
        guard let running = BLASThreads.poolIsRunning else { throw XCTSkip("this BLAS has no pool to look at") }
        XCTAssertFalse(running)
        var model = try classifier()
        let result = try model.train(on: try blobs(), options: options(epochs: 2))
        XCTAssertEqual(result.history.count, 2)
        XCTAssertEqual(BLASThreads.poolIsRunning, false)
    }

    func testBinaryCrossEntropyWithOneSigmoidUnitConverges() throws {
        var model = try SequentialModel.build([
            DenseSpec(units: 4, activation: .tanh, inputSize: 2),
            DenseSpec(units: 1, activation: .sigmoid),
        ])
        XCTAssertEqual(model.resolvedLoss(nil), .binaryCrossEntropy)
        let data = try blobs()
        _ = try model.train(on: data, options: options(epochs: 10))
        XCTAssertGreaterThanOrEqual(try model.evaluate(on: data).accuracy, 0.95)
        let p = try model.predict([-1.5, -1.5, 1.5, 1.5], count: 2)
        XCTAssertLessThan(p[0], 0.5)
        XCTAssertGreaterThan(p[1], 0.5)
    }

    func testSameSeedSameWeightsOtherSeedDifferentOrder() throws {
        let data = try blobs()
        var a = try classifier(), b = try classifier(), c = try classifier()
        let ra = try a.train(on: data, options: options(epochs: 3))
        let rb = try b.train(on: data, options: options(epochs: 3))
        var other = options(epochs: 3)
        other.shuffleSeed = 7
        _ = try c.train(on: data, options: other)
        XCTAssertEqual(a.denseLayers.map(\.weights), b.denseLayers.map(\.weights))
        XCTAssertEqual(a.denseLayers.map(\.biases), b.denseLayers.map(\.biases))
        XCTAssertEqual(ra.history, rb.history)
        XCTAssertNotEqual(a.denseLayers.map(\.weights), c.denseLayers.map(\.weights))
    }

    func testProgressCountsBatchesAndKeepsTheLastPartialOne() throws {
        var model = try classifier()
        var reports: [TrainingProgress] = []
        // 200 examples in batches of 64: 64, 64, 64 and a last batch of 8.
        let result = try model.train(on: blobs(), options: options(epochs: 2, batchSize: 64)) { reports.append($0) }
        XCTAssertEqual(reports.count, 8)
        XCTAssertEqual(reports.map(\.batch), [1, 2, 3, 4, 1, 2, 3, 4])
        XCTAssertEqual(reports.map(\.epoch), [1, 1, 1, 1, 2, 2, 2, 2])
        XCTAssertEqual(reports.map(\.epochFinished), [false, false, false, true, false, false, false, true])
        XCTAssertTrue(reports.allSatisfy { $0.batches == 4 && $0.epochs == 2 && $0.elapsed >= 0 && $0.remaining >= 0 })
        XCTAssertEqual(reports[3].remaining, 0)
        XCTAssertEqual(result.history, [
            EpochRecord(loss: reports[3].loss, accuracy: reports[3].accuracy),
            EpochRecord(loss: reports[7].loss, accuracy: reports[7].accuracy),
        ])
    }

    /// Cancelling after two batches leaves exactly the weights of a run over
    /// just those two batches (the first 32 examples of epoch 1's shuffled order).
    func testCancellationKeepsTheLastCompleteBatch() throws {
        let data = try blobs()
        var cancelled = try classifier()
        var batchesDone = 0
        let result = try cancelled.train(
            on: data, options: options(epochs: 5), progress: { _ in batchesDone += 1 }, isCancelled: { batchesDone >= 2 })
        XCTAssertTrue(result.cancelled)
        XCTAssertEqual(batchesDone, 2)
        XCTAssertEqual(result.history, [])

        var order = Array(0..<data.count)
        var generator = SeededGenerator(seed: 42)
        TrainingOrder.shuffle(&order, using: &generator)
        let firstTwo = try data.subset(Array(order[0..<32]), name: "first two batches")
        var reference = try classifier()
        var inOrder = options(epochs: 1)
        inOrder.shuffle = false
        _ = try reference.train(on: firstTwo, options: inOrder)
        XCTAssertEqual(cancelled.denseLayers.map(\.weights), reference.denseLayers.map(\.weights))
        XCTAssertEqual(cancelled.denseLayers.map(\.biases), reference.denseLayers.map(\.biases))
    }

    func testCancelledBeforeTheFirstBatchChangesNothing() throws {
        var model = try classifier()
        let start = model.denseLayers.map(\.weights)
        let result = try model.train(on: blobs(), options: options(epochs: 1), isCancelled: { true })
        XCTAssertTrue(result.cancelled)
        XCTAssertEqual(model.denseLayers.map(\.weights), start)
    }

    /// A learning rate of 1e30 blows the logits up to ∞ within a few batches;
    /// training stops there and keeps the weights from before that batch,
    /// which are the weights of a run cancelled just before it.
    func testDivergenceStopsAndKeepsTheLastGoodWeights() throws {
        let data = try blobs()
        var options = options(epochs: 3)
        options.optimizer = .kerasSGD(learningRate: 1e30)
        var model = try classifier()
        let result = try model.train(on: data, options: options)
        let diverged = try XCTUnwrap(result.divergedAt)
        XCTAssertEqual(diverged.epoch, 1)
        XCTAssertGreaterThan(diverged.batch, 1)
        XCTAssertFalse(result.cancelled)
        XCTAssertTrue(model.denseLayers.allSatisfy { $0.weights.allSatisfy(\.isFinite) && $0.biases.allSatisfy(\.isFinite) })

        var reference = try classifier()
        var done = 0
        _ = try reference.train(
            on: data, options: options, progress: { _ in done += 1 }, isCancelled: { done >= diverged.batch - 1 })
        XCTAssertEqual(model.denseLayers.map(\.weights), reference.denseLayers.map(\.weights))
    }

    func testShapeAndLabelErrors() throws {
        var article = try SequentialModel.build([
            DenseSpec(units: 128, activation: .relu, inputSize: 784), DenseSpec(units: 10, activation: .softmax),
        ])
        let digitsShaped = try Dataset(
            name: "digits", featureCount: 64, classCount: 10, features: .bytes([UInt8](repeating: 1, count: 128), scale: 1.0 / 16),
            labels: [3, 4])
        let expected = NeuralError.invalidArgument("the model expects 784 inputs but the data has 64 features")
        assertThrows(expected) { try article.train(on: digitsShaped, options: TrainingOptions(epochs: 1)) }
        assertThrows(expected) { try article.evaluate(on: digitsShaped) }
        assertThrows(expected) { try article.confusionMatrix(on: digitsShaped) }
        assertThrows(.invalidArgument("predict got 64 numbers, but 1 examples of 784 inputs need 784")) {
            try article.predict([Float](repeating: 0, count: 64), count: 1)
        }

        var small = try classifier()
        let threeClasses = try Dataset(name: "three", featureCount: 2, classCount: 3, features: .floats([0, 0, 1, 1]), labels: [0, 2])
        assertThrows(.invalidArgument("the data has label 2 but the last layer has 2 units (classes 0…1); it needs at least 3")) {
            try small.train(on: threeClasses, options: TrainingOptions(epochs: 1))
        }
        var options = TrainingOptions(epochs: 1)
        options.loss = .binaryCrossEntropy
        assertThrows(.invalidArgument(
            "binary_crossentropy needs a sigmoid output layer (each output a probability), but the last layer uses softmax")) {
            try small.train(on: threeClasses, options: options)
        }
        let linear = try SequentialModel.build([DenseSpec(units: 2, activation: .linear, inputSize: 2)])
        assertThrows(.invalidArgument(
            "sparse_categorical_crossentropy needs a softmax output layer (its outputs are class probabilities), "
                + "but the last layer uses linear")) {
            try linear.evaluate(on: threeClasses, loss: .sparseCategoricalCrossEntropy)
        }
        let empty = try Dataset(name: "empty", featureCount: 2, classCount: 2, features: .floats([]), labels: [])
        assertThrows(.invalidArgument("the data set empty has no examples")) {
            try small.train(on: empty, options: TrainingOptions(epochs: 1))
        }
    }

    /// Batch buffers are capped at 2²⁸ numbers: a batch that would need more
    /// is refused with the largest size that fits, before anything is allocated.
    func testOversizedBatchIsRefused() throws {
        var wide = try SequentialModel.build([
            DenseSpec(units: 20_000, activation: .relu, inputSize: 2), DenseSpec(units: 2, activation: .softmax),
        ])
        let x = [Float](repeating: 0.5, count: 14_000)
        let data = try Dataset(
            name: "wide", featureCount: 2, classCount: 2, features: .floats(x), labels: (0..<7000).map { Int32($0 % 2) })
        var options = TrainingOptions(epochs: 1)
        options.batchSize = 7000
        // Per example: (20,000 + 2) outputs and as many gradients, plus 2 logits and their log-sum-exp.
        assertThrows(.invalidArgument(
            "a batch of 7000 needs 40007 numbers per example for the layer outputs and their gradients, "
                + "more than 268435456 in all; use a batch size of at most 6709")) {
            try wide.train(on: data, options: options)
        }
    }

    func testConfusionMatrixTotals() throws {
        var model = try classifier()
        let data = try blobs()
        _ = try model.train(on: data, options: options(epochs: 10))
        let matrix = try model.confusionMatrix(on: data)
        XCTAssertEqual(matrix.count, 2)
        XCTAssertEqual(matrix.map { $0.reduce(0, +) }, [100, 100])
        let correct = matrix[0][0] + matrix[1][1]
        XCTAssertEqual(Double(correct) / 200, try model.evaluate(on: data).accuracy, accuracy: 1e-12)
    }

    func testPredictGivesProbabilitiesRowByRow() throws {
        let model = try classifier()
        let x: [Float] = (0..<600).map { Float($0 % 7) - 3 }
        let p = try model.predict(x, count: 300)
        XCTAssertEqual(p.count, 600)
        for r in 0..<300 { XCTAssertEqual(Double(p[2 * r] + p[2 * r + 1]), 1, accuracy: 1e-6) }
        XCTAssertEqual(try model.predict([], count: 0), [])
    }

    func testResolvedLossFollowsTheOutputLayer() throws {
        let softmax = try classifier()
        XCTAssertEqual(softmax.resolvedLoss(nil), .sparseCategoricalCrossEntropy)
        XCTAssertEqual(softmax.resolvedLoss(.meanSquaredError), .meanSquaredError)
        let sigmoids = try SequentialModel.build([DenseSpec(units: 3, activation: .sigmoid, inputSize: 2)])
        XCTAssertEqual(sigmoids.resolvedLoss(nil), .meanSquaredError)
        let linear = try SequentialModel.build([DenseSpec(units: 1, activation: .linear, inputSize: 2)])
        XCTAssertEqual(linear.resolvedLoss(nil), .meanSquaredError)
        XCTAssertEqual(Loss.allCases.map(\.rawValue), ["mse", "binary_crossentropy", "sparse_categorical_crossentropy"])
    }

    /// The article's model on byte images scaled by 1/255, a few batches:
    /// the real shapes go through (784 → 128 relu → 10 softmax).
    func testArticleModelTrainsOnByteImages() throws {
        var generator = SeededGenerator(seed: 1)
        let n = 256
        let bytes = (0..<(n * 784)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let labels = (0..<n).map { _ in Int32(generator.next() % 10) }
        let data = try Dataset(name: "noise", featureCount: 784, classCount: 10, features: .bytes(bytes, scale: 1.0 / 255), labels: labels)
        var model = try SequentialModel.build([
            DenseSpec(units: 128, activation: .relu, inputSize: 784), DenseSpec(units: 10, activation: .softmax),
        ])
        var options = TrainingOptions(epochs: 3)
        options.batchSize = 32
        let result = try model.train(on: data, options: options)
        XCTAssertEqual(result.history.count, 3)
        XCTAssertTrue(result.history.allSatisfy { $0.loss.isFinite })
        // Memorising 256 random labels: the loss falls below log 10.
        XCTAssertLessThan(result.history[2].loss, result.history[0].loss)
        XCTAssertLessThan(try model.evaluate(on: data).loss, 2.302585)
    }
}
