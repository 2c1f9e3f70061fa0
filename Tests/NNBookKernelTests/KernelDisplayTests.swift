import Foundation
import NNBookLanguage
import XCTest
@testable import NNBookKernel

final class KernelDisplayTests: XCTestCase {
    func run(_ handler: KernelHandler, _ code: String) -> [(String, JSON)] {
        var published: [(String, JSON)] = []
        _ = handler.handle("execute_request", ["code": .string(code)]) { published.append(($0, $1)) }
        return published
    }

    /// The text a session without a front-end makes for the cell's items, in order.
    func plainTexts(_ code: String) -> [String] {
        Session().execute(code).outputs.compactMap { if case .text(let t, _) = $0 { return t } else { return nil } }
    }

    func testPlotIsSVGWithTheREPLsTextInOrder() throws {
        let code = "print(1)\nplot sigmoid from -6 to 6\nprint(2)"
        let published = run(KernelHandler(), code)
        XCTAssertEqual(published.map(\.0), ["execute_input", "stream", "display_data", "stream"])
        let data = try XCTUnwrap(published[2].1["data"])
        XCTAssertEqual(data["text/plain"]?.string, plainTexts(code)[1])
        XCTAssertTrue((data["text/plain"]?.string ?? "").contains("sigmoid"))
        XCTAssertTrue(data["image/svg+xml"]?.string?.contains("<svg xmlns") ?? false)
        XCTAssertTrue(data["image/svg+xml"]?.string?.contains("</svg>") ?? false)
        XCTAssertEqual(published[3].1["text"], "2\n")
    }

    func testBoundaryAndLossPlotsAreSVG() {
        let handler = KernelHandler()
        _ = run(handler, "data = moons()\nmodel = sequential(dense(8, relu, input: 2), dense(2, softmax))\ntrain model on data epochs 2")
        for code in ["plot boundary model on data", "plot loss"] {
            let displays = run(handler, code).filter { $0.0 == "display_data" }
            XCTAssertEqual(displays.count, 1, code)
            XCTAssertTrue(displays.first?.1["data"]?["image/svg+xml"]?.string?.contains("<svg xmlns") ?? false, code)
        }
    }

    func testShowIsSVGWithTheREPLsPicture() throws {
        let handler = KernelHandler()
        _ = run(handler, "data = digits()")
        let published = run(handler, "show data.train[0]")
        let displays = published.filter { $0.0 == "display_data" }
        XCTAssertEqual(displays.count, 1)
        let data = try XCTUnwrap(displays.first?.1["data"])
        XCTAssertEqual(data["text/plain"]?.string, plainTexts("data = digits()\nshow data.train[0]").last)
        XCTAssertTrue(data["text/plain"]?.string?.contains("label 1") ?? false)
        let svg = try XCTUnwrap(data["image/svg+xml"]?.string)
        XCTAssertEqual(svg.components(separatedBy: "class=\"pixel\"").count - 1, 64)
        XCTAssertTrue(svg.contains(">label 1</text>"), svg)
    }

    func testGraphIsSVGWithTheREPLsTree() throws {
        let code = "a = value(2)\nb = a * a\nbackward b\ngraph b"
        let published = run(KernelHandler(), code)
        let displays = published.filter { $0.0 == "display_data" }
        XCTAssertEqual(displays.count, 1)
        let data = try XCTUnwrap(displays.first?.1["data"])
        XCTAssertEqual(data["text/plain"]?.string, plainTexts(code).last)
        XCTAssertEqual(data["text/plain"]?.string, "b = * │ data 4 │ grad 1\n├─ a #1 │ data 2 │ grad 4\n└─ a (see #1 above)")
        let svg = try XCTUnwrap(data["image/svg+xml"]?.string)
        XCTAssertTrue(svg.contains("<svg xmlns") && svg.contains(">data 4</text>") && svg.contains(">grad 4</text>"), svg)
    }

    func testSummaryAndConfusionHaveAnHTMLTable() throws {
        let handler = KernelHandler()
        let build = "data = moons()\nmodel = sequential(dense(8, relu, input: 2), dense(2, softmax))"
        _ = run(handler, build)
        let summary = try XCTUnwrap(run(handler, "summary model").first { $0.0 == "display_data" }?.1["data"])
        XCTAssertEqual(summary["text/plain"]?.string, plainTexts(build + "\nsummary model").last)
        let html = summary["text/html"]?.string ?? ""
        XCTAssertTrue(html.hasPrefix("<table>\n<thead><tr><th>Layer (type)</th><th>Output Shape</th><th>Param #</th></tr></thead>"), html)
        XCTAssertTrue(html.contains("<p>Total params: 42<br>\n"), html)
        let confusion = try XCTUnwrap(run(handler, "confusion model on data").first { $0.0 == "display_data" }?.1["data"])
        XCTAssertTrue(confusion["text/html"]?.string?.contains("<th>true ↓ predicted →</th><th>0</th><th>1</th>") ?? false)
        XCTAssertTrue(confusion["text/plain"]?.string?.contains("on the diagonal (correct)") ?? false)
    }

    func testHTMLEscapesCells() {
        XCTAssertEqual(KernelDisplay.html(header: ["a<b", "n"], rows: [["x & \"y\"", "1,024"]], footer: ["1 > 0", "b"]),
                       "<table>\n<thead><tr><th>a&lt;b</th><th>n</th></tr></thead>\n<tbody>\n"
                       + "<tr><td style=\"text-align: left\">x &amp; &quot;y&quot;</td><td>1,024</td></tr>\n</tbody>\n</table>\n<p>1 &gt; 0<br>\nb</p>")
    }

    func testTrainingIsOneDisplayUpdatedToItsEpochLines() throws {
        let handler = KernelHandler()
        let build = "data = moons()\nmodel = sequential(dense(8, relu, input: 2), dense(2, softmax))"
        _ = run(handler, build)
        let published = run(handler, "train model on data epochs 3")
        let displays = published.filter { $0.0 == "display_data" }
        XCTAssertEqual(displays.count, 1)
        let id = try XCTUnwrap(displays.first?.1["transient"]?["display_id"]?.string)
        let updates = published.filter { $0.0 == "update_display_data" }
        XCTAssertGreaterThanOrEqual(updates.count, 3)
        XCTAssertTrue(updates.allSatisfy { $0.1["transient"]?["display_id"]?.string == id })
        let epochLines = plainTexts(build + "\ntrain model on data epochs 3").filter { $0.hasPrefix("Epoch ") }
        XCTAssertEqual(epochLines.count, 3)
        XCTAssertEqual(updates.last?.1["data"]?["text/plain"]?.string, epochLines.joined(separator: "\n"))
        // The heading is still a stream, before the display; no epoch line is streamed.
        XCTAssertEqual(published.map(\.0).first { $0 != "execute_input" }, "stream")
        XCTAssertFalse(published.contains { $0.0 == "stream" && ($0.1["text"]?.string ?? "").contains("Epoch ") })
    }

    func testMLPTrainingIsOneDisplayUpdatedToItsStepLines() throws {
        let handler = KernelHandler()
        let build = "data = moons(size: 100, noise: 0.1)\nnet = mlp([2, 8, 1])"
        _ = run(handler, build)
        let published = run(handler, "train net on data steps 25\nprint(1)")
        XCTAssertEqual(published.filter { $0.0 == "display_data" }.count, 1)
        let id = try XCTUnwrap(published.first { $0.0 == "display_data" }?.1["transient"]?["display_id"]?.string)
        let updates = published.filter { $0.0 == "update_display_data" }
        XCTAssertTrue(updates.allSatisfy { $0.1["transient"]?["display_id"]?.string == id })
        let texts = plainTexts(build + "\ntrain net on data steps 25\nprint(1)")
        let stepLines = texts.filter { $0.hasPrefix("step ") }
        XCTAssertEqual(stepLines.map { $0.split(separator: " ")[1] }, ["0", "10", "20", "24"])
        XCTAssertEqual(updates.last?.1["data"]?["text/plain"]?.string, stepLines.joined(separator: "\n"))
        // While it runs the display shows the lines so far and a progress line.
        XCTAssertTrue(updates.contains { update in
            let lines = (update.1["data"]?["text/plain"]?.string ?? "").components(separatedBy: "\n")
            return lines.count == 3 && Array(lines[0..<2]) == Array(stepLines[0..<2]) && lines[2].hasPrefix("steps 13/25  loss ")
        }, "\(updates)")
        // The heading, then the display, then what the cell printed after training; no step line is streamed.
        XCTAssertEqual(published.map(\.0).filter { $0 != "update_display_data" }, ["execute_input", "stream", "display_data", "stream"])
        XCTAssertEqual(published.compactMap { $0.0 == "stream" ? $0.1["text"]?.string : nil }, [texts[0] + "\n", "1\n"])
    }
}
