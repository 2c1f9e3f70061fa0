import Foundation
import XCTest
@testable import NNBookRender

/// Decision-region charts: the whole ASCII picture is compared, so any change in
/// layout shows up as a readable diff.
final class PlotBoundaryTests: XCTestCase {
    /// A single vertical boundary at x = 0: class 1 on the right.
    let rightIsOne: (Double, Double) -> Int = { x, _ in x > 0 ? 1 : 0 }
    /// Two points of each class on their own side, and one class-0 point the model gets wrong.
    let points: [(x: Double, y: Double, label: Int)] = [(-0.5, 0.5, 0), (-0.8, -0.6, 0), (0.5, -0.5, 1), (0.7, 0.8, 1), (0.3, 0.2, 0)]

    func stripEscapes(_ s: String) -> String {
        s.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    }

    func testHalfPlaneInASCII() {
        // 24 plot columns: cells 0–11 have centres left of 0 (region 0, "."), cells
        // 12–23 right of it (region 1, ":"). The class-0 point at (0.3, 0.2) sits
        // in region 1: a point the model misclassifies.
        let expected = """
               1 |............::::::::x:::
             0.5 |......o.....::::::::::::
                 |............:::o::::::::
               0 |............::::::::::::
            -0.5 |..o.........::::::x:::::
              -1 |............::::::::::::
                 ++-----------+----------+
                 -1           0          1
            . region 0  : region 1
            o class 0  x class 1
            """
        let got = BoundaryChart.render(classify: rightIsOne, classes: 2, points: points, xRange: -1...1, yRange: -1...1,
                                       title: nil, style: ChartStyle(width: 30, height: 10, unicode: false))
        XCTAssertEqual(got.joined(separator: "\n"), expected)
        XCTAssertEqual(got.count, 10, "height counts every line")
    }

    func testUnicodeShadesAndLegend() {
        let got = BoundaryChart.render(classify: rightIsOne, classes: 2, points: points, xRange: -1...1, yRange: -1...1,
                                       title: "x > 0", style: ChartStyle(width: 60, height: 12, unicode: true))
        XCTAssertEqual(got.last, "░ region 0  ▒ region 1  ● class 0  ○ class 1")
        XCTAssertEqual(got.first?.trimmingCharacters(in: .whitespaces), "x > 0")
        let plot = got.dropFirst().prefix { $0.contains("│") }.joined()
        XCTAssertTrue(plot.contains("░") && plot.contains("▒"))
        XCTAssertEqual(plot.filter { $0 == "●" }.count, 3)
        XCTAssertEqual(plot.filter { $0 == "○" }.count, 2)
    }

    func testMajorityClassWinsACell() {
        let crowd: [(x: Double, y: Double, label: Int)] = [(0.01, 0.01, 1), (0.02, 0.02, 1), (0.03, 0.01, 0)]
        let ascii = ChartStyle(width: 30, height: 10, unicode: false)
        let lines = BoundaryChart.render(classify: { _, _ in 0 }, classes: 2, points: crowd, xRange: -1...1, yRange: -1...1, style: ascii)
        let plot = lines.prefix { $0.contains("|") }.joined()
        XCTAssertEqual(plot.filter { $0 == "x" }.count, 1, "two class-1 points outvote one class-0 point")
        XCTAssertFalse(plot.contains("o"))
        let tie = BoundaryChart.render(classify: { _, _ in 0 }, classes: 2, points: Array(crowd.dropFirst()), xRange: -1...1, yRange: -1...1, style: ascii)
        XCTAssertEqual(tie.prefix { $0.contains("|") }.joined().filter { $0 == "o" }.count, 1, "a tie goes to the lower class")
    }

    func testEveryLineFitsTheWidth() {
        let rings: (Double, Double) -> Int = { x, y in Int((x * x + y * y) * 3) }
        for width in [6, 12, 20, 30, 41, 80] {
            for unicode in [false, true] {
                for colour in [false, true] {
                    let style = ChartStyle(width: width, height: 14, unicode: unicode, colour: colour)
                    let lines = BoundaryChart.render(classify: rings, classes: 5, points: points, xRange: -1...1, yRange: -1...1,
                                                     title: "一个很长的标题 a long title", style: style)
                    XCTAssertLessThanOrEqual(lines.count, 14)
                    for l in lines { XCTAssertLessThanOrEqual(TextWidth.of(stripEscapes(l)), width, "too wide: \(l)") }
                }
            }
        }
    }

    func testColourOnlyWhenAskedFor() {
        for unicode in [false, true] {
            let plain = BoundaryChart.render(classify: rightIsOne, classes: 2, points: points, xRange: -1...1, yRange: -1...1,
                                             title: "\u{1B}[2J", style: ChartStyle(width: 40, height: 12, unicode: unicode))
            XCTAssertFalse(plain.joined().contains("\u{1B}"))
        }
        let coloured = BoundaryChart.render(classify: rightIsOne, classes: 2, points: points, xRange: -1...1, yRange: -1...1,
                                            style: ChartStyle(width: 40, height: 12, colour: true)).joined()
        XCTAssertTrue(coloured.contains("\u{1B}[44m"), "class 0 is blue")
        XCTAssertTrue(coloured.contains("\u{1B}[43m"), "class 1 is orange")
        XCTAssertFalse(coloured.contains("░"), "colour replaces the shades")
    }

    func testNothingToPlot() {
        let style = ChartStyle(width: 60, height: 10, unicode: false)
        XCTAssertEqual(BoundaryChart.render(classify: rightIsOne, classes: 0, points: [], xRange: -1...1, yRange: -1...1, style: style),
                       ["(nothing to plot: a classifier needs at least one class)"])
        XCTAssertEqual(BoundaryChart.render(classify: rightIsOne, classes: 2, points: [], xRange: -1...1, yRange: 2...2, style: style),
                       ["(nothing to plot: the y range from 2 to 2 is empty)"])
        XCTAssertEqual(BoundaryChart.render(classify: rightIsOne, classes: 2, points: [], xRange: -1...1, yRange: -1...1,
                                            style: ChartStyle(width: 60, height: 4)).count, 1)
    }

    func testPointsOutsideTheRangeOrNotFiniteAreSkipped() {
        let odd: [(x: Double, y: Double, label: Int)] = [(5, 0, 1), (.nan, 0, 1), (0, .infinity, 1), (-0.5, 0, -2)]
        let lines = BoundaryChart.render(classify: { _, _ in -1 }, classes: 2, points: odd, xRange: -1...1, yRange: -1...1,
                                         style: ChartStyle(width: 30, height: 10, unicode: false))
        let plot = lines.prefix { $0.contains("|") }.joined()
        XCTAssertFalse(plot.contains("x"))
        XCTAssertEqual(plot.filter { $0 == "o" || $0 == "+" || $0 == "#" }.count, 1, "a negative class still gets a marker")
    }
}
