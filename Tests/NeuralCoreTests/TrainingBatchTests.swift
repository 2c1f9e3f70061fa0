@testable import NeuralCore
import XCTest

/// The training loop's own gather of byte images must fill a batch exactly
/// as `Dataset.batch` does.
final class TrainingBatchTests: XCTestCase {
    func testByteGatherMatchesDatasetBatch() throws {
        var generator = SeededGenerator(seed: 9)
        let (count, features) = (50, 70)  // rows that are not a whole number of cache lines
        let bytes = (0..<(count * features)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let labels = (0..<count).map { _ in Int32(generator.next() % 4) }
        let data = try Dataset(
            name: "bytes", featureCount: features, classCount: 4, features: .bytes(bytes, scale: 1 / 255), labels: labels)
        var order = Array(0..<count)
        TrainingOrder.shuffle(&order, using: &generator)
        for (lo, hi) in [(0, 16), (16, 32), (45, 50)] {
            let buffer = BatchBuffer(rows: hi - lo, features: features)
            buffer.load(data, indices: order[lo..<hi])
            var x: [Float] = []
            var y: [Int32] = []
            data.batch(order[lo..<hi], x: &x, y: &y)
            XCTAssertEqual(buffer.x, x)
            XCTAssertEqual(buffer.y, y)
            XCTAssertEqual(buffer.x[features + 3], Float(bytes[order[lo + 1] * features + 3]) * (1 / 255))
        }
    }

    func testFloatFeaturesGoThroughDatasetBatch() throws {
        let data = try Dataset(name: "floats", featureCount: 2, classCount: 2, features: .floats([1, 2, 3, 4, 5, 6]), labels: [0, 1, 1])
        let buffer = BatchBuffer(rows: 2, features: 2)
        buffer.load(data, indices: [2, 0])
        XCTAssertEqual(buffer.x, [5, 6, 1, 2])
        XCTAssertEqual(buffer.y, [1, 0])
    }
}
