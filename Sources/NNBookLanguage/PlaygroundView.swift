import NeuralCore
import NNBookRender

/// `playground …`: everything behind the full-screen playground, as a value
/// the caller drives with `perform` and `tick` and draws with `frame`. It
/// holds the run (`Playground`), whether it plays, the view, the selected
/// neuron, and what the screen says about the last key; it never touches a
/// terminal or a file (the caller writes what `files` hands it).
public struct PlaygroundView: Sendable {
    /// What a key asks for (`PlaygroundLoop` maps keys to these).
    public enum Action: Equatable, Sendable {
        /// Space: play or pause.
        case playPause
        /// `→`: one epoch, and pause.
        case step
        /// A settings key (`+`, `a`, `[`, `d`, `n`, `t`, `b`, `r`, `<` …).
        case change(PlaygroundChange)
        /// `}`/`{`: a neuron more or fewer in the selected hidden layer (else the last one).
        case neurons(more: Bool)
        /// `f`: open or close the feature chooser; then `1`…`7` toggle one.
        case features
        case feature(Int)
        /// Tab / Shift-Tab: the next or previous neuron.
        case select(forward: Bool)
        /// `w`: the selected neuron's next incoming weight (after the last, the neuron again).
        case selectWeight
        /// `e`: explain the selected neuron on the next training point.
        case explain
        /// `R`: back to the seeded initial weights, epoch 0.
        case rewind
        /// `v`: forward (weights) or backward (gradients) view.
        case toggleView
        /// Esc: close the box over the network.
        case dismiss
    }

    /// A file `s` or `x` asks the caller to write: a name not yet taken is made from `base`, then `.ext`.
    public struct File: Sendable, Equatable {
        public let base: String
        public let ext: String
        public let text: String
    }

    public private(set) var run: Playground
    public private(set) var playing = false
    public private(set) var backward = false
    /// The selected neuron: its layer in `run.layers` (the last is the output) and its index.
    public private(set) var selection: (layer: Int, neuron: Int)?
    /// The selected incoming weight of the selected neuron (`w`), by its input's index.
    public private(set) var selectedWeight: Int?
    /// What the last key did, shown under the settings until the next key.
    public private(set) var message: String?
    /// The box over the network: an explanation, or the feature chooser.
    public private(set) var panel: [String] = []
    /// The last explanation `e` showed, which the caller prints on leaving.
    public private(set) var lastExplanation: [String] = []
    /// The box is the feature chooser: `1`…`7` toggle features.
    public private(set) var choosingFeatures = false
    /// The training point `e` explains next.
    private var explainPoint = 0
    /// The expression the points came from (`playground on EXPR`), while they are used.
    public private(set) var source: String?

    /// Numbers on the screen and in explanations.
    /// Losses and weights on the screen: three decimals, all written (0.690, not 0.69), so the numbers line up and do not jump.
    static let screenFormat: @Sendable (Double) -> String = { $0.isFinite ? String(format: "%.3f", $0) : NumberFormat.format($0) }
    static let explainPrecision = Precision.decimals(4)

    public init(run: Playground, source: String?) {
        self.run = run
        self.source = run.customPoints == nil ? nil : source
    }

    /// The settings as a cell that starts the same run again (`playground …`, with `on EXPR` for the learner's own points).
    public var cell: String {
        guard let source else { return PlaygroundText.format(run.settings) }
        return PlaygroundText.format(run.settings, on: source)
    }

    // MARK: - Keys

    /// Carries out `action`; false when nothing on the screen changes.
    @discardableResult
    public mutating func perform(_ action: Action) -> Bool {
        let hadText = message != nil || !panel.isEmpty
        message = nil
        if action != .explain, action != .features, !(choosingFeatures && isFeature(action)) {
            panel = []
            choosingFeatures = false
        }
        switch action {
        case .playPause:
            playing.toggle()
            return true
        case .step:
            playing = false
            stepOnce()
            return true
        case .change(.regularizationRate) where run.settings.regularization == .none:
            message = "regularization is none: r chooses L1 or L2 first"
            return true
        case .change(let change):
            apply(change)
            return true
        case .neurons(let more):
            let hidden = run.settings.layers.indices
            guard let layer = selection.map({ $0.layer }).flatMap({ hidden.contains($0) ? $0 : nil }) ?? hidden.last else {
                message = "there is no hidden layer: ] adds one"
                return true
            }
            apply(.neurons(layer: layer, more: more))
            return true
        case .features:
            choosingFeatures.toggle()
            panel = choosingFeatures ? featureChooser() : []
            if !choosingFeatures { message = "features \(run.settings.features.map(\.label).joined(separator: ", "))" }
            return true
        case .feature(let k):
            guard choosingFeatures, PlaygroundFeature.allCases.indices.contains(k - 1) else { return hadText }
            apply(.feature(PlaygroundFeature.allCases[k - 1]))
            panel = featureChooser()
            return true
        case .select(let forward):
            select(forward: forward)
            return true
        case .selectWeight:
            if selection == nil { select(forward: true) }
            guard let s = selection else { return true }
            let count = run.layers[s.layer].weights[s.neuron].count
            selectedWeight = selectedWeight.map { $0 + 1 < count ? $0 + 1 : nil } ?? 0
            return true
        case .explain:
            explain()
            return true
        case .rewind:
            run.rewind()
            playing = false
            explainPoint = 0
            message = "rewound to the seeded initial weights: epoch 0, the same run replays"
            return true
        case .toggleView:
            backward.toggle()
            message = backward ? "backward view: each weight's gradient on the last batch, scaled to the largest" : "forward view: the weights"
            return true
        case .dismiss:
            return hadText
        }
    }

    private func isFeature(_ action: Action) -> Bool {
        if case .feature = action { return true }
        return false
    }

    /// One epoch while playing; false when paused. A loss that stops being a
    /// number pauses the run and says why.
    public mutating func tick() -> Bool {
        guard playing else { return false }
        stepOnce()
        return true
    }

    private mutating func stepOnce() {
        run.step()
        guard let loss = run.trainLoss.last, !loss.isFinite else { return }
        playing = false
        message = "the loss is not a number: rate \(PlaygroundText.number(run.settings.rate)) is too large here; - lowers it, R rewinds"
    }

    private mutating func apply(_ change: PlaygroundChange) {
        let before = run.settings
        do {
            let next = try run.changing(change)
            if next.customPoints == nil { source = nil }
            run = next
        } catch {
            message = "\(error)"
            return
        }
        let after = run.settings
        guard after != before else {
            message = limitMessage(change)
            return
        }
        if change.restarts {
            explainPoint = 0
            if let s = selection, !(run.layers.indices.contains(s.layer) && run.layers[s.layer].biases.indices.contains(s.neuron)) {
                selection = nil
            }
            selectedWeight = nil
        }
        message = describe(change, after) + (change.restarts ? ": new weights, epoch 0" : ", weights kept")
    }

    private func describe(_ change: PlaygroundChange, _ s: PlaygroundSettings) -> String {
        let n = PlaygroundText.number
        switch change {
        case .rate: return "rate \(n(s.rate))"
        case .activation: return "activation \(s.activation.rawValue)"
        case .layers, .neurons: return "layers [\(s.layers.map(String.init).joined(separator: ", "))]"
        case .data: return "data \(s.data.rawValue)"
        case .noise: return "noise \(n(s.noise))"
        case .split: return "split \(n(s.trainRatio)): \(run.train.count) training and \(run.test.count) test points"
        case .batch: return "batch \(s.batch)"
        case .feature: return "features \(s.features.map(\.label).joined(separator: ", "))"
        case .regularization, .regularizationRate:
            return s.regularization == .none ? "regularization none" : "regularization \(s.regularization.rawValue), λ \(n(s.regularizationRate))"
        }
    }

    private func limitMessage(_ change: PlaygroundChange) -> String {
        switch change {
        case .rate(let up): return up ? "rate \(PlaygroundText.number(run.settings.rate)) is the largest" : "rate \(PlaygroundText.number(run.settings.rate)) is the smallest"
        case .layers(let more): return more ? "\(PlaygroundSettings.maxLayers) hidden layers is the most" : "no hidden layers left: the inputs go straight to the output"
        case .neurons(_, let more): return more ? "\(PlaygroundSettings.maxNeurons) neurons a layer is the most" : "a layer keeps at least 1 neuron"
        case .feature: return "the last feature stays on: switch another on first"
        case .regularizationRate(let up):
            if run.settings.regularization == .none { return "regularization is none: r chooses L1 or L2 first" }
            return up ? "λ \(PlaygroundText.number(run.settings.regularizationRate)) is the largest" : "λ 0 is the smallest"
        default: return "no change"
        }
    }

    private func featureChooser() -> [String] {
        ["features: press a number to switch one on or off, f or Esc to close"]
            + PlaygroundFeature.allCases.enumerated().map { k, f in
                "\(k + 1) [\(run.settings.features.contains(f) ? "x" : " ")] \(f.label)"
            }
    }

    private var neurons: [(layer: Int, neuron: Int)] {
        run.layers.indices.flatMap { l in run.layers[l].biases.indices.map { (l, $0) } }
    }

    private mutating func select(forward: Bool) {
        let all = neurons
        guard !all.isEmpty else { return }
        let k = selection.flatMap { s in all.firstIndex { $0 == s } }
        let next = k.map { forward ? ($0 + 1) % all.count : ($0 + all.count - 1) % all.count } ?? (forward ? 0 : all.count - 1)
        selection = all[next]
        selectedWeight = nil
    }

    /// "hidden layer 1, neuron 2 (tanh)" or "the output (sigmoid)".
    private func name(layer: Int, neuron: Int) -> String {
        layer == run.layers.count - 1 ? "the output neuron (sigmoid)"
            : "hidden layer \(layer + 1), neuron \(neuron + 1) (\(run.settings.activation.rawValue))"
    }

    /// What neuron `i` of the layer before `layer` is called: a feature, or `h1.2`.
    private func inputName(layer: Int, _ i: Int) -> String {
        layer == 0 ? run.settings.features[i].label : "h\(layer).\(i + 1)"
    }

    /// The selected neuron's weights (or their gradients), for the line under the settings.
    private var selectionLine: String? {
        guard let s = selection, run.layers.indices.contains(s.layer), run.layers[s.layer].biases.indices.contains(s.neuron) else { return nil }
        let f = Self.screenFormat
        if let i = selectedWeight, run.layers[s.layer].weights[s.neuron].indices.contains(i) {
            return "▸ \(name(layer: s.layer, neuron: s.neuron)), w\(i + 1) (from \(inputName(layer: s.layer, i))) = "
                + "\(f(run.layers[s.layer].weights[s.neuron][i])), ∂loss/∂w\(i + 1) = \(f(run.gradient[s.layer].weights[s.neuron][i]))"
        }
        let source = backward ? run.gradient[s.layer] : run.layers[s.layer]
        let w = source.weights[s.neuron].map(f).joined(separator: ", ")
        let b = f(source.biases[s.neuron])
        return "▸ \(name(layer: s.layer, neuron: s.neuron)): " + (backward ? "∂loss/∂w [\(w)] ∂loss/∂b \(b)" : "w [\(w)] b \(b)")
            + " · e explains it"
    }

    private mutating func explain() {
        if selection == nil { selection = (run.layers.count - 1, 0) }
        guard let s = selection, !run.train.isEmpty else { return }
        let k = explainPoint % run.train.count
        explainPoint = k + 1
        lastExplanation = explanation(layer: s.layer, neuron: s.neuron, point: k, marking: selectedWeight)
        panel = lastExplanation + ["", "e: the next point · Esc: close"]
    }

    /// Neuron (`layer`, `neuron`) on training point `k`: its weighted sum and
    /// output, then δ, each weight's gradient and the update a step on this
    /// point alone would make.
    func explanation(layer: Int, neuron: Int, point k: Int, marking selected: Int? = nil) -> [String] {
        let point = run.train[k]
        guard let t = run.trace(layer: layer, neuron: neuron, point: point) else { return [] }
        let f = { (x: Double) in NumberFormat.format(x, precision: Self.explainPrecision) }
        let p = { (x: Double) in x < 0 ? "(\(f(x)))" : f(x) }
        let rate = run.settings.rate, lambda = run.settings.regularizationRate
        let activation = layer == run.layers.count - 1 ? "sigmoid" : run.settings.activation.rawValue
        var lines = [
            "explain \(name(layer: layer, neuron: neuron)) at epoch \(run.epoch),",
            "on training point \(k + 1) of \(run.train.count): x1 = \(f(point.x1)), x2 = \(f(point.x2)), class \(point.label)",
            "inputs: " + t.inputs.indices.map { "\(inputName(layer: layer, $0)) = \(f(t.inputs[$0]))" }.joined(separator: ", "),
            "z = b + Σ wᵢ·xᵢ = \(f(t.bias))" + t.weights.indices.map { " + \(p(t.weights[$0]))·\(p(t.inputs[$0]))" }.joined() + " = \(f(t.sum))",
            "output = \(activation)(\(f(t.sum))) = \(f(t.output))",
            "a step on this point alone (rate \(PlaygroundText.number(rate))): δ = ∂loss/∂z = \(f(t.delta))",
        ]
        for i in t.weights.indices {
            let penalty: String
            switch run.settings.regularization {
            case .none: penalty = ""
            case .l1: penalty = " + \(PlaygroundText.number(lambda))·sign(w\(i + 1))"
            case .l2: penalty = " + \(PlaygroundText.number(lambda))·w\(i + 1)"
            }
            lines.append("∂loss/∂w\(i + 1) = δ·\(inputName(layer: layer, i))\(penalty) = \(f(t.weightGradients[i]))"
                         + "   w\(i + 1) → \(f(t.weights[i])) − \(PlaygroundText.number(rate))·\(p(t.weightGradients[i])) = \(f(t.weights[i] + t.updates[i]))"
                         + (i == selected ? "   ◂ w" : ""))
        }
        lines.append("∂loss/∂b = δ = \(f(t.delta))   b → \(f(t.bias)) − \(PlaygroundText.number(rate))·\(p(t.delta)) = \(f(t.bias - rate * t.delta))")
        return lines
    }

    // MARK: - Drawing

    /// The screen at `width × height`.
    public func frame(width: Int, height: Int, colour: Bool) -> TerminalFrame {
        let screen = PlaygroundScreen(width: width, height: height, colour: colour)
        guard let layout = screen.layout(columns: PlaygroundPicture.columnSizes(run)) else { return screen.render(tooSmall) }
        var state = PlaygroundPicture.state(
            of: run, layout: layout, playing: playing, backward: backward,
            selected: selection.map { ($0.layer + 1, $0.neuron) }, selectedWeight: selectedWeight,
            points: source.map { "\($0.count > 24 ? String($0.prefix(23)) + "…" : $0) (\(run.train.count + run.test.count) points)" },
            format: Self.screenFormat)
        state.notice = message ?? selectionLine
        state.panel = panel
        return screen.render(state)
    }

    /// Any state: below 80×24 the screen draws only its message.
    private var tooSmall: PlaygroundScreenState {
        PlaygroundScreenState(columns: [], weights: [], decision: [], points: [], xRange: 0...1, yRange: 0...1, trainLoss: [], testLoss: [],
                              epoch: 0, settings: [], format: Self.screenFormat)
    }

    // MARK: - Files

    /// `s`: the screen as SVG, at the size it has now, in colour.
    public func svgFile(width: Int, height: Int) -> File {
        let frame = self.frame(width: max(width, PlaygroundScreen.minimumWidth), height: max(height, PlaygroundScreen.minimumHeight), colour: true)
        return File(base: "playground-epoch-\(run.epoch)", ext: "svg", text: frame.svg(title: "nnbook playground, epoch \(run.epoch)"))
    }

    /// `x`: the training and the test points, each a CSV of x1, x2, label that `load_csv(…, label: "label")` reads back.
    public var csvFiles: [File] {
        func csv(_ points: [PlaygroundPoint]) -> String {
            "x1,x2,label\n" + points.map { "\(PlaygroundText.number($0.x1)),\(PlaygroundText.number($0.x2)),\($0.label)\n" }.joined()
        }
        return [File(base: "playground-train", ext: "csv", text: csv(run.train)), File(base: "playground-test", ext: "csv", text: csv(run.test))]
    }

    /// What the loop shows after writing files: their names, or why not.
    public mutating func wrote(_ names: [String], problem: String?) {
        message = problem ?? "wrote " + names.joined(separator: " and ") + (names.first?.hasSuffix(".csv") == true ? " (x1, x2, label)" : "")
    }
}
