import Foundation
import XCTest
@testable import NNBookRender

/// Renders are compared as whole text so a change in layout shows up as a readable diff.
final class LineChartTests: XCTestCase {
    let ascii = ChartStyle(width: 40, height: 10, unicode: false)
    let braille = ChartStyle(width: 40, height: 10, unicode: true)

    /// y = x sampled at 21 points on [-1, 1].
    let identity = ChartSeries(label: "y = x", points: (0...20).map { (i: Int) -> (x: Double, y: Double) in
        let x = -1 + Double(i) / 10
        return (x, x)
    })

    /// The sigmoid 1/(1+e^-x), 200 samples on [-6, 6].
    let sigmoid = ChartSeries(label: "sigmoid", points: (0..<200).map { i in
        let x = -6 + 12 * Double(i) / 199
        return (x, 1 / (1 + exp(-x)))
    })

    /// The text left of the y-axis on each plot row, parsed as numbers.
    func yLabels(_ lines: [String]) -> [Double] {
        lines.compactMap { line in
            guard let bar = line.firstIndex(where: { $0 == "|" || $0 == "│" }) else { return nil }
            return Double(line[..<bar].trimmingCharacters(in: .whitespaces))
        }
    }

    func stripEscapes(_ s: String) -> String {
        s.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    }

    func assertFits(_ lines: [String], _ width: Int, file: StaticString = #filePath, line: UInt = #line) {
        for l in lines {
            XCTAssertLessThanOrEqual(LineChart.displayWidth(stripEscapes(l)), width, "too wide: \(l)", file: file, line: line)
        }
    }

    func testStraightLineInASCII() {
        let expected = """
               1 |                                **
                 |                          ******
             0.5 |                   *******
               0 |              *****
            -0.5 |        ******
                 | *******
              -1 |*
                 ++----------------+---------------+
                 -1                0               1
            * y = x
            """
        let got = LineChart.render([identity], xRange: -1...1, style: ascii)
        XCTAssertEqual(got.joined(separator: "\n"), expected)
        XCTAssertEqual(got.count, 10, "height counts every line")
    }

    func testBrailleUsesOnlyBrailleBoxDigitsAndLabels() {
        let lines = LineChart.render([identity], xRange: -1...1, title: "identity", style: braille)
        let allowed = Set("0123456789.-e+ •◦▪▫" + "identity" + "y = x")
        for scalar in lines.joined().unicodeScalars {
            let braille = (0x2800...0x28FF).contains(scalar.value)
            let box = (0x2500...0x257F).contains(scalar.value)
            XCTAssertTrue(braille || box || allowed.contains(Character(scalar)), "unexpected \(scalar) (U+\(String(scalar.value, radix: 16)))")
        }
        XCTAssertTrue(lines.joined().unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "some dots drawn")
    }

    func testEveryLineFitsTheWidth() {
        let wide = ChartSeries(label: "損失 (training loss) 損失損失損失損失損失損失", points: sigmoid.points)
        for width in [8, 12, 20, 40, 61, 80] {
            for unicode in [false, true] {
                for colour in [false, true] {
                    let style = ChartStyle(width: width, height: 12, unicode: unicode, colour: colour)
                    assertFits(LineChart.render([sigmoid, wide, identity], xRange: -6...6, title: "一个很长的标题 a long title", style: style), width)
                    assertFits(LineChart.render([], xRange: 1...1, style: style), width)
                }
            }
        }
    }

    func testNoEscapeCodesWithoutColour() {
        let evil = ChartSeries(label: "red\u{1B}[31m", points: identity.points)
        for unicode in [false, true] {
            let text = LineChart.render([identity, evil], xRange: -1...1, title: "\u{1B}[2J", style: ChartStyle(width: 40, height: 10, unicode: unicode)).joined()
            XCTAssertFalse(text.contains("\u{1B}"))
        }
        let coloured = LineChart.render([identity], xRange: -1...1, style: ChartStyle(width: 40, height: 10, colour: true)).joined()
        XCTAssertTrue(coloured.contains("\u{1B}[31m"), "first series is red")
    }

    func testFlatSeries() {
        for y in [0.0, 3.0, -2.5] {
            let flat = ChartSeries(label: "flat", points: [(-1, y), (0, y), (1, y)])
            let lines = LineChart.render([flat], xRange: -1...1, style: ascii)
            XCTAssertEqual(lines.count, 10)
            XCTAssertTrue(yLabels(lines).contains(y), "the flat value \(y) gets a label: \(yLabels(lines))")
            XCTAssertTrue(lines.contains { $0.contains("**********") }, "a horizontal line is drawn")
        }
    }

    func testNonFinitePointsLeaveAGap() {
        let holes = ChartSeries(label: "holes", points: identity.points.map { p -> (x: Double, y: Double) in
            abs(p.x) < 0.35 ? (p.x, p.x == 0 ? Double.infinity : Double.nan) : p
        })
        let lines = LineChart.render([holes], xRange: -1...1, style: ascii)
        // The x-axis marks x = 0 with "+"; no row may have a dot in that column.
        let axis = Array(lines[7]), middle = Array(lines[8]).firstIndex(of: "0") ?? 0
        XCTAssertEqual(axis[middle], "+", "the 0 label sits under its tick")
        for row in lines[0..<7] {
            let cells = Array(row)
            XCTAssertFalse(middle < cells.count && cells[middle] == "*", "gap expected at x = 0 in \(row)")
        }
        let joined = LineChart.render([identity], xRange: -1...1, style: ascii)
        XCTAssertLessThan(lines.joined().filter { $0 == "*" }.count, joined.joined().filter { $0 == "*" }.count)
    }

    func testTwoSeriesGetTwoLegendEntries() {
        let other = ChartSeries(label: "y = -x", points: identity.points.map { ($0.x, -$0.y) })
        let plain = LineChart.render([identity, other], xRange: -1...1, style: ascii)
        XCTAssertEqual(plain.last, "* y = x  + y = -x")
        XCTAssertTrue(plain.joined().contains("+"))
        let dots = LineChart.render([identity, other], xRange: -1...1, style: braille)
        XCTAssertEqual(dots.last, "• y = x  ◦ y = -x")
        XCTAssertTrue(dots.dropLast().joined().contains("◦"), "series 2 is marked on the curve")
    }

    func testSigmoidLabelsSpanZeroToOne() {
        for unicode in [false, true] {
            let lines = LineChart.render([sigmoid], xRange: -6...6, style: ChartStyle(width: 60, height: 14, unicode: unicode))
            let labels = yLabels(lines)
            XCTAssertTrue((3...5).contains(labels.count), "\(labels)")
            XCTAssertTrue(labels.contains { abs($0) <= 0.1 }, "a label near 0: \(labels)")
            XCTAssertTrue(labels.contains { abs($0 - 1) <= 0.1 }, "a label near 1: \(labels)")
            XCTAssertTrue(lines[lines.count - 2].hasPrefix("     -6"), lines[lines.count - 2])
            XCTAssertTrue(lines[lines.count - 2].hasSuffix("6"))
            assertFits(lines, 60)
        }
    }

    func testNothingToPlot() {
        XCTAssertEqual(LineChart.render([identity], xRange: 1...1, style: ChartStyle(width: 60, unicode: false)),
                       ["(nothing to plot: the range from 1 to 1 is empty)"])
        XCTAssertEqual(LineChart.render([], xRange: -1...1, style: ascii), ["(nothing to plot: no series given)"])
        let allNaN = ChartSeries(label: "nan", points: [(0, .nan), (.nan, 1)])
        XCTAssertEqual(LineChart.render([allNaN], xRange: -1...1, style: ascii).count, 1)
        XCTAssertEqual(LineChart.render([identity], xRange: -1...1, style: ChartStyle(width: 6, height: 3)).count, 1)
        let narrow = LineChart.render([identity], xRange: 1...1, style: ChartStyle(width: 20, unicode: false))
        XCTAssertEqual(narrow, ["(nothing to plot:..."])
    }

    func testNumberFormat() {
        let cases: [(Double, String)] = [(1, "1"), (0.5, "0.5"), (-0.25, "-0.25"), (-0.0, "0"), (2.50, "2.5"),
                                         (1.0 / 3, "0.333333"), (0.1 * 3, "0.3"), (-12, "-12")]
        for (value, text) in cases { XCTAssertEqual(LineChart.format(value), text) }
    }
}
