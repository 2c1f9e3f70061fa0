import XCTest
import Foundation
@testable import NNBookLanguage

/// The mistaken variants of correct code: which sites, and the text each
/// becomes (rewritten from the code's own text, parentheses kept).
final class MistakeRewritesTests: XCTestCase {
    private func variants(_ source: String, _ kind: MistakeKind) -> [String] {
        MistakeRewrites.variants(of: source).filter { $0.kind == kind }.map(\.source)
    }

    func testAGradientStepUphillWithTheRateTwiceOrMissing() {
        XCTAssertEqual(variants("w1 = 1 - 0.1 * f'(1)", .uphillStep), ["w1 = (1 + 0.1 * f'(1))"])
        XCTAssertEqual(variants("w1 = 1 - 0.1 * f'(1)", .rateTwice), ["w1 = 1 - (0.1 * 0.1 * f'(1))"])
        XCTAssertEqual(variants("w1 = 1 - 0.1 * f'(1)", .rateMissing), ["w1 = 1 - (f'(1))"])
        XCTAssertEqual(variants("w - (lr * grad)", .uphillStep), ["(w + (lr * grad))"])
        XCTAssertEqual(variants("w - a*g", .uphillStep), ["(w + a*g)"])
        XCTAssertEqual(variants("w1.data - 0.01 * w1.grad", .uphillStep), ["(w1.data + 0.01 * w1.grad)"])
        XCTAssertEqual(variants("w - g * learning_rate", .rateMissing), ["w - (g)"], "the rate by its name")
        XCTAssertEqual(variants("y - 1", .uphillStep), [], "no product: no step")
    }

    func testEveryStepOfALoopAndAllAtOnce() {
        let loop = "for i in range(3):\n    w = w - rate * x * grad\n    b = b - rate * b.grad"
        XCTAssertEqual(variants(loop, .uphillStep), [
            "for i in range(3):\n    w = (w + rate * x * grad)\n    b = b - rate * b.grad",
            "for i in range(3):\n    w = w - rate * x * grad\n    b = (b + rate * b.grad)",
            "for i in range(3):\n    w = (w + rate * x * grad)\n    b = (b + rate * b.grad)",
        ])
        // The article's 3.4 code: delta = (t − y)·σ′ is minus the gradient, so its `-` is the uphill step.
        XCTAssertEqual(variants("weights = weights - learning_rate * input_data * delta", .uphillStep), [])
        XCTAssertEqual(variants("weights = weights - learning_rate * input_data * delta", .rateMissing),
                       ["weights = weights - (input_data * delta)"])
    }

    func testSigmoidWithThePlusSign() {
        XCTAssertEqual(variants("sigmoid(2)", .sigmoidSign), ["sigmoid(-(2))"])
        XCTAssertEqual(variants("explain sigmoid(w * 2)", .sigmoidSign), ["explain sigmoid(-(w * 2))"])
        XCTAssertEqual(variants("1 / (1 + exp(-2))", .sigmoidSign), ["1 / (1 + exp((2)))"])
        XCTAssertEqual(variants("1/(1+e^-z)", .sigmoidSign), ["1/(1+e^(z))"])
        XCTAssertEqual(variants("(exp(4) - 1) / (exp(4) + 1)", .sigmoidSign), [], "no minus to leave out")
    }

    func testTheChainRuleWithEachFactorLeftOut() {
        XCTAssertEqual(variants("(y - t) * sigmoid'(z) * x", .missingFactor),
                       ["(sigmoid'(z) * x)", "((y - t) * x)", "((y - t) * sigmoid'(z))"])
        XCTAssertEqual(MistakeRewrites.variants(of: "(y - t) * sigmoid'(z) * x").filter { $0.kind == .missingFactor }.map(\.details),
                       [["(y - t)"], ["sigmoid'(z)"], ["x"]])
        XCTAssertEqual(variants("delta = error * output * (1 - output)", .missingFactor), [
            "delta = (error)", "delta = (output * (1 - output))", "delta = (error * (1 - output))", "delta = (error * output)",
        ], "σ′ written out: the pair together first, then each factor")
        XCTAssertEqual(variants("w1*x1 + w2*x2", .missingFactor), [], "a weighted sum is no chain rule")
    }

    func testStepsOneMoreOrFewerAndNamesSwapped() {
        XCTAssertEqual(variants("descend f from 1 rate 0.1 steps 2", .stepTooMany), ["descend f from 1 rate 0.1 steps 3"])
        XCTAssertEqual(variants("descend f from 1 rate 0.1 steps 2", .stepTooFew), ["descend f from 1 rate 0.1 steps 1"])
        XCTAssertEqual(variants("descend f from 1 rate 0.1 steps 1", .stepTooFew), [], "no descent of 0 steps")
        XCTAssertEqual(variants("step 3", .stepTooMany), ["step 4"])
        XCTAssertEqual(variants("plot sigmoid, tanh from -2 to 2", .tanhSigmoid),
                       ["plot tanh, tanh from -2 to 2", "plot sigmoid, sigmoid from -2 to 2"])
        XCTAssertEqual(variants("relu'(x)", .reluDerivativeAtZero), ["(1 if (x) >= 0 else 0)", "(1 if (x) > 0 else 0)"])
    }

    func testCodeThatDoesNotParseHasNoVariantsAndNoneRepeats() {
        XCTAssertEqual(MistakeRewrites.variants(of: "w = = 1"), [])
        let all = MistakeRewrites.variants(of: "w - 0.1 * sigmoid'(z) * x")
        XCTAssertEqual(Set(all.map(\.source)).count, all.count)
        XCTAssertFalse(all.map(\.source).contains("w - 0.1 * sigmoid'(z) * x"))
    }

    /// Every variant of every lesson cell (English and Chinese share their cells) is code that parses.
    func testEveryVariantOfEveryLessonCellParses() throws {
        let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Lessons")
        let names = try FileManager.default.contentsOfDirectory(atPath: lessons.path).filter { $0.hasSuffix(".md") }
        XCTAssertEqual(names.count, 7)
        var count = 0
        for name in names {
            let text = try String(contentsOf: lessons.appendingPathComponent(name), encoding: .utf8)
            for cell in text.components(separatedBy: "```nnbook\n").dropFirst() {
                let source = cell.components(separatedBy: "\n```").first ?? ""
                for v in MistakeRewrites.variants(of: source) {
                    count += 1
                    XCTAssertNoThrow(try Parser.parse(v.source), "\(name): \(v.source)")
                    XCTAssertNotEqual(v.source, source)
                }
            }
        }
        XCTAssertGreaterThan(count, 50, "the lessons hold many sites")
    }
}
