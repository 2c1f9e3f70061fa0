import Foundation
import NeuralCore
import XCTest

/// A fresh folder under the system temporary directory, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("nnbook-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    /// The path of `name` inside the folder.
    func file(_ name: String) -> String { path + "/" + name }

    /// Writes `text` (UTF-8) to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: URL(fileURLWithPath: file(name)))
        return file(name)
    }

    /// Writes raw bytes to `name` and returns its path.
    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        try Data(bytes).write(to: URL(fileURLWithPath: file(name)))
        return file(name)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Asserts that `body` throws `NeuralError.invalidArgument` with exactly `message`.
func assertInvalid<T>(
    _ message: String, _ body: () throws -> T,
    file: StaticString = #filePath, line: UInt = #line
) {
    assertThrows(.invalidArgument(message), body, file: file, line: line)
}

/// Asserts that `body` throws `NeuralError.invalidArgument` whose text contains every one of `parts`.
func assertInvalid<T>(
    containing parts: [String], _ body: () throws -> T,
    file: StaticString = #filePath, line: UInt = #line
) {
    do {
        let value = try body()
        XCTFail("expected an error containing \(parts), got \(value)", file: file, line: line)
    } catch let NeuralError.invalidArgument(message) {
        for part in parts {
            XCTAssertTrue(message.contains(part), "\"\(message)\" does not contain \"\(part)\"", file: file, line: line)
        }
    } catch {
        XCTFail("expected invalidArgument containing \(parts), got \(error)", file: file, line: line)
    }
}

/// Every example of `data` as Float rows, scaled, and the labels.
func examples(_ data: Dataset) -> (x: [[Float]], y: [Int32]) {
    var x: [Float] = [], y: [Int32] = []
    data.batch(Array(0..<data.count)[...], x: &x, y: &y)
    let f = data.featureCount
    return ((0..<data.count).map { Array(x[($0 * f)..<(($0 + 1) * f)]) }, y)
}

/// How many examples of each class 0..<classCount.
func classCounts(_ data: Dataset) -> [Int] {
    var counts = [Int](repeating: 0, count: data.classCount)
    for label in data.labels { counts[Int(label)] += 1 }
    return counts
}
