import NeuralCore
import XCTest

final class NDArrayTests: XCTestCase {
    func testShapeAndDataInitChecksCount() throws {
        let m = try NDArray(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(m.count, 6)
        XCTAssertEqual(m.rank, 2)
        XCTAssertFalse(m.isScalar)
        assertThrows(.invalidArgument("shape [2, 3] needs 6 values, but 5 were given")) {
            try NDArray(shape: [2, 3], data: [1, 2, 3, 4, 5])
        }
        assertThrows(.invalidArgument("a shape cannot have a negative dimension, got [-1, 2]")) {
            try NDArray(shape: [-1, 2], data: [])
        }
    }

    func testScalarAndVector() {
        let s = NDArray(scalar: 2.5)
        XCTAssertEqual(s.shape, [])
        XCTAssertEqual(s.data, [2.5])
        XCTAssertTrue(s.isScalar)
        XCTAssertEqual(s.rank, 0)
        let v = NDArray(vector: [1, 2, 3])
        XCTAssertEqual(v.shape, [3])
        XCTAssertEqual(v.rank, 1)
    }

    func testRowsInit() throws {
        let m = try NDArray(rows: [[1, 2], [3, 4], [5, 6]])
        XCTAssertEqual(m.shape, [3, 2])
        XCTAssertEqual(m.data, [1, 2, 3, 4, 5, 6])
        assertThrows(.raggedList) { try NDArray(rows: [[1, 2], [3]]) }
        XCTAssertEqual(try NDArray(rows: []).shape, [0, 0])
    }

    func testStackBuildsNestedLists() throws {
        let m = try NDArray.stack([NDArray(vector: [1, 2]), NDArray(vector: [3, 4])])
        XCTAssertEqual(m.shape, [2, 2])
        XCTAssertEqual(m.data, [1, 2, 3, 4])
        let v = try NDArray.stack([NDArray(scalar: 7), NDArray(scalar: 8), NDArray(scalar: 9)])
        XCTAssertEqual(v, NDArray(vector: [7, 8, 9]))
        let cube = try NDArray.stack([m, m])
        XCTAssertEqual(cube.shape, [2, 2, 2])
        XCTAssertEqual(cube.data, [1, 2, 3, 4, 1, 2, 3, 4])
        XCTAssertEqual(try NDArray.stack([]), NDArray(vector: []))
        assertThrows(.raggedList) { try NDArray.stack([NDArray(vector: [1, 2]), NDArray(vector: [3])]) }
        assertThrows(.raggedList) { try NDArray.stack([NDArray(vector: [1]), NDArray(scalar: 3)]) }
    }

    func testMapKeepsShape() throws {
        let m = try NDArray(rows: [[1, -2], [3, -4]])
        let doubled = m.map { $0 * 2 }
        XCTAssertEqual(doubled.shape, [2, 2])
        XCTAssertEqual(doubled.data, [2, -4, 6, -8])
    }

    func testZeros() throws {
        let z = try NDArray.zeros(shape: [2, 3])
        XCTAssertEqual(z.shape, [2, 3])
        XCTAssertEqual(z.data, [0, 0, 0, 0, 0, 0])
        assertThrows(.tooLarge(elements: 1_000_000, limit: 1000)) {
            try NDArray.zeros(shape: [1000, 1000], limit: 1000)
        }
    }
}
