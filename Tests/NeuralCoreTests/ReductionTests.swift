import NeuralCore
import XCTest

final class ReductionTests: XCTestCase {
    func testSumMeanMinMax() throws {
        let v = NDArray(vector: [3, -1, 4, 1, 5])
        XCTAssertEqual(v.sum(), 12)
        XCTAssertEqual(try v.mean(), 2.4, accuracy: 1e-12)
        XCTAssertEqual(try v.min(), -1)
        XCTAssertEqual(try v.max(), 5)
    }

    func testSumMatchesPythonLeftToRight() {
        // Python: sum([0.1, 0.2, 0.3]) == 0.6000000000000001
        XCTAssertEqual(NDArray(vector: [0.1, 0.2, 0.3]).sum(), 0.6000000000000001)
    }

    func testArticleWeightedSum() throws {
        // Article 3.4: sum(input * weights) = 1*0.1 + 2*0.2 + 3*0.3 = 1.4
        let product = try NDArray.broadcast(
            NDArray(vector: [1, 2, 3]), NDArray(vector: [0.1, 0.2, 0.3]), operation: "*", *)
        XCTAssertEqual(product.sum(), 1.4, accuracy: 1e-12)
    }

    func testReductionsOverMatrixUseEveryElement() throws {
        let m = try NDArray(rows: [[1, 2], [3, 4]])
        XCTAssertEqual(m.sum(), 10)
        XCTAssertEqual(try m.mean(), 2.5)
        XCTAssertEqual(try m.min(), 1)
        XCTAssertEqual(try m.max(), 4)
    }

    func testEmptyInputs() {
        let empty = NDArray(vector: [])
        XCTAssertEqual(empty.sum(), 0)
        assertThrows(.emptyInput("mean")) { try empty.mean() }
        assertThrows(.emptyInput("min")) { try empty.min() }
        assertThrows(.emptyInput("max")) { try empty.max() }
    }

    func testNaNPropagatesThroughMinAndMax() throws {
        let v = NDArray(vector: [1, .nan, 3])
        XCTAssertTrue(try v.min().isNaN)
        XCTAssertTrue(try v.max().isNaN)
    }
}
