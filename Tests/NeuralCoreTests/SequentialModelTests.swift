import NeuralCore
import XCTest

final class SequentialModelTests: XCTestCase {
    private func articleModel(seed: UInt64 = 42) throws -> SequentialModel {
        try SequentialModel.build(
            [
                DenseSpec(units: 128, activation: .relu, inputSize: 784),
                DenseSpec(units: 10, activation: .softmax),
            ], seed: seed)
    }

    func testArticleModelParameterCounts() throws {
        let model = try articleModel()
        XCTAssertEqual(model.inputSize, 784)
        XCTAssertEqual(model.outputSize, 10)
        XCTAssertEqual(model.denseLayers.map(\.parameterCount), [100_480, 1290])
        XCTAssertEqual(model.parameterCount, 101_770)
        XCTAssertEqual(model.denseLayers[0].weights.count, 784 * 128)
        XCTAssertEqual(model.denseLayers[0].biases, Array(repeating: 0, count: 128))
        XCTAssertEqual(model.denseLayers[1].fanIn, 128)
        XCTAssertEqual(model.denseLayers[1].weights.count, 1280)
        XCTAssertEqual(model.denseLayers[0].inputSize, 784)
        XCTAssertNil(model.denseLayers[1].inputSize)
    }

    func testSummaryRows() throws {
        let rows = try articleModel().summary()
        XCTAssertEqual(rows, [
            SummaryRow(name: "dense", kind: "Dense", outputShape: "(None, 128)", parameters: 100_480, activation: .relu),
            SummaryRow(name: "dense_1", kind: "Dense", outputShape: "(None, 10)", parameters: 1290, activation: .softmax),
        ])
    }

    func testThreeLayerNamesAndCounts() throws {
        let model = try SequentialModel.build([
            DenseSpec(units: 4, activation: .sigmoid, inputSize: 3),
            DenseSpec(units: 5, activation: .tanh, inputSize: 4),
            DenseSpec(units: 1, activation: .linear),
        ])
        XCTAssertEqual(model.summary().map(\.name), ["dense", "dense_1", "dense_2"])
        XCTAssertEqual(model.summary().map(\.parameters), [16, 25, 6])
        XCTAssertEqual(model.parameterCount, 47)
    }

    func testWeightsAreReproducibleGlorotUniform() throws {
        // Computed once with an independent Python SplitMix64 + Glorot-uniform:
        // w = float32((2u - 1) * sqrt(6 / (fan_in + fan_out))).
        let model = try articleModel()
        let first = model.denseLayers[0].weights.prefix(4).map(Double.init)
        assertClose(first, [0.0391869992017746, -0.05516982078552246, -0.035915639251470566, -0.02527560293674469],
                    tolerance: 1e-7)
        XCTAssertEqual(Double(model.denseLayers[1].weights[0]), -0.056690365076065063, accuracy: 1e-7)
        let limit = Float((6.0 / (784.0 + 128.0)).squareRoot())
        XCTAssertTrue(model.denseLayers[0].weights.allSatisfy { abs($0) <= limit })
        XCTAssertEqual(try articleModel().denseLayers[0].weights, model.denseLayers[0].weights)
        XCTAssertNotEqual(try articleModel(seed: 7).denseLayers[0].weights, model.denseLayers[0].weights)
    }

    func testSpecValidation() throws {
        assertThrows(.invalidArgument("a dense layer needs at least 1 unit, got 0")) {
            try DenseSpec(units: 0, activation: .relu)
        }
        assertThrows(.invalidArgument("a dense layer's input size must be at least 1, got -5")) {
            try DenseSpec(units: 3, activation: .relu, inputSize: -5)
        }
        let spec = try DenseSpec(units: 128, activation: .relu, inputSize: 784)
        XCTAssertEqual(spec.units, 128)
        XCTAssertEqual(spec.activation, .relu)
        XCTAssertEqual(spec.inputSize, 784)
    }

    func testBuildErrors() throws {
        assertThrows(.invalidArgument("the first layer needs its input size, e.g. dense(128, relu, input: 784)")) {
            try SequentialModel.build([DenseSpec(units: 10, activation: .softmax)])
        }
        assertThrows(.invalidArgument(
            "a sequential model needs at least one layer, e.g. dense(10, softmax, input: 784)")) {
            try SequentialModel.build([])
        }
        assertThrows(.invalidArgument(
            "layer 2 says input: 64, but layer 1 outputs 128 numbers; remove input: from every layer but the first")) {
            try SequentialModel.build([
                DenseSpec(units: 128, activation: .relu, inputSize: 784),
                DenseSpec(units: 10, activation: .softmax, inputSize: 64),
            ])
        }
    }

    func testParameterLimitIsCheckedBeforeAllocating() throws {
        // 10⁶ · 10⁶ weights would be 4 TB of Float; the check must come first.
        assertThrows(.tooLarge(elements: 1_000_001_000_000, limit: 500_000_000)) {
            try SequentialModel.build([DenseSpec(units: 1_000_000, activation: .relu, inputSize: 1_000_000)])
        }
        assertThrows(.tooLarge(elements: 101_770, limit: 100_000)) {
            try SequentialModel.build([
                DenseSpec(units: 128, activation: .relu, inputSize: 784),
                DenseSpec(units: 10, activation: .softmax),
            ], parameterLimit: 100_000)
        }
        assertThrows(.tooLarge(elements: Int.max, limit: 500_000_000)) {
            try SequentialModel.build([DenseSpec(units: Int.max / 2, activation: .relu, inputSize: 4)])
        }
    }
}

/// A model file's numbers must fit the model's 32-bit floats.
final class ModelFileRangeTests: XCTestCase {
    func testWeightsA32BitFloatCannotHoldAreRefused() {
        func file(_ weight: String) -> String {
            "{\"format\": \"nnbook-model\", \"version\": 1, \"layers\": [{\"units\": 1, \"activation\": \"linear\", \"input\": 2, \"weights\": [0.5, \(weight)], \"biases\": [0]}]}"
        }
        assertInvalid("layer 0: weights[1] is 1e+300, beyond what a model's 32-bit numbers hold (about ±3.4e38)") {
            try SequentialModel(jsonText: file("1e300"))
        }
        assertInvalid("layer 0: weights[1] is -1e+39, beyond what a model's 32-bit numbers hold (about ±3.4e38)") {
            try SequentialModel(jsonText: file("-1e39"))
        }
        XCTAssertEqual(try SequentialModel(jsonText: file("3e38")).denseLayers[0].weights, [0.5, 3e38])
    }
}
