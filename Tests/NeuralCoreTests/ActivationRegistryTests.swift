@testable import NeuralCore
import XCTest

/// Every activation's registry entry has all of its parts, and they agree:
/// the derivative with a finite difference, the Float32 training kernel with
/// the Float64 entry, autograd's backward with the derivative.
final class ActivationRegistryTests: XCTestCase {
    /// Away from relu's kink at 0, where the finite difference is meaningless.
    static let points: [Double] = [-2.5, -0.7, 0.3, 1.9]

    func testDerivativeAgreesWithACentralDifference() {
        for a in Activation.allCases {
            for x in Self.points {
                let h = 1e-5
                let difference = (a.value(x + h) - a.value(x - h)) / (2 * h)
                XCTAssertEqual(a.derivative(x), difference, accuracy: 1e-8, "\(a)'(\(x))")
            }
        }
    }

    func testTrainingKernelAgreesWithTheEntry() {
        for a in Activation.allCases {
            guard case .elementwise(let kernel) = a.descriptor.training else {
                XCTAssertEqual(a, .softmax, "only softmax normalises whole rows")
                continue
            }
            let x = Self.points.map(Float.init), bias: [Float] = [0.5, -0.25, 0, 1]
            let z = zip(Self.points, bias).map { $0 + Double($1) }
            // Apart and in place, two rows of two.
            var pre = x, out = [Float](repeating: 0, count: 4), same = x
            pre.withUnsafeMutableBufferPointer { p in out.withUnsafeMutableBufferPointer { o in
                kernel.activate(p.baseAddress!, [bias[0], bias[1]], o.baseAddress!, 2, 2)
            } }
            same.withUnsafeMutableBufferPointer { p in kernel.activate(p.baseAddress!, [bias[0], bias[1]], p.baseAddress!, 2, 2) }
            let rowBias = [bias[0], bias[1], bias[0], bias[1]]
            for i in 0..<4 {
                let expectedZ = Double(x[i] + rowBias[i])
                XCTAssertEqual(Double(pre[i]), expectedZ, accuracy: 1e-6, "\(a): the pre-activation is kept")
                XCTAssertEqual(Double(out[i]), a.value(expectedZ), accuracy: 1e-6, "\(a)(\(expectedZ))")
                XCTAssertEqual(same[i], out[i], "\(a): in place gives the same")
            }
            // Backward from the outputs: delta ⊙ f′(z).
            var outputs = [Float](repeating: 0, count: 4), delta: [Float] = [1, 2, -1, 0.5]
            let inputs = z.map(Float.init)
            inputs.withUnsafeBufferPointer { i in outputs.withUnsafeMutableBufferPointer { o in kernel.map(i.baseAddress!, o.baseAddress!, 4) } }
            outputs.withUnsafeBufferPointer { o in delta.withUnsafeMutableBufferPointer { d in kernel.backpropagate(o.baseAddress!, d.baseAddress!, 4) } }
            for i in 0..<4 {
                XCTAssertEqual(Double(outputs[i]), a.value(z[i]), accuracy: 1e-6, "\(a)(\(z[i]))")
                XCTAssertEqual(Double(delta[i]), [1, 2, -1, 0.5][i] * a.derivative(z[i]), accuracy: 1e-5, "\(a)'(\(z[i]))")
            }
        }
    }

    func testAutogradBackwardIsTheDerivative() {
        for a in Activation.allCases where a.descriptor.isScalarMethod {
            for x in Self.points {
                let input = Scalar(x)
                let y = input.applying(a)
                y.backward()
                XCTAssertEqual(y.data, a.value(x), "\(a)(\(x))")
                XCTAssertEqual(input.grad, a.derivative(x), accuracy: 1e-15, "\(a)'(\(x))")
                XCTAssertEqual(y.op, .activation(a))
                XCTAssertEqual(y.op.symbol, a.rawValue, "graphs label the node with the name a learner types")
            }
        }
    }

    func testEveryEntryAppliesToArraysAndModelFilesByName() throws {
        for a in Activation.allCases {
            let v = a.apply(to: NDArray(vector: Self.points))
            if a.descriptor.isElementwise { XCTAssertEqual(v.data, Self.points.map(a.value), "\(a)") }
            XCTAssertEqual(Activation(rawValue: a.rawValue), a, "model files store the raw value")
        }
    }
}
