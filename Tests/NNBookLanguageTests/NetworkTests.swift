import Foundation
import XCTest
import NeuralCore
@testable import NNBookLanguage

/// The network half of the article in the language: models, training,
/// evaluation, the neuron, saving and loading, and the errors around them.
final class NetworkTests: XCTestCase {
    func testArticleModelSummaryCountsParameters() {
        let s = Session()
        s.ok("model = sequential(dense(128, relu, input: 784), dense(10, softmax))")
        let lines = s.ok("summary model").plainLines
        XCTAssertTrue(lines.contains { $0.hasPrefix("dense (Dense, relu)") && $0.hasSuffix("100,480") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("dense_1 (Dense, softmax)") && $0.hasSuffix("1,290") }, "\(lines)")
        XCTAssertTrue(lines.contains("Total params: 101,770"))
        XCTAssertEqual(s.number("model.parameters"), 101_770)
    }

    /// Issue: the article's model with input 64, five epochs of Keras defaults on
    /// digits(), reaches at least 0.93 test accuracy — the same on every run.
    func testArticleModelLearnsDigitsToAtLeast93Percent() throws {
        let s = Session()
        s.ok("data = digits()")
        s.ok("model = sequential(dense(128, relu, input: 64), dense(10, softmax))")
        let epochs = s.ok("train model on data epochs 5").plainLines.filter { $0.hasPrefix("Epoch ") }
        XCTAssertEqual(epochs.count, 5)
        let line = try XCTUnwrap(s.ok("evaluate model on data.test").plainLines.first)
        let accuracy = try XCTUnwrap(Double(line.components(separatedBy: "accuracy ")[1].components(separatedBy: "%")[0]))
        XCTAssertGreaterThanOrEqual(accuracy, 93.0, line)
        // Deterministic: a second session prints the same numbers.
        let again = Session()
        again.ok("data = digits()")
        again.ok("model = sequential(dense(128, relu, input: 64), dense(10, softmax))")
        again.ok("train model on data epochs 5")
        XCTAssertEqual(again.ok("evaluate model on data.test").plainLines.first, line)
    }

    func testNeuronStepPrintsEveryValueWithTheDescendingSign() {
        let s = Session()
        s.ok("n = neuron([0.1, 0.2, 0.3], bias: 0.4, activation: sigmoid)")
        let lines = s.ok("step n input [1, 2, 3] target 1 rate 0.1").plainLines
        XCTAssertTrue(lines.contains("  forward   z = 0.1·1 + 0.2·2 + 0.3·3 + 0.4 = 1.8"), "\(lines)")
        XCTAssertTrue(lines.contains("            y = sigmoid(1.8) = 0.858149"))
        XCTAssertTrue(lines.contains { $0.contains("w1 = 0.1 − 0.1 · (-0.017267) = 0.101727") }, "\(lines)")
        // Independent arithmetic: one step of gradient descent on ½(y − t)².
        let z = 0.1 * 1 + 0.2 * 2 + 0.3 * 3 + 0.4, y = 1 / (1 + exp(-z)), delta = (y - 1) * y * (1 - y)
        let weights = s.numbers("n.weights") ?? []
        for (i, w0) in [0.1, 0.2, 0.3].enumerated() {
            XCTAssertEqual(weights[i], w0 - 0.1 * delta * Double(i + 1), accuracy: 1e-12)
        }
        XCTAssertEqual(s.number("n.bias") ?? 0, 0.4 - 0.1 * delta, accuracy: 1e-12)
        // The output moved toward the target: the sign descends.
        s.ok("step")
        XCTAssertGreaterThan(s.numbers("n.weights")?[0] ?? 0, weights[0])
    }

    func testSaveAndLoadRoundTripExactly() throws {
        let s = Session()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nnbook-test-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        s.ok("data = digits()")
        s.ok("model = sequential(dense(16, tanh, input: 64), dense(10, softmax))")
        s.ok("train model on data epochs 1")
        s.ok("save model to \"\(path)\"")
        s.ok("m2 = load(\"\(path)\")")
        XCTAssertEqual(s.numbers("model.layers[0].weights"), s.numbers("m2.layers[0].weights"))
        XCTAssertEqual(s.numbers("model.layers[1].biases"), s.numbers("m2.layers[1].biases"))
        XCTAssertEqual(s.ok("evaluate model on data.test").plainLines, s.ok("evaluate m2 on data.test").plainLines)
    }

    func testBadInputsAreClearErrorsAndKeepTheSession() {
        let s = Session()
        s.ok("keep = 42")
        s.ok("data = digits()")
        s.ok("big = sequential(dense(128, relu, input: 784), dense(10, softmax))")
        let cases: [(String, String)] = [
            ("train big on data epochs 1", "784"),                       // shape: the data has 64 features
            ("huge = sequential(dense(100000, relu, input: 100000))", "parameters"),
            ("few = sequential(dense(4, softmax, input: 64))", ""),       // fine: defined for the next case
            ("train few on data epochs 1", "label"),                     // labels 0…9 but only 4 outputs
            ("x = mnist(\"/no/such/folder\")", "/no/such/folder"),
            ("m = load(\"/no/such/model.json\")", "no such file"),
            ("train keep on data", "expected a model"),
            ("evaluate big on keep", "expected a data set"),
            ("train big on data epochs 0", "epochs must be"),
            ("train big on data optimizer rmsprop", "unknown optimizer"),
        ]
        for (input, fragment) in cases {
            let r = s.execute(input)
            if fragment.isEmpty { XCTAssertFalse(r.failed, input); continue }
            XCTAssertTrue(r.failed, input)
            XCTAssertTrue(r.plainLines.joined(separator: "\n").contains(fragment), "\(input): \(r.plainLines)")
        }
        XCTAssertEqual(s.number("keep"), 42)
        XCTAssertEqual(s.number("big.parameters"), 101_770)
    }

    func testTwoDimensionalSetsTrainAndCount() {
        let s = Session()
        s.ok("data = moons(size: 200, noise: 0.1)")
        XCTAssertEqual(s.number("len(data.train) + len(data.test)"), 200)
        s.ok("m = sequential(dense(16, tanh, input: 2), dense(2, softmax))")
        s.ok("train m on data epochs 60 batch 16 rate 0.01")
        let line = s.ok("evaluate m on data.test").plainLines.first ?? ""
        let accuracy = Double(line.components(separatedBy: "accuracy ").last?.components(separatedBy: "%").first ?? "") ?? 0
        XCTAssertGreaterThan(accuracy, 80, line)
    }

    /// An mlp's steps reach a front-end as one epoch whose batches are the steps; the printed lines do not change.
    func testMLPStepsAreReportedAsOneEpochOfSteps() {
        let source = "data = moons(size: 100, noise: 0.1)\nnet = mlp([2, 8, 1])\ntrain net on data steps 12"
        let plain = Session().ok(source).plainLines
        let s = Session()
        var reports: [TrainingProgress] = []
        s.trainingProgress = { reports.append($0) }
        XCTAssertEqual(s.ok(source).plainLines, plain)
        XCTAssertEqual(reports.map(\.batch), Array(1...12))
        XCTAssertTrue(reports.allSatisfy { $0.unit == .step && $0.epoch == 1 && $0.epochs == 1 && $0.batches == 12 })
        XCTAssertEqual(reports.map(\.epochFinished), Array(repeating: false, count: 11) + [true])
        let lines = plain.filter { $0.hasPrefix("step ") }
        XCTAssertEqual(lines.count, 12)
        for (line, report) in zip(lines, reports) {
            XCTAssertEqual(line, "step \(report.batch - 1) loss \(String(format: "%.4f", report.loss)) accuracy \(String(format: "%.1f", report.accuracy * 100))%")
        }
    }
}
