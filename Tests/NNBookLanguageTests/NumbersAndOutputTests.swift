import Foundation
import XCTest
@testable import NNBookLanguage

/// Issue 10's numbers and output: exact range sums, overflow named at the
/// operation, assignments that cannot silently vanish, loops' keywords in
/// their place, and output that cannot flood or steer a terminal.
final class NumbersAndOutputTests: XCTestCase {
    func testSumOfARangeIsExactForIntegers() {
        let s = Session()
        // Exactly: a float closed form cancelled to −999922073600 and 0.
        XCTAssertEqual(s.number("sum(range(-10^12, 10^12))"), -1_000_000_000_000)
        XCTAssertEqual(s.number("sum(range(-8.9e15, 8.9e15))"), -8_900_000_000_000_000)
        XCTAssertEqual(s.number("sum(range(10, 0, -3))"), 10 + 7 + 4 + 1)
        XCTAssertEqual(s.number("sum(range(5, 5))"), 0)
        XCTAssertEqual(s.number("sum(range(134000000))"), 8_977_999_933_000_000)
    }

    func testSumOfARangePastTwoToThe53IsAnError() {
        let (d, _) = Session().failure("sum(range(10^9))") ?? (nil, [])
        assertDiagnostic(d, .math, contains: "499,999,999,500,000,000, too large to hold exactly", line: 1, column: 1, endColumn: 17)
        assertDiagnostic(d, .math, contains: "2^53", line: 1, column: 1)
    }

    func testWholeNumbersPastNineQuadrillionAreRefusedAsTooLarge() {
        let (d, _) = Session().failure("range(2^60)") ?? (nil, [])
        assertDiagnostic(d, .value, contains: "too large here", line: 1, column: 7, endColumn: 11)
    }

    func testMeanOfHugeValuesIsRightAndDotOverflowIsAnError() {
        let s = Session()
        XCTAssertEqual(s.number("mean([1e308, 1e308])"), 1e308)
        XCTAssertEqual(s.number("mean([1, 2, 4])"), 7.0 / 3.0)
        let (d, _) = s.failure("x = dot([1e200], [1e200])") ?? (nil, [])
        assertDiagnostic(d, .math, contains: "dot overflows", line: 1, column: 5, endColumn: 26)
        let (m, _) = s.failure("dot([[1e200, 1], [1, 1]], [[1e200], [1]])") ?? (nil, [])
        assertDiagnostic(m, .math, contains: "dot overflows", line: 1, column: 1)
    }

    func testOutCannotBeAssignedButUnderscoreAndBuiltinNamesCan() {
        let s = Session()
        for (source, column) in [("Out = 1", 1), ("Out[1] = 2", 1), ("Out += 1", 1)] {
            let (d, _) = s.failure(source) ?? (nil, [])
            assertDiagnostic(d, .name, contains: "Out holds the results of past cells", line: 1, column: column, endColumn: 4)
        }
        s.ok("_ = 5")
        XCTAssertEqual(s.number("_ + 1"), 6)
        s.ok("sigmoid = 3")
        XCTAssertEqual(s.number("sigmoid * 2"), 6)
        s.ok(":reset")
        assertClose(s.number("sigmoid(0)"), 0.5, within: 0)
    }

    func testBreakAndContinueOutsideALoopAreErrors() {
        let s = Session()
        let (b, _) = s.failure("break") ?? (nil, [])
        assertDiagnostic(b, .syntax, contains: "'break' belongs inside a for or while loop", line: 1, column: 1, endColumn: 6)
        let (c, _) = s.failure("if True: continue") ?? (nil, [])
        assertDiagnostic(c, .syntax, contains: "'continue' belongs inside", line: 1, column: 10)
        s.ok("n = 0\nfor i in range(10):\n    if i == 3:\n        break\n    if i == 1:\n        continue\n    n = n + i")
        XCTAssertEqual(s.number("n"), 0 + 2)
        s.ok("k = 0\nwhile True:\n    k = k + 1\n    if k > 4: break")
        XCTAssertEqual(s.number("k"), 5)
    }

    func testPrecisionZeroShowsEveryFractionTheSameWay() {
        XCTAssertEqual(NumberFormat.format(0.4, precision: .decimals(0)), "4e-01")
        XCTAssertEqual(NumberFormat.format(0.7, precision: .decimals(0)), "7e-01")
        XCTAssertEqual(NumberFormat.format(-0.25, precision: .decimals(0)), "-2.5e-01")
        XCTAssertEqual(NumberFormat.format(1.4, precision: .decimals(0)), "1")
        XCTAssertEqual(NumberFormat.format(2.6, precision: .decimals(0)), "3")
        XCTAssertEqual(NumberFormat.format(0.7, precision: .decimals(1)), "0.7")
    }

    func testAPlotRangeWiderThanTheLargestFloatIsRefusedClearly() {
        let (d, _) = Session().failure("plot sigmoid from -1e308 to 1e308") ?? (nil, [])
        assertDiagnostic(d, .value, contains: "too wide to plot", line: 1, column: 19, endColumn: 34)
    }

    func testPrintedControlCharactersAreMadeVisible() {
        let r = Session().ok("print(\"a\\r\\nb\\tc\")")
        XCTAssertEqual(r.plainLines, ["a␍", "b\tc"])
        let s = Session()
        s.ok("e = \"\u{1B}]0;title\u{07}\"")  // what a notebook's string could hold
        XCTAssertEqual(s.ok("print(e)").plainLines, ["␛]0;title␇"])
        XCTAssertEqual(s.ok("e").plainLines, ["\"␛]0;title␇\""])
        XCTAssertEqual(s.ok("print(\"x\u{9B}2J\")").plainLines, ["x\u{FFFD}2J"])
    }

    func testALongLineIsElidedInTheMiddleWithACount() {
        let s = Session()
        s.ok("s = \"ab\"\nfor i in range(20):\n    s = s + s")  // 2 MB
        let lines = s.ok("print(s)").plainLines
        XCTAssertEqual(lines.count, 1)
        let line = lines[0]
        XCTAssertLessThan(line.count, LineLimit.output + 60)
        XCTAssertTrue(line.hasPrefix(String(repeating: "ab", count: 100)))
        XCTAssertTrue(line.contains(" … (2,096,320 characters not shown) … "), line)
        XCTAssertTrue(line.hasSuffix("ab"))
        // Lines under the limit are untouched, and each line is judged on its own.
        XCTAssertEqual(s.ok("print(\"short\\n\" + s[0])").plainLines, ["short", "a"])
    }

    func testAnErrorMessageQuotingAHugeNameIsBounded() {
        let name = String(repeating: "y", count: 5_000)
        let (d, lines) = Session().failure(name + " + 1") ?? (nil, [])
        XCTAssertEqual(d?.kind, .name)
        XCTAssertLessThan(lines[0].count, LineLimit.message + 80, lines[0])
        XCTAssertTrue(lines[0].contains("characters not shown"))
        XCTAssertLessThan(lines.joined().count, 1_200)
    }

    func testPredictThatOverflowsIsAnErrorNamingIt() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nnbook-big-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(#"{"format": "nnbook-model", "version": 1, "layers": [{"units": 1, "activation": "linear", "input": 1, "weights": [1e38], "biases": [0]}]}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        let s = Session()
        s.ok("m = load(\"\(path)\")")
        XCTAssertEqual(s.ok("predict m [1]").plainLines, ["[1e+38]"])
        let (d, _) = s.failure("predict m [1e10]") ?? (nil, [])
        assertDiagnostic(d, .math, contains: "predict overflows", line: 1, column: 1)
        let (i, _) = s.failure("predict m [1e300]") ?? (nil, [])
        assertDiagnostic(i, .value, contains: "beyond what the model's 32-bit numbers hold", line: 1, column: 11)
    }
}
