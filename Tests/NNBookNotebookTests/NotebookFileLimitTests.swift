import Foundation
import NeuralCore
import XCTest
@testable import NNBookNotebook

/// `:load`, `run`, `check`, `lesson` and `demo` read a notebook outside any
/// cell: its size is checked against the memory limit before it is read.
final class NotebookFileLimitTests: XCTestCase {
    func testANotebookTooBigForTheLimitIsRefusedBeforeItIsRead() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nnbook-big-\(UUID().uuidString).md").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 2_000_000_000)  // sparse: no disk, but 2 GB to read
        try handle.close()
        let before = WorkGuard.heapInUse
        XCTAssertThrowsError(try NotebookFile.load(path, memoryLimit: 100_000_000)) { error in
            guard let e = error as? NotebookError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.line, 0)
            XCTAssertTrue(e.message.hasPrefix("is 2.0 GB; reading it would need 16 GB more, but the session already holds "), e.message)
            XCTAssertTrue(e.message.hasSuffix(" of its 100 MB memory limit; nothing was read (:limits shows and changes the limit)"), e.message)
        }
        XCTAssertLessThan(WorkGuard.heapInUse - before, 1_000_000)
    }

    func testANotebookThatFitsIsRead() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nnbook-small-\(UUID().uuidString).md").path
        try "```nnbook\n1 + 1\n```\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertEqual(try NotebookFile.load(path, memoryLimit: 100_000_000).cells.map(\.source), ["1 + 1"])
    }
}
