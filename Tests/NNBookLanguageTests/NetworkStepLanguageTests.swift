import XCTest
import NeuralCore
@testable import NNBookLanguage

/// `network(…)`, setting a layer's weights and biases, and `step NET input …
/// target …` written out layer by layer (the maths is NeuralCore's
/// `NetworkStepTests`; here, the text, the errors and where they point).
final class NetworkStepLanguageTests: XCTestCase {
    /// Mazur's 2-2-1 (his first output only), weights set by assignment.
    static let setup = """
        net = network([2, 2, 1], activation: sigmoid)
        net.layers[0].weights = [[0.15, 0.25], [0.20, 0.30]]
        net.layers[0].biases = [0.35, 0.35]
        net.layers[1].weights = [[0.40], [0.45]]
        net.layers[1].biases = [0.60]
        """

    func testNetworkIsASeededSequentialModel() {
        let s = Session()
        s.ok("net = network([2, 2, 1], activation: sigmoid)")
        s.ok("same = sequential(dense(2, sigmoid, input: 2), dense(1, sigmoid))")
        XCTAssertEqual(s.numbers("net.layers[0].weights"), s.numbers("same.layers[0].weights"), "the same seed, 42, as sequential")
        XCTAssertEqual(s.numbers("net.layers[0].biases"), [0, 0])
        XCTAssertEqual(s.number("net.parameters"), 9)
        XCTAssertTrue(s.ok("summary net").plainLines.contains("dense_1 (Dense, sigmoid)   (None, 1)            3"))
        s.ok("other = network([2, 2, 1], seed: 7)")
        XCTAssertNotEqual(s.numbers("other.layers[0].weights"), s.numbers("net.layers[0].weights"))
        XCTAssertEqual(s.shown("network([3, 4], tanh).layers[0].activation"), "\"tanh\"")
        XCTAssertEqual(s.shown("network([3, 4]).layers[0].activation"), "\"sigmoid\"", "sigmoid when left out")
        // An ordinary model: train takes it, with the loss its sigmoid output calls for.
        s.ok("data = xor(size: 40)")
        let training = s.ok("train net on data epochs 1").plainLines
        XCTAssertEqual(training.first, "training on 32 examples: 1 epoch, batch 32, adam (rate 0.001), loss binary_crossentropy")
        XCTAssertNotEqual(s.numbers("net.layers[0].weights"), s.numbers("same.layers[0].weights"), "training changed the weights")
    }

    func testWeightsAndBiasesAreAssignedInPlace() {
        let s = Session()
        s.ok(Self.setup)
        s.ok("alias = net")
        XCTAssertEqual(s.numbers("alias.layers[0].weights").map { $0.map { Float($0) } }, [0.15, 0.25, 0.20, 0.30].map { Float($0) })
        XCTAssertEqual(s.shown("net.layers[1].weights"), "[[0.4],\n [0.45]]")
        s.ok("net.layers[-1].biases += 0.1")
        assertClose(s.numbers("net.layers[1].biases")?.first, 0.7, within: 1e-6)  // 32-bit floats
        s.ok("layer = net.layers[0]\nlayer.biases = [1, 2]")
        XCTAssertEqual(s.numbers("net.layers[0].biases"), [1, 2], "a layer is a view of its model")
    }

    func testAssignmentMistakes() {
        let s = Session()
        s.ok(Self.setup)
        let (d1, _) = s.failure("net.layers[1].weights = [0.4, 0.45]") ?? (nil, [])
        assertDiagnostic(d1, .value, contains: "net.layers[1].weights is a 2 × 1 matrix; the value is a vector of 2 numbers", line: 1, column: 25, endColumn: 36)
        XCTAssertEqual(d1?.hint, "it holds [[0.4], [0.45]]: one row per input (2), one column per neuron (1), Keras's layout")
        let (d2, _) = s.failure("net.layers[1].weights = [[0.4, 0.45]]") ?? (nil, [])
        assertDiagnostic(d2, .value, contains: "yours is its transpose, one row per neuron", line: 1, column: 25)
        let (d3, _) = s.failure("net.layers[0].biases = 0.35") ?? (nil, [])
        assertDiagnostic(d3, .value, contains: "net.layers[0].biases is a vector of 2 numbers; the value is a number", line: 1, column: 24)
        let (d4, _) = s.failure("net.layers[0].units = 3") ?? (nil, [])
        assertDiagnostic(d4, .value, contains: "net.layers[0].units cannot be set: it fixes the layer's shape; only its weights and biases can", line: 1, column: 1, endColumn: 20)
        let (d5, _) = s.failure("net.weights = 3") ?? (nil, [])
        assertDiagnostic(d5, .type, contains: "a model's weights belong to its layers", line: 1, column: 1)
        let (d6, _) = s.failure("net.layers[0].kernel = 3") ?? (nil, [])
        assertDiagnostic(d6, .name, contains: "a layer has no attribute 'kernel'", line: 1, column: 1)
        let (d7, _) = s.failure("x = 2\nx.data = 3") ?? (nil, [])
        assertDiagnostic(d7, .type, contains: "only a layer's weights and biases can be assigned; this is an attribute of a number", line: 2, column: 1)
        s.ok("d = sequential(dense(2, relu, input: 2), dropout(0.5), dense(1))")
        let (d8, _) = s.failure("d.layers[1].rate = 0.1") ?? (nil, [])
        assertDiagnostic(d8, .value, contains: "a dropout layer learns nothing, so it has nothing to set", line: 1, column: 1)
        let (d9, _) = s.failure("net.layers[0].weights = [[1e39, 0], [0, 0]]") ?? (nil, [])
        assertDiagnostic(d9, .value, contains: "finite numbers", line: 1, column: 25)
        let (d10, _) = s.failure("net.layers[5].weights = 1") ?? (nil, [])
        assertDiagnostic(d10, .value, contains: "the model has 2 layers, numbered 0 to 1", line: 1, column: 12)
        let (d11, _) = s.failure("net.layers[0].biases = \"abc\"") ?? (nil, [])
        assertDiagnostic(d11, .type, contains: "net.layers[0].biases is a vector of 2 numbers; the value is a string", line: 1, column: 24)
        XCTAssertEqual(d11?.hint, "it holds [0.35, 0.35]")
        let (d12, _) = s.failure("net.layers[1].weights[0][0] = 0.5") ?? (nil, [])
        assertDiagnostic(d12, .syntax, contains: "part of net.layers[1].weights cannot be assigned on its own", line: 1, column: 1, endColumn: 28)
        XCTAssertEqual(d12?.hint, "copy, change, put back: w = net.layers[1].weights, then w[0] = [0.15, 0.25], then net.layers[1].weights = w")
        // Nothing was changed by the mistakes.
        XCTAssertEqual(s.numbers("net.layers[1].weights")?.map(Float.init), [0.4, 0.45])
    }

    static let expectedStep = """
        network step 1: inputs [0.05, 0.1], target 0.01, learning rate 0.5
          names     layers[0].weights = [[w1, w3], [w2, w4]]   biases = [b1, b2]
                    layers[1].weights = [[w5], [w6]]   biases = [b3]
          forward   h1: z = w1·x1 + w2·x2 + b1 = 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775
                        h1 = sigmoid(0.3775) = 0.59327
                    h2: z = w3·x1 + w4·x2 + b2 = 0.25·0.05 + 0.3·0.1 + 0.35 = 0.3925
                        h2 = sigmoid(0.3925) = 0.596884
                    y1: z = w5·h1 + w6·h2 + b3 = 0.4·0.59327 + 0.45·0.596884 + 0.6 = 1.105906
                        y1 = sigmoid(1.105906) = 0.751365
          loss      L = ½Σ(y − t)² = ½(0.751365 − 0.01)² = 0.274811
          backward  y1: dL/dy1 = y1 − t1 = 0.751365 − 0.01 = 0.741365
                        sigmoid'(z) = y1·(1 − y1) = 0.751365·0.248635 = 0.186816
                        δy1 = dL/dy1 · sigmoid'(z) = 0.741365 · 0.186816 = 0.138499
                    h1: dL/dh1 = w5·δy1 = 0.4·0.138499 = 0.055399
                        sigmoid'(z) = h1·(1 − h1) = 0.59327·0.40673 = 0.241301
                        δh1 = dL/dh1 · sigmoid'(z) = 0.055399 · 0.241301 = 0.013368
                    h2: dL/dh2 = w6·δy1 = 0.45·0.138499 = 0.062324
                        sigmoid'(z) = h2·(1 − h2) = 0.596884·0.403116 = 0.240613
                        δh2 = dL/dh2 · sigmoid'(z) = 0.062324 · 0.240613 = 0.014996
          update    dL/dw1 = δh1·x1 = 0.013368·0.05 = 0.000668   w1 = 0.15 − 0.5 · 0.000668 = 0.149666
                    dL/dw2 = δh1·x2 = 0.013368·0.1 = 0.001337   w2 = 0.2 − 0.5 · 0.001337 = 0.199332
                    dL/db1 = δh1 = 0.013368   b1 = 0.35 − 0.5 · 0.013368 = 0.343316
                    dL/dw3 = δh2·x1 = 0.014996·0.05 = 0.00075   w3 = 0.25 − 0.5 · 0.00075 = 0.249625
                    dL/dw4 = δh2·x2 = 0.014996·0.1 = 0.0015   w4 = 0.3 − 0.5 · 0.0015 = 0.29925
                    dL/db2 = δh2 = 0.014996   b2 = 0.35 − 0.5 · 0.014996 = 0.342502
                    dL/dw5 = δy1·h1 = 0.138499·0.59327 = 0.082167   w5 = 0.4 − 0.5 · 0.082167 = 0.358916
                    dL/dw6 = δy1·h2 = 0.138499·0.596884 = 0.082668   w6 = 0.45 − 0.5 · 0.082668 = 0.408666
                    dL/db3 = δy1 = 0.138499   b3 = 0.6 − 0.5 · 0.138499 = 0.530751
        """

    func testStepWritesEveryNumberLayerByLayer() {
        let s = Session()
        s.ok(Self.setup)
        XCTAssertEqual(s.ok("predict net [0.05, 0.10]").plainLines, ["[0.751365]"], "predict gives the step's y1")
        XCTAssertEqual(s.ok("step net input [0.05, 0.10] target 0.01 rate 0.5").plainLines.joined(separator: "\n"), Self.expectedStep)
        // The model holds the new weights (as 32-bit floats), so predict and summary go on from them.
        XCTAssertEqual(s.numbers("net.layers[1].weights")?.map(Float.init), [Float(0.35891647971788465), Float(0.4086661860762334)])
        XCTAssertEqual(s.numbers("net.layers[0].biases")?.map(Float.init), [Float(0.34331603978855624), Float(0.3425019622555516)])
    }

    /// Mazur's whole 2-2-2 example: his w5⁺ = 0.35891648 and w1⁺ = 0.149780716, to 6 decimals.
    func testMazursTwoOutputs() {
        let s = Session()
        s.ok(Self.setup.replacingOccurrences(of: "[2, 2, 1]", with: "[2, 2, 2]")
                .replacingOccurrences(of: "[[0.40], [0.45]]", with: "[[0.40, 0.50], [0.45, 0.55]]")
                .replacingOccurrences(of: "[0.60]", with: "[0.60, 0.60]"))
        let lines = s.ok("step net input [0.05, 0.10] target [0.01, 0.99] rate 0.5").plainLines
        XCTAssertTrue(lines.contains("  loss      L = ½Σ(y − t)² = ½[(0.751365 − 0.01)² + (0.772928 − 0.99)²] = 0.298371"), "\(lines)")
        XCTAssertTrue(lines.contains("            h1: dL/dh1 = w5·δy1 + w7·δy2 = 0.4·0.138499 + 0.5·(-0.038098) = 0.03635"), "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasSuffix("w5 = 0.4 − 0.5 · 0.082167 = 0.358916") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasSuffix("w1 = 0.15 − 0.5 · 0.000439 = 0.149781") }, "\(lines)")
        let (d, _) = s.failure("step net input [0.05, 0.10] target [0.01, 0.99] rate 1e40") ?? (nil, [])
        assertDiagnostic(d, .value, contains: "more than the model's 32-bit floats hold", line: 1, column: 1)
        XCTAssertEqual(s.numbers("net.layers[1].weights")?.map(Float.init).first, Float(0.35891647971788465), "an overflow changes nothing")
    }

    /// `step` and `step N` repeat it from the exact Float64 weights, as three
    /// steps of NeuralCore's `DenseNetwork` do; no names after the first.
    func testStepRepeatsFromTheExactWeights() throws {
        let s = Session()
        s.ok(Self.setup)
        s.ok("step net input [0.05, 0.10] target 0.01 rate 0.5")
        let again = s.ok("step").plainLines
        XCTAssertEqual(again.first, "network step 2: inputs [0.05, 0.1], target 0.01, learning rate 0.5")
        XCTAssertFalse(again.contains { $0.contains("names") })
        XCTAssertTrue(again.contains("  loss      L = ½Σ(y − t)² = ½(0.728352 − 0.01)² = 0.258015"), "\(again)")
        let three = s.ok("step 2").plainLines
        XCTAssertEqual(three.filter { $0.hasPrefix("network step") }.count, 2)
        var reference = try DenseNetwork(layers: [
            .init(weights: [[0.15, 0.25], [0.20, 0.30]], biases: [0.35, 0.35], activation: .sigmoid),
            .init(weights: [[0.40], [0.45]], biases: [0.60], activation: .sigmoid),
        ])
        var last: NetworkStepTrace?
        for _ in 0..<4 { last = try reference.step(inputs: [0.05, 0.10], targets: [0.01], rate: 0.5) }
        guard case .network(_, _, _, _, let count, let exact)? = s.interpreter.state.last.step else { return XCTFail("no network step kept") }
        XCTAssertEqual(count, 4)
        XCTAssertEqual(exact, reference, "four steps in Float64, not rounded to Float32 between them")
        let loss = try XCTUnwrap(last?.loss)
        XCTAssertTrue(three.contains { $0.hasSuffix("= \(NumberFormat.format(loss, precision: .decimals(6)))") && $0.contains("loss") }, "\(three)")
        // A weight changed by hand is read from the model for the next step.
        s.ok("net.layers[1].biases = [0]")
        XCTAssertTrue(s.ok("step").plainLines.contains { $0.hasPrefix("            y1: z = w5·h1 + w6·h2 + b3 = ") && $0.contains(" + 0 = ") })
    }

    /// The autograd on the same numbers gives the step's dL/dw1 (the lesson's check).
    func testAutogradAgreesWithTheStep() {
        let s = Session()
        s.ok("""
            w1 = value(0.15)
            h1 = sigmoid(w1*0.05 + 0.20*0.10 + 0.35)
            h2 = sigmoid(0.25*0.05 + 0.30*0.10 + 0.35)
            y1 = sigmoid(0.40*h1 + 0.45*h2 + 0.60)
            L = 0.5*(y1 - 0.01)^2
            backward L
            """)
        assertClose(s.number("w1.grad"), 0.000668396021144373, within: 1e-15)
        XCTAssertEqual(s.shown("w1.grad"), "0.000668")
    }

    func testStepMistakes() {
        let s = Session()
        s.ok(Self.setup)
        let (d1, _) = s.failure("step net input [0.05, 0.10, 1] target 0.01") ?? (nil, [])
        assertDiagnostic(d1, .value, contains: "the network takes 2 inputs but the input has 3 values", line: 1, column: 16, endColumn: 31)
        let (d2, _) = s.failure("step net input [0.05, 0.10] target [0.01, 0.99]") ?? (nil, [])
        assertDiagnostic(d2, .value, contains: "the network has 1 output but the target has 2 values", line: 1, column: 36)
        XCTAssertEqual(d2?.hint, "one number, e.g. target 0.01")
        let (d3, _) = s.failure("step net input [[0.05, 0.10]] target 0.01") ?? (nil, [])
        assertDiagnostic(d3, .type, contains: "the input must be a vector", line: 1, column: 16)
        let (d4, _) = s.failure("step net input [0.05, 0.10] target 0.01 rate 0") ?? (nil, [])
        assertDiagnostic(d4, .value, contains: "the learning rate must be positive", line: 1, column: 46)
        s.ok("two = network([2, 2, 2])")
        let (d5, _) = s.failure("step two input [1, 2] target 1") ?? (nil, [])
        XCTAssertEqual(d5?.hint, "a vector of 2, one per output, e.g. target [0, 0]")
        s.ok("soft = sequential(dense(2, relu, input: 2), dense(2, softmax))")
        let (d6, _) = s.failure("step soft input [1, 2] target [1, 0]") ?? (nil, [])
        assertDiagnostic(d6, .value, contains: "layer 2 uses softmax (its outputs depend on each other)", line: 1, column: 6, endColumn: 10)
        s.ok("drop = sequential(dense(2, relu, input: 2), dropout(0.2), dense(1, sigmoid))")
        let (d7, _) = s.failure("step drop input [1, 2] target 1") ?? (nil, [])
        assertDiagnostic(d7, .value, contains: "layer 2 is dropout, and a step by hand works on dense layers only", line: 1, column: 6)
        s.ok("big = network([64, 128, 10])")
        let (d8, _) = s.failure("step big input [1, 2] target 1") ?? (nil, [])
        assertDiagnostic(d8, .limit, contains: "at most 6 neurons and 24 weights and biases; this one has 138 neurons and 9,610 weights and biases",
                         line: 1, column: 6)
        XCTAssertTrue(d8?.hint?.hasPrefix("train MODEL on DATA trains a network of any size") ?? false)
        let (d9, _) = s.failure("step 3 input [1] target 1") ?? (nil, [])
        assertDiagnostic(d9, .type, contains: "needs a neuron or a network, got a number", line: 1, column: 6)
        let (d10, _) = s.failure("network([2, 2], activation: softmax)") ?? (nil, [])
        assertDiagnostic(d10, .value, contains: "softmax belongs on an output layer only", line: 1, column: 17)
        let (d11, _) = s.failure("network([2])") ?? (nil, [])
        assertDiagnostic(d11, .value, contains: "at least two numbers", line: 1, column: 9)
        let (d12, _) = s.failure("network([2, 1.5])") ?? (nil, [])
        assertDiagnostic(d12, .value, contains: "whole numbers from 1 to 1,000,000", line: 1, column: 9)
        let (d13, _) = s.failure("network([2, 1], units: 3)") ?? (nil, [])
        assertDiagnostic(d13, .name, contains: "network has no parameter 'units'", line: 1, column: 17)
        // None of it changed the network or forgot it.
        XCTAssertEqual(s.numbers("net.layers[1].weights")?.map(Float.init), [0.4, 0.45])
        s.ok("step net input [0.05, 0.10] target 0.01 rate 0.5")
    }

    /// A lesson's answer runs on a fork: its steps change the fork's network only.
    func testAStepInAForkLeavesTheOriginalNetwork() {
        let s = Session()
        s.ok(Self.setup)
        s.ok("step net input [0.05, 0.10] target 0.01 rate 0.5")
        let before = s.numbers("net.layers[1].weights")
        let f = s.fork()
        XCTAssertTrue(f.ok("step").plainLines.first?.hasPrefix("network step 2:") ?? false)
        XCTAssertEqual(s.numbers("net.layers[1].weights"), before)
        XCTAssertNotEqual(f.numbers("net.layers[1].weights"), before)
        XCTAssertTrue(s.ok("step").plainLines.first?.hasPrefix("network step 2:") ?? false, "the original counts on from its own step")
    }

    /// Names with two hidden layers and slopes of other activations.
    func testDeeperNetworkNames() {
        let s = Session()
        s.ok("deep = network([2, 2, 2, 1], activation: tanh)")
        let lines = s.ok("step deep input [1, -2] target 0.5").plainLines
        XCTAssertEqual(lines[1], "  names     layers[0].weights = [[w1, w3], [w2, w4]]   biases = [b1, b2]")
        XCTAssertEqual(lines[3], "            layers[2].weights = [[w9], [w10]]   biases = [b5]")
        XCTAssertTrue(lines.contains { $0.hasPrefix("            h2_1: z = w5·h1_1 + w6·h1_2 + b3 = ") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("            h1_2: dL/dh1_2 = w6·δh2_1 + w8·δh2_2 = ") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("                  tanh'(z) = 1 − h1_1² = 1 − ") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.contains("(-0.542314)·(-2)") }, "a negative weight in brackets: \(lines)")
    }
}
