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
