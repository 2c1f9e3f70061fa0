@testable import NeuralCore
import XCTest

/// `DenseNetwork.step` against Matt Mazur's "A Step by Step Backpropagation
/// Example" (2015, mattmazur.com), against values worked out in Python for a
/// 2-2-1 network, and its gradients against finite differences and the
/// scalar autograd built from the same numbers.
final class NetworkStepTests: XCTestCase {
    /// Mazur's network: inputs 0.05, 0.10; w1…w4 = 0.15, 0.20, 0.25, 0.30
    /// (w1: i1→h1, w2: i2→h1, w3: i1→h2, w4: i2→h2), b1 = 0.35; w5…w8 = 0.40,
    /// 0.45, 0.50, 0.55, b2 = 0.60; targets 0.01, 0.99. In Keras's layout
    /// (inputs × units) W1 = [[w1, w3], [w2, w4]].
    static func mazur() throws -> DenseNetwork {
        try DenseNetwork(layers: [
            .init(weights: [[0.15, 0.25], [0.20, 0.30]], biases: [0.35, 0.35], activation: .sigmoid),
            .init(weights: [[0.40, 0.50], [0.45, 0.55]], biases: [0.60, 0.60], activation: .sigmoid),
        ])
    }

    /// The same network with Mazur's first output only.
    static func twoTwoOne() throws -> DenseNetwork {
        try DenseNetwork(layers: [
            .init(weights: [[0.15, 0.25], [0.20, 0.30]], biases: [0.35, 0.35], activation: .sigmoid),
            .init(weights: [[0.40], [0.45]], biases: [0.60], activation: .sigmoid),
        ])
    }

    /// A deeper network with three kinds of activation, none of them sigmoid at the output.
    static func deeper() throws -> DenseNetwork {
        try DenseNetwork(layers: [
            .init(weights: [[0.1, -0.2, 0.3], [0.4, 0.5, -0.6], [-0.7, 0.8, 0.9]], biases: [0.1, -0.1, 0.2], activation: .tanh),
            .init(weights: [[0.2, -0.3], [0.5, 0.1], [-0.4, 0.6]], biases: [0.05, -0.05], activation: .softplus),
            .init(weights: [[0.3, -0.8], [0.7, 0.2]], biases: [0.1, 0.0], activation: .linear),
        ])
    }

    /// Mazur's published values after one step at rate 0.5 (printed to 8 or 9
    /// digits, hence 1e-8): E_total 0.298371109, out_o1 0.75136507, out_o2
    /// 0.772928465, ∂E/∂w5 0.082167041, w5⁺ 0.35891648, w6⁺ 0.408666186,
    /// w7⁺ 0.511301270, w8⁺ 0.561370121, ∂E/∂w1 0.000438568, w1⁺ 0.149780716,
    /// w2⁺ 0.19956143, w3⁺ 0.24975114, w4⁺ 0.29950229. Mazur does not update
    /// the biases, which does not change any weight's first step.
    func testMazursWorkedExample() throws {
        var net = try Self.mazur()
        let trace = try net.step(inputs: [0.05, 0.10], targets: [0.01, 0.99], rate: 0.5)
        XCTAssertEqual(trace.loss, 0.298371109, accuracy: 1e-8)
        assertClose(trace.outputs, [0.75136507, 0.772928465], tolerance: 1e-8)
        XCTAssertEqual(trace.layers[0].neurons[0].weightedSum, 0.3775, accuracy: 1e-12)
        assertClose(trace.layers[0].neurons.map(\.output), [0.593269992, 0.596884378], tolerance: 1e-8)
        let (h1, h2) = (trace.layers[0].neurons[0], trace.layers[0].neurons[1])
        let (o1, o2) = (trace.layers[1].neurons[0], trace.layers[1].neurons[1])
        XCTAssertEqual(o1.weightGradients[0], 0.082167041, accuracy: 1e-8)
        XCTAssertEqual(h1.weightGradients[0], 0.000438568, accuracy: 1e-8)
        assertClose(o1.newWeights + o2.newWeights, [0.35891648, 0.408666186, 0.511301270, 0.561370121], tolerance: 1e-8)
        assertClose(h1.newWeights + h2.newWeights, [0.149780716, 0.19956143, 0.24975114, 0.29950229], tolerance: 1e-8)
        // Mazur's ∂E_total/∂out_h1 = 0.055399425 + (−0.019049119) = 0.036350306: the two terms of h1's dL/da.
        assertClose(h1.terms.map { $0.weight * $0.delta }, [0.055399425, -0.019049119], tolerance: 1e-8)
        XCTAssertEqual(h1.outputGradient, 0.036350306, accuracy: 1e-8)
        // The network now holds the new weights, in Keras's layout.
        XCTAssertEqual(net.layers[1].weights[0][0], o1.newWeights[0])
        XCTAssertEqual(net.layers[0].weights[1][0], h1.newWeights[1])
        XCTAssertEqual(net.layers[0].weights[0][1], h2.newWeights[0])
    }

    /// The 2-2-1 network, every value against Python's float64 of the same
    /// formulas (tolerance 1e-12).
    func testTwoTwoOneTrace() throws {
        var net = try Self.twoTwoOne()
        let trace = try net.step(inputs: [0.05, 0.10], targets: [0.01], rate: 0.5)
        let tolerance = 1e-12
        XCTAssertEqual(trace.loss, 0.274811083176155, accuracy: tolerance)
        let (h1, h2, y) = (trace.layers[0].neurons[0], trace.layers[0].neurons[1], trace.layers[1].neurons[0])
        assertClose([h1.weightedSum, h2.weightedSum, y.weightedSum], [0.3775, 0.39249999999999996, 1.10590596705977], tolerance: tolerance)
        assertClose([h1.output, h2.output, y.output], [0.5932699921071872, 0.596884378259767, 0.7513650695523157], tolerance: tolerance)
        assertClose([y.delta, h1.delta, h2.delta], [0.13849856162855695, 0.013367920422887458, 0.014996075488896851], tolerance: tolerance)
        XCTAssertEqual(y.outputGradient, 0.7513650695523157 - 0.01, accuracy: tolerance)
        XCTAssertEqual(h1.terms, [NetworkStepTrace.Term(weight: 0.40, delta: y.delta)])
        assertClose(h1.weightGradients + h2.weightGradients,
                    [0.000668396021144373, 0.001336792042288746, 0.0007498037744448426, 0.0014996075488896852], tolerance: tolerance)
        assertClose(y.weightGradients, [0.08216704056423077, 0.08266762784753325], tolerance: tolerance)
        assertClose(h1.newWeights + h2.newWeights,
                    [0.1496658019894278, 0.19933160397885563, 0.24962509811277758, 0.29925019622555515], tolerance: tolerance)
        assertClose(y.newWeights, [0.35891647971788465, 0.4086661860762334], tolerance: tolerance)
        assertClose([h1.newBias, h2.newBias, y.newBias], [0.34331603978855624, 0.3425019622555516, 0.5307507191857215], tolerance: tolerance)
        XCTAssertLessThan(try net.loss(inputs: [0.05, 0.10], targets: [0.01]), trace.loss)
    }

    /// Every weight's and bias's gradient against the five-point central
    /// difference (f(−2h) − 8f(−h) + 8f(h) − f(2h))/12h with h = 1e-3: its
    /// truncation error is O(h⁴) ≈ 1e-13 here and its rounding error about
    /// 1e-16·L/h ≈ 1e-13, so the gradients (1e-4 to 1e-1) agree to 1e-9 relative
    /// (plus 1e-12 absolute for a gradient near zero).
    func testGradientsMatchFiniteDifferences() throws {
        let cases: [(DenseNetwork, [Double], [Double])] = [
            (try Self.mazur(), [0.05, 0.10], [0.01, 0.99]),
            (try Self.twoTwoOne(), [0.05, 0.10], [0.01]),
            (try Self.deeper(), [0.5, -1.0, 2.0], [0.3, -0.2]),
        ]
        for (net, x, t) in cases {
            var copy = net
            let trace = try copy.step(inputs: x, targets: t, rate: 0.5)
            for (l, layer) in trace.layers.enumerated() {
                for (j, neuron) in layer.neurons.enumerated() {
                    for i in neuron.weights.indices {
                        let numeric = try Self.fivePoint(net, x, t) { $0.layers[l].weights[i][j] += $1 }
                        XCTAssertEqual(neuron.weightGradients[i], numeric, accuracy: 1e-9 * abs(numeric) + 1e-12, "layer \(l) w[\(i)][\(j)]")
                    }
                    let numeric = try Self.fivePoint(net, x, t) { $0.layers[l].biases[j] += $1 }
                    XCTAssertEqual(neuron.delta, numeric, accuracy: 1e-9 * abs(numeric) + 1e-12, "layer \(l) b[\(j)]")
                }
            }
        }
    }

    static func fivePoint(_ net: DenseNetwork, _ x: [Double], _ t: [Double], _ nudge: (inout DenseNetwork, Double) -> Void) throws -> Double {
        let h = 1e-3
        func loss(_ d: Double) throws -> Double {
            var n = net
            nudge(&n, d)
            return try n.loss(inputs: x, targets: t)
        }
        return (try loss(-2 * h) - 8 * loss(-h) + 8 * loss(h) - loss(2 * h)) / (12 * h)
    }

    /// The same network built as autograd values (`Scalar`), with
    /// L = Σ ½(y − t)², backward: every weight's grad equals the trace's
    /// gradient to 1e-12 (the same operations in a different order).
    func testGradientsMatchAutograd() throws {
        for (net, x, t) in [(try Self.mazur(), [0.05, 0.10], [0.01, 0.99]), (try Self.deeper(), [0.5, -1.0, 2.0], [0.3, -0.2])] {
            var copy = net
            let trace = try copy.step(inputs: x, targets: t, rate: 0.1)
            let w = net.layers.map { $0.weights.map { $0.map { Scalar($0) } } }
            let b = net.layers.map { $0.biases.map { Scalar($0) } }
            var a = x.map { Scalar($0) }
            for (l, layer) in net.layers.enumerated() {
                a = (0..<layer.units).map { j in
                    var z = b[l][j]
                    for i in a.indices { z = z + w[l][i][j] * a[i] }
                    return z.applying(layer.activation)
                }
            }
            var loss = Scalar(0)
            for (y, target) in zip(a, t) { loss = loss + 0.5 * (y - target).pow(2) }
            loss.backward()
            XCTAssertEqual(loss.data, trace.loss, accuracy: 1e-12)
            for (l, layer) in trace.layers.enumerated() {
                for (j, neuron) in layer.neurons.enumerated() {
                    assertClose(neuron.weightGradients, w[l].map { $0[j].grad }, tolerance: 1e-12)
                    XCTAssertEqual(neuron.delta, b[l][j].grad, accuracy: 1e-12)
                }
            }
        }
    }

    func testRefusals() throws {
        var net = try Self.twoTwoOne()
        assertThrows(.shapeMismatch(operation: "network input", lhs: [2], rhs: [3])) { try net.step(inputs: [1, 2, 3], targets: [0], rate: 0.1) }
        assertThrows(.shapeMismatch(operation: "network target", lhs: [1], rhs: [2])) { try net.step(inputs: [1, 2], targets: [0, 1], rate: 0.1) }
        XCTAssertThrowsError(try DenseNetwork(layers: [.init(weights: [[1, 2]], biases: [0, 0], activation: .softmax)])) {
            XCTAssertTrue("\($0)".contains("softmax"), "\($0)")
        }
        XCTAssertThrowsError(try DenseNetwork(layers: [.init(weights: [[1, 2]], biases: [0, 0], activation: .relu),
                                                       .init(weights: [[1]], biases: [0], activation: .relu)]))
        var linear = try DenseNetwork(layers: [.init(weights: [[1], [1]], biases: [0], activation: .linear)])
        let before = linear
        XCTAssertThrowsError(try linear.step(inputs: [1e200, 1e200], targets: [0], rate: 0.1)) {
            XCTAssertEqual("\($0)", "the step overflowed (a number went past 1.8e308): the learning rate or an input is far too large")
        }
        XCTAssertEqual(linear, before, "a step that overflowed changes nothing")
    }

    /// From a model: Float32 weights read as the decimals typed, and written back.
    func testModelRoundTrip() throws {
        var model = try SequentialModel.build([try DenseSpec(units: 2, activation: .sigmoid, inputSize: 2),
                                               try DenseSpec(units: 1, activation: .sigmoid)])
        try model.setAttribute("weights", ofLayer: 0, to: NDArray(shape: [2, 2], data: [0.15, 0.25, 0.20, 0.30]))
        try model.setAttribute("biases", ofLayer: 0, to: NDArray(vector: [0.35, 0.35]))
        try model.setAttribute("weights", ofLayer: 1, to: NDArray(shape: [2, 1], data: [0.40, 0.45]))
        try model.setAttribute("biases", ofLayer: 1, to: NDArray(vector: [0.60]))
        var net = try DenseNetwork(model: model)
        XCTAssertEqual(net, try Self.twoTwoOne())
        XCTAssertTrue(net.matchesRounded(model))
        _ = try net.step(inputs: [0.05, 0.10], targets: [0.01], rate: 0.5)
        XCTAssertFalse(net.matchesRounded(model))
        model = try net.written(into: model)
        XCTAssertTrue(net.matchesRounded(model))
        XCTAssertEqual(model.denseLayers[1].weights, [Float(0.35891647971788465), Float(0.4086661860762334)])
        var huge = net
        _ = try huge.step(inputs: [0.05, 0.10], targets: [0.01], rate: 1e40)
        XCTAssertThrowsError(try huge.written(into: model)) { XCTAssertTrue("\($0)".contains("3.4e38"), "\($0)") }
        assertThrows(.shapeMismatch(operation: "assign", lhs: [2, 1], rhs: [2])) {
            try model.setAttribute("weights", ofLayer: 1, to: NDArray(vector: [0.4, 0.45]))
        }
        assertThrows(.indexOutOfRange(index: 2, count: 2)) { try model.setAttribute("weights", ofLayer: 2, to: NDArray(vector: [1])) }
        XCTAssertThrowsError(try model.setAttribute("biases", ofLayer: 1, to: NDArray(vector: [1e39])))
        let dropout = try SequentialModel.build([try DenseSpec(units: 2, activation: .relu, inputSize: 2), try DropoutSpec(rate: 0.5),
                                                 try DenseSpec(units: 1, activation: .sigmoid)])
        XCTAssertThrowsError(try DenseNetwork(model: dropout)) { XCTAssertTrue("\($0)".contains("layer 2 is dropout"), "\($0)") }
    }
}
