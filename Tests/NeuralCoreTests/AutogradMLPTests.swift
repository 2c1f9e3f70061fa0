import NeuralCore
import XCTest

/// micrograd's `nn.MLP` and its demo notebook, on a seeded moons data set.
final class AutogradMLPTests: XCTestCase {
    /// [2, 16, 16, 1]: (2·16 + 16) + (16·16 + 16) + (16·1 + 1) = 48 + 272 + 17.
    func testParameterCount() throws {
        let model = try ScalarMLP(sizes: [2, 16, 16, 1])
        XCTAssertEqual(model.parameterCount, 337)
        XCTAssertEqual(model.parameters.count, 337)
        XCTAssertEqual(Set(model.parameters).count, 337)
    }

    func testInitialisationIsSeededAndMicrogradLike() throws {
        let a = try ScalarMLP(sizes: [2, 4, 1], seed: 7), b = try ScalarMLP(sizes: [2, 4, 1], seed: 7)
        XCTAssertEqual(a.parameters.map(\.data), b.parameters.map(\.data))
        var random = SeededGenerator(seed: 7)
        XCTAssertEqual(a.layers[0][0].weights[0].data, 2 * random.nextUniform() - 1)
        XCTAssertEqual(a.layers[0][0].weights[1].data, 2 * random.nextUniform() - 1)
        for neuron in a.layers.joined() { XCTAssertEqual(neuron.bias.data, 0) }
        for w in a.parameters { XCTAssertTrue((-1..<1).contains(w.data)) }
        XCTAssertEqual(a.layers.map { $0.map(\.relu) }, [[true, true, true, true], [false]])
    }

    func testForwardMatchesHandArithmeticAndScore() throws {
        let model = try ScalarMLP(sizes: [2, 3, 1], seed: 1)
        let (x0, x1) = (0.5, -1.5)
        let hidden = model.layers[0].map { n in max(0, n.bias.data + n.weights[0].data * x0 + n.weights[1].data * x1) }
        let out = model.layers[1][0]
        var expected = out.bias.data
        for (w, h) in zip(out.weights, hidden) { expected += w.data * h }
        let y = model([Scalar(x0), Scalar(x1)])
        XCTAssertEqual(y.count, 1)
        XCTAssertEqual(y[0].data, expected, accuracy: 1e-12)
        XCTAssertEqual(model.score(x0, x1), y[0].data, accuracy: 1e-12)
    }

    func testInvalidSizesThrow() {
        assertThrows(.invalidArgument("an MLP needs at least an input size and an output size, each at least 1, got [2]")) {
            try ScalarMLP(sizes: [2])
        }
        assertThrows(.invalidArgument("an MLP needs at least an input size and an output size, each at least 1, got [2, 0, 1]")) {
            try ScalarMLP(sizes: [2, 0, 1])
        }
        assertThrows(.tooLarge(elements: 1_001_000, limit: 100_000)) { try ScalarMLP(sizes: [1000, 1000, 1]) }
    }

    /// The demo notebook: SVM loss on moons falls, and the model separates the
    /// training set. 20 steps (≈ 0.1 s each in a debug build) reach 96%;
    /// the first loss is pinned so any change to the arithmetic shows.
    func testTrainingOnMoons() throws {
        let moons = try Datasets.twoDimensional(.moons, count: 100, noise: 0.1, seed: 42)
        var model = try ScalarMLP(sizes: [2, 16, 16, 1])
        let steps = 20
        var history: [(loss: Double, accuracy: Double)] = []
        for k in 0..<steps {
            history.append(try model.trainStep(on: moons.train, step: k, totalSteps: steps))
        }
        XCTAssertEqual(history[0].loss, 2.2044891970760716, accuracy: 1e-9)
        XCTAssertEqual(history[0].accuracy, 0.5)
        let first = history[0].loss, last = history[steps - 1].loss
        XCTAssertLessThan(last, first * 0.5, "loss \(first) → \(last)")
        let accuracy = model.accuracy(on: moons.train)
        XCTAssertGreaterThanOrEqual(accuracy, 0.85, "history \(history)")
    }

    func testTrainStepRejectsBadArguments() throws {
        let moons = try Datasets.twoDimensional(.moons, count: 20, noise: 0.1, seed: 1)
        var model = try ScalarMLP(sizes: [2, 4, 1])
        assertThrows(.invalidArgument("step must be in 0..<5, got 5")) {
            try model.trainStep(on: moons.train, step: 5, totalSteps: 5)
        }
        var wide = try ScalarMLP(sizes: [3, 4, 1])
        XCTAssertThrowsError(try wide.trainStep(on: moons.train, step: 0, totalSteps: 5))
    }
}
