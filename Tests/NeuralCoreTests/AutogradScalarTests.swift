import NeuralCore
import XCTest

/// The scalar engine against micrograd's own checks: its README example (to
/// the 4 printed decimals, tolerance 1e-4) and `test_engine.py` (reference
/// values from PyTorch, tolerance 1e-6), plus the accumulation rules that make
/// backpropagation correct when a node is used more than once.
final class AutogradScalarTests: XCTestCase {
    /// micrograd `test_sanity_check`: y.data = −20, x.grad = 46 (by hand:
    /// dz/dx = 3, dq/dx = 3x + z = −22, dh/dx = 6z = −60, dy/dx = −60 − 22 + 88 + 40).
    func testMicrogradSanityCheck() {
        let x = Scalar(-4)
        let z = 2 * x + 2 + x
        let q = z.relu() + z * x
        let h = (z * z).relu()
        let y = h + q + q * x
        y.backward()
        XCTAssertEqual(y.data, -20, accuracy: 1e-6)
        XCTAssertEqual(x.grad, 46, accuracy: 1e-6)
    }

    /// micrograd `test_more_ops` and its README: g = 24.7041, a.grad = 138.8338, b.grad = 645.5773.
    func testMicrogradMoreOps() {
        let (a, b, g) = Self.readmeGraph()
        g.backward()
        XCTAssertEqual(g.data, 24.70408163265306, accuracy: 1e-6)
        XCTAssertEqual(a.grad, 138.83381924198252, accuracy: 1e-6)
        XCTAssertEqual(b.grad, 645.5772594752186, accuracy: 1e-6)
        XCTAssertEqual(String(format: "%.4f", g.data), "24.7041")
        XCTAssertEqual(String(format: "%.4f", a.grad), "138.8338")
        XCTAssertEqual(String(format: "%.4f", b.grad), "645.5773")
    }

    /// The README graph, line for line (`c += x` is `c = c + x`).
    static func readmeGraph() -> (a: Scalar, b: Scalar, g: Scalar) {
        let a = Scalar(-4.0, label: "a"), b = Scalar(2.0, label: "b")
        var c = a + b
        var d = a * b + b.pow(3)
        c += c + 1
        c += 1 + c + (-a)
        d += d * 2 + (b + a).relu()
        d += 3 * d + (b - a).relu()
        let e = c - d
        let f = e.pow(2)
        var g = f / 2.0
        g += 10.0 / f
        return (a, b, g)
    }

    func testEachOperatorsDerivative() throws {
        // (operation, x, expected value, expected d/dx) checked against the formulas.
        let x0 = 0.7
        let cases: [(String, (Scalar) throws -> Scalar, Double, Double)] = [
            ("x+3", { $0 + 3 }, x0 + 3, 1),
            ("3-x", { 3 - $0 }, 3 - x0, -1),
            ("x*5", { $0 * 5 }, x0 * 5, 5),
            ("2/x", { 2 / $0 }, 2 / x0, -2 / (x0 * x0)),
            ("x/4", { $0 / 4 }, x0 / 4, 0.25),
            ("-x", { -$0 }, -x0, -1),
            ("x^3", { $0.pow(3) }, pow(x0, 3), 3 * x0 * x0),
            ("relu", { $0.relu() }, x0, 1),
            ("tanh", { $0.tanh() }, tanh(x0), 1 - tanh(x0) * tanh(x0)),
            ("sigmoid", { $0.sigmoid() }, 1 / (1 + exp(-x0)), exp(-x0) / pow(1 + exp(-x0), 2)),
            ("exp", { $0.exp() }, exp(x0), exp(x0)),
            ("log", { try $0.log() }, log(x0), 1 / x0),
        ]
        for (name, f, value, derivative) in cases {
            let x = Scalar(x0)
            let y = try f(x)
            y.backward()
            XCTAssertEqual(y.data, value, accuracy: 1e-12, name)
            XCTAssertEqual(x.grad, derivative, accuracy: 1e-12, name)
        }
        let r = Scalar(-1)
        r.relu().backward()
        XCTAssertEqual(r.grad, 0)
    }

    func testOpsAndSymbols() {
        let a = Scalar(6), b = Scalar(3)
        XCTAssertEqual((a / b).op, .divide)
        XCTAssertEqual((a / b).op.symbol, "/")
        XCTAssertEqual((a - b).op.symbol, "-")
        XCTAssertEqual(a.pow(2).op.symbol, "^2")
        XCTAssertEqual(a.pow(0.5).op.symbol, "^0.5")
        XCTAssertEqual((a / b).parents, [a, b])
        XCTAssertEqual(a.op, .leaf)
        XCTAssertLessThan(a.id, b.id)
    }

    func testLogOfNonPositiveThrows() {
        assertThrows(.invalidArgument("log needs a positive number, got 0.0")) { try Scalar(0).log() }
        assertThrows(.invalidArgument("log needs a positive number, got -2.0")) { try Scalar(-2).log() }
    }

    func testDivisionByZeroIsInfiniteNotACrash() {
        let q = Scalar(1) / Scalar(0)
        XCTAssertEqual(q.data, .infinity)
        XCTAssertTrue((Scalar(0) / 0).data.isNaN)
    }

    /// a*b + a: a gets b (through *) plus 1 (through +).
    func testNodeUsedTwiceGetsBothContributions() {
        let a = Scalar(2), b = Scalar(3)
        let c = a * b + a
        c.backward()
        XCTAssertEqual(a.grad, 4)
        XCTAssertEqual(b.grad, 2)
        let s = Scalar(5)
        let square = s * s      // the same operand on both sides
        square.backward()
        XCTAssertEqual(s.grad, 10)
    }

    func testBackwardTwiceAccumulatesAndZeroGradResets() {
        let a = Scalar(2), b = Scalar(3)
        let c = a * b + a
        c.backward()
        c.backward()
        XCTAssertEqual(a.grad, 8)
        XCTAssertEqual(b.grad, 4)
        XCTAssertEqual(c.grad, 1)
        c.zeroGrad()
        for node in c.topologicalOrder() { XCTAssertEqual(node.grad, 0) }
        c.backward()
        XCTAssertEqual(a.grad, 4)
    }

    func testTopologicalOrderPutsParentsFirst() {
        let (_, _, g) = Self.readmeGraph()
        let order = g.topologicalOrder()
        XCTAssertEqual(order.last, g)
        XCTAssertEqual(Set(order).count, order.count)
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        for node in order {
            for parent in node.parents {
                XCTAssertLessThan(position[parent] ?? .max, position[node] ?? -1)
            }
        }
    }

    func testBackwardStepsTotalsEqualGradients() {
        let (a, b, g) = Self.readmeGraph()
        let steps = g.backwardSteps()
        XCTAssertEqual(a.grad, 0, "backwardSteps must not touch the gradients")
        g.backward()
        var last: [Scalar: Double] = [:]
        for step in steps {
            XCTAssertEqual(step.contribution, step.localDerivative * step.upstream)
            XCTAssertEqual(step.upstream, step.child.grad, accuracy: 1e-9)
            XCTAssertEqual(step.op, step.child.op)
            XCTAssertTrue(step.child.parents[step.operand] === step.node)
            last[step.node] = step.totalAfter
        }
        for node in g.topologicalOrder() where node !== g {
            XCTAssertEqual(last[node] ?? .nan, node.grad, accuracy: 1e-9)
        }
        XCTAssertEqual(last[a] ?? 0, 138.83381924198252, accuracy: 1e-6)
        XCTAssertEqual(last[b] ?? 0, 645.5772594752186, accuracy: 1e-6)
        // One step per edge.
        XCTAssertEqual(steps.count, g.topologicalOrder().reduce(0) { $0 + $1.parents.count })
    }

    /// A chain 200,000 links deep: sorting, backward and freeing it must not overflow the stack.
    func testVeryDeepChain() {
        let x = Scalar(1)
        var y = x
        for _ in 0..<200_000 { y = y + 1 }
        y.backward()
        XCTAssertEqual(y.data, 200_001)
        XCTAssertEqual(x.grad, 1)
    }
}
