@testable import NeuralCore
import XCTest

/// Optimizer steps against values worked out by hand (the arithmetic is in
/// each comment), through the public `train` on a one-weight model.
///
/// The model is y = w·x + b, one linear unit, x = 1, target 1, MSE, batch 1,
/// starting at w = 0.25, b = 0. Then ∂L/∂w = ∂L/∂b = 2(w + b − 1).
final class TrainingOptimizerTests: XCTestCase {
    private func oneWeightModel() throws -> SequentialModel {
        var model = try SequentialModel.build([DenseSpec(units: 1, activation: .linear, inputSize: 1)])
        model.denseLayers[0].weights = [0.25]
        model.denseLayers[0].biases = [0]
        return model
    }

    private func oneExample() throws -> Dataset {
        try Dataset(name: "one", featureCount: 1, classCount: 2, features: .floats([1]), labels: [1])
    }

    /// (w, b) after `epochs` steps of `optimizer` (one example = one step per epoch).
    private func run(_ optimizer: Optimizer, steps: Int) throws -> (Float, Float) {
        var model = try oneWeightModel()
        var options = TrainingOptions(epochs: steps)
        options.batchSize = 1
        options.optimizer = optimizer
        let result = try model.train(on: oneExample(), options: options)
        XCTAssertEqual(result.history.count, steps)
        return (model.denseLayers[0].weights[0], model.denseLayers[0].biases[0])
    }

    func testPlainSGD() throws {
        // Step 1: g = 2(0.25 − 1) = −1.5; w = 0.25 + 0.1·1.5 = 0.4, b = 0.15.
        let (w1, b1) = try run(.kerasSGD(learningRate: 0.1), steps: 1)
        XCTAssertEqual(w1, 0.4, accuracy: 1e-6)
        XCTAssertEqual(b1, 0.15, accuracy: 1e-6)
        // Step 2: g = 2(0.55 − 1) = −0.9; w = 0.4 + 0.09 = 0.49, b = 0.24.
        let (w2, b2) = try run(.kerasSGD(learningRate: 0.1), steps: 2)
        XCTAssertEqual(w2, 0.49, accuracy: 1e-6)
        XCTAssertEqual(b2, 0.24, accuracy: 1e-6)
    }

    func testSGDWithMomentum() throws {
        // Step 1: v = 0.9·0 − 0.1·(−1.5) = 0.15; w = 0.4, b = 0.15 (as plain SGD).
        let (w1, b1) = try run(.kerasSGD(learningRate: 0.1, momentum: 0.9), steps: 1)
        XCTAssertEqual(w1, 0.4, accuracy: 1e-6)
        XCTAssertEqual(b1, 0.15, accuracy: 1e-6)
        // Step 2: g = −0.9; v = 0.9·0.15 + 0.09 = 0.225; w = 0.625, b = 0.375.
        let (w2, b2) = try run(.kerasSGD(learningRate: 0.1, momentum: 0.9), steps: 2)
        XCTAssertEqual(w2, 0.625, accuracy: 1e-6)
        XCTAssertEqual(b2, 0.375, accuracy: 1e-6)
    }

    func testAdamFirstTwoSteps() throws {
        let adam = Optimizer.adam(learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7)
        // Step 1: g = −1.5; m = 0.1·g = −0.15; v = 0.001·g² = 0.00225;
        // lr₁ = 0.1·√(1 − 0.999)/(1 − 0.9) = 0.0316228;
        // Δ = 0.0316228·0.15/(√0.00225 + 1e-7) = 0.0999998 → w = 0.3499998, b = 0.0999998.
        let (w1, b1) = try run(adam, steps: 1)
        XCTAssertEqual(w1, 0.34999979, accuracy: 1e-6)
        XCTAssertEqual(b1, 0.09999979, accuracy: 1e-6)
        // Step 2: g = 2(0.4499996 − 1) = −1.1000008; m = 0.9·(−0.15) + 0.1·g = −0.2450001;
        // v = 0.999·0.00225 + 0.001·g² = 0.0034577519; lr₂ = 0.1·√(1 − 0.999²)/(1 − 0.9²) = 0.0235317;
        // Δ = 0.0235317·0.2450001/(0.0588026 + 1e-7) = 0.0980441 → w = 0.4480439, b = 0.1980439.
        let (w2, b2) = try run(adam, steps: 2)
        XCTAssertEqual(w2, 0.44804387, accuracy: 1e-6)
        XCTAssertEqual(b2, 0.19804387, accuracy: 1e-6)
    }

    func testKerasDefaults() {
        XCTAssertEqual(Optimizer.kerasAdam, .adam(learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7))
        XCTAssertEqual(Optimizer.kerasSGD(), .sgd(learningRate: 0.01, momentum: 0))
        let options = TrainingOptions(epochs: 5)
        XCTAssertEqual(options.batchSize, 32)
        XCTAssertEqual(options.optimizer, .kerasAdam)
        XCTAssertNil(options.loss)
        XCTAssertEqual(options.shuffleSeed, 42)
    }

    /// The state-level step, in place and into another buffer, gives the same numbers.
    func testOptimizerStepInPlaceMatchesIntoAnotherBuffer() {
        let g: [Float] = [0.5, -0.25, 0, 3, -7, 1e-3, 2, -2, 0.1]
        let w: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        for optimizer in [Optimizer.kerasAdam, .kerasSGD(learningRate: 0.1, momentum: 0.5), .kerasSGD()] {
            let a = OptimizerState(optimizer: optimizer, count: w.count)
            let b = OptimizerState(optimizer: optimizer, count: w.count)
            var inPlace = w
            var copy = w
            var out = [Float](repeating: 0, count: w.count)
            for _ in 0..<3 {
                inPlace.withUnsafeMutableBufferPointer { p in a.step(w: p.baseAddress!, g: g, out: p.baseAddress!) }
                out.withUnsafeMutableBufferPointer { o in b.step(w: copy, g: g, out: o.baseAddress!) }
                copy = out
            }
            XCTAssertEqual(inPlace, copy, "\(optimizer)")
        }
    }

    /// Adam's loop is C (CKernels, so its square root vectorises); it must
    /// round exactly as the formula written plainly in Swift does, in the
    /// vectorised body and in the tail alike (19 = 4·4 + 3 parameters).
    func testAdamKernelMatchesThePlainFormulaBitForBit() {
        let n = 19
        let g = (0..<n).map { Float($0 - 9) * 0.37 + 1e-3 }
        var w = (0..<n).map { Float($0) * 0.5 - 4 }
        let state = OptimizerState(optimizer: .kerasAdam, count: n)
        var m = [Float](repeating: 0, count: n), v = m, expected = w
        guard case let .adam(rate, beta1, beta2, epsilon) = Optimizer.kerasAdam else { return XCTFail("kerasAdam is Adam") }
        for t in 1...4 {
            let correction = (1 - pow(Double(beta2), Double(t))).squareRoot() / (1 - pow(Double(beta1), Double(t)))
            let rateT = Float(Double(rate) * correction)
            for i in 0..<n {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
                expected[i] = expected[i] - rateT * m[i] / (v[i].squareRoot() + epsilon)
            }
            var out = [Float](repeating: 0, count: n)
            out.withUnsafeMutableBufferPointer { o in
                guard let base = o.baseAddress else { return }
                state.step(w: w, g: g, out: base)
            }
            w = out
            XCTAssertEqual(w.map(\.bitPattern), expected.map(\.bitPattern), "step \(t)")
        }
    }

    /// The training loop's step also zeroes the gradient (so the next
    /// backward pass can accumulate into it) and moves the weights exactly as
    /// the plain step does.
    func testStepClearingGradientMatchesStepAndZeroesTheGradient() {
        let g: [Float] = [0.5, -0.25, 0, 3, -7, 1e-3, 2, -2, 0.1]
        let w: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        for optimizer in [Optimizer.kerasAdam, .kerasSGD(learningRate: 0.1, momentum: 0.5), .kerasSGD()] {
            let a = OptimizerState(optimizer: optimizer, count: w.count)
            let b = OptimizerState(optimizer: optimizer, count: w.count)
            var (wa, wb) = (w, w)
            var outA = [Float](repeating: 0, count: w.count), outB = outA
            for _ in 0..<3 {
                var cleared = g
                cleared.withUnsafeMutableBufferPointer { gp in
                    outA.withUnsafeMutableBufferPointer { o in
                        guard let gBase = gp.baseAddress, let oBase = o.baseAddress else { return }
                        a.stepClearingGradient(w: wa, g: gBase, out: oBase)
                    }
                }
                outB.withUnsafeMutableBufferPointer { o in
                    guard let oBase = o.baseAddress else { return }
                    b.step(w: wb, g: g, out: oBase)
                }
                XCTAssertEqual(cleared, [Float](repeating: 0, count: g.count), "\(optimizer)")
                (wa, wb) = (outA, outB)
            }
            XCTAssertEqual(wa, wb, "\(optimizer)")
            XCTAssertNotEqual(wa, w, "\(optimizer)")
        }
    }

    func testOptionsOutOfRangeThrow() throws {
        var model = try oneWeightModel()
        var options = TrainingOptions(epochs: 1)
        options.optimizer = .kerasSGD(learningRate: -1)
        assertThrows(.invalidArgument("the learning rate must be a finite number ≥ 0, got -1.0")) {
            try model.train(on: oneExample(), options: options)
        }
        options.optimizer = .kerasSGD(momentum: 1)
        assertThrows(.invalidArgument("momentum must be in 0 ≤ momentum < 1, got 1.0")) {
            try model.train(on: oneExample(), options: options)
        }
        options.optimizer = .adam(learningRate: 0.001, beta1: 1, beta2: 0.999, epsilon: 1e-7)
        assertThrows(.invalidArgument("beta1 must be in 0 ≤ beta1 < 1, got 1.0")) {
            try model.train(on: oneExample(), options: options)
        }
        options = TrainingOptions(epochs: 1)
        options.batchSize = 0
        assertThrows(.invalidArgument("the batch size must be at least 1, got 0")) {
            try model.train(on: oneExample(), options: options)
        }
        assertThrows(.invalidArgument("epochs must be 0 or more, got -2")) {
            try model.train(on: oneExample(), options: TrainingOptions(epochs: -2))
        }
    }
}
