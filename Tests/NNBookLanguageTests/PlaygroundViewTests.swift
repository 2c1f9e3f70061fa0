import Foundation
import NeuralCore
import XCTest

@testable import NNBookLanguage

/// `playground …`: the command's settings and their mistakes, where it is
/// refused, the view's keys as actions (what each changes and says), `e`'s
/// arithmetic against the engine, and what `q` leaves in the session.
final class PlaygroundViewTests: XCTestCase {
    /// A session at a terminal.
    func terminalSession() -> Session {
        var options = SessionOptions()
        options.fullScreen = .available
        return Session(options: options)
    }

    func view(_ command: String, in s: Session? = nil, file: StaticString = #filePath, line: UInt = #line) -> PlaygroundView? {
        let r = (s ?? terminalSession()).ok(command, file: file, line: line)
        guard case .playground(let v)? = r.view else { XCTFail("no playground from \(command)", file: file, line: line); return nil }
        return v
    }

    // MARK: - The command

    func testSettingsOnTheLineAndTheCellThatReplaysThem() throws {
        let v = try XCTUnwrap(view("playground data: spiral layers: [8, 8] rate: 0.03 features: [x1, x2, sin_x1]"))
        XCTAssertEqual(v.run.settings.data, .spiral)
        XCTAssertEqual(v.run.settings.layers, [8, 8])
        XCTAssertEqual(v.run.settings.rate, 0.03)
        XCTAssertEqual(v.run.settings.features, [.x1, .x2, .sinX1])
        XCTAssertEqual(v.cell, "playground data: spiral noise: 0.1 split: 0.5 batch: 10 features: [x1, x2, sin_x1] layers: [8, 8] "
                       + "activation: tanh rate: 0.03 regularization: none regularization_rate: 0 seed: 42")
        let again = try XCTUnwrap(view(v.cell))
        XCTAssertEqual(again.run.settings, v.run.settings)
        XCTAssertEqual(again.run.train, v.run.train, "the same seed, the same points")
        XCTAssertEqual(try XCTUnwrap(view("playground")).run.settings, PlaygroundSettings())
    }

    func testMistakesPointAtTheSetting() {
        let s = terminalSession()
        assertDiagnostic(s.failure("playground rate: 0.1 rate: 2")?.0, .value, contains: "`rate:` is given twice", line: 1, column: 22)
        assertDiagnostic(s.failure("playground data: spiral layers: [8, 9]")?.0, .value, contains: "1 to 8 neurons, got 9",
                         line: 1, column: 25, endColumn: 39)
        assertDiagnostic(s.failure("playground batch: 0 seed: 1")?.0, .value, contains: "batch must be between 1 and 30",
                         line: 1, column: 12, endColumn: 20)
        assertDiagnostic(s.failure("playground data: squares")?.0, .value, contains: "data: expected one of circle, xor, gauss, spiral, moons",
                         line: 1, column: 18)
        assertDiagnostic(s.failure("playground circle")?.0, .value, contains: "a data set is a setting's value: data: circle", line: 1, column: 12)
        assertDiagnostic(s.failure("playground speed: 3")?.0, .value, contains: "the settings are data: noise:", line: 1, column: 12)
        assertDiagnostic(s.failure("playground rate: -1")?.0, .value, contains: "rate must be above 0 and at most 10, got -1", line: 1, column: 12, endColumn: 20)
        assertDiagnostic(s.failure("playground rate: -")?.0, .value, contains: "rate: expected a number", line: 1, column: 18)
        assertDiagnostic(s.failure("playground rate: \"fast\"")?.0, .syntax, contains: "a playground setting is KEY: VALUE", line: 1, column: 18)
        assertDiagnostic(s.failure("playground on 3")?.0, .type, contains: "playground on takes a data set, got a number", line: 1, column: 15)
        s.ok("d = digits()")
        assertDiagnostic(s.failure("playground on d")?.0, .value, contains: "this one has 64 features and 10 classes", line: 1, column: 15)
        assertDiagnostic(s.failure("playground\nplayground")?.0, .value, contains: "one playground or explore per cell", line: 2, column: 1)
    }

    func testRefusedWithoutATerminalSayingWhatToType() {
        let s = Session()  // a notebook's session: no full screen
        let (d, _) = s.failure("playground layers: [3]") ?? (Diagnostic(.value, "", at: nil), [])
        assertDiagnostic(d, .value, contains: "needs nnbook's prompt in a terminal", line: 1, column: 1)
        XCTAssertTrue(d.hint?.contains("type: playground data: circle noise: 0.1 split: 0.5 batch: 10 features: [x1, x2] layers: [3]") == true, d.hint ?? "")
    }

    func testYourOwnPointsReplayAsACellOnThem() throws {
        let s = terminalSession()
        s.ok("pts = moons(size: 120, noise: 0.2)")
        var v = try XCTUnwrap(view("playground on pts split: 0.7 layers: [3]", in: s))
        XCTAssertEqual(v.run.train.count + v.run.test.count, 120)
        XCTAssertEqual(v.run.train.count, 84)
        let screen = v.frame(width: 80, height: 24, colour: false).lines(colour: false)
        XCTAssertEqual(screen[1], "data pts (120 points) · split 70% train · batch 10 · rate 0.1 · tanh")
        XCTAssertEqual(screen[2], "layers [3] · regularization none · features x1 x2 · seed 42")
        XCTAssertEqual(v.cell, "playground on pts split: 0.7 batch: 10 features: [x1, x2] layers: [3] activation: tanh rate: 0.1 "
                       + "regularization: none regularization_rate: 0 seed: 42")
        let again = try XCTUnwrap(view(v.cell, in: s))
        XCTAssertEqual(again.run.train, v.run.train)
        // d leaves them for the built-in sets, and the cell says so.
        v.perform(.change(.data))
        XCTAssertNil(v.source)
        XCTAssertTrue(v.cell.hasPrefix("playground data: xor noise: 0.1 split: 0.7"), v.cell)
    }

    // MARK: - Keys

    func testEachSettingsKeySaysWhatItDid() throws {
        var v = try XCTUnwrap(view("playground"))
        for _ in 0..<3 { v.perform(.step) }
        XCTAssertEqual(v.run.epoch, 3)
        v.perform(.change(.rate(up: true)))
        XCTAssertEqual(v.message, "rate 0.3, weights kept")
        XCTAssertEqual(v.run.epoch, 3, "a new rate goes on from the same weights")
        v.perform(.change(.layers(more: true)))
        XCTAssertEqual(v.message, "layers [4, 2, 2]: new weights, epoch 0")
        XCTAssertEqual(v.run.epoch, 0)
        v.perform(.neurons(more: true))
        XCTAssertEqual(v.run.settings.layers, [4, 2, 3], "no selection: the last hidden layer")
        v.perform(.select(forward: true))
        v.perform(.neurons(more: false))
        XCTAssertEqual(v.run.settings.layers, [3, 2, 3], "the selected neuron's layer")
        v.perform(.change(.split))
        XCTAssertEqual(v.message, "split 0.6: 300 training and 200 test points: new weights, epoch 0")
        for _ in 0..<8 { v.perform(.neurons(more: true)) }
        XCTAssertEqual(v.message, "8 neurons a layer is the most")
        v.perform(.change(.regularizationRate(up: true)))
        XCTAssertEqual(v.message, "regularization is none: r chooses L1 or L2 first")
        v.perform(.change(.regularization))
        v.perform(.change(.regularizationRate(up: true)))
        XCTAssertEqual(v.message, "regularization l1, λ 0.003, weights kept")
        for _ in 0..<3 { v.perform(.change(.layers(more: false))) }
        v.perform(.neurons(more: true))
        XCTAssertEqual(v.message, "there is no hidden layer: ] adds one")
    }

    func testTheFeatureChooser() throws {
        var v = try XCTUnwrap(view("playground"))
        v.perform(.feature(3))
        XCTAssertEqual(v.run.settings.features, [.x1, .x2], "digits do nothing with the chooser closed")
        v.perform(.features)
        XCTAssertTrue(v.choosingFeatures)
        XCTAssertEqual(v.panel[3], "3 [ ] x1²")
        v.perform(.feature(3))
        XCTAssertEqual(v.panel[3], "3 [x] x1²")
        v.perform(.feature(1))
        v.perform(.feature(2))
        XCTAssertEqual(v.run.settings.features, [.x1Squared])
        v.perform(.feature(3))
        XCTAssertEqual(v.message, "the last feature stays on: switch another on first")
        XCTAssertTrue(v.choosingFeatures, "the chooser stays open while features change")
        v.perform(.features)
        XCTAssertFalse(v.choosingFeatures)
        XCTAssertEqual(v.panel, [])
    }

    func testPlayRewindAndTheViews() throws {
        var v = try XCTUnwrap(view("playground"))
        XCTAssertFalse(v.tick(), "paused: no epoch")
        v.perform(.playPause)
        for _ in 0..<20 { XCTAssertTrue(v.tick()) }
        XCTAssertEqual(v.run.epoch, 20)
        XCTAssertLessThan(v.run.trainLoss[20], v.run.trainLoss[0])
        let trained = v.run.layers
        v.perform(.rewind)
        XCTAssertFalse(v.playing)
        XCTAssertEqual(v.run.epoch, 0)
        for _ in 0..<20 { v.perform(.step) }
        XCTAssertEqual(v.run.layers, trained, "a rewound run replays exactly")
        v.perform(.toggleView)
        XCTAssertTrue(v.backward)
        let lines = v.frame(width: 80, height: 24, colour: false).lines(colour: false)
        XCTAssertTrue(lines[0].hasSuffix("view: backward"), lines[0])
        XCTAssertEqual(lines[3], "backward view: each weight's gradient on the last batch, scaled to the largest")
    }

    func testALossThatStopsBeingANumberPauses() throws {
        var v = try XCTUnwrap(view("playground data: spiral activation: linear layers: [8, 8, 8, 8, 8, 8] rate: 10 batch: 1"))
        v.perform(.playPause)
        var epochs = 0
        while v.playing, epochs < 50 { v.tick(); epochs += 1 }
        XCTAssertFalse(v.playing, "still playing after \(epochs) epochs, loss \(v.run.trainLoss.last ?? 0)")
        XCTAssertEqual(v.message, "the loss is not a number: rate 10 is too large here; - lowers it, R rewinds")
    }

    // MARK: - e

    func testExplainIsTheEnginesArithmetic() throws {
        var v = try XCTUnwrap(view("playground layers: [2] regularization: l2 regularization_rate: 0.01"))
        for _ in 0..<5 { v.perform(.step) }
        v.perform(.select(forward: true))
        v.perform(.select(forward: true))
        XCTAssertEqual(v.selection?.layer, 0)
        XCTAssertEqual(v.selection?.neuron, 1)
        v.perform(.explain)
        let point = v.run.train[0]
        let t = try XCTUnwrap(v.run.trace(layer: 0, neuron: 1, point: point))
        let f = { (x: Double) in NumberFormat.format(x, precision: .decimals(4)) }
        let lines = v.lastExplanation
        XCTAssertEqual(lines[0], "explain hidden layer 1, neuron 2 (tanh) at epoch 5,")
        XCTAssertEqual(lines[1], "on training point 1 of 250: x1 = \(f(point.x1)), x2 = \(f(point.x2)), class \(point.label)")
        XCTAssertTrue(lines[3].hasSuffix("= \(f(t.sum))"), lines[3])
        // z = b + Σ w·x by hand, and the output tanh(z)
        let w = v.run.layers[0].weights[1], b = v.run.layers[0].biases[1]
        XCTAssertEqual(t.sum, b + w[0] * point.x1 + w[1] * point.x2, accuracy: 1e-12)
        XCTAssertEqual(lines[4], "output = tanh(\(f(t.sum))) = \(f(tanh(t.sum)))")
        XCTAssertEqual(lines[5], "a step on this point alone (rate 0.1): δ = ∂loss/∂z = \(f(t.delta))")
        // L2: the gradient is δ·x plus λ·w, and the update −rate times it.
        XCTAssertEqual(t.weightGradients[0], t.delta * point.x1 + 0.01 * w[0], accuracy: 1e-12)
        XCTAssertEqual(lines[6], "∂loss/∂w1 = δ·x1 + 0.01·w1 = \(f(t.weightGradients[0]))   w1 → \(f(w[0])) − 0.1·"
                       + (t.weightGradients[0] < 0 ? "(\(f(t.weightGradients[0])))" : f(t.weightGradients[0])) + " = \(f(w[0] - 0.1 * t.weightGradients[0]))")
        XCTAssertEqual(v.panel.last, "e: the next point · Esc: close")
        v.perform(.explain)
        XCTAssertTrue(v.lastExplanation[1].hasPrefix("on training point 2 of 250"), "e again: the next point")
        XCTAssertTrue(v.perform(.dismiss))
        XCTAssertEqual(v.panel, [])
    }

    func testWSelectsEachIncomingWeightInTurn() throws {
        var v = try XCTUnwrap(view("playground layers: [3]"))
        v.perform(.step)
        v.perform(.selectWeight)
        XCTAssertEqual(v.selection?.layer, 0, "w with nothing selected takes the first neuron")
        XCTAssertEqual(v.selectedWeight, 0)
        let w = v.run.layers[0].weights[0], g = v.run.gradient[0].weights[0]
        let f = PlaygroundView.screenFormat
        var lines = v.frame(width: 80, height: 24, colour: false).lines(colour: false)
        XCTAssertEqual(lines[3], "▸ hidden layer 1, neuron 1 (tanh), w1 (from x1) = \(f(w[0])), ∂loss/∂w1 = \(f(g[0]))")
        v.perform(.selectWeight)
        XCTAssertEqual(v.selectedWeight, 1)
        v.perform(.explain)
        XCTAssertTrue(v.lastExplanation[7].hasPrefix("∂loss/∂w2 = δ·x2"), v.lastExplanation[7])
        XCTAssertTrue(v.lastExplanation[7].hasSuffix("   ◂ w"), v.lastExplanation[7])
        XCTAssertFalse(v.lastExplanation[6].contains("◂"))
        v.perform(.dismiss)
        v.perform(.selectWeight)
        XCTAssertNil(v.selectedWeight, "after the last weight, the whole neuron again")
        lines = v.frame(width: 120, height: 40, colour: false).lines(colour: false)
        XCTAssertTrue(lines[3].hasPrefix("▸ hidden layer 1, neuron 1 (tanh): w ["), lines[3])
        v.perform(.selectWeight)
        v.perform(.select(forward: true))
        XCTAssertNil(v.selectedWeight, "another neuron starts with no weight selected")
        // The selected weight's glyph is marked on the network's strip.
        v.perform(.selectWeight)
        let marked = v.frame(width: 120, height: 40, colour: false).lines(colour: false).filter { $0.contains("@") }
        XCTAssertEqual(marked.count, 1, "one weight marked")
    }

    func testExplainWithNothingSelectedTakesTheOutput() throws {
        var v = try XCTUnwrap(view("playground layers: [3, 2]"))
        v.perform(.explain)
        XCTAssertEqual(v.lastExplanation[0], "explain the output neuron (sigmoid) at epoch 0,")
        XCTAssertEqual(v.lastExplanation[2].hasPrefix("inputs: h2.1 = "), true, v.lastExplanation[2])
        let frame = v.frame(width: 80, height: 24, colour: false).lines(colour: false)
        XCTAssertTrue(frame[4].hasPrefix("┌─"), frame[4])
        XCTAssertTrue(frame[5].hasPrefix("│ explain the output neuron (sigmoid) at epoch 0,"), frame[5])
    }

    // MARK: - q

    func testQuittingKeepsTheModelAndTheData() throws {
        let s = terminalSession()
        var v = try XCTUnwrap(view("playground data: xor layers: [4]", in: s))
        v.perform(.playPause)
        for _ in 0..<40 { v.tick() }
        let notes = s.keep(v)
        XCTAssertEqual(notes[0], "model: the network at epoch 40 (summary model; evaluate model on data.test gives the test loss shown)")
        XCTAssertEqual(notes[1], "data: its 250 training and 250 test points (x1, x2, label)")
        // The model is the network: evaluate gives the playground's test loss (weights kept as 32-bit floats).
        let r = s.ok("evaluate model on data.test")
        let text = r.plainLines.joined(separator: "\n")
        let loss = try XCTUnwrap(text.split(separator: " ").dropFirst().first.flatMap { Double($0) }, text)
        XCTAssertEqual(loss, v.run.testLoss[40], accuracy: 1e-4, text)
        let p = try XCTUnwrap(s.numbers("model([0.5, -0.5])"))
        XCTAssertEqual(p[0], v.run.forward([0.5, -0.5]).last?[0] ?? -1, accuracy: 1e-6)
    }

    func testOtherFeaturesComeAsInputs() throws {
        let s = terminalSession()
        var v = try XCTUnwrap(view("playground features: [x1_squared, x2_squared] layers: []", in: s))
        for _ in 0..<10 { v.perform(.step) }
        let notes = s.keep(v)
        XCTAssertTrue(notes[0].contains("evaluate model on inputs.test"), notes[0])
        XCTAssertEqual(notes[2], "inputs: the same points as the model reads them (x1², x2²)")
        let point = v.run.train[3]
        let row = try XCTUnwrap(s.numbers("inputs.train[3]"))
        assertClose(row, [point.x1 * point.x1, point.x2 * point.x2], within: 1e-6)
        s.ok("evaluate model on inputs.test")
    }

    func testFilesItWritesReadBack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnbook-playground-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let s = terminalSession()
        let v = try XCTUnwrap(view("playground data: gauss split: 0.3", in: s))
        var names: [String] = []
        for file in v.csvFiles + v.csvFiles {  // the second time, new names
            let f = PlaygroundView.File(base: folder.path + "/" + file.base, ext: file.ext, text: file.text)
            names.append(try s.writeNew(f).get())
        }
        XCTAssertEqual(names.map { ($0 as NSString).lastPathComponent },
                       ["playground-train.csv", "playground-test.csv", "playground-train-2.csv", "playground-test-2.csv"])
        s.ok("t = load_csv(\"\(names[0])\", label: \"label\")")
        XCTAssertEqual(s.number("len(t)"), 150)
        let svg = v.svgFile(width: 80, height: 24)
        XCTAssertEqual(svg.base, "playground-epoch-0")
        XCTAssertTrue(svg.text.contains("<svg"), String(svg.text.prefix(80)))
    }
}
