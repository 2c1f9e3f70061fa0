import Foundation
@testable import NeuralCore
import XCTest

/// The `Layer` seam: the fast path (CBLAS, Float32) against the readable
/// reference (NDArray, Double), and dropout, the second kind of layer.
final class LayerTests: XCTestCase {
    /// 90 examples of 4 features in [−1, 1), labelled by which of three fixed
    /// directions they lean most along (classes 0–2), seeded.
    private func leaning(count: Int = 90) throws -> Dataset {
        var generator = SeededGenerator(seed: 11)
        var x: [Float] = [], y: [Int32] = []
        for _ in 0..<count {
            let v = (0..<4).map { _ in 2 * generator.nextUniform() - 1 }
            let scores = [v[0] + v[1], v[2] - v[0], v[3] - v[1]]
            x += v.map(Float.init)
            y.append(Int32(scores.indices.max { scores[$0] < scores[$1] } ?? 0))
        }
        return try Dataset(name: "leaning", featureCount: 4, classCount: 3, features: .floats(x), labels: y)
    }

    private func options(_ optimizer: Optimizer, epochs: Int = 3) -> TrainingOptions {
        var options = TrainingOptions(epochs: epochs)
        options.batchSize = 8
        options.optimizer = optimizer
        return options
    }

    /// The same seeded model trained both ways (36 steps, the same shuffles
    /// and dropout masks): the epoch losses agree within 1e-6 (relative) and
    /// every weight within 1e-5, Float32 against Double. Measured: 2e-8 and
    /// 2e-7.
    func testTheFastPathTrainsAsTheReferenceDoes() throws {
        let data = try leaning()
        let cases: [(String, [any LayerSpec], Optimizer)] = try [
            ("softmax with dropout, Adam", [try DenseSpec(units: 8, activation: .relu, inputSize: 4), try DropoutSpec(rate: 0.25),
                                            try DenseSpec(units: 6, activation: .tanh), try DenseSpec(units: 3, activation: .softmax)],
             .adam(learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7)),
            ("mean squared error with dropout, SGD", [try DenseSpec(units: 6, activation: .sigmoid, inputSize: 4),
                                                      try DropoutSpec(rate: 0.5), try DenseSpec(units: 3, activation: .linear)],
             .sgd(learningRate: 0.1, momentum: 0.9)),
            ("dense only, Adam", [try DenseSpec(units: 5, activation: .tanh, inputSize: 4), try DenseSpec(units: 3, activation: .softmax)],
             .kerasAdam),
            ("leaky_relu and softplus, SGD", [try DenseSpec(units: 7, activation: .leakyRelu, inputSize: 4),
                                              try DenseSpec(units: 5, activation: .softplus), try DenseSpec(units: 3, activation: .softmax)],
             .sgd(learningRate: 0.05, momentum: 0)),
        ]
        for (name, specs, optimizer) in cases {
            var fast = try SequentialModel.build(specs, seed: 3)
            var reference = fast
            let result = try fast.train(on: data, options: options(optimizer))
            let losses = try ReferenceTraining.train(&reference, on: data, options: options(optimizer))
            XCTAssertEqual(losses.count, 3, name)
            for (f, r) in zip(result.history.map(\.loss), losses) {
                XCTAssertEqual(f, r, accuracy: 1e-6 * abs(r), name)
            }
            let a = fast.layers.flatMap(\.flatParameters), b = reference.layers.flatMap(\.flatParameters)
            XCTAssertEqual(a.count, b.count)
            XCTAssertEqual(zip(a, b).map { abs($0 - $1) }.max() ?? 0, 0, accuracy: 1e-5, name)
            XCTAssertNotEqual(a, try SequentialModel.build(specs, seed: 3).layers.flatMap(\.flatParameters), "\(name) learnt")
        }
    }

    /// One example at a time and a batch alike: the reference's forward pass
    /// (prediction mode) gives what `predict` gives, to Float32 rounding.
    func testTheReferencePredictsAsTheFastPathDoes() throws {
        let model = try SequentialModel.build(
            [DenseSpec(units: 16, activation: .relu, inputSize: 5), try DropoutSpec(rate: 0.3),
             DenseSpec(units: 8, activation: .tanh), DenseSpec(units: 3, activation: .softmax)], seed: 7)
        var generator = SeededGenerator(seed: 3)
        let x = (0..<200).map { _ in Float(2 * generator.nextUniform() - 1) }
        let fast = try model.predict(x, count: 40)
        let reference = try ReferenceTraining.predict(model, NDArray(shape: [40, 5], data: x.map(Double.init)))
        XCTAssertEqual(reference.shape, [40, 3])
        assertClose(fast.map(Double.init), reference.data, tolerance: 1e-6)
    }

    func testDropoutDropsAboutItsRateAndScalesWhatItKeeps() throws {
        var unused = SeededGenerator(seed: 0)  // dropout draws nothing when it is made
        let layer = try DropoutSpec(rate: 0.2).makeLayer(fanIn: 50, generator: &unused)
        let ones = try NDArray(shape: [100, 50], data: [Double](repeating: 1, count: 5000))
        var generator = SeededGenerator(seed: 1)
        let pass = try layer.forward(ones, parameters: [], training: true, generator: &generator)
        XCTAssertEqual(Set(pass.output.data), [0, 1.25])
        let dropped = pass.output.data.filter { $0 == 0 }.count
        XCTAssertEqual(Double(dropped) / 5000, 0.2, accuracy: 0.02)
        // The mean is kept: inverted dropout scales the survivors by 1/(1 − p).
        XCTAssertEqual(try pass.output.mean(), 1, accuracy: 0.03)
        // The gradient flows back through the kept units only, scaled alike.
        let back = try pass.backward(ones)
        XCTAssertEqual(back.input, pass.output)
        XCTAssertTrue(back.parameters.isEmpty)
        // Not training, it is the identity.
        let still = try layer.forward(ones, parameters: [], training: false, generator: &generator)
        XCTAssertEqual(still.output, ones)
    }

    /// Prediction and evaluation use every unit: a model with dropout gives
    /// exactly what the same dense layers give without it.
    func testDropoutIsTheIdentityWhenPredictingAndEvaluating() throws {
        let data = try leaning()
        var with = try SequentialModel.build(
            [DenseSpec(units: 8, activation: .relu, inputSize: 4), try DropoutSpec(rate: 0.5), DenseSpec(units: 3, activation: .softmax)])
        _ = try with.train(on: data, options: options(.kerasAdam, epochs: 1))
        var without = try SequentialModel.build(
            [DenseSpec(units: 8, activation: .relu, inputSize: 4), DenseSpec(units: 3, activation: .softmax)])
        without.denseLayers = with.denseLayers
        var x: [Float] = [], y: [Int32] = []
        data.batch(Array(0..<90)[...], x: &x, y: &y)
        XCTAssertEqual(try with.predict(x, count: 90), try without.predict(x, count: 90))
        XCTAssertEqual(try with.evaluate(on: data), try without.evaluate(on: data))
        XCTAssertEqual(try with.confusionMatrix(on: data), try without.confusionMatrix(on: data))
    }

    /// The masks come from the training seed: the same run twice gives the
    /// same weights; another seed, or no dropout, gives others.
    func testTrainingWithDropoutIsSeeded() throws {
        let data = try leaning()
        let specs: [any LayerSpec] = [try DenseSpec(units: 8, activation: .relu, inputSize: 4), try DropoutSpec(rate: 0.2),
                                      try DenseSpec(units: 3, activation: .softmax)]
        func trained(_ specs: [any LayerSpec], seed: UInt64 = 42) throws -> [Float] {
            var model = try SequentialModel.build(specs)
            var o = options(.kerasAdam, epochs: 2)
            o.shuffleSeed = seed
            _ = try model.train(on: data, options: o)
            return model.layers.flatMap(\.flatParameters)
        }
        XCTAssertEqual(try trained(specs), try trained(specs))
        XCTAssertNotEqual(try trained(specs), try trained(specs, seed: 43))
        XCTAssertNotEqual(try trained(specs), try trained([specs[0], specs[2]]))
        XCTAssertEqual(try trained([specs[0], try DropoutSpec(rate: 0), specs[2]]), try trained([specs[0], specs[2]]))
    }

    func testSummaryRowsNameEachKindAsKerasDoes() throws {
        let model = try SequentialModel.build(
            [DenseSpec(units: 128, activation: .relu, inputSize: 784), try DropoutSpec(rate: 0.2),
             DenseSpec(units: 10, activation: .softmax)])
        XCTAssertEqual(model.summary(), [
            SummaryRow(name: "dense", kind: "Dense", outputShape: "(None, 128)", parameters: 100_480, activation: .relu),
            SummaryRow(name: "dropout", kind: "Dropout", outputShape: "(None, 128)", parameters: 0, activation: nil),
            SummaryRow(name: "dense_1", kind: "Dense", outputShape: "(None, 10)", parameters: 1_290, activation: .softmax),
        ])
        XCTAssertEqual(model.summary().map(\.title), ["dense (Dense, relu)", "dropout (Dropout)", "dense_1 (Dense, softmax)"])
        XCTAssertEqual(model.parameterCount, 101_770)
        XCTAssertEqual(model.layers.map(\.spec.source), ["dense(128, relu, input: 784)", "dropout(0.2)", "dense(10, softmax)"])
    }

    /// Each kind of layer names its own attributes (`model.layers[i].NAME`)
    /// and gives every one it names; the language asks no concrete type.
    func testEachLayerGivesTheAttributesItNames() throws {
        let model = try SequentialModel.build(
            [DenseSpec(units: 3, activation: .tanh, inputSize: 2), try DropoutSpec(rate: 0.25), DenseSpec(units: 1, activation: .sigmoid)])
        XCTAssertEqual(model.layers.map(\.attributeNames), [["weights", "biases", "units", "activation"], ["rate", "units"],
                                                             ["weights", "biases", "units", "activation"]])
        for layer in model.layers {
            for name in layer.attributeNames { XCTAssertNotNil(layer.attribute(name), "\(layer.kind).\(name)") }
            XCTAssertNil(layer.attribute("colour"))
        }
        guard let dense = model.layers[0] as? DenseLayer else { return XCTFail("the first layer is dense") }
        XCTAssertEqual(dense.attribute("weights"), .floats(shape: [2, 3], values: dense.weights))
        XCTAssertEqual(dense.attribute("biases"), .floats(shape: [3], values: [0, 0, 0]))
        XCTAssertEqual(dense.attribute("activation"), .text("tanh"))
        XCTAssertEqual(model.layers[1].attribute("rate"), .number(0.25))
        XCTAssertEqual(model.layers[1].attribute("units"), .number(3))
    }

    func testARateOutsideZeroToOneOrAMisplacedDropoutIsRefused() throws {
        let range = "the dropout rate is the fraction of units dropped while training, from 0 up to (not including) 1, got "
        assertInvalid(range + "1") { try DropoutSpec(rate: 1) }
        assertInvalid(range + "1e+300") { try DropoutSpec(rate: 1e300) }
        assertInvalid(range + "-0.1") { try DropoutSpec(rate: -0.1) }
        assertInvalid(range + "nan") { try DropoutSpec(rate: .nan) }
        assertInvalid(range + "inf") { try DropoutSpec(rate: .infinity) }
        XCTAssertEqual(try DropoutSpec(rate: 0).rate, 0)
        let dense = try DenseSpec(units: 3, activation: .softmax, inputSize: 2), drop = try DropoutSpec(rate: 0.5)
        assertInvalid("dropout cannot be the first layer: it drops some of the outputs of the layer before it; "
                      + "put it after a dense layer, e.g. sequential(dense(128, relu, input: 784), dropout(0.2), dense(10, softmax))") {
            try SequentialModel.build([drop, dense])
        }
        assertInvalid("dropout cannot be the last layer: the output layer must be dense, so the loss can read its activation; "
                      + "end with a layer such as dense(10, softmax)") {
            try SequentialModel.build([dense, drop])
        }
        // A declared input after dropout is checked against what dropout passes on.
        assertInvalid("layer 3 says input: 5, but layer 2 outputs 3 numbers; remove input: from every layer but the first") {
            try SequentialModel.build([dense, drop, try DenseSpec(units: 1, activation: .sigmoid, inputSize: 5)])
        }
    }

    // MARK: model files

    func testADenseOnlyModelIsStillWrittenAsVersionOne() throws {
        let model = try SequentialModel.build([DenseSpec(units: 2, activation: .relu, inputSize: 2)], seed: 1)
        XCTAssertTrue(try model.jsonText().contains("\"version\": 1,"))
        XCTAssertFalse(try model.jsonText().contains("\"type\""))
    }

    func testADropoutModelIsWrittenAsVersionTwoAndReadBack() throws {
        var model = try SequentialModel.build(
            [DenseSpec(units: 3, activation: .relu, inputSize: 2), try DropoutSpec(rate: 0.2), DenseSpec(units: 1, activation: .sigmoid)],
            seed: 1)
        model.denseLayers[1].biases = [0.5]
        let text = try model.jsonText()
        XCTAssertTrue(text.contains("\"version\": 2,"))
        XCTAssertTrue(text.contains("\n    {\"rate\":0.2,\"type\":\"dropout\"},\n"), text)
        let read = try SequentialModel(jsonText: text)
        XCTAssertEqual(read.layers.map(\.kind), ["Dense", "Dropout", "Dense"])
        XCTAssertEqual((read.layers[1] as? DropoutLayer)?.rate, 0.2)
        XCTAssertEqual(read.layers.flatMap(\.flatParameters), model.layers.flatMap(\.flatParameters))
        XCTAssertEqual(try read.jsonText(), text)
    }

    func testDamagedLayerEntriesAreNamed() throws {
        func file(_ middle: String) -> String {
            """
            {"format": "nnbook-model", "version": 2, "layers": [
              {"units": 3, "activation": "relu", "input": 2, "weights": [1,2,3,4,5,6], "biases": [0,0,0]},
              \(middle),
              {"units": 1, "activation": "sigmoid", "weights": [1,2,3], "biases": [0]}
            ]}
            """
        }
        assertInvalid("layer 1: a dropout layer needs a \"rate\" from 0 up to (not including) 1") {
            try SequentialModel(jsonText: file("{\"type\": \"dropout\", \"rate\": 1.5}"))
        }
        assertInvalid("layer 1: a dropout layer needs a \"rate\" from 0 up to (not including) 1") {
            try SequentialModel(jsonText: file("{\"type\": \"dropout\"}"))
        }
        assertInvalid("layer 1: unknown layer type \"conv2d\"; this nnbook knows dense and dropout") {
            try SequentialModel(jsonText: file("{\"type\": \"conv2d\"}"))
        }
        let explicit = try SequentialModel(jsonText: file(
            "{\"type\": \"dense\", \"units\": 3, \"activation\": \"tanh\", \"weights\": [1,2,3,4,5,6,7,8,9], \"biases\": [0,0,0]}"))
        XCTAssertEqual(explicit.layers.map(\.kind), ["Dense", "Dense", "Dense"])
    }
}
