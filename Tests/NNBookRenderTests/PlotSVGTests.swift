import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import NNBookRender

/// Collects every element (name and attributes) and the text inside each, so the
/// tests can count shapes and read labels from a parsed document.
final class SVGCollector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var texts: [String] = []
    var error: Error?
    private var open: [String] = []

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append((name, attributes))
        open.append("")
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if !open.isEmpty { open[open.count - 1] += string }
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if let text = open.popLast(), !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { texts.append(text) }
    }
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }

    func count(_ name: String, classPrefix: String? = nil) -> Int {
        elements.filter { element in
            element.name == name && (classPrefix.map { element.attributes["class"]?.hasPrefix($0) ?? false } ?? true)
        }.count
    }
}

final class PlotSVGTests: XCTestCase {
    func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) -> SVGCollector {
        let collector = SVGCollector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "well-formed: \(String(describing: collector.error ?? parser.parserError))", file: file, line: line)
        XCTAssertNil(collector.error, file: file, line: line)
        return collector
    }

    let curve = ChartSeries(label: "sigmoid", points: (0...20).map { i in
        let x = -6 + 12 * Double(i) / 20
        return (x, 1 / (1 + exp(-x)))
    })
    let samples = ChartSeries(label: "samples", points: [(-4, 0.1), (0, 0.4), (3, 0.9), (50, 1)], style: .points)

    func testLineChartDocument() {
        let svg = SVGChart.lines([curve, samples], xRange: -6...6, title: "activation")
        XCTAssertTrue(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        XCTAssertTrue(svg.contains("viewBox=\"0 0 640 400\""))
        let doc = parse(svg)
        XCTAssertEqual(doc.elements.first?.name, "svg")
        XCTAssertEqual(doc.count("polyline"), 1, "one line series")
        XCTAssertEqual(doc.count("circle", classPrefix: nil) - doc.count("circle", classPrefix: "legend"), 3,
                       "three points inside the x range; the one at x = 50 is left out")
        XCTAssertEqual(doc.count("g", classPrefix: "series-"), 2)
        XCTAssertTrue(doc.texts.contains("sigmoid") && doc.texts.contains("samples"), "legend and <title> labels: \(doc.texts)")
        XCTAssertEqual(doc.texts.filter { $0 == "sigmoid" }.count, 2, "once in <title>, once in the legend")
        XCTAssertTrue(doc.texts.contains("activation"))
        XCTAssertTrue(doc.texts.contains("0"), "tick labels")
    }

    func testNonFinitePointsSplitTheLine() {
        let holey = ChartSeries(label: "holey", points: [(0, 0), (1, 1), (2, .nan), (3, 1), (4, 0)])
        XCTAssertEqual(parse(SVGChart.lines([holey], xRange: 0...4)).count("polyline"), 2)
    }

    func testLinePointsAndNumberedSteps() {
        let epochs = ChartSeries(label: "loss", points: (0..<5).map { (Double($0), 1 / Double($0 + 1)) }, style: .linePoints)
        let steps = ChartSeries(label: "steps", points: [(1, 1), (0.5, 0.5), (0.2, 0.2)], style: .numberedPoints)
        let doc = parse(SVGChart.lines([epochs, steps], xRange: 0...4, width: 300, height: 200))
        XCTAssertEqual(doc.count("polyline"), 1)
        XCTAssertEqual(doc.count("circle") - doc.count("circle", classPrefix: "legend"), 8)
        XCTAssertTrue(doc.texts.contains("0") && doc.texts.contains("1") && doc.texts.contains("2"), "steps numbered")
    }

    func testBoundaryDocument() {
        let points: [(x: Double, y: Double, label: Int)] = [(-0.5, 0.5, 0), (0.5, -0.5, 1), (0.7, 0.8, 1), (3, 3, 0)]
        let svg = SVGChart.boundary(classify: { x, _ in x > 0 ? 1 : 0 }, classes: 2, points: points,
                                    xRange: -1...1, yRange: -1...1, title: "x > 0", resolution: 10)
        let doc = parse(svg)
        // Each row of cells is one run of class 0 then one run of class 1.
        let rows = Set(doc.elements.filter { $0.name == "rect" && $0.attributes["class"] == "region-0" }.compactMap { $0.attributes["y"] }).count
        XCTAssertGreaterThan(rows, 1)
        XCTAssertEqual(doc.count("rect", classPrefix: "region-0"), rows)
        XCTAssertEqual(doc.count("rect", classPrefix: "region-1"), rows)
        XCTAssertEqual(doc.count("circle", classPrefix: "class-"), 3, "the point at (3, 3) is outside")
        for label in ["region 0", "region 1", "class 0", "class 1", "x > 0"] {
            XCTAssertTrue(doc.texts.contains(label), "\(label) in \(doc.texts)")
        }
        // A checkerboard: every row still has two runs, and they swap classes halfway down.
        let board = parse(SVGChart.boundary(classify: { x, y in (x > 0) == (y > 0) ? 1 : 0 }, classes: 2, points: [],
                                            xRange: -1...1, yRange: -1...1, resolution: 4))
        let cells = board.elements.filter { $0.name == "rect" && ($0.attributes["class"] ?? "").hasPrefix("region-") }
        XCTAssertEqual(cells.count, 2 * Set(cells.compactMap { $0.attributes["y"] }).count)
        XCTAssertEqual(cells.first?.attributes["class"], "region-0", "top left: x < 0, y > 0")
        XCTAssertEqual(cells.last?.attributes["class"], "region-0", "bottom right: x > 0, y < 0")
        XCTAssertEqual(cells.first?.attributes["fill"], SVGChart.lightPalette[0])
    }

    func testLabelsAreEscaped() {
        let evil = ChartSeries(label: "a<b & \"c\" 'd' </svg>\u{1B}", points: [(0, 0), (1, 1)])
        let svg = SVGChart.lines([evil], xRange: 0...1, title: "<script>&")
        XCTAssertTrue(svg.contains("a&lt;b &amp; &quot;c&quot; &apos;d&apos; &lt;/svg&gt;"))
        XCTAssertTrue(svg.contains("&lt;script&gt;&amp;"))
        XCTAssertFalse(svg.contains("\u{1B}"))
        let doc = parse(svg)
        XCTAssertTrue(doc.texts.contains("a<b & \"c\" 'd' </svg>"), "\(doc.texts)")
        XCTAssertTrue(doc.texts.contains("<script>&"))
    }

    func testNothingToPlotIsStillADocument() {
        for svg in [SVGChart.lines([], xRange: 0...1), SVGChart.lines([curve], xRange: 1...1),
                    SVGChart.boundary(classify: { _, _ in 0 }, classes: 0, points: [], xRange: 0...1, yRange: 0...1),
                    SVGChart.boundary(classify: { _, _ in 0 }, classes: 1, points: [], xRange: 0...1, yRange: 0...1,
                                      width: 1, height: 1, resolution: 0)] {
            let doc = parse(svg)
            XCTAssertEqual(doc.elements.first?.name, "svg")
        }
    }
}
