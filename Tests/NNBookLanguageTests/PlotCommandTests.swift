import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import NNBookLanguage

/// The plot command in the language: what it draws for each form, and its errors.
final class PlotCommandTests: XCTestCase {
    func testAnExpressionInXIsPlottedAndLabelled() {
        let s = Session()
        let lines = s.ok("plot x^2 - 1, sigmoid from -2 to 2").plainLines
        XCTAssertEqual(lines.last, "• x^2 - 1  ◦ sigmoid")
        XCTAssertTrue(lines.contains { $0.contains("-2") && $0.contains("2") }, "x axis labels: \(lines)")
    }

    func testDescentAndLossNeedSomethingToPlot() {
        let s = Session()
        guard let (d1, _) = s.failure("plot descent"), let (d2, _) = s.failure("plot loss") else { return }
        XCTAssertTrue(d1.message.contains("no descent"))
        XCTAssertTrue(d2.message.contains("no training run"))
        s.ok("f(x) = x^2")
        s.ok("descend f from 1 rate 0.3 steps 3")
        XCTAssertTrue(s.ok("plot descent").plainLines.first?.contains("gradient descent on f: 3 steps") ?? false)
    }

    func testBoundaryNeedsTwoDimensionalDataAndAModel() {
        let s = Session()
        s.ok("digits_data = digits()")
        s.ok("m = sequential(dense(4, relu, input: 64), dense(10, softmax))")
        guard let (d, _) = s.failure("plot boundary m on digits_data") else { return }
        XCTAssertTrue(d.message.contains("2-D data"), d.message)
        guard let (e, _) = s.failure("plot boundary 3 on digits_data") else { return }
        XCTAssertEqual(e.message, "expected a model here, got a number")
    }

    func testBoundaryOfATrainedNetworkAndItsSVG() throws {
        let s = Session()
        s.ok("data = moons(size: 100, noise: 0.1)")
        s.ok("net = mlp([2, 8, 1])")
        s.ok("train net on data steps 5")
        let lines = s.ok("plot boundary net on data").plainLines
        XCTAssertEqual(lines.last, "░ region 0  ▒ region 1  ● class 0  ○ class 1")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nnbook-\(UUID().uuidString).svg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        s.ok("plot boundary net on data to \"\(path)\"")
        let svg = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertTrue(XMLParser(data: svg).parse(), "well-formed SVG")
        XCTAssertTrue(String(decoding: svg, as: UTF8.self).contains("<svg"))
    }

    func testAsciiPlotsWhenAsked() {
        let s = Session()
        s.ok(":plots ascii")
        let lines = s.ok("plot relu from -1 to 1").plainLines
        XCTAssertTrue(lines.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) }, "\(lines)")
        XCTAssertEqual(lines.last, "* relu")
    }
}
