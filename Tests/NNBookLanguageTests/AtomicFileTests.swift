import Foundation
import XCTest
@testable import NNBookLanguage

/// AtomicFile writes its own temporary (O_EXCL, write, fsync, rename), names
/// the real cause of a failure, and cleans up what a killed process left.
/// A full disk is simulated through its fault-injection seam.
final class AtomicFileTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.path + "/nnbook-atomic-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        AtomicFile.injectFault = nil
        try? FileManager.default.removeItem(atPath: dir)
    }

    func names() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() }
    func read(_ name: String) -> String? { try? String(contentsOfFile: dir + "/" + name, encoding: .utf8) }

    func testWritesTheWholeTextAndLeavesNoTemporary() throws {
        let text = String(repeating: "0123456789", count: 100_000)
        try AtomicFile.write(text, to: dir + "/big.txt")
        XCTAssertEqual(read("big.txt"), text)
        try AtomicFile.write("small", to: dir + "/big.txt")
        XCTAssertEqual(read("big.txt"), "small")
        XCTAssertEqual(names(), ["big.txt"])
    }

    func testTheTemporarySaysNnbookAndThePid() {
        XCTAssertEqual(AtomicFile.temporaryName(for: "m.json", pid: 4242), ".m.json.nnbook-4242.tmp")
    }

    func testAFullDiskIsNamedAndTheOldFileKept() throws {
        try AtomicFile.write("old", to: dir + "/m.json")
        for step in ["open", "write", "fsync", "rename"] {
            AtomicFile.injectFault = { $0 == step ? ENOSPC : nil }
            XCTAssertThrowsError(try AtomicFile.write("new", to: dir + "/m.json"), step) { error in
                XCTAssertEqual(error as? FileWriteError, .failed("the disk is full (free some space and try again)"), step)
            }
            XCTAssertEqual(read("m.json"), "old", step)
            XCTAssertEqual(names(), ["m.json"], "no temporary left after a failed \(step)")
        }
    }

    func testEachCauseInWords() {
        XCTAssertEqual(AtomicFile.reason(errno: EACCES), "permission denied (the folder's permissions do not allow writing here)")
        XCTAssertEqual(AtomicFile.reason(errno: EROFS), "the disk is read-only")
        XCTAssertEqual(AtomicFile.reason(errno: EDQUOT), "your disk quota is used up (free some space and try again)")
        AtomicFile.injectFault = { $0 == "open" ? EROFS : nil }
        XCTAssertThrowsError(try AtomicFile.write("x", to: dir + "/a.txt")) { error in
            XCTAssertEqual(error as? FileWriteError, .failed("the disk is read-only"))
        }
    }

    func testAFullDiskIsALocatedErrorAndTheSessionGoesOn() {
        let s = Session()
        s.ok("m = sequential(dense(2, relu, input: 2))")
        AtomicFile.injectFault = { $0 == "write" ? ENOSPC : nil }
        let (d, _) = s.failure("save m to \"\(dir)/m.json\"") ?? (nil, [])
        assertDiagnostic(d, .value, contains: "could not write \(dir)/m.json: the disk is full (free some space and try again)",
                         line: 1, column: 11)
        AtomicFile.injectFault = nil
        s.ok("save m to \"\(dir)/m.json\"")
        XCTAssertEqual(names(), ["m.json"])
    }

    /// The race RENAME_NOREPLACE closes: the name is free when write looks,
    /// taken by the time the temporary is renamed. The late file is kept.
    func testAFileThatAppearsBeforeTheRenameIsKept() {
        appearing(at: "rename-noreplace")
        XCTAssertThrowsError(try AtomicFile.write("ours", to: dir + "/late.txt", overwrite: false)) { error in
            XCTAssertEqual(error as? FileWriteError, .exists)
        }
        XCTAssertEqual(read("late.txt"), "theirs")
        XCTAssertEqual(names(), ["late.txt"])
    }

    /// A kernel or file system without renameat2 (EINVAL, ENOSYS) gets
    /// link-then-unlink, which keeps a late file the same way.
    func testWithoutRenameat2TheFileIsLinkedThenTheTemporaryRemoved() throws {
        for code in [EINVAL, ENOSYS] {
            var asked: [String] = []
            AtomicFile.injectFault = { step in
                asked.append(step)
                return step == "rename-noreplace" ? code : nil
            }
            try AtomicFile.write("ours \(code)", to: dir + "/new\(code).txt", overwrite: false)
            XCTAssertEqual(asked, ["open", "write", "fsync", "rename-noreplace", "link"])
            XCTAssertEqual(read("new\(code).txt"), "ours \(code)")
        }
        XCTAssertEqual(names(), ["new\(EINVAL).txt", "new\(ENOSYS).txt"].sorted())

        appearing(at: "link", failing: ["rename-noreplace": ENOSYS])
        XCTAssertThrowsError(try AtomicFile.write("ours", to: dir + "/late.txt", overwrite: false)) { error in
            XCTAssertEqual(error as? FileWriteError, .exists)
        }
        XCTAssertEqual(read("late.txt"), "theirs")
        XCTAssertEqual(names().count, 3, "no temporary left: \(names())")
    }

    /// Overwriting is one rename(2); keeping is never a plain rename while renameat2 works.
    func testEachWriteUsesTheRenameItPromises() throws {
        var asked: [String] = []
        AtomicFile.injectFault = { asked.append($0); return nil }
        try AtomicFile.write("a", to: dir + "/a.txt", overwrite: false)
        try AtomicFile.write("b", to: dir + "/a.txt", overwrite: true)
        XCTAssertEqual(asked, ["open", "write", "fsync", "rename-noreplace", "open", "write", "fsync", "rename"])
        XCTAssertEqual(read("a.txt"), "b")
    }

    /// Another process creates `late.txt` at `step`; the steps in `failing` fail with their errno.
    private func appearing(at step: String, failing: [String: Int32] = [:]) {
        AtomicFile.injectFault = { [dir] asked in
            if asked == step { _ = FileManager.default.createFile(atPath: dir + "/late.txt", contents: Data("theirs".utf8)) }
            return failing[asked]
        }
    }

    func testALeftoverTemporaryOfThisPidIsReplaced() throws {
        let mine = AtomicFile.temporaryName(for: "a.txt")
        _ = FileManager.default.createFile(atPath: dir + "/" + mine, contents: Data("stale".utf8))
        try AtomicFile.write("fresh", to: dir + "/a.txt")
        XCTAssertEqual(read("a.txt"), "fresh")
        XCTAssertEqual(names(), ["a.txt"])
    }

    func testStaleTemporariesOfDeadProcessesAreRemoved() throws {
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/sh")
        gone.arguments = ["-c", "exit 0"]
        try gone.run()
        gone.waitUntilExit()
        let dead = AtomicFile.temporaryName(for: "m.json", pid: gone.processIdentifier)
        let alive = AtomicFile.temporaryName(for: "n.json", pid: getppid())
        let own = AtomicFile.temporaryName(for: "o.json")
        let others = ["m.json", ".m.json.nnbook-x.tmp", ".hidden.tmp", "a.nnbook-1.tmp"]
        for name in [dead, alive, own] + others { _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: nil) }
        XCTAssertEqual(AtomicFile.removeStaleTemporaries(in: dir), [dead])
        XCTAssertEqual(names(), ([alive, own] + others).sorted())
        XCTAssertEqual(AtomicFile.removeStaleTemporaries(in: dir + "/missing"), [])
    }
}
