import Foundation
import XCTest
import NeuralCore
@testable import NNBookLanguage

/// `save model to "m.onnx"` and `load("m.onnx")` as a learner types them.
final class ONNXLanguageTests: XCTestCase {
    var folder = ""

    override func setUp() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnbook-onnx-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    /// Every activation through the file: same weights, same predictions, same summary.
    func testATrainedModelOfEveryActivationComesBackExactly() {
        let s = Session()
        s.ok("data = digits()")
        let layers = Activation.allCases.map { "dense(8, \"\($0.rawValue)\")" }.joined(separator: ", ")
        s.ok("model = sequential(dense(16, relu, input: 64), dropout(0.25), \(layers), dense(10, softmax))")
        s.ok("train model on data epochs 1")
        let saved = s.ok("save model to \"\(folder)/m.onnx\"").plainLines
        XCTAssertEqual(saved, ["saved the model (1,698 parameters) to \(folder)/m.onnx as ONNX (opset 13, input \"input\" of [batch, 64])"])
        let loaded = s.ok("m2 = load(\"\(folder)/m.onnx\")").plainLines
        XCTAssertEqual(loaded, ["read 9 dense layers from an ONNX model made by nnbook; its output is \"output\""])
        for i in [0, 2, 8, 9] {
            XCTAssertEqual(s.numbers("model.layers[\(i)].weights"), s.numbers("m2.layers[\(i)].weights"), "layer \(i)")
            XCTAssertEqual(s.numbers("model.layers[\(i)].biases"), s.numbers("m2.layers[\(i)].biases"), "layer \(i)")
        }
        XCTAssertEqual(s.ok("summary model").plainLines, s.ok("summary m2").plainLines)
        XCTAssertEqual(s.ok("evaluate model on data.test").plainLines, s.ok("evaluate m2 on data.test").plainLines)
        // The loaded model trains on.
        XCTAssertTrue(s.ok("train m2 on data epochs 1").plainLines.last?.hasPrefix("Epoch 1/1") ?? false)
    }

    func testAnExtensionNnbookDoesNotWriteIsRefusedListingTheFormats() {
        let s = Session()
        s.ok("m = sequential(dense(2, softmax, input: 2))")
        let d = s.failure("save m to \"\(folder)/m.txt\"")?.0
        assertDiagnostic(d, .value, contains: "nnbook cannot save a model as \"\(folder)/m.txt\": it writes a .json file (nnbook's own format) "
                         + "or a .onnx file (ONNX, which onnxruntime and most tools read)", line: 1, column: 11)
        XCTAssertEqual(d?.hint, "save model to \"model.json\", or save model to \"model.onnx\"")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(folder)/m.txt"))
        // Capitals and a file without an extension (nnbook's JSON, as before) are fine.
        s.ok("save m to \"\(folder)/M.ONNX\"")
        s.ok("save m to \"\(folder)/plain\"")
        XCTAssertEqual(FileManager.default.contents(atPath: "\(folder)/plain")?.first, UInt8(ascii: "{"))
        s.ok("a = load(\"\(folder)/M.ONNX\")")
        s.ok("b = load(\"\(folder)/plain\")")
    }

    /// An nnbook from before ONNX wrote its JSON under an .onnx name; it still loads.
    func testJSONUnderAnOnnxNameStillLoads() throws {
        let s = Session()
        s.ok("m = sequential(dense(3, relu, input: 2), dense(2, softmax))")
        s.ok("save m to \"\(folder)/m.json\"")
        try FileManager.default.moveItem(atPath: "\(folder)/m.json", toPath: "\(folder)/old.onnx")
        s.ok("m2 = load(\"\(folder)/old.onnx\")")
        XCTAssertEqual(s.numbers("m.layers[0].weights"), s.numbers("m2.layers[0].weights"))
    }

    func testADamagedFileIsALocatedErrorAndTheSessionGoesOn() throws {
        let s = Session()
        s.ok("keep = 7")
        s.ok("m = sequential(dense(3, relu, input: 2), dense(2, softmax))")
        s.ok("save m to \"\(folder)/m.onnx\"")
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: "\(folder)/m.onnx"))
        FileManager.default.createFile(atPath: "\(folder)/cut.onnx", contents: bytes.prefix(bytes.count / 2))
        let d = s.failure("x = load(\"\(folder)/cut.onnx\")")?.0
        assertDiagnostic(d, .value, contains: "the ONNX file is damaged: the model has field 7 declaring", line: 1, column: 10)
        XCTAssertTrue(d?.message.hasSuffix("the file is cut short or is not ONNX") ?? false, d?.message ?? "")
        FileManager.default.createFile(atPath: "\(folder)/text.onnx", contents: Data("hello, world\n".utf8))
        assertDiagnostic(s.failure("x = load(\"\(folder)/text.onnx\")")?.0, .value, contains: "the ONNX file is damaged", line: 1, column: 10)
        XCTAssertEqual(s.number("keep"), 7)
    }
}
