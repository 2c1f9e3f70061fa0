import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

@testable import NNBookRender

/// A fixed screen state, made of formulas so it needs no network: inputs x1
/// and x2, hidden layers of 4 and 2, one output; the decision is a circle.
func samplePlaygroundState(_ layout: PlaygroundLayout, epoch: Int = 12) -> PlaygroundScreenState {
    let sizes = [2, 4, 2, 1]
    func map(_ columns: Int, _ rows: Int, _ f: (Double, Double) -> Double) -> [Double] {
        (0..<rows).flatMap { r in
            (0..<columns).map { c in f(-1.5 + 3 * (Double(c) + 0.5) / Double(columns), 1.5 - 3 * (Double(r) + 0.5) / Double(rows)) }
        }
    }
    let t = Double(epoch) / 100
    let columns: [[(label: String?, map: [Double])]] = sizes.enumerated().map { k, n in
        (0..<n).map { j in
            let angle = Double(j) + Double(k) * 0.7
            let m = map(layout.mapColumns, layout.mapRows) { x, y in tanhApprox(cos(angle) * x + sin(angle) * y + t) }
            return (k == 0 ? ["x1", "x2"][j] : nil, m)
        }
    }
    let weights: [[[Double]]] = (1..<sizes.count).map { k in
        (0..<sizes[k]).map { j in (0..<sizes[k - 1]).map { i in sin(Double(3 * k + 5 * j + 7 * i) + t) * 1.4 } }
    }
    let decision = map(layout.regionColumns, layout.regionRows) { x, y in 1 / (1 + exp(-6 * (x * x + y * y - 0.6 - t))) }
    let points = (0..<60).map { n -> PlaygroundScreenPoint in
        let angle = Double(n) * 2.399963, radius = n % 2 == 0 ? 0.4 * Double(n % 7) / 7 : 0.8 + 0.2 * Double(n % 5) / 5
        return PlaygroundScreenPoint(x: radius * cos(angle), y: radius * sin(angle), label: n % 2, isTest: n % 3 == 0)
    }
    let train = (0...epoch).map { 0.69 * exp(-Double($0) / 5) + 0.05 }
    let test = (0...epoch).map { 0.69 * exp(-Double($0) / 6) + 0.08 }
    return PlaygroundScreenState(
        columns: columns, weights: weights, decision: decision, points: points, xRange: -1.5...1.5, yRange: -1.5...1.5,
        trainLoss: train, testLoss: test, epoch: epoch,
        settings: ["data circle", "noise 0.1", "split 50%", "batch 10", "rate 0.1", "tanh", "regularization none", "features x1 x2", "seed 42"],
        playing: false, selected: (1, 2), format: { String(format: "%.3f", $0) })
}

private func tanhApprox(_ x: Double) -> Double { Foundation.tanh(x) }

final class PlaygroundScreenTests: XCTestCase {
    private static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("PlaygroundScreens")

    /// Compares with the committed screen, or writes it with NNBOOK_WRITE_SCREENS=1.
    private func assertScreen(_ lines: [String], _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = Self.folder.appendingPathComponent(name)
        let text = lines.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["NNBOOK_WRITE_SCREENS"] == "1" {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(text, expected, "screen \(name) differs; NNBOOK_WRITE_SCREENS=1 rewrites it, then read the diff", file: file, line: line)
    }

    private func frame(_ width: Int, _ height: Int, colour: Bool) throws -> TerminalFrame {
        let screen = PlaygroundScreen(width: width, height: height, colour: colour)
        let layout = try XCTUnwrap(screen.layout(columns: [2, 4, 2, 1]))
        return screen.render(samplePlaygroundState(layout))
    }

    func testScreenAt80x24() throws {
        let lines = try frame(80, 24, colour: false).lines(colour: false)
        XCTAssertEqual(lines.count, 24)
        XCTAssertTrue(lines.allSatisfy { $0.count <= 80 })
        try assertScreen(lines, "80x24.txt")
    }

    func testScreenAt120x40() throws {
        let lines = try frame(120, 40, colour: false).lines(colour: false)
        XCTAssertEqual(lines.count, 40)
        try assertScreen(lines, "120x40.txt")
    }

    func testScreenWithColour() throws {
        try assertScreen(try frame(80, 24, colour: true).lines(colour: true), "80x24-colour.txt")
    }

    func testBelowTheMinimumOnlyTheMessage() throws {
        for (width, height) in [(79, 24), (80, 23), (40, 10)] {
            let screen = PlaygroundScreen(width: width, height: height, colour: true)
            XCTAssertNil(screen.layout(columns: [2, 4, 2, 1]))
            let layout = try XCTUnwrap(PlaygroundScreen(width: 80, height: 24, colour: false).layout(columns: [2, 4, 2, 1]))
            let text = screen.render(samplePlaygroundState(layout)).lines(colour: false).filter { !$0.isEmpty }.joined(separator: " ")
            XCTAssertEqual(text, "The playground needs a terminal of at least 80×24; this one is \(width)×\(height). Make the window larger.")
        }
        let narrow = PlaygroundScreen(width: 40, height: 10, colour: false).render(samplePlaygroundState(
            try XCTUnwrap(PlaygroundScreen(width: 80, height: 24, colour: false).layout(columns: [2, 4, 2, 1]))))
        XCTAssertEqual(narrow.lines(colour: false)[0], "The playground needs a terminal of at")
    }

    func testLayoutFitsTheLargestNetwork() throws {
        // Seven features, six hidden layers of eight, one output: everything inside 80 columns.
        let columns = [7] + Array(repeating: 8, count: 6) + [1]
        let screen = PlaygroundScreen(width: 80, height: 24, colour: false)
        let layout = try XCTUnwrap(screen.layout(columns: columns))
        XCTAssertEqual(layout.mapRows, 1)
        XCTAssertLessThan((layout.columnLefts.last ?? 0) + layout.mapColumns, layout.panelLeft)
        let big = try XCTUnwrap(PlaygroundScreen(width: 120, height: 40, colour: false).layout(columns: [2, 4, 2, 1]))
        XCTAssertEqual([big.mapColumns, big.mapRows, big.regionColumns, big.regionRows], [12, 6, 47, 25])
    }

    func testOddNumbersDoNotBreakTheScreen() throws {
        let screen = PlaygroundScreen(width: 80, height: 24, colour: true)
        let layout = try XCTUnwrap(screen.layout(columns: [2, 4, 2, 1]))
        var state = samplePlaygroundState(layout)
        state.points += [PlaygroundScreenPoint(x: .nan, y: 0, label: 1, isTest: false), PlaygroundScreenPoint(x: 1e300, y: -1e300, label: 0, isTest: true)]
        state.trainLoss += [.infinity, -1e300, .nan]
        state.decision[0] = .nan
        state.columns[1][0].map[0] = .infinity
        state.weights[0][0][0] = .nan
        XCTAssertEqual(screen.render(state).lines(colour: false).count, 24)
        let huge = PlaygroundScreen(width: 100_000, height: 100_000, colour: false)
        XCTAssertEqual([huge.width, huge.height], [1000, 500])
    }

    func testDiffSendsOnlyTheChangedCells() throws {
        var old = TerminalFrame(width: 10, height: 3)
        old.put("abcdefghij", row: 1, column: 0)
        var new = old
        XCTAssertEqual(TerminalUpdate.diff(from: old, to: new, colour: false), "", "nothing changed, nothing sent")
        new.put("X", row: 1, column: 2)
        new.put("Y", row: 1, column: 4)
        new.put("Z", row: 2, column: 9)
        // Runs closer than 4 cells are one write: "XdY" from column 3.
        XCTAssertEqual(TerminalUpdate.diff(from: old, to: new, colour: false), "\u{1B}[2;3HXdY\u{1B}[3;10HZ")
        XCTAssertEqual(TerminalUpdate.diff(from: old, to: new, colour: false, gap: 0), "\u{1B}[2;3HX\u{1B}[2;5HY\u{1B}[3;10HZ")
        // A style change alone is a change with colour, and the update ends reset.
        var styled = old
        styled.set("a", row: 1, column: 0, style: CellStyle(foreground: 25))
        XCTAssertEqual(TerminalUpdate.diff(from: old, to: styled, colour: true), "\u{1B}[2;1H\u{1B}[0;38;5;25ma\u{1B}[0m")
        XCTAssertEqual(TerminalUpdate.diff(from: old, to: styled, colour: false), "")
        // Another size: a full redraw.
        XCTAssertEqual(TerminalUpdate.diff(from: old, to: TerminalFrame(width: 4, height: 1), colour: false), "\u{1B}[0m\u{1B}[H\u{1B}[2J\u{1B}[1;1H    ")
    }

    func testDiffOfOneTrainingStepIsAFractionOfTheScreen() throws {
        let screen = PlaygroundScreen(width: 120, height: 40, colour: true)
        let layout = try XCTUnwrap(screen.layout(columns: [2, 4, 2, 1]))
        let before = screen.render(samplePlaygroundState(layout, epoch: 12))
        let after = screen.render(samplePlaygroundState(layout, epoch: 13))
        let full = TerminalUpdate.full(after, colour: true).utf8.count
        let diff = TerminalUpdate.diff(from: before, to: after, colour: true).utf8.count
        XCTAssertGreaterThan(diff, 0)
        XCTAssertLessThan(diff, full / 2)
    }
}

final class TerminalFrameSVGTests: XCTestCase {
    func testColoursAndCells() throws {
        XCTAssertEqual(TerminalFrame.xtermColour(25), "#005faf")
        XCTAssertEqual(TerminalFrame.xtermColour(202), "#ff5f00")
        XCTAssertEqual(TerminalFrame.xtermColour(245), "#8a8a8a")
        XCTAssertEqual(TerminalFrame.xtermColour(9), "#ff0000")
        var frame = TerminalFrame(width: 6, height: 2)
        frame.put("a<b", row: 0, column: 0, style: CellStyle(foreground: 25, bold: true))
        frame.set(" ", row: 1, column: 2, style: CellStyle(background: 202))
        frame.set(" ", row: 1, column: 3, style: CellStyle(background: 202))
        let svg = frame.svg(title: "t & u")
        XCTAssertTrue(svg.contains("<title>t &amp; u</title>"))
        XCTAssertTrue(svg.contains("<rect x=\"16.8\" y=\"17\" width=\"16.8\" height=\"17\" fill=\"#ff5f00\"/>"), "two cells, one rectangle")
        XCTAssertTrue(svg.contains("<text x=\"0\" y=\"13\" fill=\"#005faf\" font-weight=\"bold\" textLength=\"25.2\" xml:space=\"preserve\">a&lt;b</text>"))
        XCTAssertTrue(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"50.4\" height=\"34\""))
    }

    func testTheScreenAsSVGIsWellFormed() throws {
        let screen = PlaygroundScreen(width: 120, height: 40, colour: true)
        let layout = try XCTUnwrap(screen.layout(columns: [2, 4, 2, 1]))
        let svg = screen.render(samplePlaygroundState(layout)).svg(title: "playground")
        let parser = XMLParser(data: Data(svg.utf8))
        XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    }
}
