import XCTest
import NNBookLanguage
@testable import NNBookNotebook

/// The judge's rules one by one, on effects of real cells run from the same state.
final class AnswerJudgeTests: XCTestCase {
    private func effect(_ cells: [String], after setup: [String] = []) -> CellEffect {
        let s = Session()
        for c in setup { _ = s.execute(c) }
        var results: [CellResult] = []
        for c in cells { results.append(s.execute(c)) }
        return CellEffect(of: results, in: s)
    }

    private func judge(_ expected: String, _ got: String, after setup: [String] = []) -> Mismatch? {
        AnswerJudge.mismatch(expected: effect([expected], after: setup), got: effect([got], after: setup))
    }

    func testPrintedNumbersCountToTheirPrintedPrecisionAndWordsMayDiffer() {
        XCTAssertNil(judge("print(\"Final output:\", 0.880797)", "print(\"final:\", sigmoid(2))"))
        XCTAssertEqual(judge("print(\"x\", 0.88)", "print(\"x\", 0.89)"), .output(expected: "0.88", got: "0.89"))
        XCTAssertEqual(judge("print(1, 2)", "print(1)"), .output(expected: "2", got: nil))
        XCTAssertEqual(judge("print(\"hello\")", "print(\"bye\")"), .output(expected: "hello", got: "bye"))
    }

    func testEchoesOfDefinitionsDoNotCountTheFunctionDoes() {
        XCTAssertNil(judge("f(x) = x^2", "f(x) = x**2"))
        XCTAssertEqual(judge("f(x) = x^2", "f(x) = x^3"), .variable(name: "f", expected: "f(x) = x^2", got: "f(x) = x^3"))
    }

    func testAnErrorMustBeTheSameError() {
        XCTAssertNil(judge("y = learning_rate * 2", "learning_rate * 3"))
        XCTAssertEqual(judge("y = learning_rate * 2", "y = 2"),
                       .missingError(expected: "name error: unknown name 'learning_rate'", got: nil))
        XCTAssertEqual(judge("1 + 1", "1 +"), .error("syntax error: expected a value, found end of line"))
    }

    func testTrainingIsJudgedByTheModelItLeaves() {
        let setup = ["data = xor()", "m = sequential(dense(4, tanh, input: 2), dense(2, softmax))"]
        XCTAssertNil(judge("train m on data epochs 3", "train m on data epochs 3 batch 32", after: setup))
        XCTAssertNotNil(judge("train m on data epochs 3", "train m on data epochs 2", after: setup))
    }

    func testFiguresIgnoreLabelsButNotPoints() {
        XCTAssertNil(judge("plot sigmoid from -2 to 2", "plot 1/(1+exp(-x)) from -2 to 2"))
        XCTAssertEqual(judge("plot sigmoid from -2 to 2", "plot sigmoid from -2 to 3"), .figure)
        XCTAssertNil(judge("plot sigmoid, relu, tanh from -2 to 2", "plot tanh, relu, sigmoid from -2 to 2"), "any order")
        XCTAssertEqual(judge("plot sigmoid, relu from -2 to 2", "plot sigmoid, sigmoid from -2 to 2"), .figure)
    }
}
