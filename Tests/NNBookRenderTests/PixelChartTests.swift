import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import NNBookRender

/// `PixelChart`, `BarChart` and the pixels' SVG on fixed inputs, compared with the exact text.
final class PixelChartTests: XCTestCase {
    let plain = ChartStyle(width: 80, height: 24, unicode: true, colour: false)
    let ascii = ChartStyle(width: 80, height: 24, unicode: false, colour: false)
    let colour = ChartStyle(width: 80, height: 24, unicode: true, colour: true)
    let esc = "\u{1B}"

    func testLevelsRoundToQuarters() {
        let grey = PixelShading.grey(0...1)
        XCTAssertEqual([0, 0.12, 0.13, 0.37, 0.38, 0.5, 0.87, 0.88, 1, 2, -1, .nan].map { PixelChart.level($0, grey) },
                       [0, 0, 1, 1, 2, 2, 3, 4, 4, 4, 0, 0])
        let signed = PixelShading.signed(limit: 2)
        XCTAssertEqual([-2, -1, -0.2, 0, 0.3, 1.5, 9, .infinity].map { PixelChart.level($0, signed) }, [-4, -2, 0, 0, 1, 3, 4, 0])
        XCTAssertEqual(PixelChart.level(5, .grey(3...3)), 0, "an empty range draws blank")
    }

    func testGreyImageInItsFrame() {
        let g = PixelGrid(rows: 2, columns: 3, values: [0, 0.25, 0.5, 0.75, 1, 0])
        XCTAssertEqual(PixelChart.render([g], shading: .grey(0...1), style: plain), [
            "┌──────┐",
            "│  ░░▒▒│",
            "│▓▓██  │",
            "└──────┘",
        ])
        XCTAssertEqual(PixelChart.render([g], shading: .grey(0...1), style: ascii), [
            "+------+",
            "|  ..::|",
            "|++##  |",
            "+------+",
        ])
    }

    func testSignedNumbersLinesBelowZeroBlocksAbove() {
        let g = PixelGrid(title: "unit 0", rows: 1, columns: 5, values: [-1, -0.5, 0, 0.5, 1])
        XCTAssertEqual(PixelChart.render([g], shading: .signed(limit: 1), style: plain), [
            "┌ unit 0 ──┐",
            "│≡≡--  ▒▒██│",
            "└──────────┘",
        ])
        XCTAssertEqual(PixelChart.render([g], shading: .signed(limit: 1), style: ascii)[1], "|~~--  ::##|")
    }

    func testColourGreysAndRedBlue() {
        let g = PixelGrid(rows: 1, columns: 2, values: [0, 1])
        XCTAssertEqual(PixelChart.render([g], shading: .grey(0...1), style: colour)[1],
                       "│\(esc)[48;5;232m  \(esc)[0m\(esc)[48;5;255m  \(esc)[0m│")
        let s = PixelGrid(rows: 1, columns: 3, values: [-1, 0, 0.5])
        XCTAssertEqual(PixelChart.render([s], shading: .signed(limit: 1), style: colour)[1],
                       "│\(esc)[38;5;33m██\(esc)[0m  \(esc)[38;5;196m▒▒\(esc)[0m│")
    }

    func testFramesSitSideBySideThenWrap() {
        let grids = (0..<3).map { PixelGrid(title: "u\($0)", rows: 1, columns: 2, values: [1, 0]) }
        XCTAssertEqual(PixelChart.render(grids, shading: .grey(0...1), style: ChartStyle(width: 13, height: 24, unicode: true, colour: false)), [
            "┌ u0 ┐ ┌ u1 ┐",
            "│██  │ │██  │",
            "└────┘ └────┘",
            "┌ u2 ┐",
            "│██  │",
            "└────┘",
        ])
    }

    func testCompactHalvesTheSize() {
        // Ink over paper is ▀, paper over ink ▄; alike pixels their mean shade; an odd last row sits over blank.
        let g = PixelGrid(rows: 3, columns: 4, values: [1, 0, 1, 0.5,
                                                        0, 1, 1, 0.5,
                                                        1, 0, 0, 0])
        XCTAssertEqual(PixelChart.render([g], shading: .grey(0...1), style: plain, compact: true), [
            "┌────┐",
            "│▀▄█▒│",
            "│▀   │",
            "└────┘",
        ])
        let two = PixelGrid(rows: 2, columns: 1, values: [1, 0])
        XCTAssertEqual(PixelChart.render([two], shading: .grey(0...1), style: colour, compact: true)[1],
                       "│\(esc)[38;5;255m\(esc)[48;5;232m▀\(esc)[0m│")
    }

    func testScales() {
        let f: (Double) -> String = { LineChart.format($0) }
        XCTAssertEqual(PixelChart.scale(.grey(0...1), style: plain, format: f), "0 [  ░░▒▒▓▓██] 1")
        XCTAssertEqual(PixelChart.scale(.signed(limit: 0.5), style: plain, format: f), "-0.5 [≡≡==--··  ░░▒▒▓▓██] 0.5")
        XCTAssertEqual(PixelChart.scale(.signed(limit: 2), style: ascii, format: f), "-2 [~~==--,,  ..::++##] 2")
    }

    func testBars() {
        let bars = [BarChart.Bar(label: "0", value: 0.8125, text: "81.25%"), BarChart.Bar(label: "1", value: 0.0625, text: "6.25%"),
                    BarChart.Bar(label: "10", value: 0, text: "0.00%")]
        XCTAssertEqual(BarChart.render(bars, marked: 0, barWidth: 8, style: plain), [
            " 0 ██████▌  81.25%  ◀ predicted",
            " 1 ▌         6.25%",
            "10           0.00%",
        ])
        XCTAssertEqual(BarChart.render(bars, marked: 1, barWidth: 8, style: ascii), [
            " 0 #######  81.25%",
            " 1 #         6.25%  < predicted",
            "10           0.00%",
        ])
        XCTAssertEqual(BarChart.render([bars[1]], marked: 0, barWidth: 8, style: colour),
                       ["1 \(esc)[32m▌       \(esc)[0m 6.25%  ◀ predicted"])
        XCTAssertEqual(BarChart.bar(.nan, cells: 4, unicode: true), "")
        XCTAssertEqual(BarChart.bar(3, cells: 4, unicode: true), "████")
    }

    func testPixelsAsSVG() {
        let grids = [PixelGrid(title: "unit 0", rows: 2, columns: 2, values: [-1, 0, 0.5, 1]),
                     PixelGrid(title: "a<b", rows: 2, columns: 2, values: [0, 0, 0, .nan])]
        let svg = SVGChart.pixels(grids, shading: .signed(limit: 1), caption: ["label 7"], format: { LineChart.format($0) })
        let doc = SVGCollector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = doc
        XCTAssertTrue(parser.parse(), "well-formed: \(String(describing: doc.error ?? parser.parserError))")
        XCTAssertEqual(doc.elements.first?.name, "svg")
        XCTAssertEqual(doc.count("rect", classPrefix: "pixel"), 8)
        let fills = doc.elements.filter { $0.attributes["class"] == "pixel" }.compactMap { $0.attributes["fill"] }
        XCTAssertEqual(Array(fills.prefix(4)), ["#2166ac", "#ffffff", "#d98c95", "#b2182b"], "blue, white, half red, red")
        XCTAssertEqual(fills.last, "#ffffff", "NaN is white")
        XCTAssertTrue(doc.texts.contains("a<b") && doc.texts.contains("label 7") && doc.texts.contains("-1") && doc.texts.contains("1"))
        XCTAssertEqual(SVGChart.fill(0.25, .grey(0...1)), "#bfbfbf", "ink is dark on white paper")
    }
}
