import Foundation
import NNBookLanguage
import XCTest
@testable import NNBookNotebook

/// A sink that takes `capacity` bytes, then fails as a full disk does.
final class FullDiskSink: JournalSink {
    var capacity: Int
    var written: [UInt8] = []
    var appends = 0

    init(capacity: Int) { self.capacity = capacity }

    func append(_ bytes: [UInt8]) throws(JournalWriteFailure) {
        appends += 1
        guard written.count + bytes.count <= capacity else { throw JournalWriteFailure(code: ENOSPC) }
        written += bytes
    }
}

/// Writing journals: a full disk said once, a file cut back to its last whole
/// record, the folder pruned, NNBOOK_HOME that is not a folder.
final class JournalWriterTests: XCTestCase {
    func record(_ n: Int) -> JournalRecord {
        JournalRecord(count: n, source: "x\(n) = \(n)", output: [], outcome: .ran, state: ["x\(n)": .number(Double(n))])
    }

    func testAFullDiskIsReportedOnceAndTheJournalEndsAtTheLastWholeRecord() throws {
        let first = Array(JournalFormat.header.utf8) + (try JournalFormat.frame(record(1))) + (try JournalFormat.frame(record(2)))
        let sink = FullDiskSink(capacity: first.count + 10)
        let writer = JournalWriter { sink }
        XCTAssertNil(writer.append(record(1)))
        XCTAssertNil(writer.append(record(2)))
        let problem = writer.append(record(3))
        XCTAssertEqual(problem?.fromCell, 3)
        XCTAssertEqual(problem?.description, "the journal could not be written: the disk is full; cells from In [3] on are "
                       + "not journaled (the session goes on; :save FILE.md keeps it in a notebook)")
        XCTAssertNil(writer.append(record(4)), "said once")
        XCTAssertNil(writer.append(record(5)))
        XCTAssertEqual(sink.appends, 3, "no retries: a journal with a gap would replay into something never had")
        XCTAssertEqual(writer.problem, problem)
        XCTAssertEqual(try JournalReader.parse(sink.written, path: "j").records, [record(1), record(2)])
    }

    func testAJournalThatCannotBeCreatedIsReportedFromTheFirstCell() {
        let writer = JournalWriter { () throws(JournalWriteFailure) -> JournalSink in throw JournalWriteFailure(code: EROFS) }
        XCTAssertEqual(writer.append(record(1))?.description, "the journal could not be written: the disk is read-only; "
                       + "cells from In [1] on are not journaled (the session goes on; :save FILE.md keeps it in a notebook)")
        XCTAssertNil(writer.append(record(2)))
    }

    func testFailuresAreNamedForALearner() {
        XCTAssertEqual(JournalWriteFailure(code: EIO).description, "the disk reported an input/output error")
        XCTAssertEqual(JournalWriteFailure(code: EDQUOT).description, "the disk quota is used up")
        XCTAssertEqual(JournalWriteFailure(code: ENOTDIR).description, "its folder is missing or is not a folder")
    }

    /// A real file on a real file system that refuses to grow: the process's
    /// file-size limit (RLIMIT_FSIZE) makes write(2) fail with EFBIG part-way
    /// through a record, as a full disk would.
    func testARealFileIsCutBackToItsLastWholeRecordWhenAWriteFails() throws {
        let folder = try makeTemporaryFolder()
        let path = folder + "/session.journal"
        let file = try JournalFile(creating: path)
        let writer = JournalWriter { file }
        let limit = Array(JournalFormat.header.utf8).count + (try JournalFormat.frame(record(1))).count + 30
        let problem: JournalProblem? = try withFileSizeLimit(limit) {
            XCTAssertNil(writer.append(record(1)))
            return writer.append(record(2))
        }
        XCTAssertEqual(problem?.failure, JournalWriteFailure(code: EFBIG))
        XCTAssertEqual(problem?.fromCell, 2)
        let contents = try JournalReader.read(path)
        XCTAssertEqual(contents.records, [record(1)])
        XCTAssertNil(contents.damage, "the torn half-record was cut off again")
    }

    func testAFileThatNeverGotARecordIsRemoved() throws {
        let folder = try makeTemporaryFolder()
        let path = folder + "/session.journal"
        let file = try JournalFile(creating: path)
        let problem: JournalProblem? = try withFileSizeLimit(5) { JournalWriter { file }.append(record(1)) }
        XCTAssertEqual(problem?.fromCell, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    func testAJournalIsNeverReplaced() throws {
        let folder = try makeTemporaryFolder()
        try writeFile("precious", to: folder + "/j.journal")
        XCTAssertThrowsError(try JournalFile(creating: folder + "/j.journal")) {
            XCTAssertEqual($0 as? JournalWriteFailure, JournalWriteFailure(code: EEXIST))
        }
        XCTAssertEqual(try String(contentsOfFile: folder + "/j.journal", encoding: .utf8), "precious")
    }

    func testTheFolderKeepsTheNewestTwentyJournalsOfBothFormats() throws {
        let home = try makeTemporaryFolder()
        let folder = JournalFolder(home: home)
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        for i in 0..<25 {
            let path = folder.path + "/session-2025-\(i).\(i % 2 == 0 ? "md" : "journal")"
            try writeFile("old", to: path)
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_700_000_000 + Double(i))],
                                                  ofItemAtPath: path)
        }
        try writeFile("not a journal", to: folder.path + "/notes.txt")
        XCTAssertEqual(folder.latest(excluding: nil), folder.path + "/session-2025-24.md")
        XCTAssertEqual(folder.latest(excluding: folder.path + "/session-2025-24.md"), folder.path + "/session-2025-23.journal")
        let new = folder.newJournalPath(started: Date(timeIntervalSince1970: 1_800_000_000), pid: 42)
        XCTAssertTrue(new.hasSuffix("-42.journal"), new)
        _ = try folder.create(new)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        XCTAssertEqual(names.filter { $0.hasPrefix("session-") }.count, 20)
        XCTAssertEqual(Set(names), Set((6..<25).map { "session-2025-\($0).\($0 % 2 == 0 ? "md" : "journal")" }
                                       + [URL(fileURLWithPath: new).lastPathComponent, "notes.txt"]))
        XCTAssertEqual(folder.latest(excluding: nil), new)
    }

    func testAJournalFolderThatIsAFileIsAFailureToReport() throws {
        let home = try makeTemporaryFolder()
        try writeFile("x", to: home + "/journal")
        let folder = JournalFolder(home: home)
        XCTAssertThrowsError(try folder.create(folder.newJournalPath(started: Date(), pid: 1))) {
            XCTAssertEqual($0 as? JournalWriteFailure, JournalWriteFailure(code: ENOTDIR))
        }
    }

    func testNNBookHomeMustBeAFolder() throws {
        let base = try makeTemporaryFolder()
        try writeFile("x", to: base + "/file")
        XCTAssertEqual(NNBookHome.prepare(base + "/file", fromEnvironment: true),
                       "NNBOOK_HOME (\(base)/file) is a file, not a folder: nnbook keeps your history, session journals and "
                       + "lesson progress there; point NNBOOK_HOME at a folder you can write, or unset it to use ~/.nnbook")
        XCTAssertEqual(NNBookHome.prepare(base + "/file/below", fromEnvironment: true),
                       "NNBOOK_HOME (\(base)/file/below) cannot be created (not a directory): nnbook keeps your history, "
                       + "session journals and lesson progress there; point NNBOOK_HOME at a folder you can write, or unset it to use ~/.nnbook")
        XCTAssertEqual(NNBookHome.prepare(base + "/file", fromEnvironment: false),
                       "nnbook's folder \(base)/file is a file, not a folder: nnbook keeps your history, session journals "
                       + "and lesson progress there; move that file away, or set NNBOOK_HOME to a folder you can write")
        XCTAssertNil(NNBookHome.prepare(base + "/new/home", fromEnvironment: true))
        var isFolder: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: base + "/new/home", isDirectory: &isFolder) && isFolder.boolValue)
        XCTAssertNil(NNBookHome.prepare(base + "/new/home", fromEnvironment: true))
    }
}

/// Runs `body` with the process's file-size limit at `bytes` (and SIGXFSZ
/// ignored, so a write past it fails with EFBIG instead of ending the process).
func withFileSizeLimit<T>(_ bytes: Int, _ body: () throws -> T) throws -> T {
    #if os(Linux)
    let resource = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
    #else
    let resource = RLIMIT_FSIZE
    #endif
    var saved = rlimit()
    guard getrlimit(resource, &saved) == 0 else { throw JournalWriteFailure(code: errno) }
    let previous = signal(SIGXFSZ, SIG_IGN)
    var limited = saved
    limited.rlim_cur = rlim_t(bytes)
    guard setrlimit(resource, &limited) == 0 else { throw JournalWriteFailure(code: errno) }
    defer {
        setrlimit(resource, &saved)
        signal(SIGXFSZ, previous)
    }
    return try body()
}
