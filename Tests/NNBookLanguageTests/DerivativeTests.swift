import XCTest
import Foundation
@testable import NNBookLanguage

/// A definition echoes itself and its derivative in the form a learner would
/// write by hand; values of derivatives are exact (symbolic), so 1e-12.
final class DerivativeTests: XCTestCase {
    let tol = 1e-12

    private func echo(_ s: Session, _ definition: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        let r = s.ok(definition, file: file, line: line)
        for item in r.outputs {
            guard case .text(_, .echo) = item else {
                XCTFail("a definition should only echo, got \(item)", file: file, line: line)
                return r.plainLines
            }
        }
        return r.plainLines
    }

    func testSquare() {
        let s = Session()
        XCTAssertEqual(echo(s, "f(x) = x^2"), ["f(x) = x^2", "f'(x) = 2*x"])
        assertClose(s.number("f'(0.8)"), 1.6, within: tol)
        XCTAssertEqual(s.shown("f'(0.8)"), "1.6")
        assertClose(s.number("f''(1)"), 2, within: tol)
        assertClose(s.number("f'''(1)"), 0, within: tol)
    }

    func testStarStarIsEchoedAsWritten() {
        let s = Session()
        XCTAssertEqual(echo(s, "f(x) = x**2"), ["f(x) = x^2", "f'(x) = 2*x"])
    }

    func testCube() {
        let s = Session()
        XCTAssertEqual(echo(s, "f(x) = x^3"), ["f(x) = x^3", "f'(x) = 3*x^2"])
        assertClose(s.number("f'(2)"), 12, within: tol)
        assertClose(s.number("f''(2)"), 12, within: tol)
    }

    func testPolynomial() {
        let s = Session()
        XCTAssertEqual(echo(s, "p(x) = 3*x^2 + 2*x"), ["p(x) = 3*x^2 + 2*x", "p'(x) = 6*x + 2"])
        assertClose(s.number("p'(1.5)"), 11, within: tol)
        assertClose(s.number("p''(7)"), 6, within: tol)
    }

    func testConstantAndLinear() {
        let s = Session()
        XCTAssertEqual(echo(s, "c(x) = 5"), ["c(x) = 5", "c'(x) = 0"])
        XCTAssertEqual(echo(s, "l(x) = 4*x - 1"), ["l(x) = 4*x - 1", "l'(x) = 4"])
    }

    func testSigmoid() {
        let s = Session()
        XCTAssertEqual(echo(s, "f(x) = sigmoid(x)"), ["f(x) = sigmoid(x)", "f'(x) = sigmoid(x)*(1 - sigmoid(x))"])
        assertClose(s.number("f'(2)"), 0.10499358540350662, within: tol)
    }

    func testTanhAndExp() {
        let s = Session()
        XCTAssertEqual(echo(s, "t(x) = tanh(x)"), ["t(x) = tanh(x)", "t'(x) = 1 - tanh(x)^2"])
        XCTAssertEqual(echo(s, "e2(x) = exp(2*x)"), ["e2(x) = exp(2*x)", "e2'(x) = 2*exp(2*x)"])
        assertClose(s.number("e2'(0.5)"), 2 * M_E, within: tol)
    }

    func testChainRuleThroughAUserFunction() {
        let s = Session()
        s.ok("f(x) = x^2")
        let lines = echo(s, "h(x) = f(x)^2")
        XCTAssertEqual(lines.first, "h(x) = f(x)^2")
        XCTAssertEqual(lines.last, "h'(x) = 2*f(x)*f'(x)")
        // h(x) = x^4, so h'(x) = 4x^3 and h''(x) = 12x^2.
        assertClose(s.number("h'(0.5)"), 0.5, within: tol)
        assertClose(s.number("h'(2)"), 32, within: tol)
        assertClose(s.number("h''(1)"), 12, within: tol)
    }

    func testChainRuleThroughAnActivation() {
        let s = Session()
        XCTAssertEqual(echo(s, "q(x) = sigmoid(3*x)").last, "q'(x) = 3*sigmoid(3*x)*(1 - sigmoid(3*x))")
        let sg = 1 / (1 + Foundation.exp(-1.5))
        assertClose(s.number("q'(0.5)"), 3 * sg * (1 - sg), within: tol)
    }

    func testTwoParameterFunctionEchoesPartialDerivatives() {
        let s = Session()
        XCTAssertEqual(echo(s, "g(x, y) = x*y"), ["g(x, y) = x*y", "∂g/∂x = y", "∂g/∂y = x"])
        XCTAssertEqual(s.shown("g'(2, 3)"), "[3, 2]")
        assertClose(s.numbers("g'(2, 3)"), [3, 2], within: tol)
    }

    func testTwoParameterGradientOfASquaredError() {
        let s = Session()
        XCTAssertEqual(echo(s, "loss(w, b) = (w*2 + b - 1)^2"),
                       ["loss(w, b) = (w*2 + b - 1)^2", "∂loss/∂w = 4*(w*2 + b - 1)", "∂loss/∂b = 2*(w*2 + b - 1)"])
        // At w = 0.5, b = 0.5 the residual is 0.5: gradient [2·0.5·2, 2·0.5].
        assertClose(s.numbers("loss'(0.5, 0.5)"), [2, 1], within: tol)
    }

    func testSecondDerivativesOfBuiltins() {
        let s = Session()
        assertClose(s.number("sigmoid''(0)"), 0, within: tol)
        let sg = 1 / (1 + Foundation.exp(-1.0))
        assertClose(s.number("sigmoid''(1)"), sg * (1 - sg) * (1 - 2 * sg), within: tol)
        let t = Foundation.tanh(0.5)
        assertClose(s.number("tanh''(0.5)"), -2 * t * (1 - t * t), within: tol)
        assertClose(s.number("exp''(0)"), 1, within: tol)
    }

    func testDerivativeAppliesElementWiseToVectors() {
        let s = Session()
        s.ok("f(x) = x^2")
        assertClose(s.numbers("f'([1, 2, 3])"), [2, 4, 6], within: tol)
        assertClose(s.numbers("relu'([-1, 0.5])"), [0, 1], within: 0)
    }

    func testFunctionValueShowsItsFormula() {
        let s = Session()
        s.ok("f(x) = x^2")
        XCTAssertEqual(s.shown("f'"), "f'(x) = 2*x")
        XCTAssertEqual(s.shown("f"), "f(x) = x^2")
    }

    func testRedefiningABuiltinShadowsItWithANoteUntilReset() {
        let s = Session()
        let lines = s.execute("sigmoid(x) = x").plainLines
        XCTAssertEqual(lines.first, "sigmoid(x) = x")
        XCTAssertTrue(lines.contains { $0.contains("sigmoid now means this definition") }, "\(lines)")
        XCTAssertEqual(s.shown("sigmoid(3)"), "3")
        _ = s.execute(":reset")
        XCTAssertEqual(s.shown("sigmoid(0)"), "0.5")
    }

    func testDerivativeOfANonDifferentiableBuiltinIsAnError() {
        let s = Session()
        s.ok("f(x) = len(x)")
        guard let (d, _) = s.failure("f'(1)") else { return }
        XCTAssertEqual(d.kind, .math)
        XCTAssertTrue(d.message.contains("len"), d.message)
    }
}
