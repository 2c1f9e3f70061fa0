import NeuralCore
import XCTest

final class IndexAndRangeTests: XCTestCase {
    func testElementOfVectorIsScalar() throws {
        let v = NDArray(vector: [10, 20, 30])
        XCTAssertEqual(try v.element(at: 0), NDArray(scalar: 10))
        XCTAssertEqual(try v.element(at: 2), NDArray(scalar: 30))
        XCTAssertEqual(try v.element(at: -1), NDArray(scalar: 30))
        XCTAssertEqual(try v.element(at: -3), NDArray(scalar: 10))
    }

    func testElementOfMatrixIsRow() throws {
        let m = try NDArray(rows: [[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(try m.element(at: 1), NDArray(vector: [4, 5, 6]))
        XCTAssertEqual(try m.element(at: -2), NDArray(vector: [1, 2, 3]))
    }

    func testIndexErrors() {
        let v = NDArray(vector: [10, 20, 30])
        assertThrows(.indexOutOfRange(index: 3, count: 3)) { try v.element(at: 3) }
        assertThrows(.indexOutOfRange(index: -4, count: 3)) { try v.element(at: -4) }
        assertThrows(.indexOutOfRange(index: 0, count: 0)) { try NDArray(vector: []).element(at: 0) }
        assertThrows(.invalidArgument("a single number cannot be indexed; only lists can")) {
            try NDArray(scalar: 1).element(at: 0)
        }
    }

    func testReplacingScalarElement() throws {
        let v = NDArray(vector: [1, 2, 3])
        XCTAssertEqual(try v.replacing(at: 0, with: NDArray(scalar: 5)), NDArray(vector: [5, 2, 3]))
        XCTAssertEqual(try v.replacing(at: -1, with: NDArray(scalar: 9)), NDArray(vector: [1, 2, 9]))
        XCTAssertEqual(v, NDArray(vector: [1, 2, 3]), "the original is unchanged")
    }

    func testReplacingRowBroadcastsValue() throws {
        let m = try NDArray(rows: [[1, 2], [3, 4]])
        XCTAssertEqual(try m.replacing(at: 1, with: NDArray(vector: [7, 8])), try NDArray(rows: [[1, 2], [7, 8]]))
        XCTAssertEqual(try m.replacing(at: 0, with: NDArray(scalar: 0)), try NDArray(rows: [[0, 0], [3, 4]]))
    }

    func testReplacingWithWrongShapeThrows() throws {
        let m = try NDArray(rows: [[1, 2], [3, 4]])
        assertThrows(.shapeMismatch(operation: "assign", lhs: [2], rhs: [3])) {
            try m.replacing(at: 0, with: NDArray(vector: [1, 2, 3]))
        }
        assertThrows(.shapeMismatch(operation: "assign", lhs: [], rhs: [2])) {
            try NDArray(vector: [1, 2]).replacing(at: 0, with: NDArray(vector: [1, 2]))
        }
        assertThrows(.indexOutOfRange(index: 2, count: 2)) { try m.replacing(at: 2, with: NDArray(scalar: 0)) }
    }

    func testRangeLikePython() throws {
        XCTAssertEqual(try NDArray.range(stop: 3), NDArray(vector: [0, 1, 2]))
        XCTAssertEqual(try NDArray.range(start: 2, stop: 5), NDArray(vector: [2, 3, 4]))
        XCTAssertEqual(try NDArray.range(start: 5, stop: 0, step: -2), NDArray(vector: [5, 3, 1]))
        XCTAssertEqual(try NDArray.range(start: 0, stop: 10, step: 3), NDArray(vector: [0, 3, 6, 9]))
        XCTAssertEqual(try NDArray.range(start: 3, stop: 0), NDArray(vector: []))
        XCTAssertEqual(try NDArray.range(stop: 0), NDArray(vector: []))
        let fractional = try NDArray.range(start: 0, stop: 1, step: 0.25)
        XCTAssertEqual(fractional, NDArray(vector: [0, 0.25, 0.5, 0.75]))
    }

    func testRangeErrors() {
        assertThrows(.invalidArgument("range() step must not be zero")) { try NDArray.range(stop: 3, step: 0) }
        assertThrows(.tooLarge(elements: 1001, limit: 1000)) { try NDArray.range(stop: 1001, limit: 1000) }
        assertThrows(.tooLarge(elements: Int.max, limit: 10)) { try NDArray.range(stop: 1e300, limit: 10) }
        assertThrows(.invalidArgument("range() needs finite start, stop and step")) {
            try NDArray.range(stop: .infinity)
        }
        XCTAssertEqual(try NDArray.range(stop: 1000, limit: 1000).count, 1000)
    }
}
