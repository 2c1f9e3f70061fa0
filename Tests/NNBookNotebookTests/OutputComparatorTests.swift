import XCTest
@testable import NNBookNotebook

final class OutputComparatorTests: XCTestCase {
    func match(_ expected: String, _ got: String) -> Bool { OutputComparator.compare(expected: expected, got: got) }

    func testToleranceComesFromThePrintedDigits() {
        XCTAssertTrue(match("0.88", "0.880797"))
        XCTAssertTrue(match("0.88", "0.875"), "0.875 is 0.005 away: rounds to 0.88")
        XCTAssertTrue(match("0.88", "0.8849"))
        XCTAssertFalse(match("0.88", "0.8851"))
        XCTAssertFalse(match("0.64", "0.65"))
        XCTAssertFalse(match("0.64", "0.6349"))
        XCTAssertTrue(match("0.880797", "0.8807970779778823"))
        XCTAssertFalse(match("0.880797", "0.880798"))
        XCTAssertTrue(match("1.6", "1.6000000000000001"))
        XCTAssertTrue(match("1.0", "1"), "one decimal printed: ±0.05")
    }

    func testIntegersAreExact() {
        XCTAssertTrue(match("2", "2"))
        XCTAssertFalse(match("2", "2.0001"))
        XCTAssertFalse(match("2", "3"))
        XCTAssertTrue(match("2", "2.0"), "the same number printed differently")
        XCTAssertTrue(match("101,770", "101,770"))
        XCTAssertTrue(match("101,770", "101770"))
        XCTAssertFalse(match("101,770", "101,771"))
        XCTAssertTrue(match("Total params: 1,234,567", "Total params: 1,234,567"))
    }

    func testNegativeNumbers() {
        XCTAssertTrue(match("-0.964028", "-0.9640275"))
        XCTAssertTrue(match("-0.964028", "-0.96402800001"))
        XCTAssertFalse(match("-0.964028", "0.964028"))
        XCTAssertFalse(match("-0.96", "-0.95"))
        XCTAssertTrue(match("x = -3", "x = -3"))
        XCTAssertFalse(match("x = -3", "x = 3"))
    }

    func testScientificNotation() {
        XCTAssertTrue(match("1e-05", "1.2e-05"), "no decimals: ±0.5e-05")
        XCTAssertFalse(match("1e-05", "2e-05"))
        XCTAssertTrue(match("1.5e-05", "1.54e-05"))
        XCTAssertFalse(match("1.5e-05", "1.56e-05"))
        XCTAssertTrue(match("2.5E+3", "2504"))
        XCTAssertTrue(match("loss 3.2e-4", "loss 0.00032"))
    }

    func testPercentagesAndNumbersInsideBrackets() {
        XCTAssertTrue(match("accuracy: 84.21%", "accuracy: 84.2139%"))
        XCTAssertFalse(match("accuracy: 84.21%", "accuracy: 84.22%"))
        XCTAssertFalse(match("accuracy: 84.21%", "accuracy: 84.21"))
        XCTAssertTrue(match("[0.1, 0.2]", "[0.1002, 0.1998]"))
        XCTAssertFalse(match("[0.1, 0.2]", "[0.1, 0.3]"))
        XCTAssertFalse(match("[0.1, 0.2]", "[0.1, 0.2, 0.3]"))
        XCTAssertFalse(match("[0.1, 0.2]", "[0.1 0.2]"))
        XCTAssertTrue(match("[[1, 2], [3, 4]]", "[[1, 2], [3, 4]]"))
    }

    func testNumbersInsideWordsAreText() {
        XCTAssertTrue(match("dense_1 (Dense, relu)", "dense_1 (Dense, relu)"))
        XCTAssertFalse(match("dense_1", "dense_1.0"))
        XCTAssertFalse(match("x1", "x1.0"))
        XCTAssertTrue(match("f(x) = x^2", "f(x) = x^2"))
        XCTAssertFalse(match("f(x) = x^2", "f(x) = x^3"))
    }

    func testTextMustBeEqualExactly() {
        XCTAssertFalse(match("sigmoid", "Sigmoid"))
        XCTAssertFalse(match("a  b", "a b"))
        XCTAssertFalse(match("name error: x", "name error: y"))
        XCTAssertTrue(match("中文 0.5", "中文 0.5"))
        XCTAssertFalse(match("中文 0.5", "中 0.5"))
    }

    func testTrailingWhitespaceAndTrailingBlankLinesAreIgnored() {
        XCTAssertTrue(match("a  \nb\t\n\n\n", "a\nb"))
        XCTAssertTrue(match("", "\n\n"))
        XCTAssertFalse(match("\na", "a"), "leading blank lines count")
        XCTAssertFalse(match(" a", "a"), "leading spaces count")
    }

    func testMultiLineFirstDifference() throws {
        let expected = "Epoch 1: loss 0.52\nEpoch 2: loss 0.31\nEpoch 3: loss 0.20"
        XCTAssertNil(OutputComparator.firstDifference(expected: expected, got: "Epoch 1: loss 0.5213\nEpoch 2: loss 0.3089\nEpoch 3: loss 0.2049"))
        let d = try XCTUnwrap(OutputComparator.firstDifference(expected: expected, got: "Epoch 1: loss 0.52\nEpoch 2: loss 0.33\nEpoch 3: loss 0.9"))
        XCTAssertEqual(d.line, 2)
        XCTAssertEqual(d.expected, "Epoch 2: loss 0.31")
        XCTAssertEqual(d.got, "Epoch 2: loss 0.33")
    }

    func testMissingAndExtraLines() throws {
        let missing = try XCTUnwrap(OutputComparator.firstDifference(expected: "1\n2\n3", got: "1\n2  \n"))
        XCTAssertEqual(missing.line, 3)
        XCTAssertEqual(missing.expected, "3")
        XCTAssertEqual(missing.got, OutputComparator.endOfOutput)
        let extra = try XCTUnwrap(OutputComparator.firstDifference(expected: "1", got: "1\nerror"))
        XCTAssertEqual(extra.line, 2)
        XCTAssertEqual(extra.expected, OutputComparator.endOfOutput)
        XCTAssertEqual(extra.got, "error")
        XCTAssertEqual(OutputComparator.firstDifference(expected: "", got: "x")?.line, 1)
    }

    func testPiecesOfALine() {
        XCTAssertEqual(OutputComparator.pieces("w = [-0.5, 1e-05] 84.21%"), [
            .text("w = ["), .number(-0.5, tolerance: 0.05), .text(", "), .number(1e-05, tolerance: 0.5e-05),
            .text("] "), .number(84.21, tolerance: 0.005), .text("%"),
        ])
        XCTAssertEqual(OutputComparator.pieces("x-1 3-2"), [.text("x-"), .number(1, tolerance: nil), .text(" "),
                                                           .number(3, tolerance: nil), .text("-"), .number(2, tolerance: nil)])
        XCTAssertEqual(OutputComparator.pieces("1,23 and 1234,567"), [
            .number(1, tolerance: nil), .text(","), .number(23, tolerance: nil), .text(" and "),
            .number(1234, tolerance: nil), .text(","), .number(567, tolerance: nil),
        ])
    }
}
