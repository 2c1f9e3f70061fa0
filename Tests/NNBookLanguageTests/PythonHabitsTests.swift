import XCTest
@testable import NNBookLanguage

/// Python's spellings that learners bring (issue 13), as values.
final class PythonHabitsTests: XCTestCase {
    func testMembershipInVectorsRangesStringsAndMatrixRows() {
        let s = Session()
        let cases: [(String, String)] = [
            ("2 in [1, 2, 3]", "True"), ("5 in [1, 2, 3]", "False"), ("5 not in [1, 2]", "True"),
            ("3 in range(5)", "True"), ("5 in range(5)", "False"), ("2.5 in range(5)", "False"),
            ("6 in range(0, 10, 3)", "True"), ("4 in range(0, 10, 3)", "False"), ("3 in range(10, 0, -1)", "True"),
            ("True in [0, 1]", "True"), ("\"ab\" in \"cabd\"", "True"), ("\"\" in \"x\"", "True"),
            ("[1, 2] in [[1, 2], [3, 4]]", "True"), ("[2, 1] in [[1, 2], [3, 4]]", "False"),
            ("not 2 in [2]", "False"), ("1 + 1 in [2]", "True"), ("2 in [2] and 3 in [3]", "True"),
        ]
        for (code, shown) in cases { XCTAssertEqual(s.shown(code), shown, code) }
    }

    func testMembershipErrorsNameWhatFits() {
        let s = Session()
        assertDiagnostic(s.failure("1 in 5")?.0, .type, contains: "'in' needs a vector, a range or a string on its right, got a number",
                         line: 1, column: 6)
        assertDiagnostic(s.failure("[1] in [1, 2]")?.0, .type, contains: "'in' a vector looks for a number, got a vector", line: 1, column: 1)
        assertDiagnostic(s.failure("[1] in [[1, 2]]")?.0, .type, contains: "'in' a matrix looks for one of its rows, a vector of 2 numbers",
                         line: 1, column: 1)
        assertDiagnostic(s.failure("1 in \"abc\"")?.0, .type, contains: "'in' a string looks for a string", line: 1, column: 1)
    }

    func testForStillReadsItsInAndLoopsOverMembership() {
        let s = Session()
        _ = s.ok("n = 0")
        _ = s.ok("for i in range(6):\n    if i in [1, 4]:\n        n = n + i")
        XCTAssertEqual(s.number("n"), 5)
    }
}

extension PythonHabitsTests {
    func testEAndPiAreTheConstantsUntilAVariableHidesThem() {
        let s = Session()
        assertClose(s.number("e"), M_E, within: 1e-15)
        assertClose(s.number("e^-2"), 0.1353352832366127, within: 1e-15)  // Python: math.e ** -2
        assertClose(s.number("1/(1+e^-2)"), 0.8807970779778823, within: 1e-15)  // the article's sigmoid(2)
        assertClose(s.number("pi"), Double.pi, within: 0)
        _ = s.ok("f(x) = e^x")
        assertClose(s.number("f'(1)"), M_E, within: 1e-12)
        _ = s.ok("e = 3")
        XCTAssertEqual(s.number("e"), 3)
        _ = s.ok(":reset")
        assertClose(s.number("e"), M_E, within: 1e-15)
        XCTAssertTrue(s.completions(prefix: "p").contains("pi"))
        XCTAssertTrue(s.ok("e?").plainLines.first?.hasPrefix("e  pi — Euler's number") ?? false)
    }
}
