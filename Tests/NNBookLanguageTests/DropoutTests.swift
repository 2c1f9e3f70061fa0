import Foundation
import XCTest
@testable import NNBookLanguage

/// `dropout(rate)` in the language: building, summary, attributes, training
/// that prints the same numbers every time, saving, and located errors.
final class DropoutTests: XCTestCase {
    func testSummaryShowsDropoutWithNoParametersAndTheShapeItGets() {
        let s = Session()
        s.ok("model = sequential(dense(128, relu, input: 784), dropout(0.2), dense(10, softmax))")
        let lines = s.ok("summary model").plainLines
        XCTAssertTrue(lines.contains { $0.hasPrefix("dense (Dense, relu)") && $0.hasSuffix("100,480") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.range(of: #"^dropout \(Dropout\) +\(None, 128\) +0$"#, options: .regularExpression) != nil }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("dense_1 (Dense, softmax)") && $0.hasSuffix("1,290") }, "\(lines)")
        XCTAssertTrue(lines.contains("Total params: 101,770"))
        XCTAssertEqual(s.shown("dropout(0.2)"), "dropout(0.2)")
        XCTAssertEqual(s.shown("model.layers"), "[dense (Dense, relu), dropout (Dropout), dense_1 (Dense, softmax)]")
        XCTAssertEqual(s.shown("model.layers[1]"), "dropout: Dropout (None, 128), no parameters (.rate)")
        XCTAssertEqual(s.number("model.layers[1].rate"), 0.2)
        XCTAssertEqual(s.number("model.layers[1].units"), 128)
        XCTAssertEqual(s.number("len(model.layers)"), 3)
    }

    /// Training with dropout prints the same numbers in every session (the
    /// masks are seeded), and evaluation uses every unit.
    func testTrainingWithDropoutPrintsTheSameNumbersEveryTime() {
        func run() -> [String] {
            let s = Session()
            s.ok("data = digits()")
            s.ok("model = sequential(dense(32, relu, input: 64), dropout(0.2), dense(10, softmax))")
            return s.ok("train model on data.train epochs 3").plainLines + s.ok("evaluate model on data.test").plainLines
        }
        let first = run()
        XCTAssertEqual(first.filter { $0.hasPrefix("Epoch ") }.count, 3, "\(first)")
        XCTAssertEqual(first, run())
        let accuracy = first.last.flatMap { Double($0.components(separatedBy: "accuracy ")[1].components(separatedBy: "%")[0]) }
        XCTAssertGreaterThan(accuracy ?? 0, 80, "\(first)")
    }

    func testSaveAndLoadKeepTheDropoutLayer() throws {
        let s = Session()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nnbook-test-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        s.ok("data = digits()")
        s.ok("model = sequential(dense(16, tanh, input: 64), dropout(0.5), dense(10, softmax))")
        s.ok("train model on data epochs 1")
        s.ok("save model to \"\(path)\"")
        s.ok("m2 = load(\"\(path)\")")
        XCTAssertEqual(s.number("m2.layers[1].rate"), 0.5)
        XCTAssertEqual(s.numbers("model.layers[2].weights"), s.numbers("m2.layers[2].weights"))
        XCTAssertEqual(s.ok("evaluate model on data.test").plainLines, s.ok("evaluate m2 on data.test").plainLines)
        XCTAssertTrue(try String(contentsOfFile: path, encoding: .utf8).contains("\"version\": 2,"))
    }

    func testBadRatesAndPlacesAreLocatedErrors() {
        let s = Session()
        let range = "the dropout rate is the fraction of units dropped while training, from 0 up to (not including) 1"
        assertDiagnostic(s.failure("dropout(1)")?.0, .value, contains: range + ", got 1", line: 1, column: 9, endColumn: 10)
        assertDiagnostic(s.failure("dropout(-0.5)")?.0, .value, contains: "got -0.5", line: 1, column: 9, endColumn: 13)
        assertDiagnostic(s.failure("dropout(\"half\")")?.0, .type, contains: "expected a number here, got a string",
                         line: 1, column: 9, endColumn: 15)
        assertDiagnostic(s.failure("dropout()")?.0, .type, contains: "dropout takes 1 argument", line: 1, column: 1)
        assertDiagnostic(s.failure("m = sequential(dropout(0.2), dense(3, input: 2))")?.0, .value,
                         contains: "dropout cannot be the first layer", line: 1, column: 16, endColumn: 28)
        assertDiagnostic(s.failure("m = sequential(dense(3, input: 2), dropout(0.2))")?.0, .value,
                         contains: "dropout cannot be the last layer", line: 1, column: 36, endColumn: 48)
        let d = s.failure("m = sequential(dense(3, input: 2), dropout(0.2), dense(1, sigmoid))\nm.layers[1].weights")?.0
        assertDiagnostic(d, .name, contains: "a layer has no attribute 'weights'", line: 2, column: 1)
        XCTAssertEqual(d?.hint, "its attributes: rate, units")
    }
}
