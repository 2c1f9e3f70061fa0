import Foundation
import XCTest
@testable import NNBookLanguage

/// Inputs from fuzzing the language (scripts/fuzz.sh, Fuzz/). Each program is
/// run exactly as the fuzz target runs it: lines grouped into cells by
/// CellSplitter, one Session, Ctrl-C after ~200 ms of wall time, values capped
/// at 64 MB, inside an empty temporary working directory. Passing means the
/// session survived: no trap, no hang, no runaway allocation.
final class FuzzRegressionTests: XCTestCase {
    private static let memoryLimit = 64 << 20

    /// Runs `text` as the fuzz target does and returns every cell's result.
    @discardableResult
    private func runLikeTheFuzzer(_ text: String, budget: TimeInterval = 0.2) -> [CellResult] {
        let session = Session()
        session.options.memoryLimit = Self.memoryLimit
        let deadline = Date().addingTimeInterval(budget)
        session.isCancelled = { Date() > deadline }
        var splitter = CellSplitter()
        var results: [CellResult] = []
        func run(_ cell: CellSplitter.Cell) {
            results.append(session.execute(cell.source, firstLine: cell.firstLine))
            session.options.memoryLimit = min(session.options.memoryLimit, Self.memoryLimit)
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            for cell in splitter.feed(String(line)) { run(cell) }
        }
        if let cell = splitter.finish() { run(cell) }
        return results
    }

    /// Runs `body` with a fresh, empty temporary directory as the working
    /// directory, so relative paths written by the language land there.
    private func inTemporaryDirectory(_ body: (String) throws -> Void) throws {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("nnbook-fuzz-regression-\(UUID().uuidString)").path
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let previous = fm.currentDirectoryPath
        XCTAssertTrue(fm.changeCurrentDirectoryPath(dir))
        defer {
            _ = fm.changeCurrentDirectoryPath(previous)
            try? fm.removeItem(atPath: dir)
        }
        try body(dir)
    }

    private func errorLines(_ results: [CellResult]) -> [String] {
        results.flatMap { r in r.outputs.compactMap { item -> String? in
            if case .error(_, let lines) = item { return lines.first } else { return nil }
        } }
    }

    /// Every seed of the committed corpus runs to the end without a trap and
    /// within a few seconds (each is cancelled after 200 ms at most).
    func testEverySeedOfTheFuzzCorpusRuns() throws {
        let corpus = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/corpus")
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted()
        XCTAssertGreaterThanOrEqual(names.count, 20, "the seed corpus is in \(corpus.path)")
        try inTemporaryDirectory { dir in
            for name in names {
                let data = try Data(contentsOf: corpus.appendingPathComponent(name))
                let start = Date()
                let results = runLikeTheFuzzer(String(decoding: data, as: UTF8.self))
                XCTAssertFalse(results.isEmpty, "\(name) ran no cell")
                XCTAssertLessThan(Date().timeIntervalSince(start), 5, "\(name) was not cancelled in time")
                for file in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
                    try? FileManager.default.removeItem(atPath: dir + "/" + file)
                }
            }
        }
    }

    /// `while True:` is ended by the Ctrl-C hook, and the session goes on.
    func testAnEndlessLoopIsInterruptedAndTheSessionContinues() {
        let results = runLikeTheFuzzer("i = 0\nwhile True:\n    i += 1\n\ni + 0\n")
        XCTAssertEqual(results.count, 3)
        XCTAssertTrue(results[1].interrupted)
        XCTAssertFalse(results[2].failed)
    }

    /// A value over the memory limit is refused before it is allocated, and
    /// `:limits memory` cannot lift the fuzz target's cap for the next cell.
    func testHugeValuesAreRefusedNotAllocated() {
        let results = runLikeTheFuzzer(":limits memory 1e15\nv = range(100000000) * 2\n1 + 1\n")
        XCTAssertEqual(results.count, 3)
        XCTAssertTrue(results[1].failed, "100,000,000 numbers are 800 MB, over the 64 MB limit")
        XCTAssertFalse(results[2].failed)
    }

    /// Found by the fuzz target (seed `save-twice`): saving a model, or a graph,
    /// a second time to the same file failed with "could not write m.json: …
    /// The file doesn't exist." and deleted the file written the first time:
    /// AtomicFile.write used FileManager.replaceItemAt, which on Linux
    /// (swift-corelibs-foundation 6.3.1) moves the original away and then fails.
    /// Fixed by replacing the file with rename(2). (Replacing a file now takes
    /// `save!` and `graph!`.)
    func testSavingTwiceToTheSameFileKeepsTheFile() throws {
        try inTemporaryDirectory { dir in
            let results = runLikeTheFuzzer("""
                m = sequential(dense(2, relu, input: 2), dense(1, sigmoid))
                save m to "m.json"
                save! m to "m.json"
                m2 = load("m.json")
                a = value(1)
                graph a to "g.dot"
                graph! a to "g.dot"
                """, budget: 10)
            XCTAssertEqual(results.count, 7)
            XCTAssertEqual(errorLines(results), [])
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/m.json"))
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/g.dot"))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".tmp") }
            XCTAssertEqual(leftovers, [], "temporary files left behind")
        }
    }
}
