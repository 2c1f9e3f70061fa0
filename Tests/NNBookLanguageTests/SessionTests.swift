import XCTest
@testable import NNBookLanguage

/// The session as the REPL and notebooks use it: counts, history, vars,
/// completion, cancellation and the article's Keras model.
final class SessionTests: XCTestCase {
    func testExecutionCountsAdvanceForEveryCellIncludingErrors() {
        let s = Session()
        XCTAssertEqual(s.nextCount, 1)
        XCTAssertEqual(s.ok("x = 1").count, 1)
        XCTAssertEqual(s.execute("1/0").count, 2)
        XCTAssertEqual(s.ok("x").outputs, [.result(count: 3, text: "1")])
        XCTAssertEqual(s.inputs, ["x = 1", "1/0", "x"])
    }

    func testHistoryListsEarlierInputs() {
        let s = Session()
        s.ok("x = 1")
        s.ok("for i in range(2):\n    x = x + i")
        XCTAssertEqual(s.ok(":history").plainLines, [
            "In [1]: x = 1",
            "In [2]: for i in range(2):",
            "            x = x + i",
        ])
    }

    func testVarsShowsNamesTypesAndValues() {
        let s = Session()
        s.ok("w = 0.64")
        s.ok("v = [1, 2, 3]")
        s.ok("f(x) = x^2")
        let text = s.ok(":vars").plainLines.joined(separator: "\n")
        for fragment in ["w", "number", "0.64", "vector[3]", "[1, 2, 3]", "function", "f(x) = x^2"] {
            XCTAssertTrue(text.contains(fragment), "'\(fragment)' missing from:\n\(text)")
        }
    }

    func testCompletions() {
        let s = Session()
        s.ok("sigma_total = 1")
        XCTAssertEqual(s.completions(prefix: "sig"), ["sigma_total", "sigmoid", "sign"])
        XCTAssertEqual(s.completions(prefix: ":he"), [":help"])
        XCTAssertTrue(s.completions(prefix: "desc").contains("descend"))
    }

    func testHelpForABuiltin() {
        let text = Session().ok(":help sigmoid").plainLines.joined(separator: "\n")
        XCTAssertTrue(text.contains("sigmoid"), text)
        XCTAssertTrue(text.contains("0.880797"), text)
    }

    func testCancellationStopsALoopAndKeepsVariables() {
        let s = Session()
        s.ok("n = 0")
        s.isCancelled = { true }
        let r = s.execute("for i in range(1000000):\n    n = n + 1")
        XCTAssertTrue(r.failed)
        XCTAssertTrue(r.interrupted)
        guard case .error(let d, _)? = r.outputs.last else { return XCTFail("no error item") }
        XCTAssertEqual(d.kind, .interrupted)
        s.isCancelled = { false }
        let n = s.number("n") ?? -1
        XCTAssertGreaterThanOrEqual(n, 0)
        XCTAssertLessThan(n, 1_000_000)
    }

    func testArticleKerasModelHas101770Parameters() throws {
        let s = Session()
        s.ok("model = sequential(dense(128, relu, input: 784), dense(10, softmax))")
        assertClose(s.number("model.parameters"), 101_770, within: 0)
        let text = s.ok("summary model").plainLines.joined(separator: "\n")
        XCTAssertTrue(text.contains("100,480"), text)
        XCTAssertTrue(text.contains("1,290"), text)
        XCTAssertTrue(text.contains("Total params: 101,770"), text)
    }

    func testDenseRejectsAnUnknownNamedArgument() {
        guard let (d, _) = Session().failure("dense(10, relu, inputs: 784)") else { return }
        assertDiagnostic(d, .name, contains: "dense has no parameter 'inputs'", line: 1, column: 17, endColumn: 23)
    }

    func testAnUnnumberedCellTakesNoNumberAndLeavesOutAndUnderscore() {
        let s = Session()
        XCTAssertEqual(s.ok("10").count, 1)
        let silent = s.execute("x = 20\nx", numbered: false)
        XCTAssertEqual(silent.count, 0)
        XCTAssertEqual(silent.outputs, [.result(count: 0, text: "20")])
        XCTAssertEqual(s.nextCount, 2)
        XCTAssertEqual(s.number("_"), 10)
        XCTAssertEqual(s.number("Out[1] + x"), 30)
        XCTAssertEqual(s.inputs, ["10", "_", "Out[1] + x"])
        let history = s.execute(":history", numbered: false).plainLines
        XCTAssertEqual(history, ["In [1]: 10", "In [2]: _", "In [3]: Out[1] + x"])
    }
}
