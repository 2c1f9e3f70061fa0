import NeuralCore
import XCTest

final class DotTests: XCTestCase {
    func testVectorDotVectorIsScalar() throws {
        let r = try NDArray.dot(NDArray(vector: [1, 2, 3]), NDArray(vector: [0.1, 0.2, 0.3]))
        XCTAssertEqual(r.shape, [])
        XCTAssertEqual(r.data[0], 1.4, accuracy: 1e-12)
    }

    func testMatrixDotVector() throws {
        let m = try NDArray(rows: [[1, 2, 3], [4, 5, 6]])
        let r = try NDArray.dot(m, NDArray(vector: [1, 0, -1]))
        XCTAssertEqual(r, NDArray(vector: [-2, -2]))
    }

    func testVectorDotMatrix() throws {
        let m = try NDArray(rows: [[1, 2, 3], [4, 5, 6]])
        let r = try NDArray.dot(NDArray(vector: [1, 2]), m)
        XCTAssertEqual(r, NDArray(vector: [9, 12, 15]))
    }

    func testMatrixDotMatrix() throws {
        let a = try NDArray(rows: [[1, 2], [3, 4], [5, 6]])
        let b = try NDArray(rows: [[7, 8, 9, 10], [11, 12, 13, 14]])
        let r = try NDArray.dot(a, b)
        XCTAssertEqual(r.shape, [3, 4])
        XCTAssertEqual(r.data, [29, 32, 35, 38, 65, 72, 79, 86, 101, 112, 123, 134])
    }

    func testScalarMultipliesElementwise() throws {
        XCTAssertEqual(try NDArray.dot(NDArray(scalar: 2), NDArray(vector: [1, 2])), NDArray(vector: [2, 4]))
    }

    func testShapeErrors() throws {
        assertThrows(.shapeMismatch(operation: "dot", lhs: [3], rhs: [2])) {
            try NDArray.dot(NDArray(vector: [1, 2, 3]), NDArray(vector: [1, 2]))
        }
        let m = try NDArray(rows: [[1, 2, 3], [4, 5, 6]])
        assertThrows(.shapeMismatch(operation: "dot", lhs: [2, 3], rhs: [2, 3])) { try NDArray.dot(m, m) }
        assertThrows(.shapeMismatch(operation: "dot", lhs: [2, 3], rhs: [2])) {
            try NDArray.dot(m, NDArray(vector: [1, 2]))
        }
        let cube = try NDArray(shape: [1, 1, 1], data: [1])
        assertThrows(.invalidArgument("dot works on vectors and matrices (rank 1 or 2), got shapes [1, 1, 1] and [1]")) {
            try NDArray.dot(cube, NDArray(vector: [1]))
        }
    }

    func testResultLimit() throws {
        let column = try NDArray(shape: [100, 1], data: Array(repeating: 1, count: 100))
        let row = try NDArray(shape: [1, 100], data: Array(repeating: 1, count: 100))
        assertThrows(.tooLarge(elements: 10_000, limit: 50)) { try NDArray.dot(column, row, limit: 50) }
    }
}

/// Cases kept from the Float32 Tensor's tests when it was removed: products
/// of odd sizes against a triple loop, an empty inner dimension, transposes.
final class MatrixProductTests: XCTestCase {
    private func random(_ rows: Int, _ columns: Int, seed: UInt64) throws -> NDArray {
        var generator = SeededGenerator(seed: seed)
        return try NDArray(shape: [rows, columns], data: (0..<(rows * columns)).map { _ in 2 * generator.nextUniform() - 1 })
    }

    func testDotMatchesATripleLoop() throws {
        // Odd sizes, and the article's layer shape.
        for (index, (m, k, n)) in [(1, 1, 1), (3, 5, 2), (7, 1, 9), (33, 65, 17), (128, 784, 10)].enumerated() {
            let a = try random(m, k, seed: UInt64(10 + index)), b = try random(k, n, seed: UInt64(20 + index))
            let c = try NDArray.dot(a, b)
            XCTAssertEqual(c.shape, [m, n])
            for i in 0..<m {
                for j in 0..<n {
                    var want = 0.0
                    for p in 0..<k { want += a.data[i * k + p] * b.data[p * n + j] }
                    // Sums of k terms of size ≤ 1, in another order: within 1e-12 of each other.
                    XCTAssertEqual(c.data[i * n + j], want, accuracy: 1e-12, "\(m)×\(k)·\(k)×\(n)")
                }
            }
        }
    }

    func testAnEmptyInnerDimensionGivesZeros() throws {
        let c = try NDArray.dot(NDArray.zeros(shape: [2, 0]), NDArray.zeros(shape: [0, 3]))
        XCTAssertEqual(c, try NDArray.zeros(shape: [2, 3]))
    }

    func testTransposed() throws {
        let a = try NDArray(rows: [[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(a.transposed(), try NDArray(rows: [[1, 4], [2, 5], [3, 6]]))
        XCTAssertEqual(a.transposed().transposed(), a)
        XCTAssertEqual(NDArray(vector: [1, 2]).transposed(), NDArray(vector: [1, 2]))
        XCTAssertEqual(NDArray(scalar: 3).transposed(), NDArray(scalar: 3))
    }

    func testColumnSums() throws {
        XCTAssertEqual(try NDArray(rows: [[1, 2, 3], [4, 5, 6]]).columnSums(), NDArray(vector: [5, 7, 9]))
        XCTAssertEqual(try NDArray.zeros(shape: [0, 2]).columnSums(), NDArray(vector: [0, 0]))
        XCTAssertEqual(NDArray(vector: [1, 2]).columnSums(), NDArray(vector: [1, 2]))
    }
}
