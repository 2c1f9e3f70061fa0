/// One change a playground key makes to the settings, as a value, so the key
/// loop is a table from keys to changes and every change is tested here.
public enum PlaygroundChange: Equatable, Sendable {
    /// `+`/`-`: the next or previous rate of `PlaygroundSettings.rates`.
    case rate(up: Bool)
    /// `a`: the next elementwise activation.
    case activation
    /// `]`/`[`: a hidden layer more (of 2 neurons, at the end) or fewer (the last).
    case layers(more: Bool)
    /// `}`/`{`: a neuron more or fewer in hidden layer `layer`.
    case neurons(layer: Int, more: Bool)
    /// `d`: the next data set.
    case data
    /// `n`: the next noise of 0, 0.05, …, 0.5, back to 0.
    case noise
    /// `t`: the next training share of 0.1, 0.2, …, 0.9, back to 0.1.
    case split
    /// `b`: the next batch size of 1, 5, 10, 20, 30, back to 1.
    case batch
    /// `f`: a feature switched on or off (the last one stays on).
    case feature(PlaygroundFeature)
    /// `r`: none → L1 → L2 → none; the strength `regularizationRate(up:)` steps.
    case regularization
    case regularizationRate(up: Bool)

    /// Whether the network starts again from new weights: its shape, inputs
    /// or data change. A new rate, batch or penalty keeps the weights, as in
    /// the TensorFlow Playground, so a learner can change them mid-run.
    public var restarts: Bool {
        switch self {
        case .rate, .batch, .regularization, .regularizationRate: return false
        case .activation, .layers, .neurons, .data, .noise, .split, .feature: return true
        }
    }
}

extension PlaygroundSettings {
    static let noises: [Double] = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]
    static let splits: [Double] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    static let batches = [1, 5, 10, 20, 30]

    /// These settings after `change`; a change past a limit (a 7th layer, a
    /// 9th neuron, a rate above 10) leaves them as they are.
    public func applying(_ change: PlaygroundChange) -> PlaygroundSettings {
        var s = self
        switch change {
        case .rate(let up): s.rate = Self.step(Self.rates, from: rate, up: up)
        case .activation: s.activation = Self.cycle(Self.activations, after: activation)
        case .layers(let more):
            if more, layers.count < Self.maxLayers { s.layers.append(2) }
            if !more, !layers.isEmpty { s.layers.removeLast() }
        case .neurons(let layer, let more):
            guard layers.indices.contains(layer) else { break }
            s.layers[layer] = min(max(layers[layer] + (more ? 1 : -1), 1), Self.maxNeurons)
        case .data: s.data = Self.cycle(TwoDKind.allCases, after: data)
        case .noise: s.noise = Self.cycle(Self.noises, after: noise)
        case .split: s.trainRatio = Self.cycle(Self.splits, after: trainRatio)
        case .batch: s.batch = Self.cycle(Self.batches, after: batch)
        case .feature(let f):
            let on = features.contains(f) ? features.filter { $0 != f } : features + [f]
            if !on.isEmpty { s.features = PlaygroundFeature.allCases.filter(on.contains) }
        case .regularization:
            s.regularization = Self.cycle(PlaygroundRegularization.allCases, after: regularization)
            if s.regularization != .none, s.regularizationRate == 0 { s.regularizationRate = 0.001 }
        case .regularizationRate(let up):
            // No penalty, no strength to step: r chooses L1 or L2 first (the screen says so).
            if regularization != .none { s.regularizationRate = Self.step(Self.regularizationRates, from: regularizationRate, up: up) }
        }
        return s
    }

    /// The next item after `value` (the first when `value` is the last or not listed).
    private static func cycle<T: Equatable>(_ items: [T], after value: T) -> T {
        guard let k = items.firstIndex(of: value) else { return items[0] }
        return items[(k + 1) % items.count]
    }

    /// The next larger (or smaller) ladder value than `value`, or `value` at the end.
    private static func step(_ ladder: [Double], from value: Double, up: Bool) -> Double {
        (up ? ladder.first { $0 > value } : ladder.last { $0 < value }) ?? value
    }
}

extension Playground {
    /// The run after a settings change: new points and weights when the
    /// network or data change (`PlaygroundChange.restarts`), otherwise the
    /// same weights, epoch and history going on with the new rate, batch or
    /// penalty. `d` leaves the learner's own points for the next built-in set.
    public func changing(_ change: PlaygroundChange) throws -> Playground {
        let settings = settings.applying(change)
        guard !change.restarts else { return try Playground(settings: settings, points: change == .data ? nil : customPoints) }
        var run = self
        run.settings = settings
        return run
    }
}

/// One neuron on one point, worked out for `e` (explain): its inputs,
/// weights and bias, the weighted sum z = b + Σ wᵢ·xᵢ, its output f(z), and
/// for that point alone δ = ∂loss/∂z, each weight's gradient δ·xᵢ (plus the
/// penalty's term) and the update −rate·gradient a step of one point would make.
public struct PlaygroundNeuronTrace: Equatable, Sendable {
    public let inputs: [Double]
    public let weights: [Double]
    public let bias: Double
    public let sum: Double
    public let output: Double
    public let delta: Double
    public let weightGradients: [Double]
    public let updates: [Double]
}

extension Playground {
    /// Neuron `neuron` of layer `layer` (0 the first hidden layer, the last the
    /// output) on `point`; nil when there is no such neuron.
    public func trace(layer: Int, neuron: Int, point: PlaygroundPoint) -> PlaygroundNeuronTrace? {
        guard layers.indices.contains(layer), layers[layer].biases.indices.contains(neuron) else { return nil }
        let g = gradient(on: [point][...])
        let outputs = forward(inputs(point))
        let w = layers[layer].weights[neuron], x = outputs[layer]
        var z = layers[layer].biases[neuron]
        for i in x.indices { z += w[i] * x[i] }
        let grads = g[layer].weights[neuron]
        return PlaygroundNeuronTrace(
            inputs: x, weights: w, bias: layers[layer].biases[neuron], sum: z, output: outputs[layer + 1][neuron],
            delta: g[layer].biases[neuron], weightGradients: grads, updates: grads.map { -settings.rate * $0 })
    }
}
