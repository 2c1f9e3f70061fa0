import Foundation
import XCTest
@testable import NeuralCore

/// The memory limit holds for the process's total: what it measures (glibc's
/// heap in use), what it refuses, and that each allocation path of NeuralCore
/// asks before it allocates.
final class MemoryLimitTests: XCTestCase {
    private var folder: TemporaryFolder!

    override func setUpWithError() throws { folder = try TemporaryFolder() }
    override func tearDown() { folder.remove() }

    /// Runs `body` under a guard whose limit leaves `room` bytes above what
    /// the process holds now, and returns the limit.
    @discardableResult
    private func withRoom(_ room: Int, _ body: (Int) -> Void) -> Int {
        let limit = WorkGuard.heapInUse + room
        WorkGuard.run(WorkGuard(isCancelled: { false }, memoryLimit: { limit })) { body(limit) }
        return limit
    }

    /// Asserts that `body` is refused as `.outOfMemory` for `what`, asking for
    /// `requested` bytes (when given) and at `limit`.
    private func assertRefused<T>(_ what: String, requested: Int? = nil, limit: Int, _ body: () throws -> T,
                                  file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try body()
            XCTFail("expected \(what) to be refused", file: file, line: line)
        } catch let NeuralError.outOfMemory(w, r, inUse, l) {
            XCTAssertEqual(w, what, file: file, line: line)
            if let requested { XCTAssertEqual(r, requested, file: file, line: line) }
            XCTAssertEqual(l, limit, file: file, line: line)
            XCTAssertGreaterThan(inUse + r, limit, "refused although it fit", file: file, line: line)
        } catch {
            XCTFail("expected outOfMemory for \(what), got \(error)", file: file, line: line)
        }
    }

    private func assertFits<T>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line) {
        do { _ = try body() } catch { XCTFail("refused: \(error)", file: file, line: line) }
    }

    // MARK: the measure

    /// A big Swift array is mapped by malloc on its own (mallinfo2's hblkhd):
    /// counted from the moment it is allocated, and no longer once freed.
    func testABigArrayIsCountedWhileItLivesAndNotAfter() {
        let before = WorkGuard.heapInUse
        var big = [Double](repeating: 1, count: 10_000_000)
        let during = WorkGuard.heapInUse
        XCTAssertEqual(Double(during - before), 80e6, accuracy: 1e6)
        XCTAssertEqual(big[9_999_999], 1)
        big = []
        XCTAssertEqual(Double(WorkGuard.heapInUse - before), 0, accuracy: 1e6)
    }

    func testARequestThatFitsPassesAndOneThatDoesNotIsRefused() {
        withRoom(20_000_000) { limit in
            assertFits { try WorkGuard.reserve(5_000_000, for: "a vector") }
            assertRefused("a vector", requested: 30_000_000, limit: limit) { try WorkGuard.reserve(30_000_000, for: "a vector") }
        }
    }

    /// Memory freed since the last request is given back: the meter measures
    /// again before it refuses.
    func testMemoryFreedIsGivenBack() {
        withRoom(60_000_000) { limit in
            assertFits { try WorkGuard.reserve(40_000_000, for: "held") }
            var held: [Double]? = [Double](repeating: 2, count: 5_000_000)  // 40 MB
            assertRefused("more", requested: 30_000_000, limit: limit) { try WorkGuard.reserve(30_000_000, for: "more") }
            XCTAssertEqual(held?.count, 5_000_000)
            held = nil
            assertFits { try WorkGuard.reserve(30_000_000, for: "more") }
        }
    }

    /// Each new guard (each cell) measures afresh, even one that takes a freed
    /// guard's address: memory taken without a reservation in between is seen.
    func testEachNewGuardMeasuresAfresh() {
        for _ in 0..<20 {
            withRoom(1 << 30) { _ in assertFits { try WorkGuard.reserve(2_000_000, for: "a start") } }
            let unreserved = [Double](repeating: 3, count: 2_000_000)  // 16 MB nobody asked for
            withRoom(10_000_000) { limit in
                assertRefused("more", requested: 16_000_000, limit: limit) { try WorkGuard.reserve(16_000_000, for: "more") }
            }
            XCTAssertEqual(unreserved.count, 2_000_000)
        }
    }

    /// Small requests (an autograd node, a short string) are added up and
    /// checked once per `smallBatch` bytes.
    func testSmallRequestsAreCheckedOncePerBatch() {
        withRoom(0) { limit in
            var passed = 0
            do {
                for _ in 0..<3_000 {
                    try WorkGuard.reserve(1_000, for: "small things")
                    passed += 1
                }
                XCTFail("3 MB of small requests over the limit were never refused")
            } catch let NeuralError.outOfMemory(what, requested, _, l) {
                XCTAssertEqual(what, "small things")
                XCTAssertGreaterThanOrEqual(requested, WorkGuard.smallBatch)
                XCTAssertEqual(l, limit)
                XCTAssertLessThanOrEqual(passed, WorkGuard.smallBatch / 1_000)
            } catch { XCTFail("\(error)") }
        }
    }

    func testWithoutAGuardEverythingPasses() {
        assertFits { try WorkGuard.reserve(Int.max, for: "anything") }
    }

    func testAFileIsCheckedByItsSizeBeforeItIsRead() throws {
        let path = folder.file("big")
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 2_000_000_000)  // sparse: nothing is written
        try handle.close()
        XCTAssertEqual(WorkGuard.fileSize(path), 2_000_000_000)
        XCTAssertNil(WorkGuard.fileSize(folder.file("none")))
        withRoom(10_000_000) { limit in
            assertRefused("reading big", requested: 6_000_000_000, limit: limit) {
                try WorkGuard.reserveFile(path, expansion: 3, for: "reading big")
            }
        }
    }

    // MARK: arrays

    func testArraysAskBeforeTheyAreAllocated() {
        let a = NDArray(vector: [Double](repeating: 1, count: 2_000_000))  // 16 MB
        withRoom(10_000_000) { limit in
            assertRefused("the result of '+'", requested: 16_000_000, limit: limit) {
                try NDArray.broadcast(a, NDArray(scalar: 1), operation: "+") { $0 + $1 }
            }
            assertRefused("the result of '*'", requested: 16_000_000, limit: limit) {
                try NDArray.broadcast(a, a, operation: "*") { $0 * $1 }
            }
            assertRefused("the result of '+'", requested: 16_000_000, limit: limit) {
                try NDArray.broadcast(NDArray(vector: [1, 2]), NDArray(shape: [1_000_000, 1], data: [Double](repeating: 0, count: 1_000_000)),
                                      operation: "+") { $0 + $1 }
            }
            assertRefused("this range's vector", requested: 16_000_000, limit: limit) { try NDArray.range(stop: 2_000_000) }
            assertRefused("an array of zeros", requested: 16_000_000, limit: limit) { try NDArray.zeros(shape: [2_000, 1_000]) }
            assertRefused("this list", requested: 32_000_000, limit: limit) { try NDArray.stack([a, a]) }
            assertRefused("the result of dot", requested: 16_000_000, limit: limit) {
                try NDArray.dot(NDArray(shape: [2_000, 1], data: [Double](repeating: 1, count: 2_000)),
                                NDArray(shape: [1, 1_000], data: [Double](repeating: 1, count: 1_000)))
            }
            // Within the room, the same operations go through.
            assertFits { try NDArray.range(stop: 100_000) }
        }
    }

    /// The limit on one value still comes first, with its own message.
    func testOneValueOverTheWholeLimitIsStillTooLarge() {
        withRoom(10_000_000) { _ in
            assertThrows(.tooLarge(elements: 2_000_000, limit: 1_000_000)) { try NDArray.range(stop: 2_000_000, limit: 1_000_000) }
        }
    }

    // MARK: models, training, autograd

    func testModelsAndTheirTrainingBuffersAsk() throws {
        let specs = [try DenseSpec(units: 1_000, activation: .relu, inputSize: 5_000)]  // 5,001,000 parameters: 20 MB
        withRoom(10_000_000) { limit in
            assertRefused("this model's weights", requested: 20_004_000, limit: limit) { try SequentialModel.build(specs) }
        }
        // 300,300 parameters: 1.2 MB for predicting, 3.6 MB for training.
        var model = try SequentialModel.build([try DenseSpec(units: 300, activation: .softmax, inputSize: 1_000)])
        let data = try Dataset(name: "wide", featureCount: 1_000, classCount: 2, features: .floats([Float](repeating: 0.5, count: 4_000)),
                               labels: [0, 1, 0, 1])
        withRoom(1_000_000) { limit in
            assertRefused("training's buffers", limit: limit) { try model.train(on: data, options: TrainingOptions(epochs: 1)) }
            assertRefused("the model's buffers", limit: limit) { try model.predict([Float](repeating: 0, count: 1_000), count: 1) }
        }
    }

    func testAnAutogradNetworkAndItsStepGraphAsk() throws {
        withRoom(1_000_000) { limit in
            assertRefused("this network's values", requested: 50_500 * Scalar.nodeBytes, limit: limit) {
                try ScalarMLP(sizes: [100, 500])
            }
        }
        var net = try ScalarMLP(sizes: [2, 16, 16, 1])
        let moons = try Datasets.twoDimensional(.moons, count: 2_000, noise: 0.1)
        withRoom(10_000_000) { limit in
            assertRefused("this step's graph", requested: net.graphBytes(examples: 1_600), limit: limit) {
                try net.trainStep(on: moons.train, step: 0, totalSteps: 1)
            }
        }
    }

    /// `nodeBytes`, which graphs are charged, is at least what a node takes.
    func testNodeBytesCoverWhatANodeTakes() {
        let before = WorkGuard.heapInUse
        var chain = Scalar(0)
        for _ in 0..<100_000 { chain = chain + Scalar(1) }
        let perNode = Double(WorkGuard.heapInUse - before) / 200_000
        XCTAssertEqual(chain.data, 100_000)
        XCTAssertLessThanOrEqual(perNode, Double(Scalar.nodeBytes))
        XCTAssertGreaterThan(perNode, Double(Scalar.nodeBytes) / 3)
    }

    // MARK: files

    func testIDXHeaderClaimingMoreThanTheFileHoldsIsRefusedBeforeAllocating() throws {
        // 2³¹ bytes declared, 100 present: refused from the file's size, not by reading.
        var bytes: [UInt8] = [0, 0, 8, 3, 0, 0x29, 0xCB, 0xC1, 0, 0, 0, 28, 0, 0, 0, 28]  // [2739137, 28, 28]
        bytes += [UInt8](repeating: 7, count: 100)
        let plain = try folder.write("claims-2GB", bytes: bytes)
        let before = WorkGuard.heapInUse
        assertInvalid("\(plain) is truncated: dimensions [2739137, 28, 28] need 2147483408 data bytes, found 100") {
            try IDX.read(path: plain)
        }
        XCTAssertLessThan(WorkGuard.heapInUse - before, 1_000_000)

        // gzip can inflate about 1032 times, no more.
        let packed = folder.file("claims-2GB.gz")
        try GzipReader.writeCompressed(bytes, to: packed)
        let size = try XCTUnwrap(WorkGuard.fileSize(packed))
        assertInvalid("\(packed) is corrupt: dimensions [2739137, 28, 28] need 2147483408 data bytes, more than a gzip file of \(size) bytes can hold") {
            try IDX.read(path: packed)
        }
    }

    func testIDXDataThatFitsTheFileButNotTheMemoryIsRefused() throws {
        let path = folder.file("images")
        try IDX.write(path: path, dimensions: [3_000, 28, 28], bytes: [UInt8](repeating: 1, count: 2_352_000), gzip: false)
        withRoom(1_000_000) { limit in
            assertRefused("the data of \(path)", requested: 2_352_000, limit: limit) { try IDX.read(path: path) }
        }
    }

    func testCSVIsCheckedAsAFileAndAsRows() throws {
        let rows = String(repeating: "1,0\n", count: 250_000)  // 1 MB: read as 2 MB, parsed as 13 MB
        let path = try folder.write("rows.csv", "x,label\n" + rows)
        withRoom(1_000_000) { limit in
            assertRefused("reading \(path)", requested: 2_000_016, limit: limit) { try Datasets.csv(path: path, label: "label") }
        }
        withRoom(8_000_000) { limit in
            assertRefused("the 250001 rows of \(path)", requested: 250_001 * 52, limit: limit) {
                try Datasets.csv(path: path, label: "label")
            }
        }
        // One line of 500,000 cells: its list of cells grows by doubling, each step asked for.
        let wide = try folder.write("wide.csv", String(repeating: "1,", count: 500_000) + "label\n")
        withRoom(8_000_000) { limit in
            assertRefused("a row of \(wide)", limit: limit) { try Datasets.csv(path: wide, label: "label") }
        }
    }

    /// JSON: the decoder maps every value first, so the parse is charged by
    /// counting them first.
    func testAModelFileIsChargedWhatItsParseTakes() throws {
        let numbers = Array(repeating: "0", count: 250_000).joined(separator: ",")
        let text = "{\"format\": \"nnbook-model\", \"version\": 1, \"layers\": [{\"units\": 1, \"activation\": \"linear\", \"input\": 250000, "
            + "\"weights\": [\(numbers)], \"biases\": [0]}]}"
        let data = Data(text.utf8)
        // Values: 1, then one after each of 8 colons, 250,005 commas and 3 '['; two objects.
        XCTAssertEqual(SequentialModel.parsingBytes(data), 250_017 * 64 + 2 * 256)
        withRoom(8_000_000) { limit in
            assertRefused("reading this model", requested: SequentialModel.parsingBytes(data), limit: limit) {
                try SequentialModel(jsonData: data)
            }
        }
        XCTAssertEqual(try SequentialModel(jsonData: data).parameterCount, 250_001)
    }

    func testDataSetsAsk() {
        withRoom(1_000_000) { limit in
            assertRefused("the 1000000 points of moons", requested: 80_000_000, limit: limit) {
                try Datasets.twoDimensional(.moons, count: 1_000_000)
            }
        }
    }
}
