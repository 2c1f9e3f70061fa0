import XCTest
import NNBookLanguage
@testable import NNBookNotebook

/// The lesson stepper as a state machine: answers judged by what they do,
/// from the state before the cell; state you can trust after wrong answers,
/// tries on the side, `back` and `skip`; hints in tiers; recap; scratch.
final class LessonStepperTests: XCTestCase {
    let lesson = weightsLesson
    /// Three cells (w = 0.8, w * 2, sigmoid(w * 2)) with prose and hints; the report tests use it too.
    static let weightsLesson = """
    # Weights

    A weight scales an input.
    ```nnbook
    w = 0.8
    ```
    ```hint
    assign 0.8 to w
    ```
    Multiply:

    ```nnbook
    w * 2
    ```
    ```output
    1.6
    ```
    ```hint
    multiply w by 2
    ```
    ## Squashing
    Squash it:
    ```nnbook
    sigmoid(w * 2)
    ```
    ```output
    0.832018
    ```
    Well done.
    """

    private func stepper(_ text: String? = nil) throws -> LessonStepper {
        LessonStepper(notebook: try NotebookParser.parse(text ?? lesson, path: "03-weights.md"), session: Session())
    }

    private func shown(_ o: AnswerOutcome) -> [String] { o.results.flatMap(\.plainLines) }

    func testAnAssignmentIsRightWhenTheVariableHoldsTheValueHoweverItIsWritten() throws {
        let s = try stepper()
        XCTAssertEqual(s.current?.prose, ["# Weights\n\nA weight scales an input."])
        let wrong = s.answer("w = 0.7")
        XCTAssertEqual(wrong.verdict, .notQuite(.variable(name: "w", expected: "0.8", got: "0.7")))
        XCTAssertNil(s.session.value(named: "w"), "a wrong answer changed the lesson's session")
        XCTAssertEqual(s.answer("w = 1 - 0.1 * 2").verdict, .correct)
        XCTAssertEqual(s.index, 1)
        XCTAssertEqual(s.session.fingerprints()["w"], .number(0.8))
    }

    func testAValueIsRightHoweverItIsComputedAndExplainCountsAsTheValue() throws {
        let s = try stepper()
        _ = s.typeForLearner()
        XCTAssertEqual(s.answer("w * 2.125").verdict, .notQuite(.value(expected: "1.6", got: "1.7")))
        XCTAssertEqual(s.answer("2*0.8").verdict, .correct)
        XCTAssertEqual(s.answer("explain sigmoid(0.8 + 0.8)").verdict, .correct)
        XCTAssertTrue(s.isFinished)
        XCTAssertEqual(s.closingProse, ["Well done."])
        XCTAssertEqual(s.answer("1").verdict, .finished)
    }

    func testATryOnTheSideIsNotGradedAndChangesNothingUnlessKept() throws {
        let s = try stepper()
        _ = s.typeForLearner()
        let aside = s.answer("a = 5")
        XCTAssertEqual(aside.verdict, .explored(failed: false))
        XCTAssertEqual(s.answer("sigmoid(3)").verdict, .explored(failed: false), "the cell calls no function")
        XCTAssertNil(s.session.value(named: "a"))
        XCTAssertEqual(s.answer("sigmoid(3)").verdict, .explored(failed: false))
        XCTAssertEqual(s.answer("a = 5").verdict, .explored(failed: false))
        XCTAssertTrue(s.keep().kept)
        XCTAssertEqual(s.session.fingerprints()["a"], .number(5), "kept")
        XCTAssertEqual(s.answer("w * 2").verdict, .correct)
        XCTAssertEqual(s.session.fingerprints()["a"], .number(5), "a kept try stays")
        XCTAssertEqual(s.records[1].attempts, 1)
        XCTAssertEqual(s.records[1].wrongAnswers, [])
    }

    func testAnErrorChangesNothing() throws {
        let s = try stepper()
        _ = s.typeForLearner()
        let error = s.answer("v * 2")
        XCTAssertEqual(error.verdict, .notQuite(.error("name error: unknown name 'v'")))
        XCTAssertEqual(s.records[1].wrongAnswers, ["v * 2"])
        XCTAssertEqual(s.index, 1)
    }

    func testBackReturnsToTheStateBeforeTheCellAndSkipRunsItOnceFromThere() throws {
        let s = try stepper("""
        ```nnbook
        n = neuron([0.1, 0.2, 0.3], bias: 0.4, activation: sigmoid)
        ```
        ```nnbook
        step n input [1, 2, 3] target 1 rate 0.1
        ```
        ```nnbook
        n.weights
        ```
        ```output
        [0.101381, 0.202763, 0.304144]
        ```
        """)
        _ = s.typeForLearner()
        _ = s.typeForLearner()
        XCTAssertTrue(s.back(), "back to the step cell")
        XCTAssertEqual(s.session.fingerprints()["n"], s.session.fork().fingerprints()["n"])
        XCTAssertEqual(s.answer("step n input [1, 2, 3] target 1 rate 0.1").verdict, .correct, "the step again, from the state before it")
        XCTAssertTrue(s.back())
        XCTAssertEqual(s.skip().verdict, .typed)
        XCTAssertEqual(s.answer("n.weights").verdict, .correct, "stepped exactly once")
        XCTAssertTrue(s.records[1].skipped)
    }

    func testACellOfSeveralLinesCanBeTypedALineAtATime() throws {
        let s = try stepper("""
        ```nnbook
        learning_rate = 0.1
        w = 1 - learning_rate * 2
        w
        ```
        ```output
        0.8
        ```
        """)
        XCTAssertEqual(s.answer("learning_rate = 0.1").verdict, .partial(done: 1, of: 3))
        XCTAssertEqual(s.answer("w = 0.9").verdict, .notQuite(.variable(name: "w", expected: "0.8", got: "0.9")))
        XCTAssertEqual(s.answer("w = 0.8").verdict, .partial(done: 2, of: 3))
        XCTAssertEqual(s.answer("w").verdict, .correct)
        XCTAssertEqual(s.records[0].inputs, ["learning_rate = 0.1", "w = 0.8", "w"])
    }

    func testACellThatTeachesAnErrorIsRightWhenTheSameErrorHappensFromTheSameState() throws {
        let s = try stepper("""
        ```nnbook
        weights = [0.1, 0.2]

        weights = weights - learning_rate * 2
        print("never")
        ```
        ```output
        name error at line 3, column 21: unknown name 'learning_rate'
        ```
        """)
        XCTAssertEqual(s.answer("weights = [0.1, 0.2]").verdict, .partial(done: 1, of: 2))
        XCTAssertEqual(s.answer("weights = weights - learning_rate * 2").verdict, .correct)
    }

    func testPlotsAreJudgedByTheirData() throws {
        let s = try stepper("```nnbook\nplot sigmoid from -6 to 6\n```\n")
        XCTAssertEqual(s.answer("plot tanh from -6 to 6").verdict, .notQuite(.figure))
        XCTAssertEqual(s.answer("plot 1/(1+exp(-x)) from -6 to 6").verdict, .correct)
    }

    func testDefinitionsAreJudgedByWhatTheFunctionComputes() throws {
        let s = try stepper("```nnbook\nf(x) = x^2\n```\n```nnbook\nf'(0.8)\n```\n```output\n1.6\n```\n")
        XCTAssertEqual(s.answer("def f(x): return x * x").verdict, .correct)
        XCTAssertEqual(s.answer("f(5)").verdict, .explored(failed: false), "another function than the cell's f'")
        XCTAssertEqual(s.answer("f'(0.7)").verdict, .notQuite(.value(expected: "1.6", got: "1.4")))
        XCTAssertEqual(s.answer("explain f'(0.8)").verdict, .correct)
    }

    func testTheValueAloneForAnExplainCellIsRightAndTheStepsAreShownAnyway() throws {
        let s = try stepper("```nnbook\nexplain sigmoid(2)\n```\n```nnbook\nexplain relu(-2)\n```\n")
        let bare = s.answer("sigmoid(1+1)")
        XCTAssertEqual(bare.verdict, .correct)
        XCTAssertEqual(bare.steps, ["sigmoid(2) = 1/(1+e^-2) = 1/(1+0.135335) = 1/1.135335 = 0.880797 ≈ 0.88"])
        let explained = s.answer("explain relu(0 - 2)")
        XCTAssertEqual(explained.verdict, .correct)
        XCTAssertEqual(explained.steps, [], "the learner's own explain is on screen already")
    }

    func testHintsComeInThreeTiers() throws {
        let s = try stepper("```nnbook\nw1 = 1 - 0.1 * 2\n```\n```hint\nuse the update rule\n```\n```nnbook\nsummary model\n```\n")
        XCTAssertEqual(s.hint(), LessonHint(tier: 1, text: "use the update rule"))
        XCTAssertEqual(s.hint(), LessonHint(tier: 2, text: "w1 = … - … * …"))
        XCTAssertEqual(s.hint(), LessonHint(tier: 3, text: "w1 = 1 - 0.1 * 2"))
        XCTAssertEqual(s.hint()?.tier, 3)
        XCTAssertEqual(s.records[0].hintTier, 3)
        _ = s.typeForLearner()
        XCTAssertEqual(s.hint(), LessonHint(tier: 2, text: "summary …"), "no hint block: the shape first")
    }

    func testRecapListsWhatWasTypedBySection() throws {
        let s = try stepper()
        XCTAssertEqual(s.recap(), [])
        XCTAssertEqual(s.answer("w = 0.4 * 2").verdict, .correct)
        _ = s.typeForLearner()
        _ = s.typeForLearner()
        XCTAssertEqual(s.recap(), [
            RecapEntry(section: "Weights", input: "w = 0.4 * 2", typedForLearner: false),
            RecapEntry(section: "Weights", input: "w * 2", typedForLearner: true),
            RecapEntry(section: "Squashing", input: "sigmoid(w * 2)", typedForLearner: true),
        ])
    }

    func testScratchModeIsNeverJudgedAndIsDroppedUnlessKept() throws {
        let s = try stepper()
        XCTAssertTrue(s.toggleScratch())
        XCTAssertEqual(s.answer("w = 5").verdict, .scratch)
        XCTAssertEqual(shown(s.answer("w * 2")), ["10"])
        XCTAssertFalse(s.toggleScratch())
        XCTAssertNil(s.session.value(named: "w"))
        XCTAssertEqual(s.index, 0)
        s.toggleScratch()
        _ = s.answer("z = 3")
        XCTAssertEqual(s.keep().kept, true)
        XCTAssertNil(s.scratch)
        XCTAssertEqual(s.session.fingerprints()["z"], .number(3))
    }

    func testReplayResumesWithTheLearnersOwnInputs() throws {
        let first = try stepper()
        XCTAssertEqual(first.answer("w = 0.4 + 0.4").verdict, .correct)
        _ = first.answer("helper = 1")
        _ = first.keep()
        XCTAssertEqual(first.answer("w * 2").verdict, .correct)
        let again = try stepper()
        again.replay(upTo: first.index, records: first.records)
        XCTAssertEqual(again.index, 2)
        XCTAssertEqual(again.records[0].inputs, ["w = 0.4 + 0.4"])
        XCTAssertEqual(again.session.fingerprints()["w"], .number(0.8))
    }

    func testRestartForgetsEverything() throws {
        let s = try stepper()
        _ = s.typeForLearner()
        s.restart()
        XCTAssertEqual(s.index, 0)
        XCTAssertNil(s.session.value(named: "w"))
        XCTAssertFalse(s.back())
    }

    func testSwitchingToTheSameLessonInAnotherLanguageKeepsThePlace() throws {
        let s = try stepper()
        _ = s.typeForLearner()
        let zh = try NotebookParser.parse(lesson.replacingOccurrences(of: "Multiply:", with: "相乘："), path: "zh/03-weights.md")
        XCTAssertTrue(s.switchNotebook(to: zh))
        XCTAssertEqual(s.current?.prose, ["相乘：\n"])
        XCTAssertFalse(s.switchNotebook(to: try NotebookParser.parse("```nnbook\n1\n```\n", path: "x.md")))
    }
}
