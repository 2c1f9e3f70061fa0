import XCTest
@testable import NNBookLanguage

/// Every error names what went wrong and exactly where; none crashes, and the
/// session goes on afterwards.
final class ErrorTests: XCTestCase {
    func testUnknownNameSuggestsTheBuiltin() {
        let s = Session()
        guard let (d, lines) = s.failure("sigmod(2)") else { return }
        assertDiagnostic(d, .name, contains: "unknown name 'sigmod'", line: 1, column: 1, endColumn: 7)
        XCTAssertEqual(d.hint, "did you mean sigmoid?")
        XCTAssertEqual(lines, [
            "name error at line 1, column 1: unknown name 'sigmod' — did you mean sigmoid?",
            "1 | sigmod(2)",
            "  | ^^^^^^",
        ])
    }

    func testUnknownNameSuggestsAVariable() {
        let s = Session()
        s.ok("weights = [1, 2]")
        guard let (d, _) = s.failure("sum(wieghts)") else { return }
        assertDiagnostic(d, .name, contains: "did you mean weights?", line: 1, column: 5, endColumn: 12)
    }

    func testUndefinedLearningRateOfTheArticleGetsAHint() {
        let s = Session()
        guard let (d, _) = s.failure("w = 1 - learning_rate * 2") else { return }
        assertDiagnostic(d, .name, contains: "learning_rate = 0.1", line: 1, column: 9, endColumn: 22)
    }

    func testGreekSigmaFromTheArticleSuggestsSigmoid() {
        // The article writes σ(2); the learner should be told to write sigmoid(2).
        guard let (d, _) = Session().failure("σ(2)") else { return }
        assertDiagnostic(d, .name, contains: "sigmoid", line: 1, column: 1, endColumn: 2)
    }

    func testWrongArgumentCount() {
        let s = Session()
        guard let (d, _) = s.failure("sigmoid(1, 2)") else { return }
        assertDiagnostic(d, .type, contains: "sigmoid takes 1 argument, but 2 were given", line: 1, column: 1, endColumn: 14)
        s.ok("f(x) = x^2")
        guard let (d2, _) = s.failure("f(1, 2)") else { return }
        assertDiagnostic(d2, .type, contains: "f takes 1 argument, but 2 were given", line: 1, column: 1, endColumn: 8)
    }

    func testDivisionByZeroPointsAtTheZero() {
        let s = Session()
        guard let (d, lines) = s.failure("1/0") else { return }
        assertDiagnostic(d, .math, contains: "division by zero", line: 1, column: 3, endColumn: 4)
        XCTAssertEqual(lines.dropFirst().first, "1 | 1/0")
        XCTAssertEqual(lines.dropFirst(2).first, "  |   ^")
        guard let (d2, _) = s.failure("[1, 2] / [1, 0]") else { return }
        assertDiagnostic(d2, .math, contains: "division by zero", line: 1, column: 10, endColumn: 16)
    }

    func testLogOfZero() {
        guard let (d, _) = Session().failure("log(0)") else { return }
        assertDiagnostic(d, .math, contains: "log is defined only for positive numbers", line: 1, column: 5, endColumn: 6)
    }

    func testSqrtOfANegativeNumber() {
        guard let (d, _) = Session().failure("sqrt(-1)") else { return }
        assertDiagnostic(d, .math, contains: "not a real number", line: 1, column: 6, endColumn: 8)
    }

    func testExpOverflow() {
        guard let (d, lines) = Session().failure("exp(1000)") else { return }
        assertDiagnostic(d, .math, contains: "too large for a 64-bit float", line: 1, column: 1, endColumn: 10)
        XCTAssertFalse(lines.joined().contains("inf"), "\(lines)")
    }

    func testPowerOverflowAndDomain() {
        let s = Session()
        guard let (d, _) = s.failure("10^400") else { return }
        assertDiagnostic(d, .math, contains: "overflow", line: 1, column: 1, endColumn: 7)
        guard let (d2, _) = s.failure("0^-1") else { return }
        assertDiagnostic(d2, .math, contains: "division by zero", line: 1, column: 1, endColumn: 5)
    }

    func testParenthesisedBaseIsInsideTheErrorSpan() {
        // The underline must cover "(-8)^0.5" from its opening parenthesis, not start inside it.
        guard let (d, _) = Session().failure("(-8)^0.5") else { return }
        assertDiagnostic(d, .math, contains: "not a real number", line: 1, column: 1, endColumn: 9)
    }

    func testRunawayRecursionIsALimitPointingAtTheCallTyped() {
        let s = Session()
        s.ok("f(x) = f(x)")
        guard let (d, lines) = s.failure("f(1)") else { return }
        // The error is shown under the cell "f(1)", so it must point into that text.
        assertDiagnostic(d, .limit, contains: "runaway recursion", line: 1, column: 1, endColumn: 5)
        XCTAssertEqual(lines.last, "hint: a function defined in terms of itself never stops; define it with other functions")
        XCTAssertEqual(s.shown("2 + 2"), "4")
    }

    func testErrorInsideAUserFunctionPointsIntoTheCellTyped() {
        let s = Session()
        s.ok("g(x) = 1/x")
        guard let (d, _) = s.failure("y = g(0)") else { return }
        XCTAssertEqual(d.kind, .math)
        // "y = g(0)": the call is columns 5–8, the argument column 7.
        let span = d.span
        XCTAssertEqual(span?.start.line, 1)
        XCTAssertTrue((5...8).contains(span?.start.column ?? 0), "span \(String(describing: span)) lies outside 'y = g(0)'")
    }

    func testThousandNestedBracketsIsALimit() {
        let s = Session()
        let source = String(repeating: "[", count: 1000) + "1" + String(repeating: "]", count: 1000)
        guard let (d, _) = s.failure(source) else { return }
        assertDiagnostic(d, .limit, contains: "nested more than", line: 1, column: Lexer.maxNesting + 1)
        XCTAssertEqual(s.shown("1"), "1")
    }

    func testUnknownMetaCommandSuggestsHelp() {
        let s = Session()
        guard let (d, lines) = s.failure(":hepl") else { return }
        assertDiagnostic(d, .name, contains: "unknown meta-command ':hepl'", line: 1, column: 2, endColumn: 6)
        XCTAssertTrue(lines.first?.contains("did you mean :help?") ?? false, "\(lines)")
    }

    func testShapeMismatch() {
        guard let (d, _) = Session().failure("[1, 2] + [1, 2, 3]") else { return }
        assertDiagnostic(d, .value, contains: "same length", line: 1, column: 1, endColumn: 19)
        XCTAssertTrue(d.message.contains("[2]") && d.message.contains("[3]"), d.message)
    }

    func testRaggedMatrix() {
        guard let (d, _) = Session().failure("[[1, 2], [3]]") else { return }
        assertDiagnostic(d, .value, contains: "same length", line: 1, column: 1, endColumn: 14)
    }

    func testCallingANumber() {
        guard let (d, _) = Session().failure("2(3)") else { return }
        assertDiagnostic(d, .type, contains: "a number cannot be called", line: 1, column: 1, endColumn: 2)
        XCTAssertEqual(d.hint, "to multiply, write '*': 2*(…)")
    }

    func testIndexOutOfRange() {
        let s = Session()
        s.ok("v = [1, 2, 3]")
        guard let (d, _) = s.failure("v[5]") else { return }
        assertDiagnostic(d, .value, contains: "out of range", line: 1, column: 3, endColumn: 4)
        guard let (d2, _) = s.failure("Out[99]") else { return }
        assertDiagnostic(d2, .value, contains: "Out[99] does not exist", line: 1, column: 1, endColumn: 8)
    }

    func testTypeErrors() {
        let s = Session()
        guard let (d, _) = s.failure("\"a\" - 1") else { return }
        assertDiagnostic(d, .type, contains: "cannot apply '-'", line: 1, column: 1, endColumn: 8)
        guard let (d2, _) = s.failure("sigmoid + 1") else { return }
        assertDiagnostic(d2, .type, contains: "cannot apply '+' to a function", line: 1, column: 1, endColumn: 8)
        XCTAssertEqual(d2.hint, "call the function first, e.g. f(2)")
    }

    func testAugmentedAssignmentToAnUnknownName() {
        guard let (d, _) = Session().failure("total += 1") else { return }
        assertDiagnostic(d, .name, contains: "unknown name 'total'", line: 1, column: 1, endColumn: 6)
    }

    func testErrorOnALaterLineOfACellAndWithAFirstLineOffset() {
        let s = Session()
        guard let (d, lines) = s.failure("x = 1\ny = x/0") else { return }
        assertDiagnostic(d, .math, contains: "division by zero", line: 2, column: 7, endColumn: 8)
        XCTAssertEqual(lines, [
            "math error at line 2, column 7: division by zero",
            "2 | y = x/0",
            "  |       ^",
            "hint: dividing by 0 has no value; check the divisor",
        ])
        let r = s.execute("1/0", firstLine: 12)
        guard case .error(_, let shifted)? = r.outputs.first else { return XCTFail("no error") }
        XCTAssertEqual(shifted.first, "math error at line 12, column 3: division by zero")
        XCTAssertEqual(shifted.dropFirst().first, "12 | 1/0")
    }

    func testUnderlineAlignsUnderChineseText() {
        let s = Session()
        guard let (d, lines) = s.failure("权重 = sigmod(2)") else { return }
        assertDiagnostic(d, .name, contains: "sigmod", line: 1, column: 6, endColumn: 12)
        // 权重 is four display columns wide: "权重 = " takes seven.
        XCTAssertEqual(lines.dropFirst(2).first, "  | " + String(repeating: " ", count: 7) + "^^^^^^")
    }

    func testTheSessionContinuesAfterEachError() {
        let s = Session()
        s.ok("x = 5")
        s.ok("f(x) = x^2")
        let bad = ["sigmod(2)", "sigmoid(1, 2)", "1/0", "log(0)", "sqrt(-1)", "exp(1000)", "[1,2] + [1,2,3]", "2(3)",
                   ":hepl", "x = = 2", "print(\"hi", "f(1,", "$", "step", "for i in range(2):\n    x = 1\n  y = 2"]
        for source in bad {
            let r = s.execute(source)
            XCTAssertTrue(r.failed, "expected an error from \(source)")
            XCTAssertEqual(r.outputs.count, 1, "one error item for \(source): \(r.plainLines)")
            assertClose(s.number("x"), 5, within: 0)
        }
        assertClose(s.number("f(3) + x"), 14, within: 0)
        XCTAssertEqual(s.shown("sigmoid(2)"), "0.880797")
    }

    func testAnErrorMidLoopKeepsWhatWasDone() {
        let s = Session()
        s.ok("n = 0")
        XCTAssertTrue(s.execute("for i in range(5):\n    n = n + 1\n    y = 1/(2 - i)").failed)
        assertClose(s.number("n"), 3, within: 0)
    }

    // MARK: meta-commands

    func testMetaCommandParsing() {
        XCTAssertEqual(try MetaCommand.parse(":precision 3").get(), .precision(.decimals(3)))
        XCTAssertEqual(try MetaCommand.parse(":precision full").get(), .precision(.full))
        XCTAssertEqual(try MetaCommand.parse(":save! out.md").get(), .save(path: "out.md", overwrite: true))
        XCTAssertEqual(try MetaCommand.parse(":help sigmoid").get(), .help(topic: "sigmoid"))
        XCTAssertEqual(try MetaCommand.parse("  :quit").get(), .quit)
        if case .failure(let d) = MetaCommand.parse(":precision 99") {
            assertDiagnostic(d, .value, contains: "from 0 to 17", line: 1, column: 12, endColumn: 14)
        } else { XCTFail(":precision 99 should fail") }
        if case .failure(let d) = MetaCommand.parse(":save") {
            assertDiagnostic(d, .syntax, contains: "needs a file name", line: 1, column: 7)
        } else { XCTFail(":save should fail") }
        if case .failure(let d) = MetaCommand.parse("  :vars now") {
            assertDiagnostic(d, .syntax, contains: "takes no argument", line: 1, column: 9, endColumn: 12)
        } else { XCTFail(":vars now should fail") }
    }

    func testMetaCommandsTheCallerCarriesOutComeBackAsRequests() {
        let s = Session()
        XCTAssertEqual(s.execute(":quit").request, .quit)
        XCTAssertEqual(s.execute(":load lesson.md").request, .load(path: "lesson.md"))
        XCTAssertNil(s.execute(":vars").request)
    }

    func testResetForgetsEverything() {
        let s = Session()
        s.ok("x = 1")
        s.ok(":reset")
        guard let (d, _) = s.failure("x") else { return }
        assertDiagnostic(d, .name, contains: "unknown name 'x'", line: 1, column: 1)
    }

    /// What `step`, `plot descent` and `plot loss` go on from is forgotten too
    /// (`plot loss` still drew the last training run after `:reset`).
    func testResetForgetsTheLastDescentAndTrainingRun() {
        let s = Session()
        s.ok("f(x) = x^2")
        s.ok("descend f from 1 rate 0.1 steps 2")
        s.ok("m = sequential(dense(2, tanh, input: 2), dense(2, softmax))")
        s.ok("train m on xor() epochs 1")
        s.ok("plot loss")
        s.ok(":reset")
        assertDiagnostic(s.failure("plot loss")?.0, .value, contains: "there is no training run to plot", line: 1, column: 1)
        assertDiagnostic(s.failure("plot descent")?.0, .value, contains: "there is no descent to plot", line: 1, column: 1)
        assertDiagnostic(s.failure("step")?.0, .value, contains: "there is no descent to continue", line: 1, column: 1)
    }

    func testAFunctionWrittenLikeACommandIsToldToUseParentheses() {
        let s = Session()
        guard let (d, _) = s.failure("sigmoid 2") else { return }
        XCTAssertEqual(d.hint, "to call sigmoid, put what it works on in parentheses: sigmoid(2)")
        XCTAssertEqual(d.span?.start.column, 9)
        s.ok("f(x) = x^2")
        XCTAssertEqual(s.failure("f 0.8")?.0.hint, "to call f, put what it works on in parentheses: f(0.8)")
    }

    func testANameThatDiffersOnlyInCaseIsSuggestedHoweverShort() {
        let s = Session()
        s.ok("w1 = 0.8")
        XCTAssertEqual(s.failure("W1")?.0.hint, "did you mean w1?")
    }
}
