@testable import NeuralCore
import XCTest

/// Asserts that `body` throws exactly `expected`.
func assertThrows<T>(
    _ expected: NeuralError, _ body: () throws -> T,
    file: StaticString = #filePath, line: UInt = #line
) {
    do {
        let value = try body()
        XCTFail("expected \(expected), got \(value)", file: file, line: line)
    } catch let error as NeuralError {
        XCTAssertEqual(error, expected, file: file, line: line)
    } catch {
        XCTFail("expected \(expected), got non-NeuralError \(error)", file: file, line: line)
    }
}

/// Asserts element-wise closeness of two Double lists within `tolerance`.
func assertClose(
    _ actual: [Double], _ expected: [Double], tolerance: Double,
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(actual.count, expected.count, "lengths differ", file: file, line: line)
    for (index, (a, e)) in zip(actual, expected).enumerated() {
        XCTAssertEqual(a, e, accuracy: tolerance, "at index \(index)", file: file, line: line)
    }
}

extension SequentialModel {
    /// The model's dense layers in order; setting them replaces those layers
    /// (`model.denseLayers[0].weights = […]`), leaving any other layer be.
    var denseLayers: [DenseLayer] {
        get { layers.compactMap { $0 as? DenseLayer } }
        set {
            var next = newValue.makeIterator()
            for i in layers.indices where layers[i] is DenseLayer {
                if let layer = next.next() { layers[i] = layer }
            }
        }
    }
}
