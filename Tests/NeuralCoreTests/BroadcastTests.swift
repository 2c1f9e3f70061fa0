import NeuralCore
import XCTest

final class BroadcastTests: XCTestCase {
    private func add(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        try NDArray.broadcast(a, b, operation: "+", +)
    }

    func testEqualShapes() throws {
        let r = try add(NDArray(vector: [1, 2, 3]), NDArray(vector: [10, 20, 30]))
        XCTAssertEqual(r, NDArray(vector: [11, 22, 33]))
    }

    func testScalarWithArrayBothSides() throws {
        let m = try NDArray(rows: [[1, 2], [3, 4]])
        XCTAssertEqual(try add(NDArray(scalar: 10), m), try NDArray(rows: [[11, 12], [13, 14]]))
        let minus = try NDArray.broadcast(m, NDArray(scalar: 1), operation: "-", -)
        XCTAssertEqual(minus, try NDArray(rows: [[0, 1], [2, 3]]))
        let rminus = try NDArray.broadcast(NDArray(scalar: 1), m, operation: "-", -)
        XCTAssertEqual(rminus, try NDArray(rows: [[0, -1], [-2, -3]]), "order of operands is kept")
        XCTAssertEqual(try add(NDArray(scalar: 1), NDArray(scalar: 2)), NDArray(scalar: 3))
    }

    func testArticleScalarPlusVector() throws {
        // Article 3.4: sum(...) + biases adds the scalar 1.4 to each of the three biases.
        let r = try add(NDArray(scalar: 1.4), NDArray(vector: [0.4, 0.5, 0.6]))
        XCTAssertEqual(r.shape, [3])
        assertClose(r.data, [1.8, 1.9, 2.0], tolerance: 1e-12)
    }

    func testMatrixWithRowVector() throws {
        let m = try NDArray(rows: [[1, 2, 3], [4, 5, 6]])
        let r = try add(m, NDArray(vector: [10, 20, 30]))
        XCTAssertEqual(r.shape, [2, 3])
        XCTAssertEqual(r.data, [11, 22, 33, 14, 25, 36])
        let l = try add(NDArray(vector: [10, 20, 30]), m)
        XCTAssertEqual(l, r)
    }

    func testColumnWithRowGivesOuterResult() throws {
        let column = try NDArray(shape: [3, 1], data: [1, 2, 3])
        let row = try NDArray(shape: [1, 4], data: [10, 20, 30, 40])
        let r = try NDArray.broadcast(column, row, operation: "*", *)
        XCTAssertEqual(r.shape, [3, 4])
        XCTAssertEqual(r.data, [10, 20, 30, 40, 20, 40, 60, 80, 30, 60, 90, 120])
    }

    func testHigherRanksAndLengthOneAxes() throws {
        let a = try NDArray(shape: [2, 1, 3], data: [1, 2, 3, 4, 5, 6])
        let b = try NDArray(shape: [2, 1], data: [100, 200])
        let r = try add(a, b)
        XCTAssertEqual(r.shape, [2, 2, 3])
        XCTAssertEqual(r.data, [101, 102, 103, 201, 202, 203, 104, 105, 106, 204, 205, 206])
        let one = try NDArray(shape: [1], data: [5])
        XCTAssertEqual(try add(one, NDArray(vector: [1, 2])), NDArray(vector: [6, 7]))
        XCTAssertEqual(try add(NDArray(vector: []), one), NDArray(vector: []))
    }

    func testBroadcastShape() throws {
        XCTAssertEqual(try NDArray.broadcastShape([8, 1, 6, 1], [7, 1, 5], operation: "+"), [8, 7, 6, 5])
        XCTAssertEqual(try NDArray.broadcastShape([], [2, 3], operation: "+"), [2, 3])
    }

    func testMismatchCarriesShapesAndOperation() throws {
        assertThrows(.shapeMismatch(operation: "+", lhs: [3], rhs: [2])) {
            try self.add(NDArray(vector: [1, 2, 3]), NDArray(vector: [1, 2]))
        }
        let m = try NDArray(rows: [[1, 2, 3], [4, 5, 6]])
        assertThrows(.shapeMismatch(operation: "*", lhs: [2, 3], rhs: [2])) {
            try NDArray.broadcast(m, NDArray(vector: [1, 2]), operation: "*", *)
        }
    }

    func testResultLimit() throws {
        let column = try NDArray(shape: [1000, 1], data: Array(repeating: 1, count: 1000))
        let row = try NDArray(shape: [1, 1000], data: Array(repeating: 1, count: 1000))
        assertThrows(.tooLarge(elements: 1_000_000, limit: 1000)) {
            try NDArray.broadcast(column, row, operation: "+", limit: 1000, +)
        }
    }

    func testClosureErrorsPropagate() {
        struct Boom: Error {}
        XCTAssertThrowsError(
            try NDArray.broadcast(NDArray(vector: [1]), NDArray(vector: [0]), operation: "/") { _, _ in throw Boom() }
        ) { error in
            XCTAssertTrue(error is Boom)
        }
    }
}
