import XCTest
@testable import NNBookLanguage

final class ParserTests: XCTestCase {
    private func tree(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        parseExpression(source, file: file, line: line).map(sexpr)
    }

    // MARK: precedence, as Python's

    func testUnaryMinusBindsLooserThanPower() {
        XCTAssertEqual(tree("-2^2"), "(neg (^ 2 2))")
        XCTAssertEqual(tree("-2**2"), "(neg (^ 2 2))")
        XCTAssertEqual(Session().number("-2^2"), -4)
    }

    func testPowerIsRightAssociative() {
        XCTAssertEqual(tree("2^3^2"), "(^ 2 (^ 3 2))")
        XCTAssertEqual(Session().number("2^3^2"), 512)
        XCTAssertEqual(Session().number("2**3**2"), 512)
    }

    func testNegativeExponent() {
        XCTAssertEqual(tree("2**-1"), "(^ 2 (neg 1))")
        XCTAssertEqual(Session().number("2**-1"), 0.5)
        XCTAssertEqual(Session().number("2^-2"), 0.25)
    }

    func testMultiplicationBeforeAddition() {
        XCTAssertEqual(tree("1 + 2 * 3"), "(+ 1 (* 2 3))")
        XCTAssertEqual(Session().number("1 + 2 * 3"), 7)
        XCTAssertEqual(tree("8 / 4 / 2"), "(/ (/ 8 4) 2)")
        XCTAssertEqual(Session().number("8 / 4 / 2"), 1)
        XCTAssertEqual(tree("10 - 3 - 2"), "(- (- 10 3) 2)")
        XCTAssertEqual(Session().number("7 // 2 + 7 % 2"), 4)
    }

    func testComparisonsSitBelowArithmeticAndAboveLogic() {
        XCTAssertEqual(tree("1 + 2 < 2 * 3"), "(< (+ 1 2) (* 2 3))")
        XCTAssertEqual(tree("not a == b and c or d"), "(or (and (not (== a b)) c) d)")
        XCTAssertEqual(Session().shown("1 + 2 < 2 * 3"), "True")
        XCTAssertEqual(Session().shown("2 * 3 >= 7"), "False")
    }

    func testPostfixBindsTightest() {
        XCTAssertEqual(tree("-v[0]^2"), "(neg (^ (index v 0) 2))")
        XCTAssertEqual(tree("f'(2)*3"), "(* (call f' 2) 3)")
        XCTAssertEqual(tree("sigmoid''(0)"), "(call sigmoid'' 0)")
        XCTAssertEqual(tree("[[1, 2], [3, 4]]"), "[[1 2] [3 4]]")
    }

    func testPrinterUsesFewestParentheses() {
        let cases = ["-2^2", "(1 + 2)*3", "2^3^2", "(2^3)^2", "(-2)^2", "sigmoid(x)*(1 - sigmoid(x))", "3*x^2 + 2*x", "a - (b - c)", "a/(b*c)"]
        for source in cases {
            guard let e = parseExpression(source) else { continue }
            XCTAssertEqual(Printer.print(e), source)
        }
        XCTAssertEqual(parseExpression("((1 + 2))").map { Printer.print($0) }, "1 + 2")
    }

    // MARK: statements

    func testFunctionDefinitionOfOneParameter() throws {
        let stmts = try Parser.parse("f(x) = x^2")
        XCTAssertEqual(stmts.count, 1)
        guard case .define(let name, let parameters, let body, let span) = stmts[0] else { return XCTFail("not a definition: \(stmts[0])") }
        XCTAssertEqual(name, "f")
        XCTAssertEqual(parameters, ["x"])
        XCTAssertEqual(sexpr(body), "(^ x 2)")
        XCTAssertEqual(span.start, pos(1, 1))
        XCTAssertEqual(span.end, pos(1, 11))
    }

    func testFunctionDefinitionOfTwoParameters() throws {
        let stmts = try Parser.parse("g(x, y) = x*y + 1")
        guard case .define(let name, let parameters, let body, _) = stmts[0] else { return XCTFail("not a definition") }
        XCTAssertEqual(name, "g")
        XCTAssertEqual(parameters, ["x", "y"])
        XCTAssertEqual(sexpr(body), "(+ (* x y) 1)")
    }

    func testAssignmentsAndAugmentedAssignments() throws {
        let stmts = try Parser.parse("x = 1\nx += 2\nv[0] = 5\nv[1] *= 3")
        XCTAssertEqual(stmts.count, 4)
        guard case .assign(.name(let n, _), nil, _, _) = stmts[0] else { return XCTFail("x = 1") }
        XCTAssertEqual(n.text, "x")
        guard case .assign(.name, .add?, _, _) = stmts[1] else { return XCTFail("x += 2") }
        guard case .assign(.index(let v, let i, _), nil, let value, _) = stmts[2] else { return XCTFail("v[0] = 5") }
        XCTAssertEqual(v.text, "v")
        XCTAssertEqual(sexpr(i), "0")
        XCTAssertEqual(sexpr(value), "5")
        guard case .assign(.index, .multiply?, _, _) = stmts[3] else { return XCTFail("v[1] *= 3") }
    }

    func testKeywordArgumentsInCalls() throws {
        let e = try XCTUnwrap(parseExpression("dense(128, relu, input: 784)"))
        XCTAssertEqual(sexpr(e), "(call dense 128 relu input: 784)")
        guard case .call(_, let args, _) = e else { return XCTFail("not a call") }
        XCTAssertEqual(args.map(\.label), [nil, nil, "input"])
        XCTAssertEqual(args[2].labelSpan?.start, pos(1, 18))
    }

    func testPositionalAfterNamedIsAnError() {
        assertDiagnostic(parseError("dense(input: 784, 10)"), .syntax, contains: "positional argument cannot follow a named one",
                         line: 1, column: 19)
    }

    func testForLoopWithBlockAndOneLineForm() throws {
        let stmts = try Parser.parse("for i in range(3):\n    x = i\n    y = i\nz = 1")
        XCTAssertEqual(stmts.count, 2)
        guard case .forLoop(let name, let iterable, let body, _) = stmts[0] else { return XCTFail("not a for loop") }
        XCTAssertEqual(name.text, "i")
        XCTAssertEqual(sexpr(iterable), "(call range 3)")
        XCTAssertEqual(body.count, 2)
        let oneLine = try Parser.parse("for i in range(3): x = x + i")
        guard case .forLoop(_, _, let b, _) = oneLine[0] else { return XCTFail("one-line for") }
        XCTAssertEqual(b.count, 1)
    }

    func testIfElifElse() throws {
        let stmts = try Parser.parse("if x > 0:\n    y = 1\nelif x < 0:\n    y = -1\nelse:\n    y = 0")
        XCTAssertEqual(stmts.count, 1)
        guard case .ifElse(let branches, let elseBody, _) = stmts[0] else { return XCTFail("not an if") }
        XCTAssertEqual(branches.map { sexpr($0.0) }, ["(> x 0)", "(< x 0)"])
        XCTAssertEqual(elseBody?.count, 1)
    }

    func testCommandsParse() throws {
        let stmts = try Parser.parse("descend f from 1 rate 0.1 steps 2")
        guard case .command(let c, _) = stmts[0], let d = c.body as? DescendCommand else { return XCTFail("not descend") }
        XCTAssertEqual([sexpr(d.function), sexpr(d.from), sexpr(d.rate), d.steps.map(sexpr)], ["f", "1", "0.1", "2"])
        guard case .command(let c2, _) = try Parser.parse("explain sigmoid(2)")[0], let x = c2.body as? ExplainCommand,
              case .value(let e) = x.target else { return XCTFail("not explain") }
        XCTAssertEqual(sexpr(e), "(call sigmoid 2)")
        guard case .command(let c3, _) = try Parser.parse("step")[0], let st = c3.body as? StepCommand,
              case .again(nil) = st.form else { return XCTFail("not step") }
        // A command word followed by '=' is an ordinary assignment.
        guard case .assign = try Parser.parse("step = 3")[0] else { return XCTFail("step = 3 should assign") }
    }

    // MARK: errors with locations

    func testExpressionEndingEarly() {
        let d = parseError("1 +")
        assertDiagnostic(d, .syntax, contains: "expected a value, found end of line", line: 1, column: 4)
        XCTAssertEqual(d?.hint, "the line ends too early; finish the expression")
    }

    func testUnclosedCall() {
        assertDiagnostic(parseError("f(1,"), .syntax, contains: "'(' is never closed", line: 1, column: 2, endColumn: 3)
    }

    func testDoubleEquals() {
        let d = parseError("x = = 2")
        assertDiagnostic(d, .syntax, contains: "expected a value, found '='", line: 1, column: 5, endColumn: 6)
        XCTAssertEqual(d?.hint, "to compare, use '=='")
    }

    func testMissingOperatorBetweenNames() {
        let d = parseError("x y")
        assertDiagnostic(d, .syntax, contains: "unexpected 'y' after a complete statement", line: 1, column: 3)
        XCTAssertEqual(d?.hint, "did you forget an operator or a comma between them?")
    }

    func testPythonReturnOutsideDefIsExplained() {
        assertDiagnostic(parseError("return 2"), .syntax, contains: "'return' is Python", line: 1, column: 1, endColumn: 7)
    }

    func testDefWithoutBodyAsksForOne() {
        assertDiagnostic(parseError("def f(x):"), .syntax, contains: "expected an indented block", line: 1, column: 10)
    }

    func testCannotAssignToAnExpression() {
        assertDiagnostic(parseError("1 + x = 2"), .syntax, contains: "cannot assign to this expression", line: 1, column: 1, endColumn: 6)
    }

    func testFunctionParametersMustBeNames() {
        assertDiagnostic(parseError("f(2) = 4"), .syntax, contains: "parameters must be plain names", line: 1, column: 3, endColumn: 4)
    }

    func testDerivativeCannotBeDefined() {
        assertDiagnostic(parseError("f'(x) = 2*x"), .syntax, contains: "a derivative cannot be defined", line: 1, column: 1)
    }

    func testElseWithoutIf() {
        assertDiagnostic(parseError("else:\n    x = 1"), .syntax, contains: "'else' without an 'if'", line: 1, column: 1)
    }

    func testMissingInInForLoop() {
        assertDiagnostic(parseError("for i range(3):\n    x = i"), .syntax, contains: "expected 'in'", line: 1, column: 7)
    }

    func testEmptyIndex() {
        assertDiagnostic(parseError("v[]"), .syntax, contains: "index is missing", line: 1, column: 2, endColumn: 4)
    }

    func testDescendWithoutRate() {
        assertDiagnostic(parseError("descend f from 1"), .syntax, contains: "expected 'rate' here", line: 1, column: 17)
    }

    func testDeeplyNestedUnaryIsALimitNotACrash() {
        let d = parseError(String(repeating: "-", count: 5000) + "1")
        XCTAssertEqual(d?.kind, .limit)
    }
}
