import NeuralCore
import XCTest

final class NeuralErrorTests: XCTestCase {
    func testBroadcastMessage() {
        XCTAssertEqual(
            NeuralError.shapeMismatch(operation: "+", lhs: [3], rhs: [2]).description,
            "cannot broadcast shapes [3] and [2] for +: the last dimensions must be equal or 1")
    }

    func testDotAndAssignMessages() {
        XCTAssertEqual(
            NeuralError.shapeMismatch(operation: "dot", lhs: [2, 3], rhs: [2]).description,
            "cannot compute dot of shapes [2, 3] and [2]: "
                + "the last dimension of the first must equal the first dimension of the second")
        XCTAssertEqual(
            NeuralError.shapeMismatch(operation: "assign", lhs: [2], rhs: [3]).description,
            "cannot assign a value of shape [3] to an element of shape [2]")
    }

    func testOtherMessages() {
        XCTAssertEqual(NeuralError.raggedList.description,
                       "the rows of a nested list must all have the same length, like [[1, 2], [3, 4]]")
        XCTAssertEqual(NeuralError.invalidArgument("range() step must not be zero").description,
                       "range() step must not be zero")
        XCTAssertEqual(NeuralError.tooLarge(elements: 2000, limit: 1000).description,
                       "this needs 2000 numbers, more than the limit of 1000")
        XCTAssertEqual(NeuralError.indexOutOfRange(index: 5, count: 3).description,
                       "index 5 is out of range for 3 elements (valid indexes are -3 to 2)")
        XCTAssertEqual(NeuralError.indexOutOfRange(index: 0, count: 0).description,
                       "index 0 is out of range: the array is empty")
        XCTAssertEqual(NeuralError.emptyInput("mean").description, "cannot take the mean of an empty array")
    }

    func testErrorsThrownByOperationsReadWell() {
        do {
            _ = try NDArray.broadcast(NDArray(vector: [1, 2, 3]), NDArray(vector: [1, 2]), operation: "+", +)
            XCTFail("expected a shape mismatch")
        } catch {
            XCTAssertEqual("\(error)", "cannot broadcast shapes [3] and [2] for +: the last dimensions must be equal or 1")
        }
    }
}
