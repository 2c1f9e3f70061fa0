import Foundation
import XCTest
@testable import NNBookLanguage

/// `save model to "m.py" as keras|pytorch`: both files written, save's rules
/// for existing files and notebooks, `model.compile`'s choice in the script,
/// and a located message, with what to type, for each mistake.
final class ModelExportLanguageTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = FileAccess.realPath(FileManager.default.temporaryDirectory.path)! + "/nnbook-export-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    private func session() -> Session {
        let s = Session()
        s.ok("model = sequential(dense(4, relu, input: 3), dense(2, softmax))")
        return s
    }

    private func names() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    private func read(_ name: String) -> String {
        (try? String(contentsOfFile: dir + "/" + name, encoding: .utf8)) ?? ""
    }

    func testKerasWritesTheScriptAndItsWeightsBesideIt() {
        let s = session()
        XCTAssertEqual(s.ok("save model to \"\(dir)/m.py\" as keras").plainLines,
                       ["saved the model (26 parameters) as a Keras script, \(dir)/m.py, with its weights in \(dir)/m.npz"])
        XCTAssertEqual(names(), ["m.npz", "m.py"])
        XCTAssertTrue(read("m.py").contains("weights = np.load(Path(__file__).with_name(\"m.npz\"))\n"))
        XCTAssertTrue(read("m.py").contains("    keras.Input(shape=(3,)),\n    keras.layers.Dense(4, activation=\"relu\"),\n"))
        let npz = FileManager.default.contents(atPath: dir + "/m.npz") ?? Data()
        XCTAssertEqual(Array(npz.prefix(4)), [0x50, 0x4b, 0x03, 0x04], "a ZIP")
    }

    func testPyTorchAndTheFormatsNameInAnyCase() {
        let s = session()
        s.ok("save model to \"\(dir)/t.py\" as PyTorch")
        XCTAssertEqual(names(), ["t.npz", "t.py"])
        XCTAssertTrue(read("t.py").contains("model = nn.Sequential(\n    nn.Linear(3, 4),\n    nn.ReLU(),\n"))
    }

    func testWhatModelCompileChoseIsInTheScript() {
        let s = session()
        s.ok("model.compile(optimizer='sgd', loss='sparse_categorical_crossentropy', metrics=['accuracy'])")
        s.ok("save model to \"\(dir)/m.py\" as keras")
        XCTAssertTrue(read("m.py").contains("model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01),"))
        XCTAssertTrue(read("m.py").contains("as model.compile chose in nnbook"))
    }

    func testAnExistingScriptOrWeightsFileStopsBothUnlessSaveBang() throws {
        let s = session()
        try "mine\n".write(toFile: dir + "/m.npz", atomically: false, encoding: .utf8)
        let (d, _) = s.failure("save model to \"\(dir)/m.py\" as keras") ?? (nil, [])
        assertDiagnostic(d, .value, contains: "\(dir)/m.npz already exists; nothing was written | save! replaces the script and its weights",
                         line: 1, column: 15)
        XCTAssertEqual(names(), ["m.npz"], "the script is not written either")
        XCTAssertEqual(read("m.npz"), "mine\n")
        s.ok("save! model to \"\(dir)/m.py\" as keras")
        XCTAssertEqual(names(), ["m.npz", "m.py"])
        XCTAssertNotEqual(read("m.npz"), "mine\n")
    }

    func testANotebookWritesBothOnlyInItsFolder() {
        let s = Session()
        s.fileAccess = .guest(folder: dir, writes: true)
        s.ok("model = sequential(dense(2, sigmoid, input: 2))")
        s.ok("save model to \"m.py\" as keras")
        XCTAssertEqual(names(), ["m.npz", "m.py"])
        let (outside, _) = s.failure("save model to \"../m.py\" as keras") ?? (nil, [])
        assertDiagnostic(outside, .value, contains: "is outside this notebook's folder", line: 1, column: 15)
        let (again, _) = s.failure("save model to \"m.py\" as pytorch") ?? (nil, [])
        assertDiagnostic(again, .value, contains: "already exists", line: 1, column: 15)
    }

    func testANotebooksExistingScriptStopsItsWeightsToo() throws {
        try "mine\n".write(toFile: dir + "/m.py", atomically: false, encoding: .utf8)
        let s = Session()
        s.fileAccess = .guest(folder: dir, writes: true)
        s.ok("model = sequential(dense(2, sigmoid, input: 2))")
        let (d, _) = s.failure("save model to \"m.py\" as keras") ?? (nil, [])
        assertDiagnostic(d, .value, contains: "\"m.py\" already exists — a notebook never replaces a file", line: 1, column: 15)
        XCTAssertEqual(names(), ["m.py"])
    }

    func testWeightsWhoseScriptCannotBeWrittenAreTakenAway() {
        let s = session()
        var opens = 0
        AtomicFile.injectFault = { step in
            guard step == "open" else { return nil }
            opens += 1
            return opens == 2 ? ENOSPC : nil  // the weights are written, the script is not
        }
        defer { AtomicFile.injectFault = nil }
        let (d, _) = s.failure("save model to \"\(dir)/m.py\" as keras") ?? (nil, [])
        assertDiagnostic(d, .value, contains: "could not write \(dir)/m.py: the disk is full", line: 1, column: 15)
        XCTAssertEqual(names(), [], "no weights without their script")
    }

    func testEachMistakeSaysWhatToType() {
        let s = session()
        let cases: [(String, Diagnostic.Kind, String, Int)] = [
            ("save model to \"m.json\" as keras", .value,
             "as keras writes a Python script, so its file name must end in .py | save model to \"m.py\" as keras", 15),
            ("save model to \"m.onnx\" as pytorch", .value, "save model to \"m.py\" as pytorch", 15),
            ("save model to \"m.py\"", .value, "m.py is a Python file: say which framework its script is for | save model to \"m.py\" as keras, or as pytorch", 15),
            ("save model to \"m.py\" as tensorflow", .value, "save … as writes a script for keras or pytorch, not 'tensorflow'", 25),
            ("save model to \"m.py\" as pytorh", .value, "did you mean as pytorch?", 25),
            ("save model to \"m.py\" as", .syntax, "expected keras or pytorch after 'as'", 24),
            ("save 3 to \"m.py\" as keras", .type, "expected a model here", 6),
            ("save model as keras to \"m.py\"", .syntax, "'as' comes after the file name | save model to \"model.py\" as keras", 12),
        ]
        for (line, kind, message, column) in cases {
            let (d, _) = s.failure(line) ?? (nil, [])
            assertDiagnostic(d, kind, contains: message, line: 1, column: column)
        }
        s.ok("name = \"m.txt\"")
        let (d, _) = s.failure("save model to name as keras") ?? (nil, [])
        assertDiagnostic(d, .value, contains: "as keras writes a Python script, so its file name must end in .py", line: 1, column: 15)
        XCTAssertEqual(names(), [])
    }

    func testTabCompletesTheFormats() {
        XCTAssertEqual(Session().completions(prefix: "ker"), ["keras"])
        XCTAssertEqual(Session().completions(prefix: "pyt"), ["pytorch"])
    }
}
