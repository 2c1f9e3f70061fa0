import XCTest
@testable import NNBookLanguage

final class ExplainAndDescentTests: XCTestCase {
    private func explain(_ s: Session, _ what: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        let r = s.ok("explain " + what, file: file, line: line)
        for item in r.outputs {
            if case .text(_, .explain) = item { continue }
            XCTFail("explain should only print explanation lines, got \(item)", file: file, line: line)
        }
        return r.plainLines
    }

    // MARK: explain

    func testExplainSigmoidOfTwoAsTheArticleDoes() {
        XCTAssertEqual(explain(Session(), "sigmoid(2)"),
                       ["sigmoid(2) = 1/(1+e^-2) = 1/(1+0.135335) = 1/1.135335 = 0.880797 ≈ 0.88"])
    }

    func testExplainTanhOfMinusTwo() {
        XCTAssertEqual(explain(Session(), "tanh(-2)"),
                       ["tanh(-2) = (e^-4 - 1)/(e^-4 + 1) = (0.018316 - 1)/(0.018316 + 1) = -0.981684/1.018316 = -0.964028 ≈ -0.96"])
    }

    func testExplainReluOfMinusTwo() {
        XCTAssertEqual(explain(Session(), "relu(-2)"), ["relu(-2) = max(0, -2) = 0"])
        XCTAssertEqual(explain(Session(), "relu(2)"), ["relu(2) = max(0, 2) = 2"])
    }

    func testExplainSigmoidDerivative() {
        XCTAssertEqual(explain(Session(), "sigmoid'(2)"),
                       ["sigmoid'(2) = sigmoid(2)*(1 - sigmoid(2)) = 0.880797*(1 - 0.880797) = 0.880797*0.119203 = 0.104994 ≈ 0.10"])
    }

    func testExplainAUserFunction() {
        let s = Session()
        s.ok("f(x) = x^2")
        XCTAssertEqual(explain(s, "f(0.8)"), ["f(0.8) = 0.8^2 = 0.64"])
        XCTAssertEqual(explain(s, "f'(0.8)"), ["f'(0.8) = 2*0.8 = 1.6"])
    }

    func testExplainArithmetic() {
        XCTAssertEqual(explain(Session(), "2*3 + 1"), ["2*3 + 1 = 6 + 1 = 7"])
        XCTAssertEqual(explain(Session(), "(1 + 2)*(3 + 4)"), ["(1 + 2)*(3 + 4) = 3*7 = 21"])
    }

    func testExplainFillsInVariables() {
        let s = Session()
        s.ok("w = 0.8")
        XCTAssertEqual(explain(s, "w - 0.1*1.6"), ["w - 0.1*1.6 = 0.8 - 0.1*1.6 = 0.8 - 0.16 = 0.64"])
    }

    func testExplainOfAnErrorReportsIt() {
        let s = Session()
        guard let (d, _) = s.failure("explain 1/0") else { return }
        assertDiagnostic(d, .math, contains: "division by zero", line: 1, column: 11, endColumn: 12)
    }

    // MARK: descend and step

    private func descentSession() -> Session {
        let s = Session()
        s.ok("f(x) = x^2")
        return s
    }

    func testDescendTwoStepsOfTheArticle() throws {
        let s = descentSession()
        let lines = s.ok("descend f from 1 rate 0.1 steps 2").plainLines
        XCTAssertEqual(lines.count, 3, "\(lines)")   // a heading, then one line per iteration
        let step1 = try XCTUnwrap(lines.first { $0.hasPrefix("step 1:") }, "\(lines)")
        XCTAssertTrue(step1.contains("f'(1) = 2*1 = 2"), step1)
        XCTAssertTrue(step1.contains("w1 = 1 − 0.1 · 2 = 0.8"), step1)
        let step2 = try XCTUnwrap(lines.first { $0.hasPrefix("step 2:") }, "\(lines)")
        XCTAssertTrue(step2.contains("f'(0.8) = 2*0.8 = 1.6"), step2)
        XCTAssertTrue(step2.contains("w2 = 0.8 − 0.1 · 1.6 = 0.64"), step2)
        XCTAssertFalse(lines.joined().contains("0.52"), "the article's erratum must not appear as a result")
    }

    func testDescendHeadingNamesTheFunctionAndRate() throws {
        let s = descentSession()
        let heading = try XCTUnwrap(s.ok("descend f from 1 rate 0.1 steps 1").plainLines.first)
        XCTAssertTrue(heading.contains("f'(x) = 2*x"), heading)
        XCTAssertTrue(heading.contains("w0 = 1"), heading)
        XCTAssertTrue(heading.contains("0.1"), heading)
    }

    func testStepContinuesTheDescent() throws {
        let s = descentSession()
        s.ok("descend f from 1 rate 0.1 steps 2")
        let lines = s.ok("step").plainLines
        XCTAssertEqual(lines.count, 1, "\(lines)")
        let line = try XCTUnwrap(lines.first)
        XCTAssertTrue(line.hasPrefix("step 3:"), line)
        XCTAssertTrue(line.contains("f'(0.64) = 2*0.64 = 1.28"), line)
        XCTAssertTrue(line.contains("w3 = 0.64 − 0.1 · 1.28 = 0.512"), line)
    }

    func testStepThreeRunsThreeIterations() {
        let s = descentSession()
        s.ok("descend f from 1 rate 0.1 steps 2")
        s.ok("step")
        let lines = s.ok("step 3").plainLines
        XCTAssertEqual(lines.map { String($0.prefix(7)) }, ["step 4:", "step 5:", "step 6:"])
        XCTAssertTrue(lines[0].contains("w4 = 0.512 − 0.1 · 1.024 = 0.4096"), lines[0])
        XCTAssertTrue(lines[2].contains("w6 = 0.32768 − 0.1 · 0.65536 = 0.262144"), lines[2])
    }

    func testDescentWithoutStepsDoesOneIteration() {
        let s = descentSession()
        let lines = s.ok("descend f from 1 rate 0.1").plainLines
        XCTAssertEqual(lines.filter { $0.hasPrefix("step ") }.count, 1)
    }

    func testNegativeGradientIsShownAsAnAddition() throws {
        let s = descentSession()
        let lines = s.ok("descend f from -1 rate 0.1 steps 1").plainLines
        let line = try XCTUnwrap(lines.last)
        XCTAssertTrue(line.contains("w1 = -1 + 0.1 · 2 = -0.8"), line)
    }

    func testDivergingRateStopsWithANoteAboutTheLearningRate() throws {
        let s = descentSession()
        let r = s.execute("descend f from 1 rate 1.5 steps 50")
        let lines = r.plainLines
        let text = lines.joined(separator: "\n")
        XCTAssertFalse(text.contains("inf"), text)
        XCTAssertFalse(text.contains("nan"), text)
        XCTAssertLessThan(lines.filter { $0.hasPrefix("step ") }.count, 50, "the descent should stop early")
        let note = try XCTUnwrap(r.outputs.compactMap { item -> String? in
            if case .text(let t, let style) = item, style == .warning || style == .note { return t }
            return nil
        }.last, text)
        XCTAssertTrue(note.contains("learning rate 1.5"), note)
        XCTAssertTrue(note.contains("diverg"), note)
        // Continuing a diverged descent is refused with a hint to restart.
        guard let (d, _) = s.failure("step") else { return }
        assertDiagnostic(d, .value, contains: "diverged", line: 1, column: 1)
    }

    func testStepWithoutADescentIsAnError() {
        let s = Session()
        guard let (d, lines) = s.failure("step") else { return }
        assertDiagnostic(d, .value, contains: "no descent to continue", line: 1, column: 1, endColumn: 5)
        XCTAssertEqual(lines.first, "value error at line 1, column 1: there is no descent to continue")
        XCTAssertEqual(s.shown("1 + 1"), "2")
    }

    func testNonPositiveRateIsRefused() {
        let s = descentSession()
        guard let (d, _) = s.failure("descend f from 1 rate -0.1") else { return }
        assertDiagnostic(d, .value, contains: "learning rate must be positive", line: 1, column: 23, endColumn: 27)
    }

    func testDescendNeedsAFunctionOfOneVariable() {
        let s = Session()
        s.ok("g(x, y) = x*y")
        guard let (d, _) = s.failure("descend g from 1 rate 0.1") else { return }
        assertDiagnostic(d, .type, contains: "function of one variable", line: 1, column: 9, endColumn: 10)
    }

    func testDescendOnABuiltin() throws {
        let s = Session()
        let lines = s.ok("descend sigmoid from 0 rate 1 steps 1").plainLines
        let line = try XCTUnwrap(lines.last)
        XCTAssertTrue(line.contains("sigmoid'(0) = 0.25"), line)
        XCTAssertTrue(line.contains("w1 = 0 − 1 · 0.25 = -0.25"), line)
    }

    // MARK: output elision

    func testTenThousandStepDescentIsElided() {
        let s = descentSession()
        let r = s.ok("descend f from 1 rate 0.1 steps 10000")
        let elided = r.outputs.compactMap { item -> Int? in if case .elided(let n) = item { return n }; return nil }
        XCTAssertEqual(elided.count, 1, "\(r.outputs.count) items")
        XCTAssertGreaterThan(elided.first ?? 0, 9_000)
        let lines = r.plainLines
        XCTAssertLessThanOrEqual(lines.count, SessionOptions().maxOutputLines + 1)
        XCTAssertTrue(lines.contains { $0.contains("more lines not shown") }, "\(lines.suffix(20))")
        XCTAssertTrue(lines.last?.hasPrefix("step 10000:") ?? false, lines.last ?? "")
        // The descent really ran all 10,000 steps: `step` continues at 10,001.
        XCTAssertTrue(s.ok("step").plainLines.first?.hasPrefix("step 10001:") ?? false)
    }

    func testLoopOfPrintsIsElided() {
        let s = Session()
        let r = s.ok("for i in range(5000):\n    print(i)")
        XCTAssertLessThan(r.plainLines.count, 100)
        XCTAssertEqual(r.plainLines.first, "0")
        XCTAssertEqual(r.plainLines.last, "4999")
        XCTAssertTrue(r.outputs.contains { if case .elided = $0 { return true }; return false })
    }

    /// NumPy 1.26: np.exp([1, 2, 3]) = [2.718282, 7.389056, 20.085537], their sum 30.192875,
    /// np.exp(v) / np.exp(v).sum() = [0.090031, 0.244728, 0.665241].
    func testSoftmaxIsExplainedAsExponentialsTheirSumAndEachShare() {
        let s = Session()
        XCTAssertEqual(s.ok("explain softmax([1, 2, 3])").plainLines,
                       ["softmax([1, 2, 3]) = [e^1, e^2, e^3]/(e^1 + e^2 + e^3) = [2.718282, 7.389056, 20.085537]/30.192875 = [0.090031, 0.244728, 0.665241]"])
        _ = s.ok("v = [0, 0]")
        XCTAssertEqual(s.ok("explain softmax(v + 1)").plainLines,
                       ["softmax(v + 1) = softmax([1, 1]) = [e^1, e^1]/(e^1 + e^1) = [2.718282, 2.718282]/5.436564 = [0.5, 0.5]"])
        // e^1000 cannot be written: the value alone, computed stably.
        XCTAssertEqual(s.ok("explain softmax([1000, 1])").plainLines, ["softmax([1000, 1]) = [1, 0]"])
    }
}
