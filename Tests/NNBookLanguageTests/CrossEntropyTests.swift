import XCTest
@testable import NNBookLanguage

/// cross_entropy and sparse_categorical_crossentropy (issue 13): values against
/// NumPy 2.4's, explain's steps, the errors, and agreement with what evaluate prints.
final class CrossEntropyTests: XCTestCase {
    func testValuesMatchNumPy() {
        let s = Session()
        // -np.log(0.7) = 0.35667494393873245
        assertClose(s.number("cross_entropy([0.1, 0.2, 0.7], 2)"), 0.35667494393873245, within: 1e-12)
        // Keras's order, (y_true, y_pred): the same number.
        assertClose(s.number("sparse_categorical_crossentropy(2, [0.1, 0.2, 0.7])"), 0.35667494393873245, within: 1e-12)
        // np.mean(-np.log([0.7, 0.8])) = 0.2899092476264711: rows and labels give the mean, as Keras's reduction.
        assertClose(s.number("cross_entropy([[0.1, 0.2, 0.7], [0.8, 0.1, 0.1]], [2, 0])"), 0.2899092476264711, within: 1e-12)
        assertClose(s.number("sparse_categorical_crossentropy([2, 0], [[0.1, 0.2, 0.7], [0.8, 0.1, 0.1]])"), 0.2899092476264711, within: 1e-12)
        // p = np.exp([1, 2, 3]); p /= p.sum(); -np.log(p[0]) = 2.40760596444438
        assertClose(s.number("cross_entropy(softmax([1, 2, 3]), 0)"), 2.40760596444438, within: 1e-12)
        // A zero is clipped to 1e-7 as Keras does: -np.log(np.clip(0.0, 1e-7, 1 - 1e-7)) = 16.11809565095832,
        // and a one to 1 - 1e-7: -np.log(1 - 1e-7) = 1.0000000494736474e-07.
        assertClose(s.number("cross_entropy([1, 0, 0], 2)"), 16.11809565095832, within: 1e-12)
        assertClose(s.number("cross_entropy([1, 0, 0], 0)"), 1.0000000494736474e-07, within: 1e-15)
    }

    func testExplainFillsInThePickedProbabilityItsLogAndTheMinus() {
        let s = Session()
        s.ok("p = [0.1, 0.2, 0.7]")
        XCTAssertEqual(s.ok("explain cross_entropy(p, 2)").plainLines,
                       ["cross_entropy(p, 2) = cross_entropy([0.1, 0.2, 0.7], 2) = -log(p[2]) = -log(0.7) = -(-0.356675) = 0.356675 ≈ 0.36"])
        XCTAssertEqual(s.ok("explain sparse_categorical_crossentropy(2, p)").plainLines,
                       ["sparse_categorical_crossentropy(2, p) = sparse_categorical_crossentropy(2, [0.1, 0.2, 0.7]) = -log(p[2]) = -log(0.7) = -(-0.356675) = 0.356675 ≈ 0.36"])
        XCTAssertEqual(s.ok("explain cross_entropy([[0.1, 0.2, 0.7], [0.8, 0.1, 0.1]], [2, 0])").plainLines,
                       ["cross_entropy([[0.1, 0.2, 0.7], [0.8, 0.1, 0.1]], [2, 0]) = mean([-log(0.7), -log(0.8)]) = mean([-(-0.356675), -(-0.223144)]) "
                        + "= mean([0.356675, 0.223144]) = 0.289909 ≈ 0.29"])
        let clipped = s.ok("explain cross_entropy([1, 0, 0], 2)").plainLines
        XCTAssertEqual(clipped, ["p[2] is 0: a probability is clipped to [1e-07, 1 - 1e-07] before its log, as Keras does (keras.backend.epsilon()), "
                                 + "so −log p lies between 1e-07 and 16.118096",
                                 "cross_entropy([1, 0, 0], 2) = -log(0) = -log(1e-07) = -(-16.118096) = 16.118096 ≈ 16.12"])
    }

    func testErrorsSayWhatToTypeInstead() {
        let s = Session()
        s.ok("p = [0.1, 0.2, 0.7]")
        assertDiagnostic(s.failure("cross_entropy(p, 3)")?.0, .value, contains: "label 3 is not one of p's classes: with 3 probabilities the labels are 0 to 2",
                         line: 1, column: 18)
        assertDiagnostic(s.failure("cross_entropy(p, 1.5)")?.0, .value, contains: "label 1.5 is not one of p's classes", line: 1, column: 18)
        assertDiagnostic(s.failure("cross_entropy([0.5, 0.9], 0)")?.0, .value, contains: "they sum to 1.4, not 1", line: 1, column: 15)
        assertDiagnostic(s.failure("cross_entropy([-0.5, 1.5], 0)")?.0, .value, contains: "-0.5 (entry 0) is not a probability", line: 1, column: 15)
        assertDiagnostic(s.failure("cross_entropy(2, p)")?.0, .type, contains: "the probabilities come first: cross_entropy(p, label)", line: 1, column: 15)
        assertDiagnostic(s.failure("sparse_categorical_crossentropy(p, 2)")?.0, .type,
                         contains: "Keras's order is the label first: sparse_categorical_crossentropy(y_true, y_pred)", line: 1, column: 36)
        assertDiagnostic(s.failure("cross_entropy([[0.1, 0.9], [0.5, 0.5]], [1])")?.0, .value,
                         contains: "2 rows of probabilities but 1 label: they pair up", line: 1, column: 41)
        assertDiagnostic(s.failure("cross_entropy([[0.1, 0.9], [0.5, 0.7]], [1, 0])")?.0, .value,
                         contains: "not probabilities of one example in row 1: they sum to 1.2", line: 1, column: 15)
    }

    /// The loss evaluate prints for one example is cross_entropy of the model's probabilities for it.
    func testOneExampleByHandAgreesWithEvaluate() {
        let s = Session()
        s.ok("data = digits()")
        s.ok("model = sequential(dense(32, relu, input: 64), dense(10, softmax))")
        s.ok("train model on data epochs 2")
        for k in [0, 1, 7] {
            s.ok("p = model(data.test[\(k)])")
            XCTAssertEqual(s.numbers("p")?.count, 10)
            guard let byHand = s.number("cross_entropy(p, data.test.labels[\(k)])") else { return }
            let printed = s.ok("evaluate model on data.test[\(k):\(k + 1)]").plainLines
            XCTAssertEqual(printed.count, 1)
            XCTAssertTrue(printed[0].hasPrefix("loss \(String(format: "%.4f", byHand))  accuracy "), "\(printed) vs \(byHand)")
            XCTAssertTrue(printed[0].hasSuffix("on 1 example"), printed[0])
        }
        // Five examples: the mean, as evaluate's.
        s.ok("x, y = data.test")
        guard let mean = s.number("cross_entropy(model(x[0:5]), y[0:5])") else { return }
        let printed = s.ok("evaluate model on data.test[0:5]").plainLines
        XCTAssertTrue(printed.first?.hasPrefix("loss \(String(format: "%.4f", mean))  accuracy ") ?? false, "\(printed) vs \(mean)")
        // The whole test half: the mean over 359 examples, as evaluate's.
        guard let all = s.number("cross_entropy(model(x), y)") else { return }
        XCTAssertTrue(s.ok("evaluate model on data.test").plainLines.first?.hasPrefix("loss \(String(format: "%.4f", all))  accuracy ") ?? false)
        assertDiagnostic(s.failure("evaluate model on data.test[5:5]")?.0, .value, contains: "this slice holds none of the 359 examples", line: 1, column: 19)
    }
}
