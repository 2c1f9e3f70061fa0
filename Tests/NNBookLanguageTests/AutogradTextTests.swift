import NeuralCore
@testable import NNBookLanguage
import XCTest

/// The exact text of the graph pictures and of the chain-rule explanation.
final class AutogradTextTests: XCTestCase {
    /// c = a*b + a at a = 2, b = 3, after backward: ∂c/∂a = b + 1 = 4, ∂c/∂b = a = 2.
    private func sharedGraph() -> (a: Scalar, b: Scalar, c: Scalar) {
        let a = Scalar(2, label: "a"), b = Scalar(3, label: "b")
        let c = a * b + a
        c.label = "c"
        c.backward()
        return (a, b, c)
    }

    func testTreeDrawsASharedNodeOnceAndRefersBack() {
        let (_, _, c) = sharedGraph()
        XCTAssertEqual(GraphText.tree(c), [
            "c = + │ data 8 │ grad 1",
            "├─ * │ data 6 │ grad 1",
            "│  ├─ a #1 │ data 2 │ grad 4",
            "│  └─ b │ data 3 │ grad 2",
            "└─ a (see #1 above)",
        ])
        XCTAssertEqual(GraphText.tree(c, unicode: false), [
            "c = + | data 8 | grad 1",
            "|- * | data 6 | grad 1",
            "|  |- a #1 | data 2 | grad 4",
            "|  `- b | data 3 | grad 2",
            "`- a (see #1 above)",
        ])
    }

    func testTreeNamesConstantsByValueAndRespectsPrecision() {
        let x = Scalar(1, label: "x")
        let y = (x / 3 + 0.5).relu()
        XCTAssertEqual(GraphText.tree(y, precision: 2), [
            "relu │ data 0.83 │ grad 0",
            "└─ + │ data 0.83 │ grad 0",
            "   ├─ / │ data 0.33 │ grad 0",
            "   │  ├─ x │ data 1 │ grad 0",
            "   │  └─ 3 │ data 3 │ grad 0",
            "   └─ 0.5 │ data 0.5 │ grad 0",
        ])
    }

    func testTreeStopsAtMaxLines() {
        var y = Scalar(1, label: "x")
        for _ in 0..<10 { y = y + 1 }
        let lines = GraphText.tree(y, maxLines: 4)
        XCTAssertEqual(lines.count, 5)
        XCTAssertEqual(lines.last, "… 17 more lines not shown")  // 21 nodes in all
    }

    /// The micrograd README graph: 25 operations, `a` used 5 times, drawn once in full.
    func testTreeOfReadmeGraphHasEveryNodeExactlyOnceInFull() {
        let (_, _, g) = readmeGraph()
        g.backward()
        let lines = GraphText.tree(g)
        let full = lines.filter { $0.contains("│ data ") }
        XCTAssertEqual(full.count, g.topologicalOrder().count)
        XCTAssertEqual(lines.first, "+ │ data 24.7041 │ grad 1")
        XCTAssertEqual(lines.filter { $0.hasSuffix("a (see #4 above)") }.count, 4)
        XCTAssertTrue(lines.contains { $0.hasSuffix("a #4 │ data -4 │ grad 138.8338") }, lines.joined(separator: "\n"))
    }

    func testDotHasEveryNodeAndEdge() {
        let (a, b, c) = sharedGraph()
        let dot = GraphText.dot(c)
        let product = c.parents[0]
        XCTAssertTrue(dot.hasPrefix("digraph G {\n  rankdir=LR;\n"))
        XCTAssertTrue(dot.hasSuffix("}\n"))
        for line in [
            "  n\(a.id) [shape=record, label=\"{ a | data 2.0000 | grad 4.0000 }\"];",
            "  n\(b.id) [shape=record, label=\"{ b | data 3.0000 | grad 2.0000 }\"];",
            "  n\(product.id) [shape=record, label=\"{ data 6.0000 | grad 1.0000 }\"];",
            "  n\(product.id)_op [label=\"*\"];",
            "  n\(product.id)_op -> n\(product.id);",
            "  n\(a.id) -> n\(product.id)_op;",
            "  n\(b.id) -> n\(product.id)_op;",
            "  n\(c.id) [shape=record, label=\"{ c | data 8.0000 | grad 1.0000 }\"];",
            "  n\(c.id)_op [label=\"+\"];",
            "  n\(c.id)_op -> n\(c.id);",
            "  n\(product.id) -> n\(c.id)_op;",
            "  n\(a.id) -> n\(c.id)_op;",
        ] {
            XCTAssertTrue(dot.contains(line + "\n"), "missing \(line) in\n\(dot)")
        }
        XCTAssertEqual(dot.components(separatedBy: "->").count - 1, 6)
    }

    func testDotEscapesLabels() {
        let q = Scalar(1, label: "say \"hi\" {x|y}")
        XCTAssertTrue(GraphText.dot(q).contains(#"label="{ say \"hi\" \{x\|y\} | data 1.0000 | grad 0.0000 }""#))
    }

    func testExplainBackwardShowsBothPathsToX() {
        let x = Scalar(2, label: "x"), y = Scalar(3, label: "y")
        let z = x * y + x
        z.label = "z"
        z.backward()
        XCTAssertEqual(GraphText.explainBackward(z), [
            "t1 = x*y",
            "z.grad = 1  (backward starts at z: ∂z/∂z = 1)",
            "t1.grad += d(t1+x)/dt1 · z.grad = 1 · 1 = 1",
            "x.grad += d(t1+x)/dx · z.grad = 1 · 1 = 1",
            "x.grad += d(x*y)/dx · t1.grad = y · t1.grad = 3 · 1 = 3",
            "x.grad = 1 + 3 = 4  (sum of 2 paths)",
            "y.grad += d(x*y)/dy · t1.grad = x · t1.grad = 2 · 1 = 2",
        ])
        XCTAssertEqual(x.grad, 4)
    }

    func testExplainBackwardFormulasForEachKindOfStep() {
        let a = Scalar(-4, label: "a"), b = Scalar(2, label: "b")
        let f = (a / b).pow(2)
        f.label = "f"
        let g = f / 2
        g.label = "g"
        g.backward()
        XCTAssertEqual(GraphText.explainBackward(g), [
            "t1 = a/b",
            "g.grad = 1  (backward starts at g: ∂g/∂g = 1)",
            "f.grad += d(f/2)/df · g.grad = 1/2 · g.grad = 0.5 · 1 = 0.5",
            "(2).grad += d(f/2)/d2 · g.grad = -f/2^2 · g.grad = (-1) · 1 = -1",
            "t1.grad += d(t1^2)/dt1 · f.grad = 2·t1 · f.grad = (-4) · 0.5 = -2",
            "a.grad += d(a/b)/da · t1.grad = 1/b · t1.grad = 0.5 · (-2) = -1",
            "b.grad += d(a/b)/db · t1.grad = -a/b^2 · t1.grad = 1 · (-2) = -2",
        ])
        XCTAssertEqual(a.grad, -1)
        XCTAssertEqual(b.grad, -2)
    }

    /// Every total in the explanation is the gradient `backward` left behind (micrograd README graph).
    func testExplainBackwardSumsMatchGradients() {
        let (a, b, g) = readmeGraph()
        g.backward()
        let lines = GraphText.explainBackward(g, precision: 4)
        XCTAssertTrue(lines.contains { $0.hasPrefix("a.grad = ") && $0.hasSuffix("= 138.8338  (sum of 5 paths)") },
                      lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("b.grad = ") && $0.hasSuffix(" = \(GraphText.format(b.grad, 4))  (sum of 5 paths)") },
                      lines.joined(separator: "\n"))
        XCTAssertEqual(GraphText.format(a.grad, 4), "138.8338")
    }

    private func readmeGraph() -> (a: Scalar, b: Scalar, g: Scalar) {
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
}
