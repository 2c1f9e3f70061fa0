@testable import NeuralCore
import XCTest

/// Reference values from Python's math module; tolerance 1e-12 unless stated.
final class ActivationTests: XCTestCase {
    func testArticleValues() {
        XCTAssertEqual(Activation.sigmoid.value(2), 0.8807970779778823, accuracy: 1e-12)
        XCTAssertEqual(Activation.tanh.value(2), 0.9640275800758169, accuracy: 1e-12)
        XCTAssertEqual(Activation.tanh.value(-2), -0.9640275800758169, accuracy: 1e-12)
        XCTAssertEqual(Activation.relu.value(-2), 0)
        XCTAssertEqual(Activation.relu.value(2), 2)
        XCTAssertEqual(Activation.linear.value(-3.5), -3.5)
        XCTAssertEqual(Activation.sigmoid.value(0), 0.5)
        XCTAssertEqual(Activation.sigmoid.value(-2), 0.11920292202211755, accuracy: 1e-12)
    }

    func testDerivatives() {
        XCTAssertEqual(Activation.sigmoid.derivative(2), 0.10499358540350662, accuracy: 1e-12)
        XCTAssertEqual(Activation.sigmoid.derivative(0), 0.25, accuracy: 1e-15)
        // 1 - tanh(2)^2
        XCTAssertEqual(Activation.tanh.derivative(2), 0.07065082485316443, accuracy: 1e-12)
        XCTAssertEqual(Activation.tanh.derivative(0), 1)
        XCTAssertEqual(Activation.relu.derivative(3), 1)
        XCTAssertEqual(Activation.relu.derivative(-3), 0)
        XCTAssertEqual(Activation.relu.derivative(0), 0, "relu'(0) = 0, as in PyTorch")
        XCTAssertEqual(Activation.linear.derivative(42), 1)
        XCTAssertEqual(Activation.softmax.derivative(5), 0)
    }

    func testSigmoidIsStableAtExtremes() {
        XCTAssertEqual(Activation.sigmoid.value(1000), 1)
        XCTAssertEqual(Activation.sigmoid.value(-1000), 0)
        XCTAssertEqual(Activation.sigmoid.derivative(1000), 0)
        XCTAssertEqual(Activation.sigmoid.derivative(-1000), 0)
        // e^-745 is the smallest subnormal Double; σ(-745) must be it, not 0 or NaN.
        XCTAssertEqual(Activation.stableSigmoid(-745), Double.leastNonzeroMagnitude)
        XCTAssertEqual(Activation.sigmoid.value(.infinity), 1)
        XCTAssertEqual(Activation.sigmoid.value(-.infinity), 0)
    }

    func testNaNPropagates() {
        for activation in Activation.allCases {
            XCTAssertTrue(activation.value(.nan).isNaN, "\(activation)")
        }
        XCTAssertTrue(Activation.relu.derivative(.nan).isNaN)
    }

    func testSoftmaxOnScalarIsOne() {
        XCTAssertEqual(Activation.softmax.value(-7), 1)
        XCTAssertEqual(Activation.softmax.value(1000), 1)
    }

    func testSoftmaxValues() {
        // numpy: exp([1,2,3]) / exp([1,2,3]).sum()
        assertClose(Activation.softmax([1, 2, 3]),
                    [0.09003057317038046, 0.24472847105479767, 0.6652409557748219], tolerance: 1e-12)
        XCTAssertEqual(Activation.softmax([]), [])
        XCTAssertEqual(Activation.softmax([3]), [1])
    }

    func testSoftmaxStability() {
        XCTAssertEqual(Activation.softmax([1000, 1000]), [0.5, 0.5])
        XCTAssertEqual(Activation.softmax([-1e308, 0]), [0, 1])
        XCTAssertEqual(Activation.softmax([1e308, -1e308]), [1, 0])
        XCTAssertEqual(Activation.softmax([.infinity, 1, .infinity]), [0.5, 0, 0.5])
        XCTAssertEqual(Activation.softmax([-.infinity, -.infinity]), [0.5, 0.5])
        XCTAssertTrue(Activation.softmax([1, .nan]).allSatisfy { $0.isNaN })
    }

    func testApplyToArray() throws {
        let m = try NDArray(rows: [[1, 2, 3], [1000, 1000, 1000]])
        let s = Activation.softmax.apply(to: m)
        XCTAssertEqual(s.shape, [2, 3])
        assertClose(Array(s.data[0..<3]), [0.09003057317038046, 0.24472847105479767, 0.6652409557748219],
                    tolerance: 1e-12)
        assertClose(Array(s.data[3..<6]), [1.0 / 3, 1.0 / 3, 1.0 / 3], tolerance: 1e-15)
        XCTAssertEqual(Activation.relu.apply(to: NDArray(vector: [-1, 0, 2])), NDArray(vector: [0, 0, 2]))
        XCTAssertEqual(Activation.softmax.apply(to: NDArray(scalar: 4)), NDArray(scalar: 1))
    }

    func testNamesAreWhatLearnersType() {
        XCTAssertEqual(Activation.allCases.map(\.rawValue), ["sigmoid", "relu", "tanh", "softmax", "linear", "leaky_relu", "softplus"])
        XCTAssertEqual(Activation(rawValue: "relu"), .relu)
        XCTAssertNil(Activation(rawValue: "sigmod"))
    }

    /// PyTorch's nn.LeakyReLU(): slope 0.01 below 0, the negative slope at 0 too.
    func testLeakyReLU() throws {
        XCTAssertEqual(Activation.leakyRelu.value(-2), -0.02, accuracy: 1e-15)
        XCTAssertEqual(Activation.leakyRelu.value(3), 3)
        XCTAssertEqual(Activation.leakyRelu.value(0), 0)
        XCTAssertEqual(Activation.leakyRelu.derivative(-2), 0.01)
        XCTAssertEqual(Activation.leakyRelu.derivative(0), 0.01, "as PyTorch: the negative side's slope at 0")
        XCTAssertEqual(Activation.leakyRelu.derivative(2), 1)
        XCTAssertTrue(Activation.leakyRelu.derivative(.nan).isNaN)
        XCTAssertEqual(Activation(rawValue: "leaky_relu"), .leakyRelu)
        let t = try fastPath(.leakyRelu, [-3, 0, 2, .nan])
        XCTAssertEqual(Array(t[0..<3]), [-0.03, 0, 2])
        XCTAssertTrue(t[3].isNaN)
    }

    /// ln(1 + eˣ) against Python's math.log1p(math.exp(x)); no overflow at the ends.
    func testSoftplusIsStable() throws {
        XCTAssertEqual(Activation.softplus.value(0), 0.6931471805599453, accuracy: 1e-15)
        XCTAssertEqual(Activation.softplus.value(2), 2.1269280110429727, accuracy: 1e-15)
        XCTAssertEqual(Activation.softplus.value(-2), 0.12692801104297252, accuracy: 1e-15)
        XCTAssertEqual(Activation.softplus.value(1000), 1000)
        XCTAssertEqual(Activation.softplus.value(-40), 4.248354255291589e-18, accuracy: 1e-30, "log1p keeps the tiny value")
        XCTAssertEqual(Activation.softplus.value(-1000), 0)
        XCTAssertEqual(Activation.softplus.derivative(2), Activation.sigmoid.value(2), "softplus' is sigmoid")
        XCTAssertTrue(Activation.softplus.value(.nan).isNaN)
        let t = try fastPath(.softplus, [-100, 0, 100])
        XCTAssertEqual(t[0], 3.720076e-44, accuracy: 1e-45)
        XCTAssertEqual(t[1], 0.6931472, accuracy: 1e-7)
        XCTAssertEqual(t[2], 100)
    }

    /// The activation as training computes it (Float32, `Kernels.activate`):
    /// one dense unit of weight 1 and bias 0 applied to each number.
    private func fastPath(_ activation: Activation, _ xs: [Float]) throws -> [Float] {
        var model = try SequentialModel.build([DenseSpec(units: 1, activation: activation, inputSize: 1)])
        model.denseLayers[0].weights = [1]
        return try model.predict(xs, count: xs.count)
    }
}
