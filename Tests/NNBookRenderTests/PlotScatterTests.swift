import Foundation
import XCTest
@testable import NNBookRender

/// Series drawn as points: scatter markers, numbered descent steps, and lines with
/// markers (loss and accuracy per epoch).
final class PlotScatterTests: XCTestCase {
    let ascii = ChartStyle(width: 40, height: 10, unicode: false)
    let braille = ChartStyle(width: 40, height: 10, unicode: true)
    let three = ChartSeries(label: "samples", points: [(-1, -1), (0, 1), (1, -1)], style: .points)

    /// The plot rows: everything right of the y-axis bar, above the x-axis.
    func plotArea(_ lines: [String]) -> String {
        lines.compactMap { line -> String? in
            guard let bar = line.firstIndex(where: { $0 == "|" || $0 == "│" }) else { return nil }
            return String(line[line.index(after: bar)...])
        }.joined(separator: "\n")
    }

    func testDefaultStyleIsLine() {
        XCTAssertEqual(ChartSeries(label: "a", points: []).style, .line)
        XCTAssertEqual(ChartSeries(label: "a", points: [], style: .points).style, .points)
    }

    func testScatterMarkersAreNotJoined() {
        let plain = plotArea(LineChart.render([three], xRange: -1...1, style: ascii))
        XCTAssertEqual(plain.filter { $0 == "o" }.count, 3, plain)
        XCTAssertEqual(plain.filter { $0 != " " && $0 != "\n" }.count, 3, "nothing but the markers: \(plain)")
        let dots = plotArea(LineChart.render([three], xRange: -1...1, style: braille))
        XCTAssertEqual(dots.filter { $0 == "●" }.count, 3, dots)
        XCTAssertFalse(dots.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "no braille line: \(dots)")
        let joined = plotArea(LineChart.render([ChartSeries(label: "line", points: three.points)], xRange: -1...1, style: ascii))
        XCTAssertGreaterThan(joined.filter { $0 == "*" }.count, 10, "the same points as a line are joined")
    }

    func testLegendShowsThePointMarker() {
        let curve = ChartSeries(label: "f", points: [(-1, 0), (1, 0)])
        XCTAssertEqual(LineChart.render([curve, three], xRange: -1...1, style: ascii).last, "* f  @ samples")
        XCTAssertEqual(LineChart.render([curve, three], xRange: -1...1, style: braille).last, "• f  ○ samples")
    }

    func testPointsStayVisibleOverALaterLine() {
        let curve = ChartSeries(label: "f", points: [(-1, -1), (0, 1), (1, -1)])
        let area = plotArea(LineChart.render([three, curve], xRange: -1...1, style: ascii))
        XCTAssertEqual(area.filter { $0 == "o" }.count, 3, area)
    }

    func testDescentStepsAreNumbered() {
        let parabola = ChartSeries(label: "f(w) = w^2", points: (0...40).map { i in
            let w = -2 + Double(i) / 10
            return (w, w * w)
        })
        var w = 1.8, visited: [(x: Double, y: Double)] = []
        for _ in 0..<8 { visited.append((w, w * w)); w -= 0.1 * 2 * w }
        let steps = ChartSeries(label: "steps", points: visited, style: .numberedPoints)
        for style in [ChartStyle(width: 60, height: 16, unicode: false), ChartStyle(width: 60, height: 16, unicode: true)] {
            let lines = LineChart.render([parabola, steps], xRange: -2...2, title: "descent", style: style)
            let area = plotArea(lines)
            let marker: Character = style.unicode ? "○" : "@"
            XCTAssertEqual(area.filter { $0 == marker }.count, 8, area)
            XCTAssertTrue(area.contains("0\(marker)") || area.contains("\(marker)0"), "step 0 is labelled: \(area)")
            XCTAssertTrue(area.contains("1\(marker)") || area.contains("\(marker)1"), "step 1 is labelled: \(area)")
            for l in lines { XCTAssertLessThanOrEqual(TextWidth.of(l), 60) }
        }
    }

    func testCrowdedStepsAreNotAllNumbered() {
        let still = ChartSeries(label: "stuck", points: Array(repeating: (0.0, 0.0), count: 30), style: .numberedPoints)
        let area = plotArea(LineChart.render([still], xRange: -1...1, style: ascii))
        XCTAssertEqual(area.filter { $0 == "o" }.count, 1)
        XCTAssertEqual(area.filter(\.isNumber).count, 1, "one label for one cell: \(area)")
    }

    func testLinePointsHaveBothLineAndSpacedMarkers() {
        let loss = ChartSeries(label: "loss", points: (0..<30).map { (Double($0), exp(-Double($0) / 6)) }, style: .linePoints)
        let lines = LineChart.render([loss], xRange: 0...29, style: ChartStyle(width: 50, height: 12, unicode: false))
        let area = plotArea(lines)
        XCTAssertTrue(area.contains("*"), "the line")
        XCTAssertGreaterThan(area.filter { $0 == "o" }.count, 5, "the markers")
        XCTAssertFalse(area.contains("oo"), "markers keep a cell apart: \(area)")
        XCTAssertEqual(lines.last, "o loss")
    }

    func testColouredPointsUseTheSeriesColour() {
        let text = LineChart.render([ChartSeries(label: "f", points: [(-1, 0), (1, 0)]), three], xRange: -1...1,
                                    style: ChartStyle(width: 40, height: 10, colour: true)).joined()
        XCTAssertTrue(text.contains("\u{1B}[32m○"), "series 1 is green, with its own marker")
    }
}
