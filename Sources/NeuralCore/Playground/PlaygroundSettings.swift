import Foundation

/// An input feature of the playground's network, computed from a point's two
/// coordinates (x1, x2), as the TensorFlow Playground offers them.
public enum PlaygroundFeature: String, CaseIterable, Sendable {
    case x1
    case x2
    case x1Squared = "x1_squared"
    case x2Squared = "x2_squared"
    case x1TimesX2 = "x1_times_x2"
    case sinX1 = "sin_x1"
    case sinX2 = "sin_x2"

    /// The feature of the point (x1, x2): x1, x2, x1², x2², x1·x2, sin x1 or sin x2.
    public func value(x1: Double, x2: Double) -> Double {
        switch self {
        case .x1: return x1
        case .x2: return x2
        case .x1Squared: return x1 * x1
        case .x2Squared: return x2 * x2
        case .x1TimesX2: return x1 * x2
        case .sinX1: return sin(x1)
        case .sinX2: return sin(x2)
        }
    }

    /// How the screen labels it: `x1²`, `x1·x2`, `sin x1`.
    public var label: String {
        switch self {
        case .x1: return "x1"
        case .x2: return "x2"
        case .x1Squared: return "x1²"
        case .x2Squared: return "x2²"
        case .x1TimesX2: return "x1·x2"
        case .sinX1: return "sin x1"
        case .sinX2: return "sin x2"
        }
    }
}

/// The penalty on the weights (never the biases) added to the data loss.
public enum PlaygroundRegularization: String, CaseIterable, Sendable {
    /// No penalty.
    case none
    /// λ·Σ|w|, whose gradient λ·sign(w) pushes small weights to exactly 0.
    case l1
    /// λ·Σ½w², whose gradient λ·w shrinks every weight in proportion (weight decay).
    case l2
}

/// Everything that decides a playground run. The same settings give the same
/// data, initial weights and numbers on every machine (`seed` seeds both).
///
/// The cell text (`cellText`, `init(cellText:)`) is how a run is saved and
/// shared: `playground data: circle noise: 0.1 … seed: 42`.
public struct PlaygroundSettings: Equatable, Sendable {
    /// The 2-D set the points are drawn from (`TwoDKind`).
    public var data: TwoDKind = .circle
    /// Gaussian jitter added to both coordinates, 0…0.5 (as `Datasets.twoDimensional`).
    public var noise: Double = 0.1
    /// The share of the points used for training, 0.1…0.9; the rest are test points.
    public var trainRatio: Double = 0.5
    /// Examples per weight update, 1…`maxBatch`.
    public var batch: Int = 10
    /// The input features, in `PlaygroundFeature.allCases` order, at least one.
    public var features: [PlaygroundFeature] = [.x1, .x2]
    /// Neurons in each hidden layer: 0…6 layers of 1…8 neurons.
    public var layers: [Int] = [4, 2]
    /// The hidden layers' activation (any elementwise one); the output is a sigmoid.
    public var activation: Activation = .tanh
    /// The learning rate of plain gradient descent, above 0 and at most 10.
    /// 0.1 rather than the TensorFlow Playground's 0.03: its points span ±6,
    /// nnbook's 2-D sets ±1.5, so the same weights see smaller sums and learn slower.
    public var rate: Double = 0.1
    /// The weight penalty and its strength λ (0…10).
    public var regularization: PlaygroundRegularization = .none
    public var regularizationRate: Double = 0
    /// Seeds the points, the split and the initial weights.
    public var seed: UInt64 = 42

    /// How many points a built-in data set has, as the TensorFlow Playground's.
    public static let pointCount = 500
    public static let maxLayers = 6
    public static let maxNeurons = 8
    public static let maxBatch = 30
    public static let maxNoise = 0.5
    /// The learning rates `+` and `-` step through, the TensorFlow Playground's.
    public static let rates: [Double] = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10]
    /// The regularization strengths the `r` key steps through.
    public static let regularizationRates: [Double] = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10]

    /// The activations a hidden layer may have: every elementwise one in the registry.
    public static var activations: [Activation] {
        Activation.allCases.filter { $0.descriptor.isElementwise }
    }

    public init() {}

    /// Why these settings cannot run, or nil when they can. The message says
    /// what is allowed, so a learner knows what to type instead.
    public func problem() -> String? { invalidSetting()?.message }

    /// The setting (its cell key, `noise`) that cannot run, and why.
    public func invalidSetting() -> (key: String, message: String)? {
        if !(noise.isFinite && (0...Self.maxNoise).contains(noise)) {
            return ("noise", "noise must be between 0 and \(Self.maxNoise), got \(PlaygroundText.number(noise))")
        }
        if !(trainRatio.isFinite && (0.1...0.9).contains(trainRatio)) {
            return ("split", "split must be between 0.1 and 0.9 (the share of points used for training), got \(PlaygroundText.number(trainRatio))")
        }
        if !(1...Self.maxBatch).contains(batch) {
            return ("batch", "batch must be between 1 and \(Self.maxBatch), got \(batch)")
        }
        if features.isEmpty { return ("features", "features needs at least one of \(PlaygroundText.featureList)") }
        if Set(features).count != features.count { return ("features", "each feature may appear once in features") }
        if layers.count > Self.maxLayers {
            return ("layers", "layers takes at most \(Self.maxLayers) hidden layers, got \(layers.count)")
        }
        if let bad = layers.first(where: { !(1...Self.maxNeurons).contains($0) }) {
            return ("layers", "each hidden layer has 1 to \(Self.maxNeurons) neurons, got \(bad)")
        }
        if !activation.descriptor.isElementwise {
            return ("activation", "\(activation.rawValue) normalises a whole layer; a playground neuron takes one of \(Self.activations.map(\.rawValue).joined(separator: ", "))")
        }
        if !(rate.isFinite && rate > 0 && rate <= 10) {
            return ("rate", "rate must be above 0 and at most 10, got \(PlaygroundText.number(rate))")
        }
        if !(regularizationRate.isFinite && (0...10).contains(regularizationRate)) {
            return ("regularization_rate", "regularization_rate must be between 0 and 10, got \(PlaygroundText.number(regularizationRate))")
        }
        return nil
    }
}
