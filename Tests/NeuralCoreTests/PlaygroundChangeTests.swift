@testable import NeuralCore
import XCTest

final class PlaygroundChangeTests: XCTestCase {
    func testEveryKeyChangesWhatItSays() {
        let s = PlaygroundSettings()
        XCTAssertEqual(s.applying(.rate(up: true)).rate, 0.3)
        XCTAssertEqual(s.applying(.rate(up: false)).rate, 0.03)
        XCTAssertEqual(s.applying(.activation).activation, .linear, "tanh, then linear in the registry's order")
        XCTAssertEqual(s.applying(.layers(more: true)).layers, [4, 2, 2])
        XCTAssertEqual(s.applying(.layers(more: false)).layers, [4])
        XCTAssertEqual(s.applying(.neurons(layer: 1, more: true)).layers, [4, 3])
        XCTAssertEqual(s.applying(.neurons(layer: 0, more: false)).layers, [3, 2])
        XCTAssertEqual(s.applying(.data).data, .xor)
        XCTAssertEqual(s.applying(.noise).noise, 0.15)
        XCTAssertEqual(s.applying(.split).trainRatio, 0.6)
        XCTAssertEqual(s.applying(.batch).batch, 20)
        XCTAssertEqual(s.applying(.feature(.sinX1)).features, [.x1, .x2, .sinX1])
        XCTAssertEqual(s.applying(.feature(.x1)).features, [.x2])
        let l1 = s.applying(.regularization)
        XCTAssertEqual([l1.regularization, l1.applying(.regularization).regularization, l1.applying(.regularization).applying(.regularization).regularization], [.l1, .l2, .none])
        XCTAssertEqual(l1.regularizationRate, 0.001)
        XCTAssertEqual(l1.applying(.regularizationRate(up: true)).regularizationRate, 0.003)
        XCTAssertEqual(s.applying(.regularizationRate(up: true)), s, "no penalty, no strength: r chooses L1 or L2 first")
    }

    func testLimitsHold() {
        var s = PlaygroundSettings()
        s.rate = 10
        XCTAssertEqual(s.applying(.rate(up: true)).rate, 10)
        s.layers = [8, 1, 1, 1, 1, 1]
        XCTAssertEqual(s.applying(.layers(more: true)).layers.count, 6)
        XCTAssertEqual(s.applying(.neurons(layer: 0, more: true)).layers[0], 8)
        XCTAssertEqual(s.applying(.neurons(layer: 1, more: false)).layers[1], 1)
        XCTAssertEqual(s.applying(.neurons(layer: 6, more: true)), s, "no such layer: nothing")
        s.layers = []
        XCTAssertEqual(s.applying(.layers(more: false)).layers, [])
        s.features = [.x2]
        XCTAssertEqual(s.applying(.feature(.x2)).features, [.x2], "the last feature stays on")
        s.noise = 0.5
        XCTAssertEqual(s.applying(.noise).noise, 0)
        for change in [PlaygroundChange.rate(up: true), .activation, .layers(more: true), .data, .noise, .split, .batch, .regularization] {
            var t = PlaygroundSettings()
            for _ in 0..<20 { t = t.applying(change) }
            XCTAssertNil(t.problem(), "\(change) keeps the settings valid")
        }
    }

    func testARateChangeKeepsTheRunAShapeChangeRestartsIt() throws {
        var run = try Playground(settings: PlaygroundSettings())
        for _ in 0..<3 { run.step() }
        let faster = try run.changing(.rate(up: true))
        XCTAssertEqual(faster.layers, run.layers)
        XCTAssertEqual(faster.epoch, 3)
        XCTAssertEqual(faster.settings.rate, 0.3)
        let wider = try run.changing(.neurons(layer: 0, more: true))
        XCTAssertEqual(wider.epoch, 0)
        XCTAssertEqual(wider.layers[0].weights.count, 5)
        let points = (0..<8).map { PlaygroundPoint(x1: Double($0), x2: 0, label: $0 % 2) }
        let own = try Playground(settings: PlaygroundSettings(), points: points)
        XCTAssertEqual(try own.changing(.activation).customPoints, points)
        XCTAssertNil(try own.changing(.data).customPoints, "d goes to the built-in sets")
    }
}

final class PlaygroundTraceTests: XCTestCase {
    func testANeuronOnOnePoint() throws {
        var s = PlaygroundSettings()
        s.regularization = .l2
        s.regularizationRate = 0.01
        var run = try Playground(settings: s)
        run.step()
        let point = run.train[0]
        let t = try XCTUnwrap(run.trace(layer: 1, neuron: 1, point: point))
        let outputs = run.forward(run.inputs(point))
        XCTAssertEqual(t.inputs, outputs[1])
        XCTAssertEqual(t.sum, t.bias + zip(t.weights, t.inputs).map(*).reduce(0, +), accuracy: 1e-15)
        XCTAssertEqual(t.output, tanh(t.sum), accuracy: 1e-15)
        // δ·xᵢ plus the L2 term λ·wᵢ; the update is −rate times it.
        for i in t.inputs.indices {
            XCTAssertEqual(t.weightGradients[i], t.delta * t.inputs[i] + 0.01 * t.weights[i], accuracy: 1e-15)
            XCTAssertEqual(t.updates[i], -0.1 * t.weightGradients[i], accuracy: 1e-15)
        }
        let out = try XCTUnwrap(run.trace(layer: 2, neuron: 0, point: point))
        XCTAssertEqual(out.delta, out.output - Double(point.label), accuracy: 1e-15, "the output's δ is p − y")
        XCTAssertNil(run.trace(layer: 3, neuron: 0, point: point))
        XCTAssertNil(run.trace(layer: 1, neuron: 2, point: point))
    }
}
