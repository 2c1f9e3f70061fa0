import XCTest
@testable import NeuralCore

/// Model files: the format `ModelFile` encodes and decodes, old files, newer
/// versions and damaged files.
final class ModelFileTests: XCTestCase {
    /// Written by nnbook before the format became a Codable struct (commit
    /// 3d5758d, `save m to "small.json"`), byte for byte.
    static let versionOneFile = """
        {
          "format": "nnbook-model",
          "version": 1,
          "layers": [
            {"units": 3, "activation": "relu", "input": 2, "weights": [0.52924216,-0.745099,-0.48506063,-0.34136105,-1.0121251,0.8067473], "biases": [0.0,0.0,0.0]},
            {"units": 1, "activation": "sigmoid", "weights": [-0.6897636,0.7363947,-0.39208728], "biases": [0.0]}
          ]
        }

        """

    func testAFileOfVersionOneStillLoads() throws {
        let model = try SequentialModel(jsonText: Self.versionOneFile)
        XCTAssertEqual(model.denseLayers.map(\.units), [3, 1])
        XCTAssertEqual(model.denseLayers.map(\.activation), [.relu, .sigmoid])
        XCTAssertEqual(model.denseLayers[0].inputSize, 2)
        XCTAssertEqual(model.denseLayers[0].weights, [0.52924216, -0.745099, -0.48506063, -0.34136105, -1.0121251, 0.8067473])
        XCTAssertEqual(model.denseLayers[1].weights, [-0.6897636, 0.7363947, -0.39208728])
        XCTAssertEqual(model.denseLayers[0].biases, [0, 0, 0])
    }

    /// One layer a line, keys sorted, each number in its shortest form.
    func testTheFileIsLaidOutOneLayerALine() throws {
        var model = try SequentialModel.build([DenseSpec(units: 2, activation: .relu, inputSize: 2),
                                               DenseSpec(units: 1, activation: .sigmoid)], seed: 1)
        model.denseLayers[0].weights = [0.5, -1.25, 0.1, 2]
        model.denseLayers[1].weights = [1, -1]
        model.denseLayers[1].biases = [0.1]
        XCTAssertEqual(try model.jsonText(), """
            {
              "format": "nnbook-model",
              "version": 1,
              "layers": [
                {"activation":"relu","biases":[0,0],"input":2,"units":2,"weights":[0.5,-1.25,0.1,2]},
                {"activation":"sigmoid","biases":[0.1],"units":1,"weights":[1,-1]}
              ]
            }

            """)
    }

    /// Shortest form is exact: the largest and smallest floats, a subnormal,
    /// negative zero and 0.1 come back with the same bits.
    func testFloatsRoundTripBitForBit() throws {
        var model = try SequentialModel.build([DenseSpec(units: 4, activation: .linear, inputSize: 2)], seed: 7)
        model.denseLayers[0].weights = [.greatestFiniteMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude, -0.0,
                                   0.1, 1 / 3, 16_777_217, -.greatestFiniteMagnitude]
        let again = try SequentialModel(jsonText: model.jsonText())
        XCTAssertEqual(again.denseLayers[0].weights.map(\.bitPattern), model.denseLayers[0].weights.map(\.bitPattern))
        XCTAssertEqual(again.denseLayers[0].biases.map(\.bitPattern), model.denseLayers[0].biases.map(\.bitPattern))
        let trained = try SequentialModel.build([DenseSpec(units: 128, activation: .relu, inputSize: 784),
                                                 DenseSpec(units: 10, activation: .softmax)], seed: 3)
        let read = try SequentialModel(jsonText: trained.jsonText())
        for (a, b) in zip(read.denseLayers, trained.denseLayers) {
            XCTAssertEqual(a.weights.map(\.bitPattern), b.weights.map(\.bitPattern))
        }
    }

    func testANewerVersionIsRefusedSayingSo() {
        let file = Self.versionOneFile.replacingOccurrences(of: "\"version\": 1", with: "\"version\": 3")
        assertInvalid("the model was written by a newer nnbook (format version 3); this one reads version 2: update nnbook to load it") {
            try SequentialModel(jsonText: file)
        }
        assertInvalid("the file's \"version\" must be a whole number from 1") {
            try SequentialModel(jsonText: Self.versionOneFile.replacingOccurrences(of: "\"version\": 1", with: "\"version\": \"one\""))
        }
        // A file without a version was never written, but was read before; it still is, as version 1.
        let noVersion = Self.versionOneFile.replacingOccurrences(of: "\"version\": 1,", with: "")
        XCTAssertEqual(try SequentialModel(jsonText: noVersion).parameterCount, 13)
    }

    func testADamagedFileNamesTheLayerAndTheField() {
        func layer(_ second: String) -> String {
            #"{"format": "nnbook-model", "version": 1, "layers": [{"units": 1, "activation": "linear", "input": 1, "weights": [1], "biases": [0]}, "#
                + second + "]}"
        }
        assertInvalid("the file is not valid JSON") { try SequentialModel(jsonText: "{\"format\": ") }
        assertInvalid(#"the file is not an nnbook model (no "format": "nnbook-model" with "layers")"#) {
            try SequentialModel(jsonText: #"{"format": "keras", "layers": []}"#)
        }
        assertInvalid(#"the file is not an nnbook model (no "format": "nnbook-model" with "layers")"#) {
            try SequentialModel(jsonText: #"{"format": "nnbook-model", "layers": 3}"#)
        }
        assertInvalid(#"layer 1: needs "units" (a whole number) and a known "activation""#) {
            try SequentialModel(jsonText: layer(#"{"units": 1.5, "activation": "relu", "weights": [1], "biases": [0]}"#))
        }
        assertInvalid(#"layer 1: needs "units" (a whole number) and a known "activation""#) {
            try SequentialModel(jsonText: layer(#"{"units": 1, "activation": "swish", "weights": [1], "biases": [0]}"#))
        }
        assertInvalid(#"layer 1: needs "weights" and "biases" lists of numbers"#) {
            try SequentialModel(jsonText: layer(#"{"units": 1, "activation": "relu", "weights": ["1"], "biases": [0]}"#))
        }
        assertInvalid("layer 1: biases[0] is 1e+39, beyond what a model's 32-bit numbers hold (about ±3.4e38)") {
            try SequentialModel(jsonText: layer(#"{"units": 1, "activation": "relu", "weights": [1], "biases": [1e39]}"#))
        }
        assertInvalid("layer 1: expected 1 weights and 1 biases, found 2 and 1") {
            try SequentialModel(jsonText: layer(#"{"units": 1, "activation": "relu", "weights": [1, 2], "biases": [0]}"#))
        }
    }

    /// JSON has no word for nan: such a model is refused, not written as a file nothing can read.
    func testAModelWithNaNIsNotWritten() throws {
        var model = try SequentialModel.build([DenseSpec(units: 1, activation: .linear, inputSize: 2)], seed: 1)
        model.denseLayers[0].weights[1] = .nan
        assertInvalid("layer 0 has weights that are not numbers (nan or inf), which a model file cannot hold; "
                      + "train again with a smaller learning rate") { try model.jsonText() }
    }
}
