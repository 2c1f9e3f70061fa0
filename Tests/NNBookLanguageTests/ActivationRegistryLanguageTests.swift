import Foundation
@testable import NeuralCore
@testable import NNBookLanguage
import XCTest

/// Every activation's registry entry works everywhere the language uses it:
/// help, completion, calls on numbers and vectors, symbolic derivatives,
/// explain, autograd methods and their graph text, a neuron's step, layers.
/// A new activation gets all of this checked without a line added here.
final class ActivationRegistryLanguageTests: XCTestCase {
    static let points: [Double] = [-2.5, -0.7, 0.3, 1.9]
    static func text(_ x: Double) -> String { NumberFormat.format(x) }

    func testHelpAndCompletionComeFromTheEntry() {
        let s = Session()
        for a in Activation.allCases {
            let entry = a.language
            XCTAssertFalse(entry.summary.isEmpty, "\(a) has a summary")
            XCTAssertTrue(entry.summary.contains(entry.formula), "\(a): the summary states the formula \(entry.formula)")
            XCTAssertFalse(entry.example.isEmpty, "\(a) has an example")
            guard a.builtin != nil else { continue }
            let lines = s.ok(":help \(a.rawValue)").plainLines
            XCTAssertEqual(lines.first, "\(a.rawValue)(\(Builtins.table[a.rawValue]?.parameterNames ?? "?")) — \(entry.summary)")
            XCTAssertTrue(lines.contains("  example: \(entry.example)"), "\(a): \(lines)")
            XCTAssertTrue(s.completions(prefix: String(a.rawValue.prefix(3))).contains(a.rawValue), "\(a) completes")
            // The example's comment is what it prints.
            let parts = entry.example.components(separatedBy: "#")
            XCTAssertEqual(parts.count, 2, "\(a): example and its value")
            XCTAssertEqual(s.shown(parts[0].trimmingCharacters(in: .whitespaces)), parts[1].trimmingCharacters(in: .whitespaces), "\(a)")
        }
    }

    func testCallsOnNumbersAndVectors() {
        let s = Session()
        for a in Activation.allCases where a.descriptor.isElementwise && a.builtin != nil {
            let list = "[" + Self.points.map(Self.text).joined(separator: ", ") + "]"
            assertClose(s.numbers("\(a.rawValue)(\(list))"), Self.points.map(a.value), within: 1e-12)
            assertClose(s.numbers("\(a.rawValue)'(\(list))"), Self.points.map(a.derivative), within: 1e-12)
            assertClose(s.number("\(a.rawValue)(\(Self.text(Self.points[1])))"), a.value(Self.points[1]), within: 1e-12)
        }
    }

    /// g(x) = f(2x): g′ is the symbolic derivative; g″ agrees with a difference of g′.
    func testSymbolicDerivativeAgreesNumerically() {
        let s = Session()
        for a in Activation.allCases where a.builtin != nil && a.descriptor.isElementwise {
            s.ok("g(x) = \(a.rawValue)(2*x)")
            for x in Self.points {
                assertClose(s.number("g'(\(Self.text(x)))"), 2 * a.derivative(2 * x), within: 1e-12)
                let h = 1e-5
                let difference = 2 * (a.derivative(2 * (x + h)) - a.derivative(2 * (x - h))) / (2 * h)
                assertClose(s.number("g''(\(Self.text(x)))"), difference, within: 1e-4)
            }
        }
    }

    func testExplainEndsWithTheValueAndTheDerivative() {
        let s = Session()
        for a in Activation.allCases where a.builtin != nil && a.descriptor.isElementwise {
            for x in Self.points {
                let shown = s.ok("explain \(a.rawValue)(\(Self.text(x)))").plainLines.joined()
                XCTAssertTrue(shown.hasPrefix("\(a.rawValue)(\(Self.text(x))) = "), shown)
                XCTAssertTrue(shown.contains(" = \(Self.text(a.value(x)))"), "\(shown) has \(a.value(x))")
                XCTAssertGreaterThan(shown.components(separatedBy: " = ").count, 2, "\(shown): steps, not just the value")
                let slope = s.ok("explain \(a.rawValue)'(\(Self.text(x)))").plainLines.joined()
                XCTAssertTrue(slope.hasPrefix("\(a.rawValue)'(\(Self.text(x))) = "), slope)
                XCTAssertTrue(slope.contains(Self.text(a.derivative(x))), "\(slope) has \(a.derivative(x))")
            }
        }
    }

    func testAutogradMethodAndItsExplainedBackward() {
        let s = Session()
        for a in Activation.allCases {
            XCTAssertEqual(Interpreter.scalarMethods.contains(a.rawValue), a.descriptor.isScalarMethod, "\(a)")
            guard a.descriptor.isScalarMethod else { continue }
            s.ok("v = value(\(Self.text(Self.points[2])))")
            s.ok("y = v.\(a.rawValue)()")
            s.ok("backward y")
            assertClose(s.number("v.grad"), a.derivative(Self.points[2]), within: 1e-12)
            let lines = s.ok("explain backward y").plainLines
            XCTAssertTrue(lines.contains { $0.hasPrefix("v.grad += d(\(a.rawValue)(v))/dv · y.grad = ") }, "\(a): \(lines)")
            XCTAssertTrue(s.ok("graph y").plainLines.joined().contains(a.rawValue), "\(a) names its node")
        }
    }

    func testNeuronStepPrintsTheSlope() {
        let s = Session()
        for a in Activation.elementwise {
            s.ok("n = neuron([0.5, -0.25], bias: 0.1, activation: \"\(a.rawValue)\")")
            let lines = s.ok("step n input [1, 2] target 1 rate 0.1").plainLines
            let z = 0.5 - 0.5 + 0.1
            XCTAssertTrue(lines.contains { $0.hasPrefix("            \(a.rawValue)'(z) = ") && $0.hasSuffix(" = \(Self.text(a.derivative(z)))") },
                          "\(a): \(lines)")
        }
    }

    func testLayersTrainSummariseSaveAndLoad() throws {
        let s = Session()
        for a in Activation.allCases {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("nnbook-\(a.rawValue)-\(UUID().uuidString).json").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            s.ok("m = sequential(dense(4, \"\(a.rawValue)\", input: 2), dense(2, softmax))")
            XCTAssertTrue(s.ok("summary m").plainLines.contains { $0.contains("(Dense, \(a.rawValue))") }, "\(a)")
            let trained = s.ok("train m on xor() epochs 2").plainLines
            XCTAssertTrue(trained.last?.contains("loss") ?? false, "\(a): \(trained)")
            s.ok("save m to \"\(path)\"")
            s.ok("m2 = load(\"\(path)\")")
            XCTAssertEqual(s.ok("predict m [0.5, -0.5]").plainLines, s.ok("predict m2 [0.5, -0.5]").plainLines, "\(a)")
        }
        guard let (d, _) = s.failure("dense(3, \"foo\")") else { return }
        XCTAssertEqual(d.message, "a layer's activation must be one of " + Activation.allCases.map(\.rawValue).joined(separator: ", "))
    }

    /// What the article shows for the first three activations, as it read before the registry.
    func testExistingActivationsReadAsBefore() {
        let s = Session()
        let expected = [
            "explain tanh'(-2)": "tanh'(-2) = 1 - tanh(-2)^2 = 1 - (-0.964028)^2 = 1 - 0.929349 = 0.070651 ≈ 0.07",
            "explain relu'(-1)": "relu'(-1) = 0 (because -1 ≤ 0)",
            "explain sigmoid(-800)": "sigmoid(-800) = 1/(1+e^800) = 0 (e^800 overflows; 1 over a huge number is 0)",
            "f(x) = sigmoid(3*x) + tanh(x^2) + relu(x)":
                "f(x) = sigmoid(3*x) + tanh(x^2) + relu(x)\nf'(x) = 3*sigmoid(3*x)*(1 - sigmoid(3*x)) + (1 - tanh(x^2)^2)*2*x + relu'(x)",
        ]
        for (cell, text) in expected { XCTAssertEqual(s.ok(cell).plainLines.joined(separator: "\n"), text) }
        s.ok("a = value(-1.5)")
        s.ok("b = value(2)")
        s.ok("c = (a*b).tanh() + a.sigmoid() + (a + b).relu()")
        let lines = s.ok("explain backward c").plainLines
        for fragment in ["(1 if t2 > 0 else 0) · t1.grad", "sigmoid(a)·(1 - sigmoid(a)) · t4.grad = 0.149146", "(1 - tanh(t6)^2) · t5.grad = 0.009866"] {
            XCTAssertTrue(lines.contains { $0.contains(fragment) }, "\(fragment) in \(lines)")
        }
        assertNeuronAndLayer(s, "tanh", slope: "1 − y² = 1 − (-0.197375)² = 0.961043")
        assertNeuronAndLayer(s, "relu", slope: "0 (z ≤ 0) = 0")
    }

    /// a = value(x), y = `expression` of it, backward: a's gradient and one line of `explain backward y`.
    private func assertBackward(_ s: Session, _ expression: String, at x: Double, grad: Double, line: String,
                                file: StaticString = #filePath, line testLine: UInt = #line) {
        s.ok("a = value(\(Self.text(x)))", file: file, line: testLine)
        s.ok("y = \(expression)", file: file, line: testLine)
        s.ok("backward y", file: file, line: testLine)
        assertClose(s.number("a.grad", file: file, line: testLine), grad, within: 1e-15, file: file, line: testLine)
        let lines = s.ok("explain backward y", file: file, line: testLine).plainLines
        XCTAssertTrue(lines.contains(line), "\(line) not in \(lines)", file: file, line: testLine)
    }

    /// The neuron w = [0.1, −0.2], b = 0.1 at input [1, 2] (z = −0.2) prints `name'(z) = slope`;
    /// a layer with it shows in a summary.
    private func assertNeuronAndLayer(_ s: Session, _ name: String, slope: String,
                                      file: StaticString = #filePath, line: UInt = #line) {
        s.ok("n = neuron([0.1, -0.2], bias: 0.1, activation: \(name))", file: file, line: line)
        let lines = s.ok("step n input [1, 2] target 1 rate 0.1", file: file, line: line).plainLines
        XCTAssertTrue(lines.contains("            \(name)'(z) = \(slope)"), "\(name): \(lines)", file: file, line: line)
        s.ok("m = sequential(dense(4, \(name), input: 2), dense(1, sigmoid))", file: file, line: line)
        XCTAssertTrue(s.ok("summary m", file: file, line: line).plainLines.contains { $0.hasPrefix("dense (Dense, \(name))") },
                      file: file, line: line)
    }

    func testLeakyReLUEverywhere() {
        let s = Session()
        XCTAssertEqual(s.ok("explain leaky_relu(-2)").plainLines, ["leaky_relu(-2) = max(0.01*(-2), -2) = max(-0.02, -2) = -0.02"])
        XCTAssertEqual(s.ok("explain leaky_relu(3)").plainLines, ["leaky_relu(3) = max(0.01*3, 3) = max(0.03, 3) = 3"])
        XCTAssertEqual(s.ok("explain leaky_relu'(-2)").plainLines, ["leaky_relu'(-2) = 0.01 (because -2 ≤ 0)"])
        XCTAssertEqual(s.ok("f(x) = leaky_relu(x^2 - 1)").plainLines, ["f(x) = leaky_relu(x^2 - 1)", "f'(x) = leaky_relu'(x^2 - 1)*2*x"])
        assertClose(s.number("f'(0.5)"), 0.01 * 2 * 0.5, within: 1e-15)
        assertClose(s.number("f''(0.5)"), 0.01 * 2, within: 1e-15)  // the slope of 2x times leaky_relu'; leaky_relu'' is 0
        assertClose(s.numbers("leaky_relu([[-1, 2], [3, -4]])"), [-0.01, 2, 3, -0.04], within: 1e-15)
        let help = s.ok(":help leaky_relu").plainLines.joined(separator: " ")
        XCTAssertTrue(help.contains("PyTorch") && help.contains("Keras's LeakyReLU layer uses 0.3"), help)
        assertBackward(s, "(a * 2).leaky_relu()", at: -3, grad: 0.02,
                       line: "t1.grad += d(leaky_relu(t1))/dt1 · y.grad = (1 if t1 > 0 else 0.01) · y.grad = 0.01 · 1 = 0.01")
        assertNeuronAndLayer(s, "leaky_relu", slope: "0.01 (z ≤ 0) = 0.01")
        XCTAssertEqual(s.completions(prefix: "leak"), ["leaky_relu"])
    }

    func testSoftplusEverywhere() {
        let s = Session()
        XCTAssertEqual(s.ok("explain softplus(1)").plainLines, ["softplus(1) = log(1 + e^1) = log(1 + 2.718282) = log(3.718282) = 1.313262 ≈ 1.31"])
        XCTAssertEqual(s.ok("explain softplus(800)").plainLines, ["softplus(800) = log(1 + e^800) = 800 (e^800 overflows; log(1 + e^x) is x to every printed digit)"])
        XCTAssertEqual(s.ok("explain softplus(-50)").plainLines, ["softplus(-50) = log(1 + e^-50) = log(1 + 1.92875e-22) = 1.92875e-22 (log(1 + u) ≈ u for a tiny u)"])
        XCTAssertEqual(s.ok("explain softplus'(2)").plainLines,
                       ["softplus'(2) = sigmoid(2) = 1/(1+e^-2) = 1/(1+0.135335) = 1/1.135335 = 0.880797 ≈ 0.88"])
        XCTAssertEqual(s.ok("f(x) = softplus(3*x)").plainLines, ["f(x) = softplus(3*x)", "f'(x) = 3*sigmoid(3*x)"])
        assertClose(s.number("softplus(1000)"), 1000, within: 0)
        assertClose(s.numbers("softplus([-1, 0])"), [0.31326168751822286, 0.6931471805599453], within: 1e-15)
        assertBackward(s, "a.softplus()", at: 1, grad: 0.7310585786300049,
                       line: "a.grad += d(softplus(a))/da · y.grad = sigmoid(a) · y.grad = 0.731059 · 1 = 0.731059")
        assertNeuronAndLayer(s, "softplus", slope: "sigmoid(z) = sigmoid(-0.2) = 0.450166")
        XCTAssertEqual(s.completions(prefix: "softp"), ["softplus"])
    }
}

