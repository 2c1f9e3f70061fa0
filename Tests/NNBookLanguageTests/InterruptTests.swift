import XCTest
@testable import NNBookLanguage

/// Ctrl-C (the session's `isCancelled`, read through its `WorkGuard`) stops
/// every long path of a cell at its next check, pointing at what was typed.
/// `stopAfter(n)` lets the first n checks pass, so a test can tell that a
/// path checks at all, and how often.
final class InterruptTests: XCTestCase {
    private func stopAfter(_ n: Int, _ s: Session) -> () -> Int {
        var checks = 0
        s.isCancelled = { checks += 1; return checks > n }
        return { checks }
    }

    private func interrupted(_ s: Session, _ source: String, file: StaticString = #filePath, line: UInt = #line) -> Diagnostic? {
        let r = s.execute(source)
        XCTAssertTrue(r.interrupted, "not interrupted: \(source)\n\(r.plainLines)", file: file, line: line)
        for item in r.outputs { if case .error(let d, _) = item { return d } }
        return nil
    }

    /// `for` and `while` check on every pass: stopped after n checks, n passes ran.
    func testEveryIterationOfALoopChecks() {
        for (source, checks, name, value, line) in [
            ("for i in range(1000000):\n    n = i", 5, "n", 4.0, 1),  // five passes ran (i = 0…4), the sixth check stopped it
            ("k = 0\nwhile True:\n    k = k + 1", 3, "k", 3.0, 2),
        ] {
            let s = Session()
            _ = stopAfter(checks, s)
            assertDiagnostic(interrupted(s, source), .interrupted, contains: "stopped by Ctrl-C", line: line, column: 1)
            s.isCancelled = { false }
            XCTAssertEqual(s.number(name), value, source)
        }
    }

    func testEveryCallOfAFunctionChecks() {
        let s = Session()
        s.ok("f0(x) = x + 1")
        for k in 1...40 { s.ok("f\(k)(x) = f\(k - 1)(f\(k - 1)(x))") }
        let checks = stopAfter(1000, s)
        let d = interrupted(s, "y = 2 * f40(0)")
        assertDiagnostic(d, .interrupted, contains: "every variable keeps the value", line: 1, column: 9, endColumn: 15)
        XCTAssertNil(d?.hint, "an interruption is not blamed on the function's body")
        XCTAssertEqual(checks(), 1001)
    }

    func testWorkingOutADerivativeChecksAndIsNotRememberedWhenStopped() {
        let s = Session()
        s.ok("g(x) = sigmoid(x)*tanh(x)")
        _ = stopAfter(0, s)
        let d = interrupted(s, "g''''(1)")
        assertDiagnostic(d, .interrupted, contains: "stopped by Ctrl-C", line: 1, column: 1, endColumn: 9)
        s.isCancelled = { false }
        XCTAssertNotNil(s.number("g''''(1)"), "the stopped derivative was not kept as an error")
    }

    func testDefiningAFunctionStopsWhileItsDerivativeIsWorkedOut() {
        let s = Session()
        _ = stopAfter(0, s)
        let d = interrupted(s, "h(x) = x*x*x")
        assertDiagnostic(d, .interrupted, contains: "stopped by Ctrl-C", line: 1, column: 1)
    }

    func testExplainOfALongSumChecksAndShowsFewSteps() {
        let s = Session()
        let sum = Array(repeating: "1", count: 30_000).joined(separator: "+")
        let line = BigStack.run { s.ok("explain " + sum).plainLines.joined(separator: "\n") }
        // The sum as typed, then the value: no step of 120,000 characters, let alone 200 of them.
        // (shown cut in the middle, as any line over 1,000 characters)
        XCTAssertEqual(line, LineLimit.elide(Array(repeating: "1", count: 30_000).joined(separator: " + ") + " = … = 30000", limit: LineLimit.output))
        _ = stopAfter(0, s)
        assertDiagnostic(interrupted(s, "explain 1 + 2*3"), .interrupted, contains: "stopped by Ctrl-C", line: 1, column: 1)
    }

    func testParsingAHugeCellChecks() {
        let s = Session()
        _ = stopAfter(0, s)
        let d = interrupted(s, "x = " + Array(repeating: "1", count: 5_000).joined(separator: " + "))
        XCTAssertEqual(d?.kind, .interrupted)
        s.isCancelled = { false }
        XCTAssertNil(s.value(named: "x"), "the cell never ran")
    }
}
