import XCTest
import Foundation
import NNBookLanguage
@testable import NNBookNotebook

/// Each built-in mistake named on the lessons' own cells, by running the
/// mistaken variant of the cell and comparing; right answers written
/// differently never named; a wrong answer that is no known mistake left plain.
final class MistakeCatalogTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A stepper on `Lessons/<file>` at the first cell whose code is `source`.
    private func stepper(_ file: String, at source: String) throws -> LessonStepper {
        let nb = try NotebookFile.load(Self.root.appendingPathComponent("Lessons/" + file).path)
        let s = LessonStepper(notebook: nb, session: Session())
        while let cell = s.current?.cell, cell.source != source { _ = s.typeForLearner() }
        XCTAssertEqual(s.current?.cell.source, source, "no such cell in \(file)")
        return s
    }

    private func named(_ s: LessonStepper, _ input: String, file: StaticString = #filePath, line: UInt = #line) -> DetectedMistake? {
        let o = s.answer(input)
        guard case .notQuite = o.verdict else {
            XCTFail("\(input) judged \(o.verdict)", file: file, line: line)
            return nil
        }
        return o.mistake
    }

    private func assertRight(_ s: LessonStepper, _ inputs: [String], file: StaticString = #filePath, line: UInt = #line) {
        for input in inputs {
            let copy = s.index
            let o = s.answer(input)
            XCTAssertEqual(o.verdict, .correct, input, file: file, line: line)
            XCTAssertNil(o.mistake, input, file: file, line: line)
            _ = s.back()
            XCTAssertEqual(s.index, copy)
        }
    }

    func testTheGradientStepTakenUphillIsNamedInLessonTwo() throws {
        let s = try stepper("02-gradient-descent.md", at: "w1 = 1 - 0.1 * f'(1)")
        XCTAssertEqual(named(s, "w1 = 1 + 0.1 * f'(1)"), .builtin(.uphillStep, details: []))
        XCTAssertEqual(named(s, "w1 = 1 + 0.1*2"), .builtin(.uphillStep, details: []))
        XCTAssertEqual(named(s, "w1 = 1.2"), .builtin(.uphillStep, details: []), "by its value, however typed")
        XCTAssertEqual(s.records[s.index].mistakes, ["uphill-step", "uphill-step", "uphill-step"])
        XCTAssertEqual(s.records[s.index].wrongAnswers, ["w1 = 1 + 0.1 * f'(1)", "w1 = 1 + 0.1*2", "w1 = 1.2"])
        assertRight(s, ["w1 = 0.8", "w1 = 1 - (0.1*2)", "w1 = 1 - 0.1 * 2", "w1 = 1 - 2 * 0.1"])
        XCTAssertNil(named(s, "w1 = 0.7"), "a wrong answer that is no known mistake")
        XCTAssertEqual(s.records[s.index].mistakes, ["uphill-step", "uphill-step", "uphill-step", ""], "one for each wrong answer")
        XCTAssertEqual(LessonReport.CellEntry(cell: 3, record: s.records[s.index], done: false).wrongAnswers.map(\.mistake),
                       ["uphill-step", "uphill-step", "uphill-step", ""], "the report says which mistake each wrong answer was")
    }

    func testTheLearningRateTwiceOrNotAtAll() throws {
        let s = try stepper("02-gradient-descent.md", at: "w2 = 0.8 - 0.1 * 1.6")
        XCTAssertEqual(named(s, "w2 = 0.8 - 0.1 * 0.1 * 1.6"), .builtin(.rateTwice, details: []))
        XCTAssertEqual(named(s, "w2 = 0.8 - 1.6"), .builtin(.rateMissing, details: []))
        XCTAssertEqual(named(s, "w2 = 0.8 + 0.16"), .builtin(.uphillStep, details: []))
        assertRight(s, ["w2 = 0.64", "w2 = 0.8 - (0.1 * 1.6)"])
    }

    /// The article's 3.4 code subtracts learning_rate·x·delta with delta = (t − y)·σ′: that `-` is
    /// the uphill one, so typing `+` there is never called "uphill".
    func testTheArticlesSignIsNotCalledUphillButTheRateIsStillFound() throws {
        let loop = try XCTUnwrap(try NotebookFile.load(Self.root.appendingPathComponent("Lessons/03-pseudo-code.md").path)
            .cells.map(\.source).first { $0.hasPrefix("for i in range(1001)") && $0.contains("weights - learning_rate") })
        let s = try stepper("03-pseudo-code.md", at: loop)
        let plus = loop.replacingOccurrences(of: " - learning_rate", with: " + learning_rate")
        XCTAssertNotEqual(plus, loop)
        XCTAssertNil(named(s, plus))
        let noRate = loop.replacingOccurrences(of: " - learning_rate * ", with: " - ")
        XCTAssertEqual(named(s, noRate), .builtin(.rateMissing, details: []), "both steps without the rate, found at once")
    }

    func testOneStepTooManyOrTooFewInDescend() throws {
        let s = try stepper("02-gradient-descent.md", at: "descend f from 1 rate 0.1 steps 2")
        XCTAssertEqual(named(s, "descend f from 1 rate 0.1 steps 3"), .builtin(.stepTooMany, details: ["2"]))
        XCTAssertEqual(named(s, "descend f from 1 rate 0.1 steps 1"), .builtin(.stepTooFew, details: ["2"]))
        XCTAssertNil(named(s, "descend f from 1 rate 0.2 steps 2"))
        assertRight(s, ["descend f from 1.0 rate 0.1 steps 2"])
    }

    func testSigmoidWithEToTheXIsSigmaOfMinusX() throws {
        let s = try stepper("01-activation-functions.md", at: "sigmoid(2)")
        XCTAssertEqual(named(s, "sigmoid(-2)"), .builtin(.sigmoidSign, details: []))
        XCTAssertEqual(named(s, "1/(1+e^2)"), .builtin(.sigmoidSign, details: []), "written out, not a call of sigmoid")
        assertRight(s, ["1/(1+e^-2)", "1 / (1 + exp(-2))", "0.880797"])
        let t = try stepper("01-activation-functions.md", at: "1 / (1 + exp(-2))")
        XCTAssertEqual(named(t, "1 / (1 + exp(2))"), .builtin(.sigmoidSign, details: []))
        assertRight(t, ["sigmoid(2)"])
    }

    func testTanhConfusedWithSigmoid() throws {
        let s = try stepper("01-activation-functions.md", at: "tanh(2)")
        XCTAssertEqual(named(s, "sigmoid(2)"), .builtin(.tanhSigmoid, details: ["sigmoid", "tanh"]))
        assertRight(s, ["(exp(4) - 1) / (exp(4) + 1)"])
        XCTAssertEqual(s.answer("relu(5)").verdict, .explored(failed: false), "a try on the side that is no mistake stays one")
        let d = try stepper("01-activation-functions.md", at: "sigmoid'(2)")
        XCTAssertEqual(named(d, "tanh'(2)"), .builtin(.tanhSigmoid, details: ["tanh", "sigmoid"]))
    }

    func testTheChainRuleMissingAFactor() throws {
        let s = try stepper("04-backpropagation-one-neuron.md", at: "(sigmoid(1.8) - 1) * sigmoid'(1.8)")
        XCTAssertEqual(named(s, "sigmoid(1.8) - 1"), .builtin(.missingFactor, details: ["sigmoid'(1.8)"]))
        XCTAssertEqual(named(s, "sigmoid'(1.8)"), .builtin(.missingFactor, details: ["(sigmoid(1.8) - 1)"]))
        assertRight(s, ["sigmoid'(1.8) * (sigmoid(1.8) - 1)", "(sigmoid(1.8) - 1) * sigmoid(1.8) * (1 - sigmoid(1.8))"])
    }

    func testAVectorWhereANumberWasExpected() throws {
        let s = try stepper("04-backpropagation-one-neuron.md", at: "z = dot(n.weights, [1, 2, 3]) + n.bias")
        XCTAssertEqual(named(s, "z = n.weights * [1, 2, 3] + n.bias"), .builtin(.vectorForNumber, details: []))
        assertRight(s, ["z = sum(n.weights * [1, 2, 3]) + n.bias", "z = 1.8"])
        let t = try stepper("03-pseudo-code.md", at: "sum(input_data * weights)")
        XCTAssertEqual(named(t, "input_data * weights"), .builtin(.vectorForNumber, details: []))
        XCTAssertEqual(t.answer("[1, 2]").verdict, .explored(failed: false), "a vector of its own is a try on the side")
    }

    func testReluDerivativeAtZeroTakenAsOne() throws {
        let nb = try NotebookParser.parse("```nnbook\nrelu'(0)\n```\n```nnbook\nrelu'(3)\n```\n", path: "r.md")
        let s = LessonStepper(notebook: nb, session: Session())
        let zero = Session().execute("relu'(0)").plainLines
        XCTAssertEqual(zero, ["0"], "nnbook's convention, which the variant's other side must be")
        XCTAssertEqual(named(s, "1"), .builtin(.reluDerivativeAtZero, details: ["1", "0"]))
        assertRight(s, ["0", "relu'(0.0)"])
        _ = s.typeForLearner()
        XCTAssertNil(named(s, "relu'(-3)"), "away from 0 both conventions agree, so nothing is named")
    }

    func testALessonsOwnMistakeBlockIsNamedWithItsExplanation() throws {
        let nb = try NotebookParser.parse("""
        ```nnbook
        x = 3
        ```
        ```nnbook
        x // 2
        ```
        ```output
        1
        ```
        ```mistake
        1.5
        ---
        That is x / 2; // drops the fraction.
        ```
        ```mistake
        1
        ---
        Never shown: this is the right output.
        ```
        """, path: "l.md")
        let s = LessonStepper(notebook: nb, session: Session())
        _ = s.typeForLearner()
        XCTAssertEqual(named(s, "x / 2"), .lesson("That is x / 2; // drops the fraction."))
        XCTAssertEqual(s.records[1].mistakes, ["lesson"])
        XCTAssertNil(named(s, "x // 1"))
        XCTAssertEqual(s.records[1].mistakes, ["lesson", ""])
        assertRight(s, ["1"])
    }

    func testEveryPhraseOfAMistakeIsInBothLanguagesWithItsFix() {
        let uphill = StepperPhrase.mistake(.builtin(.uphillStep, details: []))
        XCTAssertEqual(uphill.text(.en), "✗ Not quite — that is the step taken uphill: w + α·g climbs the loss. Use w − α·g.")
        XCTAssertTrue(uphill.text(.zh).hasPrefix("✗ 还不对——"))
        XCTAssertEqual(StepperPhrase.mistake(.builtin(.missingFactor, details: ["sigmoid'(1.8)"])).text(.en),
                       "✗ Not quite — the chain rule is missing a factor: sigmoid'(1.8) was left out. Multiply every factor along the path.")
        XCTAssertEqual(StepperPhrase.mistake(.lesson("Use //.")).text(.en), "✗ Not quite — Use //.")
    }
}
