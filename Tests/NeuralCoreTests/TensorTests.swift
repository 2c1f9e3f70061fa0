import Foundation
import NeuralCore
import XCTest

/// The Float32 tensor: shapes, thrown errors, the BLAS product against a
/// plain triple loop, broadcasting, activations and conversions.
final class TensorTests: XCTestCase {
    /// A seeded rows×columns matrix of numbers in [−1, 1).
    private func random(_ rows: Int, _ columns: Int, seed: UInt64) throws -> Tensor {
        var generator = SeededGenerator(seed: seed)
        let data = (0..<(rows * columns)).map { _ in Float(2 * generator.nextUniform() - 1) }
        return try Tensor(shape: [rows, columns], data: data)
    }

    /// C = A·B by the textbook triple loop, summed in Double.
    private func naiveProduct(_ a: Tensor, _ b: Tensor) -> [Double] {
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k { sum += Double(a.data[i * k + p]) * Double(b.data[p * n + j]) }
                c[i * n + j] = sum
            }
        }
        return c
    }

    // MARK: shapes

    func testShapeRowsAndColumns() throws {
        let m = try Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual([m.rank, m.count, m.rows, m.columns], [2, 6, 2, 3])
        let cube = try Tensor.zeros(shape: [2, 3, 4])
        XCTAssertEqual([cube.rows, cube.columns], [6, 4])
        let vector = Tensor(vector: [1, 2, 3])
        XCTAssertEqual([vector.rank, vector.rows, vector.columns], [1, 1, 3])
        let scalar = try Tensor(shape: [], data: [7])
        XCTAssertEqual([scalar.rank, scalar.count, scalar.rows, scalar.columns], [0, 1, 1, 1])
        let empty = try Tensor.zeros(shape: [5, 0])
        XCTAssertEqual([empty.count, empty.rows, empty.columns], [0, 5, 0])
        XCTAssertEqual(try Tensor(rows: [[1, 2], [3, 4]]), try Tensor(shape: [2, 2], data: [1, 2, 3, 4]))
        XCTAssertEqual(try Tensor(rows: []).shape, [0, 0])
    }

    func testConstructionErrors() {
        assertThrows(.invalidArgument("shape [2, 3] needs 6 values, but 5 were given")) {
            try Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5])
        }
        assertThrows(.raggedList) { try Tensor(rows: [[1, 2], [3]]) }
        assertThrows(.invalidArgument("a shape cannot have a negative dimension, got [2, -1]")) {
            try Tensor.zeros(shape: [2, -1])
        }
        assertThrows(.tooLarge(elements: 10_000_000_000, limit: Tensor.defaultElementLimit)) {
            try Tensor.zeros(shape: [100_000, 100_000])
        }
        assertThrows(.tooLarge(elements: 12, limit: 10)) { try Tensor.zeros(shape: [3, 4], limit: 10) }
        XCTAssertEqual(try Tensor.zeros(shape: [2, 2]).data, [0, 0, 0, 0])
    }

    // MARK: matmul

    func testMatmulMatchesATripleLoop() throws {
        // Odd sizes, a size past BLAS's blocking, and the article's layer shape.
        for (index, (m, k, n)) in [(1, 1, 1), (3, 5, 2), (7, 1, 9), (33, 65, 17), (128, 784, 10)].enumerated() {
            let a = try random(m, k, seed: UInt64(10 + index))
            let b = try random(k, n, seed: UInt64(20 + index))
            let c = try Tensor.matmul(a, b)
            XCTAssertEqual(c.shape, [m, n])
            let expected = naiveProduct(a, b)
            // Relative to the size of the terms summed: Σ|aᵢₖ·bₖⱼ| ≤ k here.
            for (got, want) in zip(c.data, expected) {
                XCTAssertEqual(Double(got), want, accuracy: 1e-4 * max(abs(want), 1), "\(m)×\(k)·\(k)×\(n)")
            }
        }
    }

    func testMatmulKnownAnswerAndEmptyInner() throws {
        let a = try Tensor(rows: [[1, 2], [3, 4]])
        let b = try Tensor(rows: [[5, 6], [7, 8]])
        XCTAssertEqual(try a.matmul(b), try Tensor(rows: [[19, 22], [43, 50]]))
        let c = try Tensor.matmul(Tensor.zeros(shape: [2, 0]), Tensor.zeros(shape: [0, 3]))
        XCTAssertEqual(c, try Tensor.zeros(shape: [2, 3]))
    }

    func testMatmulShapeErrors() throws {
        let a = try Tensor.zeros(shape: [2, 3])
        assertThrows(.shapeMismatch(operation: "dot", lhs: [2, 3], rhs: [2, 3])) { try Tensor.matmul(a, a) }
        XCTAssertEqual(
            NeuralError.shapeMismatch(operation: "dot", lhs: [2, 3], rhs: [2, 3]).description,
            "cannot compute dot of shapes [2, 3] and [2, 3]: "
                + "the last dimension of the first must equal the first dimension of the second")
        assertThrows(
            .invalidArgument("matmul multiplies matrices (rank 2), got shapes [3] and [3, 2]; a vector of n numbers is the matrix [1, n]")
        ) { try Tensor.matmul(Tensor(vector: [1, 2, 3]), Tensor.zeros(shape: [3, 2])) }
        assertThrows(.tooLarge(elements: 6, limit: 5)) {
            try Tensor.matmul(Tensor.zeros(shape: [2, 1]), Tensor.zeros(shape: [1, 3]), limit: 5)
        }
    }

    func testTransposed() throws {
        let a = try Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(a.transposed(), try Tensor(rows: [[1, 4], [2, 5], [3, 6]]))
        XCTAssertEqual(a.transposed().transposed(), a)
        XCTAssertEqual(Tensor(vector: [1, 2]).transposed(), Tensor(vector: [1, 2]))
        // [2, 3, 4] → [4, 3, 2] with out[k][j][i] = in[i][j][k], in[i][j][k] = 100i + 10j + k.
        var values: [Float] = []
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 { values.append(Float(100 * i + 10 * j + k)) } } }
        let cube = try Tensor(shape: [2, 3, 4], data: values)
        let t = cube.transposed()
        XCTAssertEqual(t.shape, [4, 3, 2])
        XCTAssertEqual(t.data[(3 * 3 + 2) * 2 + 1], 123)  // out[3][2][1] = in[1][2][3]
        XCTAssertEqual(t.data[(1 * 3 + 0) * 2 + 0], 1)  // out[1][0][0] = in[0][0][1]
        XCTAssertEqual(t.transposed(), cube)
    }

    // MARK: element-wise

    func testElementWiseOperators() throws {
        let a = try Tensor(rows: [[1, 2], [3, 4]])
        let b = try Tensor(rows: [[10, 20], [30, 40]])
        XCTAssertEqual(try a + b, try Tensor(rows: [[11, 22], [33, 44]]))
        XCTAssertEqual(try b - a, try Tensor(rows: [[9, 18], [27, 36]]))
        XCTAssertEqual(try a * b, try Tensor(rows: [[10, 40], [90, 160]]))
        assertThrows(.shapeMismatch(operation: "-", lhs: [2, 2], rhs: [3])) { try a - Tensor(vector: [1, 2, 3]) }
        assertThrows(.shapeMismatch(operation: "*", lhs: [2], rhs: [3])) {
            try Tensor(vector: [1, 2]) * Tensor(vector: [1, 2, 3])
        }
    }

    func testBiasBroadcastAddsTheRowToEveryRow() throws {
        let z = try Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        let bias = Tensor(vector: [10, 20, 30])
        let expected = try Tensor(rows: [[11, 22, 33], [14, 25, 36]])
        XCTAssertEqual(try z.adding(rowVector: bias), expected)
        XCTAssertEqual(try z.adding(rowVector: Tensor(rows: [[10, 20, 30]])), expected)
        XCTAssertEqual(try z + bias, expected)
        XCTAssertEqual(try z * Tensor(vector: [1, 0, -1]), try Tensor(rows: [[1, 0, -3], [4, 0, -6]]))
        assertThrows(.shapeMismatch(operation: "+", lhs: [2, 3], rhs: [2])) {
            try z.adding(rowVector: Tensor(vector: [1, 2]))
        }
        assertThrows(.shapeMismatch(operation: "+", lhs: [2, 3], rhs: [2, 3])) { try z.adding(rowVector: z) }
    }

    // MARK: activations

    func testSoftmaxRowsSumToOneAndStayStable() throws {
        let logits = try Tensor(rows: [[1, 2, 3], [1000, 1000, -1000], [-1e30, 0, 5], [0, 0, 0]])
        let p = logits.applying(.softmax)
        for r in 0..<4 {
            let row = p.data[(r * 3)..<(r * 3 + 3)]
            XCTAssertEqual(Double(row.reduce(0, +)), 1, accuracy: 1e-6, "row \(r)")
            XCTAssertTrue(row.allSatisfy { $0.isFinite && $0 >= 0 }, "row \(r)")
        }
        // e^(x − 3) / Σ: [0.09003057, 0.24472847, 0.66524096].
        assertClose(p.data[0..<3].map(Double.init), [0.09003057, 0.24472847, 0.66524096], tolerance: 1e-6)
        XCTAssertEqual(Array(p.data[3..<6]), [0.5, 0.5, 0])
        let limits = try Tensor(rows: [[.infinity, 1, .infinity], [-.infinity, -.infinity, -.infinity]])
            .applying(.softmax)
        XCTAssertEqual(limits.data, [0.5, 0, 0.5, 1.0 / 3, 1.0 / 3, 1.0 / 3])
        XCTAssertTrue(try Tensor(rows: [[.nan, 1]]).applying(.softmax).data.allSatisfy(\.isNaN))
    }

    func testElementWiseActivationsMatchTheDoubleFormulas() throws {
        let x = Tensor(vector: [-200, -2, -0.5, 0, 0.5, 2, 200])
        for activation in [Activation.relu, .sigmoid, .tanh, .linear] {
            let got = x.applying(activation).data.map(Double.init)
            let want = x.data.map { activation.value(Double($0)) }
            assertClose(got, want, tolerance: 1e-6)
        }
        XCTAssertTrue(Tensor(vector: [.nan]).applying(.relu).data[0].isNaN)
    }

    // MARK: conversions and layers

    func testConversionsToAndFromNDArray() throws {
        let array = try NDArray(shape: [2, 2], data: [0.5, -1.25, 3, 1e40])
        let tensor = Tensor(array)
        XCTAssertEqual(tensor.shape, [2, 2])
        XCTAssertEqual(tensor.data, [0.5, -1.25, 3, .infinity])
        let back = NDArray(try Tensor(shape: [3], data: [0.1, 2, -3]))
        XCTAssertEqual(back.shape, [3])
        XCTAssertEqual(back.data, [Double(Float(0.1)), 2, -3])
        XCTAssertEqual(Tensor(NDArray(tensor)), tensor)
        XCTAssertEqual(Tensor(NDArray(scalar: 2)).shape, [])
    }

    func testLayerByLayerForwardMatchesPredict() throws {
        let model = try SequentialModel.build(
            [DenseSpec(units: 16, activation: .relu, inputSize: 5), DenseSpec(units: 8, activation: .tanh),
             DenseSpec(units: 3, activation: .softmax)], seed: 7)
        let x = try random(40, 5, seed: 3)
        let byLayers = try model.layers.reduce(x) { try $1.forward($0) }
        let predicted = try model.predict(x)
        XCTAssertEqual(predicted.shape, [40, 3])
        assertClose(predicted.data.map(Double.init), byLayers.data.map(Double.init), tolerance: 1e-6)
        XCTAssertEqual(model.layers[0].weightMatrix.shape, [5, 16])
        XCTAssertEqual(model.layers[0].weightMatrix.data, model.layers[0].weights)
        let one = try model.predict(Tensor(vector: Array(x.data[0..<5])))
        XCTAssertEqual(one.shape, [3])
        assertClose(one.data.map(Double.init), predicted.data[0..<3].map(Double.init), tolerance: 1e-6)
        assertThrows(.shapeMismatch(operation: "dot", lhs: [40, 4], rhs: [5, 16])) {
            try model.predict(Tensor.zeros(shape: [40, 4]))
        }
        assertThrows(.shapeMismatch(operation: "dot", lhs: [2, 4], rhs: [5, 16])) {
            try model.layers[0].forward(Tensor.zeros(shape: [2, 4]))
        }
    }
}
