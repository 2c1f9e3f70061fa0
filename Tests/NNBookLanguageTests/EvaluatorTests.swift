import XCTest
@testable import NNBookLanguage

/// The one evaluator (`Compiler.swift`): names settled before a cell runs
/// over a tree that running leaves alone, every call on one path (named
/// arguments included), Ctrl-C checked on every pass of every kind of loop,
/// and `explain` showing what that same evaluator did.
final class EvaluatorTests: XCTestCase {
    /// A tree's complete text, names, spans and all: equal text, equal tree.
    private func dump(_ statements: [Stmt]) -> String {
        var out = ""
        Swift.dump(statements, to: &out)
        return out
    }

    func testRunningACellLeavesItsSyntaxTreeAsParsed() throws {
        let source = "total = 0\nfor i in range(4):\n    total = total + sq(i) + w[1]\nf(total)"
        let statements = try Parser.parse(source)
        let before = dump(statements)
        let s = Session()
        s.ok("sq(x) = x^2\nf(t) = t + 1\nw = [5, 7]")
        XCTAssertEqual(try s.interpreter.run(statements).map { s.describe($0) }, "43")  // 0+1+4+9 + 4·7 + 1
        XCTAssertEqual(dump(statements), before, "running the cell changed its tree")
    }

    func testOneTreeRunsInTwoSessionsWhoseSlotsDiffer() throws {
        // Names resolve per session, before running: nothing of the first run sticks to the tree.
        let statements = try Parser.parse("a - b")
        let first = Session(), second = Session()
        first.ok("a = 1\nb = 2")
        second.ok("unused = 0\nb = 20\na = 100")
        XCTAssertEqual(try first.interpreter.run(statements).map { first.describe($0) }, "-1")
        XCTAssertEqual(try second.interpreter.run(statements).map { second.describe($0) }, "80")
        XCTAssertEqual(try first.interpreter.run(statements).map { first.describe($0) }, "-1")
    }

    func testABuiltinHiddenByAVariableComesBackAfterReset() {
        let s = Session()
        s.ok("f(x) = sigmoid(x)")
        s.ok("sigmoid = 3")
        assertDiagnostic(s.failure("sigmoid(0)")?.0, .type, contains: "'sigmoid' is now a number, not the builtin function",
                         line: 1, column: 1, endColumn: 8)
        s.ok(":reset")
        assertClose(s.number("sigmoid(0)"), 0.5, within: 1e-12)
    }

    func testNamedArgumentsWorkInsideAnyExpression() {
        let s = Session()
        // A named argument nested in a call with only positional ones, and in a list of calls.
        s.ok("m = sequential(dense(3, relu, input: 2), dense(1, sigmoid))")
        XCTAssertEqual(s.number("m.parameters"), Double(2 * 3 + 3 + 3 + 1))
        XCTAssertEqual(s.number("m.layers[0].units + 0 * len([1, 2])"), 3)
        assertDiagnostic(s.failure("sqrt(4, x: 1)")?.0, .name, contains: "sqrt takes no named argument 'x'", line: 1, column: 9, endColumn: 10)
        s.ok("g(a, b) = a - b")
        let d = s.failure("1 + g(1, b: 2)")?.0
        assertDiagnostic(d, .name, contains: "g takes no named argument 'b'", line: 1, column: 10)
        XCTAssertEqual(d?.hint, "call it as g(a, b)")
    }

    func testAnUnknownFunctionIsNamedAsOneWithOrWithoutNamedArguments() {
        let s = Session()
        for source in ["frob(1)", "frob(1, n: 2)"] {
            let d = s.failure(source)?.0
            assertDiagnostic(d, .name, contains: "unknown name 'frob'", line: 1, column: 1, endColumn: 5)
            XCTAssertEqual(d?.hint, "define it first, e.g. frob(x) = x^2", source)
        }
    }

    func testMethodsOfAutogradValuesAndOfOtherValues() {
        let s = Session()
        s.ok("a = value(-2)\nb = value(3)")
        XCTAssertEqual(s.number("(a + b).relu().data"), 1)
        assertDiagnostic(s.failure("a.relu(1)")?.0, .type, contains: ".relu() takes no arguments", line: 1, column: 1, endColumn: 10)
        assertDiagnostic(s.failure("[1, 2].relu()")?.0, .name, contains: "a vector has no attribute 'relu'", line: 1, column: 1)
    }

    /// Ctrl-C on the one path: a `for` over a vector's rows or a string's
    /// characters checks on every pass, as one over a range does.
    func testEveryKindOfForLoopChecksOnEveryPass() {
        for (source, checks, value) in [
            ("for row in [[1, 2], [3, 4], [5, 6], [7, 8]]:\n    n = row[0]", 2, 3.0),
            ("k = 0\nfor ch in \"abcdef\":\n    k = k + 1", 4, 4.0),
            ("k = 0\nwhile True:\n    if k > 100:\n        break\n    k += 1", 7, 7.0),
        ] {
            let s = Session()
            var seen = 0
            s.isCancelled = { seen += 1; return seen > checks }
            let r = s.execute(source)
            XCTAssertTrue(r.interrupted, source)
            s.isCancelled = { false }
            XCTAssertEqual(s.number(source.hasPrefix("for row") ? "n" : "k"), value, source)
            XCTAssertEqual(seen, checks + 1, "one check a pass: \(source)")
        }
    }

    /// `explain` shows the steps the evaluator took: the right side of an
    /// `and` or `or` it did not need is not worked out, as outside `explain`.
    func testExplainAgreesWithEvaluationOnShortCircuits() {
        let s = Session()
        s.ok("x = 2")
        XCTAssertEqual(s.ok("explain False and 1/0").plainLines, ["False and 1/0 = False"])
        XCTAssertEqual(s.ok("explain x > 1 or q").plainLines, ["x > 1 or q = 2 > 1 or q = True or q = True"])
        XCTAssertEqual(s.ok("explain x + 1 > 2 and x < 5").plainLines, ["x + 1 > 2 and x < 5 = 2 + 1 > 2 and 2 < 5 = 3 > 2 and True = True and True = True"])
        XCTAssertEqual(s.shown("False and 1/0"), "False")
    }
}
