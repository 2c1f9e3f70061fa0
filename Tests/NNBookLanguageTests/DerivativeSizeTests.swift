import XCTest
@testable import NNBookLanguage

/// Derivatives are written out exactly, and some grow without end (each
/// derivative of sigmoid is about five times longer than the last): past
/// `Symbolic.maxSize` parts one is refused at once, at the call that asked.
final class DerivativeSizeTests: XCTestCase {
    func testAHighDerivativeOfSigmoidIsRefusedAtTheCall() {
        let s = Session()
        let call = "sigmoid''''''''''''(1)"
        let (d, _) = s.failure(call) ?? (nil, [])
        assertDiagnostic(d, .limit, contains: "the 8th derivative of sigmoid is too large to write down", line: 1, column: 1,
                         endColumn: call.count + 1)
        XCTAssertEqual(d?.message, "the 8th derivative of sigmoid is too large to write down: nnbook works derivatives out exactly, "
                       + "and this one has more than 100,000 parts")
        XCTAssertEqual(d?.hint, "orders up to 7 fit; estimate it numerically at a point a instead, "
                       + "e.g. (sigmoid'''''''(a + 0.001) - sigmoid'''''''(a - 0.001))/0.002")
        // The largest that fits still answers, exactly: the 7th derivative of sigmoid at 1.
        assertClose(s.number("sigmoid'''''''(1)"), 0.5630937, within: 1e-6)
    }

    func testTheRefusalPointsAtTheCallInALaterCell() {
        let s = Session()
        s.ok("g(x) = sigmoid(2*x)")
        let (d, _) = s.failure("y = 1 + g''''''''''(0.5)") ?? (nil, [])
        assertDiagnostic(d, .limit, contains: "derivative of g is too large to write down", line: 1, column: 9, endColumn: 25)
    }

    func testAProductOfAThousandFactorsIsDefinedAndItsDerivativeRefused() {
        let s = Session()
        let product = Array(repeating: "x", count: 1000).joined(separator: "*")
        let r = s.ok("f(x) = " + product)
        XCTAssertEqual(r.plainLines, [LineLimit.elide("f(x) = " + product, limit: LineLimit.output),  // 2,006 characters: cut in the middle
                                      "f'(x) is too large to write down (more than 100,000 parts); f itself works as usual"])
        assertClose(s.number("f(1.0001)"), 1.105165, within: 1e-6)
        let (d, _) = s.failure("f'(2)") ?? (nil, [])
        assertDiagnostic(d, .limit, contains: "the 1st derivative of f is too large", line: 1, column: 1, endColumn: 6)
        XCTAssertEqual(d?.hint, "estimate it numerically at a point a instead, e.g. (f(a + 0.001) - f(a - 0.001))/0.002")
    }

    func testALongDerivativeIsNotEchoedButStillWorks() {
        let s = Session()
        let r = s.ok("f(x) = " + Array(repeating: "x", count: 100).joined(separator: "*"))
        XCTAssertEqual(r.plainLines.last, "f'(x) is too long to show here (10,487 characters); f' shows it")
        assertClose(s.number("f'(1)"), 100, within: 1e-9)
        // Shown when asked for, cut in the middle as any line over 1,000 characters: 8 + 10,487 − 666 − 166 left out.
        let shown = s.ok("f'").plainLines.first ?? ""
        XCTAssertTrue(shown.hasPrefix("f'(x) = ") && shown.contains(" … (9,663 characters not shown) … "), shown)
    }

    func testShortDerivativesAreStillSimplifiedAsBefore() {
        let s = Session()
        XCTAssertEqual(s.ok("f(x) = x*x").plainLines, ["f(x) = x*x", "f'(x) = 2*x"])
        XCTAssertEqual(s.ok("g(x) = sigmoid(x) - sigmoid(x) + x").plainLines.last, "g'(x) = 1")
    }

    func testSizeCountsEveryPartAndStopsPastTheLimit() throws {
        let e = try XCTUnwrap(parseExpression("sigmoid(x)*(1 - sigmoid(x))"))
        // *, sigmoid(x) (the call, its name, x), -, 1, sigmoid(x) again
        XCTAssertEqual(Symbolic.size(of: e, limit: 100), 9)
        XCTAssertEqual(Symbolic.size(of: e, limit: 4), 5)
    }

    func testPrintingALongSumTakesLinearTime() throws {
        // 30,000 terms: quadratic string building took seconds here.
        let e = try XCTUnwrap(parseExpression(Array(repeating: "1", count: 30_000).joined(separator: "+")))
        XCTAssertEqual(BigStack.run { Printer.print(e).count }, 30_000 + 29_999 * 3)
    }
}
