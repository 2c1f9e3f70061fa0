import Foundation
import XCTest
@testable import NNBookLanguage

/// A notebook is a guest: what `FileAccess` lets each kind of cell read and
/// write, the messages and locations of its refusals, and `save!`/`plot!`/
/// `graph!` for typed input.
final class FileAccessTests: XCTestCase {
    /// A temporary folder: `notebook/` (the guest's folder, holding `kept.txt`,
    /// `inner/`, a link `in` to `inner`, a link `out` to `../outside` and a
    /// file link `secret` to `../outside/secret.txt`) beside `outside/`.
    var root = ""
    var folder: String { root + "/notebook" }
    var outside: String { root + "/outside" }

    override func setUpWithError() throws {
        let fm = FileManager.default
        root = FileAccess.realPath(fm.temporaryDirectory.path)! + "/nnbook-files-\(UUID().uuidString)"
        for dir in [folder + "/inner", outside] { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        try "keep me\n".write(toFile: folder + "/kept.txt", atomically: false, encoding: .utf8)
        try "secret\n".write(toFile: outside + "/secret.txt", atomically: false, encoding: .utf8)
        try fm.createSymbolicLink(atPath: folder + "/in", withDestinationPath: "inner")
        try fm.createSymbolicLink(atPath: folder + "/out", withDestinationPath: "../outside")
        try fm.createSymbolicLink(atPath: folder + "/secret", withDestinationPath: outside + "/secret.txt")
    }

    override func tearDownWithError() throws {
        AtomicFile.injectFault = nil
        try? FileManager.default.removeItem(atPath: root)
    }

    func guest(writes: Bool = true) -> Session {
        let s = Session()
        s.fileAccess = .guest(folder: folder, writes: writes)
        s.ok("m = sequential(dense(2, relu, input: 2))")
        s.ok("a = value(2)")
        return s
    }

    func files(in dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    // MARK: - a guest

    func testAGuestWritesNewFilesInItsOwnFolderWhateverTheWorkingFolder() {
        let s = guest()
        XCTAssertEqual(s.ok("save m to \"m.json\"").plainLines, ["saved the model (6 parameters) to m.json"])
        s.ok("graph a to \"inner/a.dot\"")
        s.ok("plot sigmoid from -1 to 1 to \"./in/s.svg\"")  // a link that stays inside is followed
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/m.json"))
        XCTAssertEqual(files(in: folder + "/inner"), ["a.dot", "s.svg"])
        XCTAssertNotNil(s.value(of: s.ok("load(\"m.json\")")))
    }

    func testAGuestCannotWriteOutsideItsFolder() {
        let s = guest()
        let cases: [(String, String, Int, Int)] = [
            ("save m to \"../x.json\"", "\"../x.json\" is outside this notebook's folder", 11, 22),
            ("save! m to \"\(outside)/x.json\"", "is outside this notebook's folder", 12, 12 + outside.count + 9),
            ("save m to \"inner/../../outside/x.json\"", "is outside this notebook's folder", 11, 39),
            ("save m to \"~/x.json\"", "\"~/x.json\" is outside this notebook's folder", 11, 21),
            ("graph a to \"out/x.dot\"", "\"out/x.dot\" goes through the symbolic link out, which leads outside this notebook's folder", 12, 23),
            ("plot sigmoid from -1 to 1 to \"out/deeper/x.svg\"", "the symbolic link out,", 30, 48),
        ]
        for (cell, message, column, end) in cases {
            let (d, _) = s.failure(cell) ?? (nil, [])
            assertDiagnostic(d, .value, contains: message, line: 1, column: column, endColumn: end)
            XCTAssertEqual(d?.hint, "a notebook reads and writes only files in its own folder, \(folder)", cell)
        }
        XCTAssertEqual(files(in: outside), ["secret.txt"], "nothing written outside")
        XCTAssertEqual(files(in: root), ["notebook", "outside"])
    }

    func testAGuestNeverReplacesAFileNotEvenWithABang() {
        let s = guest()
        for cell in ["save m to \"kept.txt\"", "save! m to \"kept.txt\"", "plot! sigmoid from -1 to 1 to \"kept.txt\"",
                     "graph! a to \"kept.txt\"", "save! m to \"secret\""] {
            let (d, _) = s.failure(cell) ?? (nil, [])
            XCTAssertEqual(d?.kind, .value, cell)
            let refusal = cell.contains("secret") ? "\"secret\" goes through the symbolic link secret" : "\"kept.txt\" already exists — a notebook never replaces a file"
            XCTAssertTrue(d?.message.hasPrefix(refusal) ?? false, d?.message ?? cell)
        }
        XCTAssertEqual(read(folder + "/kept.txt"), "keep me\n")
        XCTAssertEqual(read(outside + "/secret.txt"), "secret\n")
    }

    func testAGuestReadsOnlyInsideItsFolder() throws {
        let s = guest()
        s.ok("save m to \"m.json\"")
        try FileManager.default.copyItem(atPath: folder + "/m.json", toPath: outside + "/m.json")
        for (cell, column) in [("load(\"../outside/m.json\")", 6), ("load(\"\(outside)/m.json\")", 6),
                               ("load(\"out/m.json\")", 6), ("load_csv(\"secret\", label: \"x\")", 10),
                               ("mnist(\"..\")", 7), ("mnist(\"out\")", 7)] {
            let (d, lines) = s.failure(cell) ?? (nil, [])
            XCTAssertEqual(d?.span?.start, SourcePosition(line: 1, column: column), cell)
            XCTAssertTrue(d?.message.contains("outside this notebook's folder") ?? false, "\(cell): \(lines)")
            XCTAssertFalse(lines.joined().contains("secret\n"))
        }
    }

    func testMnistRefusesAFileLinkOutInsideItsFolder() throws {
        try FileManager.default.createDirectory(atPath: folder + "/digits", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: folder + "/digits/train-images-idx3-ubyte", withDestinationPath: outside + "/secret.txt")
        let (d, _) = guest().failure("data = mnist(\"digits\")") ?? (nil, [])
        assertDiagnostic(d, .value, contains: "\"digits/train-images-idx3-ubyte\" goes through the symbolic link digits/train-images-idx3-ubyte",
                         line: 1, column: 14)
    }

    func testALessonWritesNothing() {
        let s = guest(writes: false)
        let (d, _) = s.failure("save m to \"new.json\"") ?? (nil, [])
        assertDiagnostic(d, .value, contains: "\"new.json\" was not written: a lesson writes no files", line: 1, column: 11)
        XCTAssertEqual(files(in: folder), ["in", "inner", "kept.txt", "out", "secret"])
    }

    func testAGuestCannotSaveOrExportTheSession() {
        let s = guest()
        for (cell, name) in [(":save s.md", ":save"), (":save! kept.txt", ":save!"), (":export s.ipynb", ":export"), ("  :export! s.ipynb", ":export!")] {
            let r = s.execute(cell)
            XCTAssertNil(r.request, cell)
            let d = r.outputs.compactMap { if case .error(let d, _) = $0 { return d } else { return nil } }.first
            assertDiagnostic(d, .value, contains: "\(name) is not allowed in a notebook: only what you type at the prompt can save or export the session",
                             line: 1, column: cell.hasPrefix(" ") ? 3 : 1, endColumn: (cell.hasPrefix(" ") ? 3 : 1) + name.count)
        }
        XCTAssertEqual(s.ok("1 + 1").plainLines, ["2"], "the notebook goes on")
    }

    func testAGuestLoadsOnlyNotebooksInItsFolder() {
        let s = guest()
        XCTAssertEqual(s.execute(":load inner/other.md").request, .load(path: "inner/other.md"))
        let (d, _) = s.failure(":load ../outside/x.md") ?? (nil, [])
        assertDiagnostic(d, .value, contains: "\"../outside/x.md\" is outside this notebook's folder", line: 1, column: 7, endColumn: 22)
    }

    func testTheFolderMayBeReachedThroughALink() throws {
        try FileManager.default.createSymbolicLink(atPath: root + "/alias", withDestinationPath: "notebook")
        let s = Session()
        s.fileAccess = .guest(folder: root + "/alias")
        s.ok("m = sequential(dense(2, relu, input: 2))")
        s.ok("save m to \"\(root)/alias/a.json\"")
        s.ok("save m to \"\(folder)/b.json\"")
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/a.json"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/b.json"))
    }

    // MARK: - typed at the prompt

    func testTypedInputReplacesAFileOnlyWithABang() {
        let s = guest()
        s.fileAccess = .typed
        let file = folder + "/kept.txt"
        let cases: [(String, String)] = [
            ("save m to \"\(file)\"", "save! m to \"\(file)\" replaces it"),
            ("graph  a to \"\(file)\"", "graph!  a to \"\(file)\" replaces it"),
            ("plot sigmoid, tanh from -1 to 1 to \"\(file)\"", "plot! sigmoid, tanh from -1 to 1 to \"\(file)\" replaces it"),
        ]
        for (cell, hint) in cases {
            let (d, _) = s.failure(cell) ?? (nil, [])
            let column = cell.unicodeScalars.count - file.count - 1
            assertDiagnostic(d, .value, contains: "\(file) already exists; nothing was written", line: 1, column: column)
            XCTAssertEqual(d?.hint, hint)
        }
        XCTAssertEqual(read(file), "keep me\n")
        // A model is saved only as .json or .onnx: save! refuses the .txt and keeps it, and replaces a .json.
        assertDiagnostic(s.failure("save! m to \"\(file)\"")?.0, .value, contains: "nnbook cannot save a model as", line: 1, column: 12)
        XCTAssertEqual(read(file), "keep me\n")
        FileManager.default.createFile(atPath: folder + "/kept.json", contents: Data("keep me\n".utf8))
        s.ok("save! m to \"\(folder)/kept.json\"")
        XCTAssertTrue(read(folder + "/kept.json")?.contains("\"nnbook-model\"") ?? false, "replaced by the model")
        s.ok("plot! sigmoid from -1 to 1 to \"\(file)\"")
        XCTAssertTrue(read(file)?.contains("<svg") ?? false)
        s.ok("graph! a to \"\(file)\"")
        XCTAssertTrue(read(file)?.hasPrefix("digraph") ?? false)
        XCTAssertEqual(files(in: folder).filter { $0.hasSuffix(".tmp") }, [], "no temporary left")
    }

    func testTypedInputWritesAnywhere() {
        let s = guest()
        s.fileAccess = .typed
        s.ok("save m to \"\(outside)/m.json\"")
        XCTAssertEqual(read(outside + "/secret.txt"), "secret\n")
        XCTAssertTrue(FileManager.default.fileExists(atPath: outside + "/m.json"))
    }

    func testTildeIsTheHomeFolderForWritesAsForReads() {
        let saved = ProcessInfo.processInfo.environment["HOME"]
        setenv("HOME", outside, 1)
        defer { if let saved { setenv("HOME", saved, 1) } else { unsetenv("HOME") } }
        let s = guest()
        s.fileAccess = .typed
        XCTAssertEqual(s.ok("save m to \"~/home.json\"").plainLines, ["saved the model (6 parameters) to ~/home.json"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: outside + "/home.json"))
        XCTAssertNotNil(s.value(of: s.ok("load(\"~/home.json\")")))
        XCTAssertEqual(s.execute(":save ~/s.md").request, .save(path: "~/s.md", overwrite: false), "the executable resolves it")
        XCTAssertEqual(try FileAccess.typed.readable("~/s.md"), outside + "/s.md")
        XCTAssertEqual(try FileAccess.typed.target(forWriting: "~", replacing: false), .write(path: outside, replacing: false))
        XCTAssertEqual(try FileAccess.typed.target(forWriting: "~x/y", replacing: true), .write(path: "~x/y", replacing: true))
    }

    func testBangNeedsAFile() {
        let (d, _) = Session().failure("plot! sigmoid from -1 to 1") ?? (nil, [])
        assertDiagnostic(d, .syntax, contains: "plot! replaces a file, so it needs one", line: 1, column: 1, endColumn: 6)
        XCTAssertEqual(d?.hint, "plot! sigmoid from -6 to 6 to \"sigmoid.svg\"")
        let (g, _) = Session().failure("a = value(1)\ngraph! a") ?? (nil, [])
        assertDiagnostic(g, .syntax, contains: "graph! replaces a file", line: 2, column: 1)
        XCTAssertEqual(Session().failure("save != 1")?.0.kind, .syntax, "save != stays a comparison")
    }

    func testAnEmptyNameOrANulIsRefusedInEveryMode() {
        for access in [FileAccess.typed, .guest(folder: folder), .replay] {
            XCTAssertThrowsError(try access.readable("")) { XCTAssertEqual("\($0)", "the file name is empty") }
            XCTAssertThrowsError(try access.target(forWriting: "a\u{0}b", replacing: true)) {
                XCTAssertEqual("\($0)", "the file name \"a\u{0}b\" contains a NUL character")
            }
        }
    }

    // MARK: - replaying a journal

    func testReplayWritesNothingAndListsWhatItSkipped() {
        let s = guest()
        s.fileAccess = .replay
        let r = s.ok("save m to \"kept.txt\"\ngraph a to \"\(folder)/g.dot\"\nplot sigmoid from -1 to 1 to \"p.svg\"")
        XCTAssertEqual(r.skippedWrites, ["kept.txt", "\(folder)/g.dot", "p.svg"])
        XCTAssertEqual(r.plainLines, [], "resume says what it skipped")
        let saved = s.ok(":save! s.md")
        XCTAssertNil(saved.request)
        XCTAssertEqual(saved.skippedWrites, ["s.md"])
        XCTAssertEqual(s.ok("1").skippedWrites, [], "listed per cell")
        XCTAssertEqual(read(folder + "/kept.txt"), "keep me\n")
        XCTAssertEqual(files(in: folder), ["in", "inner", "kept.txt", "out", "secret"])
    }

    func testAForkKeepsTheFileAccess() {
        let s = guest(writes: false)
        XCTAssertEqual(s.fork().fileAccess, .guest(folder: folder, writes: false))
    }
}
