@testable import NeuralCore
import Foundation
import XCTest

/// The readers of large files ask `WorkGuard.checkpoint()` as they go (a CSV
/// once a row, an IDX file once a megabyte, a model file once a layer), so
/// Ctrl-C stops them with `NeuralError.interrupted`. Without a guard (here,
/// outside `stopping`) they never stop.
final class WorkGuardInterruptTests: XCTestCase {
    private var folder: TemporaryFolder!

    override func setUpWithError() throws { folder = try TemporaryFolder() }
    override func tearDown() { folder.remove() }

    /// Runs `body` under a guard that says "stop" after `checks` checks pass.
    private func stopping<T>(after checks: Int, _ body: () throws -> T) -> (result: Result<T, Error>, asked: Int) {
        var asked = 0
        let work = WorkGuard(isCancelled: { asked += 1; return asked > checks }, memoryLimit: { Int.max })
        let result = WorkGuard.$current.withValue(work) { Result { try body() } }
        return (result, asked)
    }

    private func assertInterrupted<T>(_ result: Result<T, Error>, file: StaticString = #filePath, line: UInt = #line) {
        guard case .failure(let e) = result else { return XCTFail("not stopped", file: file, line: line) }
        XCTAssertEqual(e as? NeuralError, .interrupted, file: file, line: line)
    }

    func testAFileIsReadWholeAChunkAtATimeAndStopsBetweenChunks() throws {
        var bytes = [UInt8](repeating: 7, count: 2 * WorkGuard.readChunk + 5)
        bytes[WorkGuard.readChunk] = 1
        bytes[bytes.count - 1] = 2
        let path = try folder.write("big.bin", bytes: bytes)
        let (whole, checks) = stopping(after: 100) { () throws -> Data? in try WorkGuard.contents(ofFile: path) }
        XCTAssertEqual(try whole.get().map([UInt8].init), bytes)
        XCTAssertEqual(checks, 4, "one check before each of three chunks and the end")
        let (stopped, asked) = stopping(after: 1) { () throws -> Data? in try WorkGuard.contents(ofFile: path) }
        assertInterrupted(stopped)
        XCTAssertEqual(asked, 2, "stopped before the second chunk")
        let missing: Data? = try WorkGuard.contents(ofFile: folder.file("missing.bin"))
        XCTAssertNil(missing)
    }

    func testCSVChecksOnceARow() throws {
        let rows = (0..<100).map { "\($0 % 3),\($0)" }
        let path = try folder.write("rows.csv", "label,x\n" + rows.joined(separator: "\n") + "\n")
        let (stopped, asked) = stopping(after: 10) { try Datasets.csv(path: path, label: "label") }
        assertInterrupted(stopped)
        XCTAssertEqual(asked, 11, "the header and nine rows read, stopped before the tenth")
        XCTAssertEqual(try Datasets.csv(path: path, label: "label").count, 100)
    }

    func testIDXChecksOnceAMegabyte() throws {
        let path = folder.file("big-idx1-ubyte")
        try IDX.write(path: path, dimensions: [3 << 20], bytes: [UInt8](repeating: 7, count: 3 << 20), gzip: true)
        let (stopped, asked) = stopping(after: 2) { try IDX.read(path: path) }
        assertInterrupted(stopped)
        XCTAssertEqual(asked, 3)
        XCTAssertEqual(try IDX.read(path: path).bytes.count, 3 << 20)
    }

    func testModelFileChecksOnceALayer() throws {
        let model = try SequentialModel.build([DenseSpec(units: 3, activation: .relu, inputSize: 2),
                                               DenseSpec(units: 1, activation: .sigmoid)], seed: 1)
        let (stopped, asked) = stopping(after: 1) { try SequentialModel(jsonText: model.jsonText()) }
        assertInterrupted(stopped)
        XCTAssertEqual(asked, 2)
    }
}
