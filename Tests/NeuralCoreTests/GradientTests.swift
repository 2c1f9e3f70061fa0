import Foundation
@testable import NeuralCore
import XCTest

/// Checks the Float32 backward pass against central finite differences of an
/// independent Double-precision forward pass written here from the formulas.
///
/// Reference gradient: (L(θ + ε) − L(θ − ε)) / 2ε in Double with ε = 1e-6,
/// accurate to about 1e-9. The analytic Float gradient must agree to
/// |g − r| ≤ 1e-4 + 1e-3·|r|, and the loss to 1e-5 relative.
final class GradientTests: XCTestCase {
    // MARK: Double reference

    /// The model's parameters as Doubles, flat [W₁ b₁ W₂ b₂ …].
    private func parameters(_ model: SequentialModel) -> [Double] {
        model.denseLayers.flatMap { ($0.weights + $0.biases).map(Double.init) }
    }

    /// Mean loss of the batch with parameters θ, computed naively in Double.
    private func referenceLoss(
        _ model: SequentialModel, _ theta: [Double], x: [Float], labels: [Int32], loss: Loss
    ) -> Double {
        var total = 0.0
        for (r, label) in labels.enumerated() {
            var a = (0..<model.inputSize).map { Double(x[r * model.inputSize + $0]) }
            var z: [Double] = []
            var offset = 0
            for layer in model.denseLayers {
                z = (0..<layer.units).map { j in
                    var s = theta[offset + layer.fanIn * layer.units + j]
                    for i in 0..<layer.fanIn { s += a[i] * theta[offset + i * layer.units + j] }
                    return s
                }
                a = layer.activation == .softmax ? Activation.softmax(z) : z.map(layer.activation.value)
                offset += layer.parameterCount
            }
            let units = a.count
            let y = Int(label)
            let t: [Double] = (0..<units).map { j in units == 1 ? Double(label) : (j == y ? 1.0 : 0.0) }
            switch loss {
            case .sparseCategoricalCrossEntropy:
                let m = z.max() ?? 0
                var sum = 0.0
                for zj in z { sum += exp(zj - m) }
                total += m + log(sum) - z[y]
            case .binaryCrossEntropy:
                var sum = 0.0
                for j in 0..<units {
                    let p = a[j]
                    sum -= t[j] * log(p) + (1 - t[j]) * log(1 - p)
                }
                total += sum / Double(units)
            case .meanSquaredError:
                var sum = 0.0
                for j in 0..<units {
                    let e: Double = a[j] - t[j]
                    sum += e * e
                }
                total += sum / Double(units)
            }
        }
        return total / Double(labels.count)
    }

    // MARK: Harness

    private func model(_ specs: [(Int, Activation)], inputs: Int, seed: UInt64 = 3) throws -> SequentialModel {
        var layers: [DenseSpec] = []
        for (index, (units, activation)) in specs.enumerated() {
            layers.append(try DenseSpec(units: units, activation: activation, inputSize: index == 0 ? inputs : nil))
        }
        var model = try SequentialModel.build(layers, seed: seed)
        // Non-zero biases, so their gradients and the bias path are exercised.
        var generator = SeededGenerator(seed: seed + 100)
        for l in model.denseLayers.indices {
            for j in model.denseLayers[l].biases.indices {
                model.denseLayers[l].biases[j] = Float(generator.nextUniform() - 0.5)
            }
        }
        return model
    }

    private func batch(rows: Int, inputs: Int, seed: UInt64 = 9) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<(rows * inputs)).map { _ in Float(4 * generator.nextUniform() - 2) }
    }

    private func checkGradient(
        _ model: SequentialModel, x: [Float], labels: [Int32], loss: Loss,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let (value, gradient) = try model.lossAndGradient(x: x, labels: labels, loss: loss)
        let theta = parameters(model)
        let reference = referenceLoss(model, theta, x: x, labels: labels, loss: loss)
        XCTAssertEqual(value, reference, accuracy: 1e-5 * max(1, abs(reference)), "loss", file: file, line: line)
        XCTAssertEqual(gradient.count, theta.count, file: file, line: line)
        let epsilon = 1e-6
        for k in theta.indices {
            var plus = theta, minus = theta
            plus[k] += epsilon
            minus[k] -= epsilon
            let r = (referenceLoss(model, plus, x: x, labels: labels, loss: loss)
                - referenceLoss(model, minus, x: x, labels: labels, loss: loss)) / (2 * epsilon)
            let g = Double(gradient[k])
            XCTAssertLessThanOrEqual(abs(g - r), 1e-4 + 1e-3 * abs(r), "parameter \(k): \(g) vs \(r)", file: file, line: line)
        }
    }

    // MARK: Activations (as a hidden layer, under a softmax output)

    func testEveryHiddenActivation() throws {
        for activation in Activation.allCases {
            let m = try model([(4, activation), (3, .softmax)], inputs: 3)
            try checkGradient(m, x: batch(rows: 5, inputs: 3), labels: [0, 2, 1, 1, 0], loss: .sparseCategoricalCrossEntropy)
        }
    }

    // MARK: Losses

    func testMeanSquaredErrorAfterEveryActivation() throws {
        for activation in Activation.allCases {
            let m = try model([(3, activation)], inputs: 2)
            try checkGradient(m, x: batch(rows: 4, inputs: 2), labels: [0, 2, 1, 2], loss: .meanSquaredError)
        }
    }

    func testMeanSquaredErrorOneUnitRegressesOnTheLabel() throws {
        let m = try model([(4, .tanh), (1, .linear)], inputs: 2)
        try checkGradient(m, x: batch(rows: 4, inputs: 2), labels: [0, 3, 1, 2], loss: .meanSquaredError)
    }

    func testBinaryCrossEntropyOneSigmoidUnit() throws {
        let m = try model([(4, .relu), (1, .sigmoid)], inputs: 3)
        try checkGradient(m, x: batch(rows: 6, inputs: 3), labels: [0, 1, 1, 0, 1, 0], loss: .binaryCrossEntropy)
    }

    func testBinaryCrossEntropySeveralSigmoidUnitsUsesOneHotTargets() throws {
        let m = try model([(3, .sigmoid)], inputs: 2)
        try checkGradient(m, x: batch(rows: 4, inputs: 2), labels: [0, 2, 1, 2], loss: .binaryCrossEntropy)
    }

    func testSparseCategoricalCrossEntropySingleLayer() throws {
        let m = try model([(4, .softmax)], inputs: 3)
        try checkGradient(m, x: batch(rows: 5, inputs: 3), labels: [3, 0, 1, 2, 3], loss: .sparseCategoricalCrossEntropy)
    }

    // MARK: Deeper models

    func testTwoLayerArticleShapedModel() throws {
        let m = try model([(6, .relu), (4, .softmax)], inputs: 5)
        try checkGradient(m, x: batch(rows: 7, inputs: 5), labels: [0, 1, 2, 3, 3, 2, 1], loss: .sparseCategoricalCrossEntropy)
    }

    func testThreeLayerModel() throws {
        let m = try model([(5, .tanh), (4, .sigmoid), (2, .softmax)], inputs: 3)
        try checkGradient(m, x: batch(rows: 4, inputs: 3), labels: [1, 0, 0, 1], loss: .sparseCategoricalCrossEntropy)
    }

    // MARK: Stability of the fused losses

    /// Logits of ±1e4 overflow e^z in Float; the fused forms stay exact.
    func testFusedLossesAreStableForHugeLogits() throws {
        var m = try model([(2, .softmax)], inputs: 1)
        m.denseLayers[0].weights = [1e4, -1e4]
        m.denseLayers[0].biases = [0, 0]
        // logits (1e4, −1e4): class 0 is right (loss ≈ 0), class 1 is wrong by 2e4.
        let right = try m.lossAndGradient(x: [1], labels: [0], loss: .sparseCategoricalCrossEntropy)
        XCTAssertEqual(right.loss, 0, accuracy: 1e-6)
        let wrong = try m.lossAndGradient(x: [1], labels: [1], loss: .sparseCategoricalCrossEntropy)
        XCTAssertEqual(wrong.loss, 2e4, accuracy: 1e-2)
        // ∂L/∂z = p − onehot = (1, −1); ∂L/∂W = x·∂L/∂z, ∂L/∂b = ∂L/∂z.
        XCTAssertEqual(wrong.gradient, [1, -1, 1, -1])

        var s = try model([(1, .sigmoid)], inputs: 1)
        s.denseLayers[0].weights = [200]
        s.denseLayers[0].biases = [0]
        // z = 200, label 0: loss = max(z, 0) − z·0 + log(1 + e^−200) = 200; ∂L/∂z = σ(200) − 0 = 1.
        let bce = try s.lossAndGradient(x: [1], labels: [0], loss: .binaryCrossEntropy)
        XCTAssertEqual(bce.loss, 200, accuracy: 1e-4)
        XCTAssertEqual(bce.gradient, [1, 1])
    }

    /// A model that knows nothing scores log(classes) on cross-entropy.
    func testUniformGuessScoresLogOfClassCount() throws {
        var m = try model([(10, .softmax)], inputs: 2)
        m.denseLayers[0].weights = [Float](repeating: 0, count: 20)
        m.denseLayers[0].biases = [Float](repeating: 0, count: 10)
        let result = try m.lossAndGradient(x: [0.3, -1], labels: [7], loss: .sparseCategoricalCrossEntropy)
        XCTAssertEqual(result.loss, log(10), accuracy: 1e-6)
    }
}
