import XCTest

@testable import NNBookLanguage

/// `assert CONDITION[, message]` and `close(a, b, tol:)`: tests written in nnbook.
final class AssertionTests: XCTestCase {
    func testATrueAssertSaysNothingAndAFalseOneStopsTheCell() throws {
        let s = Session()
        s.ok("w = 1 - 0.1 * 2")
        let r = s.ok("assert close(w, 0.8), \"one step\"\nassert w < 1")
        XCTAssertEqual(r.plainLines, [])
        let failed = s.execute("assert close(w, 0.64), \"two steps from 1 give 0.64\"\nw = 5")
        XCTAssertTrue(failed.failed)
        XCTAssertEqual(s.number("w"), 0.8, "the cell stopped at the assert")
        guard case .error(let d, let lines)? = failed.outputs.first else { return XCTFail("no error") }
        XCTAssertEqual(d.kind, .assertion)
        XCTAssertEqual(lines, ["assertion failed at line 1, column 1: two steps from 1 give 0.64",
                               "1 | assert close(w, 0.64), \"two steps from 1 give 0.64\"",
                               "  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
                               "hint: w is 0.8 (tol 1e-6)"])
    }

    func testWithoutAMessageTheConditionAndTheValuesItCompared() {
        let s = Session()
        s.ok("w = 0.8")
        assertDiagnostic(s.failure("assert w == 0.64")?.0, .assertion, contains: "assert w == 0.64 is not true | w is 0.8", line: 1, column: 1, endColumn: 17)
        assertDiagnostic(s.failure("assert w > 2 * w, w")?.0, .assertion, contains: "0.8 | w is 0.8, 2*w is 1.6", line: 1, column: 1)
        assertDiagnostic(s.failure("assert not close(w, 0.8)")?.0, .assertion, contains: "is not true | w is 0.8 (tol 1e-6)", line: 1, column: 1)
        assertDiagnostic(s.failure("assert sigmoid(0) == 0")?.0, .assertion, contains: "sigmoid(0) is 0.5", line: 1, column: 1)
        // In a block, the line of the assert.
        assertDiagnostic(s.failure("for i in range(3):\n    assert i < 2, \"i reached 2\"")?.0, .assertion, contains: "i reached 2 | i is 2",
                         line: 2, column: 5)
    }

    func testMistakesInAnAssert() {
        let s = Session()
        assertDiagnostic(s.failure("assert")?.0, .syntax, contains: "assert needs a condition", line: 1, column: 1)
        assertDiagnostic(s.failure("assert = 3")?.0, .syntax, contains: "'assert' is a keyword and cannot be assigned to", line: 1, column: 1)
        assertDiagnostic(s.failure("assert [1, 2] == [1, 3]")?.0, .type, contains: "gives 2 of them, element by element | close(a, b) is True when every element agrees",
                         line: 1, column: 8)
        assertDiagnostic(s.failure("assert unknown > 1")?.0, .name, contains: "unknown name 'unknown'", line: 1, column: 8)
    }

    func testCloseOnNumbersVectorsAndMatrices() {
        let s = Session()
        XCTAssertEqual(s.shown("close(0.1 + 0.2, 0.3)"), "True")
        XCTAssertEqual(s.shown("close(1, 1.000002)"), "False", "the default tolerance is 1e-6, absolute")
        XCTAssertEqual(s.shown("close(1, 1.000002, tol: 1e-5)"), "True")
        XCTAssertEqual(s.shown("close([1, 2], [1, 2.0000001])"), "True")
        XCTAssertEqual(s.shown("close([[1, 2], [3, 4]], [[1, 2], [3, 4.1]], tol: 0.05)"), "False")
        XCTAssertEqual(s.shown("close(0, 0, tol: 0)"), "True")
        assertDiagnostic(s.failure("close([1, 2], 1)")?.0, .value, contains: "a vector of 2 and a number | a vector where a number was expected?",
                         line: 1, column: 1)
        assertDiagnostic(s.failure("close([1, 2], [1, 2, 3])")?.0, .value, contains: "a vector of 2 and a vector of 3", line: 1, column: 1)
        assertDiagnostic(s.failure("close(1, 1, tol: -1)")?.0, .value, contains: "tol must be a number of 0 or more", line: 1, column: 13)
        assertDiagnostic(s.failure("close(1, 1, rtol: 1)")?.0, .name, contains: "close takes no named argument 'rtol'", line: 1, column: 13)
    }
}
