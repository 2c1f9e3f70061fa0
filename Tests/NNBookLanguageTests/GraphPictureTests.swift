import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import NeuralCore
@testable import NNBookLanguage
import NNBookRender
import XCTest

/// `graph` as a picture: the SVG Jupyter shows and `graph … to "FILE.svg"` writes.
final class GraphPictureTests: XCTestCase {
    /// Lesson 4's neuron and loss, after backward.
    static let lessonNeuron = """
        w1 = value(0.1)
        w2 = value(0.2)
        w3 = value(0.3)
        b = value(0.4)
        x1 = value(1)
        x2 = value(2)
        x3 = value(3)
        z = w1*x1 + w2*x2 + w3*x3 + b
        y = sigmoid(z)
        L = 0.5 * (y - 1)**2
        backward L
        """

    /// The `data …` and `grad …` fields of each line of a `graph` tree, in order.
    func fields(ofTree text: String) -> [String] {
        text.split(separator: "\n").flatMap { line in
            line.components(separatedBy: " │ ").filter { $0.hasPrefix("data ") || $0.hasPrefix("grad ") }
        }
    }

    func testJupyterGetsTheSVGOfTheTreeTheREPLPrintsWithTheSameNumbers() throws {
        let s = Session()
        s.ok(Self.lessonNeuron)
        var rich: [(String, RichForm)] = []
        s.richOutput = { rich.append(($0, $1)) }
        let r = s.ok("graph L")
        let tree = try XCTUnwrap(r.plainLines.first.map { _ in r.plainLines.joined(separator: "\n") })
        XCTAssertTrue(tree.hasPrefix("L = * │ data 0.010061 │ grad 1\n├─ 0.5 │ data 0.5 │ grad 0.020122"), tree)
        XCTAssertEqual(rich.count, 1)
        XCTAssertEqual(rich.first?.0, tree, "the richer form comes with the REPL's exact text")
        guard case .svg(let svg)? = rich.first?.1 else { return XCTFail("not SVG: \(String(describing: rich.first?.1))") }
        let texts = try svgTexts(svg)
        // The tree shows each value once in full (no shared values here), so the fields match one for one.
        XCTAssertEqual(fields(ofTree: tree).sorted(), texts.filter { $0.hasPrefix("data ") || $0.hasPrefix("grad ") }.sorted())
        for label in ["L", "y", "z", "w1", "x3", "b"] { XCTAssertTrue(texts.contains(label), label) }
        for op in ["*", "^2", "-", "sigmoid", "+"] { XCTAssertTrue(texts.contains(op), op) }
    }

    func testTheREPLPrintsOnlyTheTree() {
        let s = Session()
        s.ok(Self.lessonNeuron)
        let items = s.ok("graph L").outputs
        XCTAssertEqual(items.count, 1)
        guard case .text(let text, .plain)? = items.first else { return XCTFail("\(items)") }
        XCTAssertEqual(text.split(separator: "\n").count, 19)
    }

    func testPrecisionIsTheTreesInThePictureToo() throws {
        let s = Session()
        s.ok("a = value(1/3)\nb = a * 3\nbackward b")
        s.ok(":precision 2")
        var svg = ""
        s.richOutput = { if case .svg(let picture) = $1 { svg = picture } }
        XCTAssertEqual(s.ok("graph b").plainLines, ["b = * │ data 1 │ grad 1", "├─ a │ data 0.33 │ grad 3", "└─ 3 │ data 3 │ grad 0.33"])
        XCTAssertEqual(try svgTexts(svg), ["*", "b", "data 1", "grad 1", "a", "data 0.33", "grad 3", "data 3", "grad 0.33"])
    }

    func testABigGraphIsCutNearTheOutputAndSaysSo() throws {
        var x = Scalar(1, label: "x")
        for _ in 0..<400 { x = x + Scalar(1) }
        let svg = GraphText.svg(x, precision: 4)
        let texts = try svgTexts(svg)
        XCTAssertEqual(texts.first, "the 300 values nearest the output; 501 more are not drawn")
        XCTAssertEqual(texts.filter { $0.hasPrefix("data ") }.count, 300)
        // Breadth first, the 300th value is the sum x + 1 + … (250 ones): its operands, and the 150th sum's
        // constant, are not drawn, so three edges come in from outside.
        XCTAssertEqual(svg.components(separatedBy: "stroke-dasharray").count - 1, 3)
    }

    func testGraphToSVGWritesThePictureAndToDOTStillWritesDOT() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnbook-graph-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let s = Session()
        s.ok("a = value(2)\nb = a * a\nbackward b")
        XCTAssertEqual(s.ok("graph b to \"\(dir)/g.svg\"").plainLines, ["wrote \(dir)/g.svg (SVG: a browser, slides or a handout show it)"])
        let svg = try String(contentsOfFile: dir + "/g.svg", encoding: .utf8)
        XCTAssertEqual(try svgTexts(svg), ["*", "b", "data 4", "grad 1", "a", "data 2", "grad 4"])
        var jupyter = ""
        s.richOutput = { if case .svg(let picture) = $1 { jupyter = picture } }
        s.ok("graph b")
        XCTAssertEqual(svg, jupyter, "the file holds what Jupyter shows")

        let again = s.execute("graph b to \"\(dir)/g.svg\"")
        XCTAssertTrue(again.failed)
        XCTAssertTrue(again.plainLines.contains("hint: graph! b to \"\(dir)/g.svg\" replaces it"), "\(again.plainLines)")
        s.ok("c = b + 1\nbackward c\ngraph! c to \"\(dir)/g.svg\"")
        XCTAssertTrue(try svgTexts(try String(contentsOfFile: dir + "/g.svg", encoding: .utf8)).contains("c"), "replaced")

        s.ok("graph b to \"\(dir)/g.dot\"")
        XCTAssertTrue(try String(contentsOfFile: dir + "/g.dot", encoding: .utf8).hasPrefix("digraph G {"))
    }

    func testLabelsAreEscaped() throws {
        let a = Scalar(2, label: "a<b & c>")
        let svg = GraphText.svg(a * a, precision: 4)
        XCTAssertTrue(svg.contains(">a&lt;b &amp; c&gt;</text>"))
        XCTAssertTrue(try svgTexts(svg).contains("a<b & c>"))
    }

    func svgTexts(_ svg: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        let collector = TextCollector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "well-formed: \(String(describing: parser.parserError))", file: file, line: line)
        return collector.texts
    }
}

/// The text inside each `<text>` of an SVG document, in order.
final class TextCollector: NSObject, XMLParserDelegate {
    var texts: [String] = []
    private var inText = false

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == "text" { inText = true; texts.append("") }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { texts[texts.count - 1] += string }
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { inText = false }
    }
}
