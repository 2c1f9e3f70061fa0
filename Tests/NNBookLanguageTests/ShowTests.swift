import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import NeuralCore
@testable import NNBookLanguage
import NNBookRender
import XCTest

/// `show`: a data set's example with its label, square vectors, matrices and a
/// first layer's weights; `to "FILE.svg"`; and its errors. `predict`'s bars.
final class ShowTests: XCTestCase {
    /// The first digit of digits()'s training half, a 1.
    static let firstDigit = [
        "┌────────────────┐",
        "│      ▓▓▓▓░░    │",
        "│      ▓▓██▒▒    │",
        "│    ░░████▒▒    │",
        "│  ▒▒██████░░    │",
        "│      ████░░    │",
        "│      ████▒▒    │",
        "│      ████▒▒    │",
        "│      ▓▓██▓▓    │",
        "└────────────────┘",
        "label 1",
        "shades: 0 [  ░░▒▒▓▓██] 1",
    ]

    func testAnExampleOfADataSetIsItsPictureAndItsLabel() {
        let s = Session()
        s.ok("data = digits()")
        XCTAssertEqual(s.ok("show data.train[0]").plainLines, Self.firstDigit)
        XCTAssertEqual(s.number("data.train.labels[0]"), 1)
        // A negative index counts from the end, for the picture and for the label.
        let last = s.ok("show data.test[-1]").plainLines
        XCTAssertEqual(last.count, 12)
        XCTAssertEqual(last[10], "label \(Int(s.number("data.test.labels[-1]") ?? -1))")
        XCTAssertEqual(Array(last[1...8]), Array(s.ok("show data.test[data.test.count - 1]").plainLines[1...8]))
    }

    func testAVectorOfASquaresLengthIsAPictureWithoutLabel() {
        let s = Session()
        s.ok("data = digits()\nx = data.train[0]")
        XCTAssertEqual(s.ok("show x").plainLines, Self.firstDigit.filter { $0 != "label 1" })
        // Values past 1 stretch the scale; a negative value makes it signed, as weights are.
        XCTAssertEqual(s.ok("show [0, 1, 2, 4]").plainLines, ["┌────┐", "│  ░░│", "│▒▒██│", "└────┘", "shades: 0 [  ░░▒▒▓▓██] 4"])
        XCTAssertEqual(s.ok("show [-2, 0, 1, 2]").plainLines, ["┌────┐", "│≡≡  │", "│▒▒██│", "└────┘", "shades: -2 [≡≡==--··  ░░▒▒▓▓██] 2"])
    }

    func testA28By28ImageFitsTheScreenAtHalfSize() throws {
        // A small MNIST folder: a ring (a 0) and a bar (a 1) for training, the bar again for testing.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnbook-show-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ring = (0..<784).map { i -> UInt8 in
            let (r, c) = (Double(i / 28) - 13.5, Double(i % 28) - 13.5)
            return abs((r * r + c * c).squareRoot() - 9) < 2.5 ? 255 : 0
        }
        let bar = (0..<784).map { i -> UInt8 in (4..<24).contains(i / 28) && (13..<15).contains(i % 28) ? 255 : 0 }
        try IDX.write(path: dir + "/train-images-idx3-ubyte", dimensions: [2, 28, 28], bytes: ring + bar, gzip: false)
        try IDX.write(path: dir + "/train-labels-idx1-ubyte", dimensions: [2], bytes: [0, 1], gzip: false)
        try IDX.write(path: dir + "/t10k-images-idx3-ubyte", dimensions: [1, 28, 28], bytes: bar, gzip: true)
        try IDX.write(path: dir + "/t10k-labels-idx1-ubyte", dimensions: [1], bytes: [1], gzip: false)
        let s = Session()
        s.ok("data = mnist(\"\(dir)\")")
        XCTAssertEqual(s.ok("show data.train[0]").plainLines, [
            "┌────────────────────────────┐",
            "│                            │",
            "│         ▄▄▄▄▄▄▄▄▄▄         │",
            "│      ▄▄████████████▄▄      │",
            "│     ██████████████████     │",
            "│   ▄█████▀▀      ▀▀█████▄   │",
            "│   █████▀          ▀█████   │",
            "│   █████            █████   │",
            "│   █████            █████   │",
            "│   █████▄          ▄█████   │",
            "│   ▀█████▄▄      ▄▄█████▀   │",
            "│     ██████████████████     │",
            "│      ▀▀████████████▀▀      │",
            "│         ▀▀▀▀▀▀▀▀▀▀         │",
            "│                            │",
            "└────────────────────────────┘",
            "label 0",
            "shades: 0 [  ░░▒▒▓▓██] 1",
        ])
        let test = s.ok("show data.test[0]").plainLines
        XCTAssertEqual(test[3], "│             ██             │")
        XCTAssertEqual(test[16], "label 1")
        // A taller screen has room for two characters a pixel.
        s.options.height = 40
        let full = s.ok("show data.test[0]").plainLines
        XCTAssertEqual(full.count, 32)
        XCTAssertEqual(full[10], "│                          ████                          │")
    }

    func testAFirstLayersWeightsAreOnePicturePerUnit() {
        let s = Session()
        s.ok("model = sequential(dense(16, relu, input: 64), dense(10, softmax))")
        let lines = s.ok("show model.layers[0].weights").plainLines
        XCTAssertEqual(lines[0], "units 0 to 7 of 16 (the next: show model.layers[0].weights[:, 8:16])")
        XCTAssertTrue(lines[1].hasPrefix("┌ unit 0 ────────┐ ┌ unit 1 ────────┐ ┌ unit 2 ────────┐ ┌ unit 3 ────────┐"), lines[1])
        XCTAssertEqual(lines.count, 1 + 20 + 1, "two rows of four frames and two lines of text fit 80 × 24 with the next prompt")
        XCTAssertTrue(lines.allSatisfy { TextWidth.of($0) <= 80 })
        let limit = s.numbers("model.layers[0].weights")?.map(abs).max() ?? 0
        XCTAssertEqual(lines.last, "shades: -\(NumberFormat.format(limit)) [≡≡==--··  ░░▒▒▓▓██] \(NumberFormat.format(limit))")
        XCTAssertEqual(s.ok("show model.layers[0]").plainLines, lines, "a layer shows its weights")
        // The next units, on the same scale; picked with a step; one alone.
        let next = s.ok("show model.layers[0].weights[:, 8:16]").plainLines
        XCTAssertEqual(next[0], "units 8 to 15: each picture is one unit's 64 weights, on the 8×8 pixels")
        XCTAssertTrue(next[1].hasPrefix("┌ unit 8 ────────┐ ┌ unit 9 ────────┐ ┌ unit 10 ───────┐ ┌ unit 11 ───────┐"), next[1])
        XCTAssertEqual(next.last, lines.last)
        XCTAssertEqual(s.ok("show model.layers[0].weights[:, -3:]").plainLines[0], "units 13 to 15: each picture is one unit's 64 weights, on the 8×8 pixels")
        XCTAssertEqual(s.ok("show model.layers[0].weights[:, ::5]").plainLines[0], "units 0, 5, 10, 15: each picture is one unit's 64 weights, on the 8×8 pixels")
        XCTAssertEqual(s.ok("show model.layers[0].weights[:, 2:3]").plainLines[0], "unit 2: its 64 weights, on the 8×8 pixels")
        // Unit 8 alone is a vector of 64 signed numbers: one picture on its own scale.
        let unit = s.ok("show model.layers[0].weights[:, 8]").plainLines
        XCTAssertEqual(unit.count, 11)
        XCTAssertTrue(unit[10].hasPrefix("shades: -"))
    }

    func testAnyOtherMatrixIsAHeatMapCutToTheScreen() {
        let s = Session()
        XCTAssertEqual(s.ok("show [[-1, 0.5], [0, 1], [0.25, -0.5]]").plainLines, [
            "a 3 × 2 matrix: a line per row, two characters per column",
            "┌────┐",
            "│≡≡▒▒│",
            "│  ██│",
            "│░░--│",
            "└────┘",
            "shades: -1 [≡≡==--··  ░░▒▒▓▓██] 1",
        ])
        s.ok("model = sequential(dense(64, relu, input: 4), dense(10, softmax))")
        // The second layer's inputs are hidden units, not pixels: a heat map, its first 19 rows.
        let lines = s.ok("show model.layers[1].weights").plainLines
        XCTAssertEqual(Array(lines.prefix(2)), ["a 64 × 10 matrix: a line per row, two characters per column",
                                                 "rows 0 to 18 of 64, columns 0 to 9 of 10; show model.layers[1].weights[19:] shows the next rows"])
        XCTAssertEqual(lines.count, 2 + 21 + 1)
    }

    func testColourUsesGreysForImagesAndRedBlueForSigns() {
        let s = Session()
        s.options.colour = true
        let image = s.ok("show [0, 1, 0, 1]").plainLines
        XCTAssertEqual(image[1], "│\u{1B}[48;5;232m  \u{1B}[0m\u{1B}[48;5;255m  \u{1B}[0m│")
        let signed = s.ok("show [-1, 1, 0, 0]").plainLines
        XCTAssertEqual(signed[1], "│\u{1B}[38;5;33m██\u{1B}[0m\u{1B}[38;5;196m██\u{1B}[0m│")
    }

    func testToFileWritesSVGAndJupyterGetsTheSame() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnbook-show-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let s = Session()
        s.ok("data = digits()")
        XCTAssertEqual(s.ok("show data.train[0] to \"\(dir)/d.svg\"").plainLines,
                       ["wrote \(dir)/d.svg (SVG: a browser, slides or a handout show it)"])
        let svg = try String(contentsOfFile: dir + "/d.svg", encoding: .utf8)
        let doc = try parse(svg)
        XCTAssertEqual(doc.elements.filter { $0.attributes["class"] == "pixel" }.count, 64)
        XCTAssertTrue(doc.texts.contains("label 1"))
        var jupyter: [RichForm] = []
        s.richOutput = { jupyter.append($1) }
        s.ok("show data.train[0]")
        guard case .svg(let shown)? = jupyter.first else { return XCTFail("\(jupyter)") }
        XCTAssertEqual(shown, svg, "the file holds what Jupyter shows")

        let again = s.execute("show data.train[1] to \"\(dir)/d.svg\"")
        XCTAssertTrue(again.failed)
        XCTAssertTrue(again.plainLines.contains("hint: show! data.train[1] to \"\(dir)/d.svg\" replaces it"), "\(again.plainLines)")
        s.ok("show! data.train[1] to \"\(dir)/d.svg\"")
        XCTAssertNotEqual(try String(contentsOfFile: dir + "/d.svg", encoding: .utf8), svg, "replaced")
        s.ok("model = sequential(dense(3, relu, input: 4), dense(2, softmax))")
        s.ok("show model.layers[0].weights to \"\(dir)/w.svg\"")
        XCTAssertEqual(try parse(try String(contentsOfFile: dir + "/w.svg", encoding: .utf8)).elements.filter { $0.attributes["class"] == "pixel" }.count, 12)
    }

    func testWhatShowCannotDrawSaysWhatItCan() {
        let s = Session()
        s.ok("data = digits()\nm = sequential(dense(4, relu, input: 4), dropout(0.2), dense(2, softmax))")
        let cases: [(String, String, Int, String?)] = [
            ("show", "show needs something to draw", 1, "show data.train[0]"),
            ("show [1, 2, 3]", "show draws a vector as a square picture, and 3 numbers are not a square", 6,
             "show draws " + Interpreter.showable),
            ("show 3", "show cannot draw a number", 6, "show draws " + Interpreter.showable),
            ("show data", "show cannot draw a data set (train and test)", 6, "show one example: show data.train[0]"),
            ("show data[0]", "pick the training or the test half first", 6, "show data.train[0]"),
            ("show m", "show cannot draw a model", 6, "show a layer's weights: show model.layers[0].weights"),
            ("show data.train[5000]", "index 5000 is out of range: digits train has 1438 examples", 17, nil),
            ("show m.layers[1]", "layer 1 (Dropout) has no weights to draw", 6, "a dense layer has them: show model.layers[0].weights"),
            ("show [[]]", "this matrix is empty: nothing to draw", 6, nil),
            ("show! data.train[0]", "show! replaces a file, so it needs one", 1, "show! data.train[0] to \"digit.svg\""),
        ]
        for (source, message, column, hint) in cases {
            guard let (d, _) = s.failure(source) else { continue }
            XCTAssertEqual(d.message, message, source)
            XCTAssertEqual(d.span?.start.column, column, source)
            XCTAssertEqual(d.hint, hint, source)
        }
        XCTAssertEqual(s.number("1 + 1"), 2, "the session goes on")
    }

    func testPredictOnOneExampleDrawsTheProbabilities() {
        let s = Session()
        s.ok("m = sequential(dense(3, softmax, input: 2))")
        let lines = s.ok("predict m [0.5, -0.5]").plainLines
        XCTAssertEqual(lines.count, 4)
        let p = lines[0].dropFirst().prefix { $0 != "]" }.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        XCTAssertEqual(p.count, 3)
        let best = p.indices.max { p[$0] < p[$1] } ?? -1
        for (k, line) in lines.dropFirst().enumerated() {
            XCTAssertTrue(line.hasPrefix("\(k) "), line)
            XCTAssertTrue(line.contains(Interpreter.percent(p[k])), line)
            XCTAssertEqual(line.hasSuffix("◀ predicted"), k == best, line)
            XCTAssertEqual(Double(line.filter { $0 == "█" }.count), (p[k] * 40).rounded(.down), accuracy: 1, line)
        }
        XCTAssertEqual(s.ok("m.predict([0.5, -0.5])").plainLines, lines, "Keras's method prints the same")
        XCTAssertEqual(s.ok("predict m [[0.5, -0.5], [1, 1]]").plainLines.count, 2, "several examples: no bars")
        s.ok("r = sequential(dense(3, relu, input: 2))")
        XCTAssertEqual(s.ok("predict r [0.5, -0.5]").plainLines.count, 1, "not probabilities: no bars")
    }

    func parse(_ svg: String) throws -> TextAndElements {
        let collector = TextAndElements()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "well-formed: \(String(describing: parser.parserError))")
        return collector
    }
}

/// Each element with its attributes, and the text inside each `<text>`.
final class TextAndElements: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var texts: [String] = []
    private var inText = false

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append((name, attributes))
        if name == "text" { inText = true; texts.append("") }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { texts[texts.count - 1] += string } }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { inText = false }
    }
}

extension ShowTests {
    func testAPictureWiderThanTheTerminalIsRefusedButGoesToAFile() throws {
        let s = Session()
        s.ok("v = [0 for i in range(6400)]\nw = [0 for i in range(6084)]")
        guard let (d, _) = s.failure("show v") else { return }
        XCTAssertEqual(d.message, "a 80×80 picture is wider than the terminal's 80 columns, even at one character a pixel")
        XCTAssertEqual(d.hint, "write it to a file: show v to \"picture.svg\"")
        XCTAssertEqual(s.ok("show w").plainLines.count, 39 + 2 + 1, "78×78 fits at one character a pixel")
        s.ok("model = sequential(dense(130, relu, input: 64), dense(10, softmax))")
        XCTAssertEqual(s.ok("show model.layers[0].weights[:, 8:]").plainLines[0],
                       "units 8 to 15 of the 122 picked (the next: show model.layers[0].weights[:, 16:24])")
    }
}

extension ShowTests {
    func testWhatTrainingChangedInAFirstLayerIsOnePicturePerUnitToo() {
        let s = Session()
        s.ok("data = digits()\nmodel = sequential(dense(16, relu, input: 64), dense(10, softmax))\nw0 = model.layers[0].weights")
        s.ok("train model on data epochs 2")
        let lines = s.ok("show model.layers[0].weights - w0").plainLines
        XCTAssertEqual(lines[0], "units 0 to 7 of 16 (the next: show (model.layers[0].weights - w0)[:, 8:16])")
        XCTAssertEqual(lines.count, 22)
        let next = s.ok("show (model.layers[0].weights - w0)[:, 8:16]").plainLines
        XCTAssertEqual(next[0], "units 8 to 15: each picture is one unit's 64 weights, on the 8×8 pixels")
        XCTAssertEqual(next.last, lines.last, "one scale: the whole change's")
        // The picture of unit 3 is its column of the change, drawn alone.
        let change = s.numbers("(model.layers[0].weights - w0)[:, 3]") ?? []
        let limit = change.map(abs).max() ?? 0
        XCTAssertEqual(s.ok("show (model.layers[0].weights - w0)[:, 3]").plainLines.last,
                       "shades: -\(NumberFormat.format(limit)) [≡≡==--··  ░░▒▒▓▓██] \(NumberFormat.format(limit))")
        // A product with another matrix is no longer one column a unit: a heat map.
        XCTAssertEqual(s.ok("show model.layers[0].weights @ model.layers[1].weights").plainLines[0],
                       "a 64 × 10 matrix: a line per row, two characters per column")
    }
}
