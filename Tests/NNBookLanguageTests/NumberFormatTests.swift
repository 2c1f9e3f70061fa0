import XCTest
@testable import NNBookLanguage

final class NumberFormatTests: XCTestCase {
    func testFloatNoiseIsRemoved() {
        XCTAssertEqual(NumberFormat.format(0.8 - 0.16), "0.64")
        XCTAssertEqual(NumberFormat.format(0.8 - 0.1 * 1.6), "0.64")
        XCTAssertEqual(NumberFormat.format(0.1 + 0.2), "0.3")
        XCTAssertEqual(NumberFormat.format(0.8807970779778823), "0.880797")
        XCTAssertEqual(NumberFormat.format(2), "2")
        XCTAssertEqual(NumberFormat.format(-2.5), "-2.5")
        XCTAssertEqual(NumberFormat.format(123456789), "123456789")
    }

    func testNegativeZeroIsZero() {
        XCTAssertEqual(NumberFormat.format(-0.0), "0")
        XCTAssertEqual(NumberFormat.format(-0.0, precision: .full), "0")
        let s = Session()
        XCTAssertEqual(s.shown("-0"), "0")
        XCTAssertEqual(s.shown("0 * -1"), "0")
        XCTAssertEqual(s.shown("[0, 1] * -1"), "[0, -1]")
    }

    func testLargeNumbersUseScientificNotation() {
        XCTAssertEqual(NumberFormat.format(1e20), "1e+20")
        XCTAssertEqual(NumberFormat.format(1.5e20), "1.5e+20")
        XCTAssertEqual(NumberFormat.format(-3e16), "-3e+16")
        XCTAssertEqual(NumberFormat.format(1e15), "1000000000000000")
        XCTAssertEqual(Session().shown("10^20"), "1e+20")
    }

    func testTinyNumbersNeverPrintAsZero() {
        XCTAssertEqual(NumberFormat.format(2.06e-9), "2.06e-09")
        XCTAssertEqual(NumberFormat.format(-1e-7), "-1e-07")
        XCTAssertEqual(Session().shown("sigmoid(-20)"), "2.061154e-09")
        // Right at the rounding boundary of six decimals.
        XCTAssertNotEqual(NumberFormat.format(5e-7), "0")
        XCTAssertNotEqual(NumberFormat.format(-5e-7), "0")
        XCTAssertNotEqual(NumberFormat.format(0.004, precision: .decimals(2)), "0")
    }

    func testNonFiniteValuesHaveNames() {
        XCTAssertEqual(NumberFormat.format(.infinity), "inf")
        XCTAssertEqual(NumberFormat.format(-.infinity), "-inf")
        XCTAssertEqual(NumberFormat.format(.nan), "nan")
    }

    func testPrecisionDecimalsAndFull() {
        XCTAssertEqual(NumberFormat.format(0.8807970779778823, precision: .decimals(2)), "0.88")
        XCTAssertEqual(NumberFormat.format(0.8807970779778823, precision: .decimals(0)), "8.8e-01")  // a fraction at 0 decimals: never rounded to a whole number, as 0.4 is not
        XCTAssertEqual(NumberFormat.format(0.8807970779778823, precision: .full), "0.8807970779778823")
        XCTAssertEqual(NumberFormat.format(0.1 + 0.2, precision: .full), "0.30000000000000004")
        XCTAssertEqual(NumberFormat.format(3, precision: .full), "3")
        XCTAssertEqual(NumberFormat.articleRounded(0.8807970779778823), "0.88")
        XCTAssertEqual(NumberFormat.articleRounded(0.4999999), "0.50", "two decimals kept, as explain's ≈ shows them")
    }

    func testPrecisionThroughASession() {
        let s = Session()
        XCTAssertEqual(s.ok(":precision 2").outputs, [.text("numbers now print with up to 2 decimals", .note)])
        XCTAssertEqual(s.precision, .decimals(2))
        XCTAssertEqual(s.shown("sigmoid(2)"), "0.88")
        XCTAssertEqual(s.shown("0.8 - 0.16"), "0.64")
        XCTAssertEqual(s.shown("[0.123, 4.567]"), "[0.12, 4.57]")
        XCTAssertEqual(s.ok("print(tanh(-2))").plainLines, ["-0.96"])

        s.ok(":precision full")
        XCTAssertEqual(s.precision, .full)
        XCTAssertEqual(s.shown("sigmoid(2)"), "0.8807970779778823")
        XCTAssertEqual(s.shown("0.1 + 0.2"), "0.30000000000000004")
        XCTAssertEqual(s.shown("2/4"), "0.5")
        XCTAssertEqual(s.ok(":precision").plainLines, ["precision: full"])

        s.ok(":precision 6")
        XCTAssertEqual(s.shown("sigmoid(2)"), "0.880797")
    }

    func testPrecisionAppliesToExplainAndDescent() {
        let s = Session()
        s.ok(":precision 2")
        // At two decimals the value already is the article's rounding: no "0.88 ≈ 0.88".
        XCTAssertEqual(s.ok("explain sigmoid(2)").plainLines, ["sigmoid(2) = 1/(1+e^-2) = 1/(1+0.14) = 1/1.14 = 0.88"])
        s.ok(":precision full")
        XCTAssertEqual(s.ok("explain 0.1 + 0.2").plainLines, ["0.1 + 0.2 = 0.30000000000000004"])
        s.ok("f(x) = x^2")
        let line = s.ok("descend f from 1 rate 0.1 steps 2").plainLines.last ?? ""
        // 0.8 − 0.1·1.6 is exactly the double nearest 0.64, so even in full it prints 0.64;
        // f(w2) = 0.64² is not, and full shows every digit of it.
        XCTAssertTrue(line.contains("w2 = 0.8 − 0.1 · 1.6 = 0.64"), line)
        XCTAssertTrue(line.hasSuffix("f(w2) = \(0.64 * 0.64)"), line)
    }

    func testGroupedThousands() {
        XCTAssertEqual(NumberFormat.grouped(101_770), "101,770")
        XCTAssertEqual(NumberFormat.grouped(1_000), "1,000")
        XCTAssertEqual(NumberFormat.grouped(999), "999")
        XCTAssertEqual(NumberFormat.grouped(-1_234_567), "-1,234,567")
    }

    func testLongVectorsAreShownWithAnElision() {
        let s = Session()
        XCTAssertEqual(s.shown("range(100) * 1"), "[0, 1, 2, 3, 4, …, 95, 96, 97, 98, 99] (100 elements)")
        XCTAssertEqual(s.shown("range(3) * 1"), "[0, 1, 2]")
    }
}
