import Foundation

/// The activation functions a dense layer, a neuron or an autograd value can
/// apply. The raw values are the names a learner types: `dense(128, relu)`.
///
/// Everything about one activation sits in its registry entry: the maths in
/// `ActivationRegistry.swift` (value, derivative, the Float32 training
/// kernel, whether autograd values have it as a method) and what the
/// language shows in NNBookLanguage's `ActivationLanguage.swift` (help,
/// symbolic derivative, `explain` steps, the neuron step's slope). Adding an
/// activation means a case here, its line in `descriptor`, and those two
/// entries; the compiler asks for the last three.
public enum Activation: String, CaseIterable, Sendable {
    /// σ(x) = 1 / (1 + e⁻ˣ), squashing any number into (0, 1).
    case sigmoid
    /// ReLU(x) = max(0, x).
    case relu
    /// tanh(x) = (e²ˣ − 1) / (e²ˣ + 1), squashing into (−1, 1).
    case tanh
    /// softmaxᵢ(x) = e^xᵢ / Σⱼ e^xⱼ, turning scores into probabilities.
    case softmax
    /// The identity, f(x) = x: no activation at all.
    case linear
    /// Leaky ReLU: x for x > 0, else 0.01·x, so a negative input keeps a small slope.
    case leakyRelu = "leaky_relu"
    /// softplus(x) = ln(1 + eˣ), a smooth ReLU whose derivative is σ(x).
    case softplus

    /// This activation's registry entry.
    public var descriptor: ActivationDescriptor {
        switch self {
        case .sigmoid: return .sigmoid
        case .relu: return .relu
        case .tanh: return .tanh
        case .softmax: return .softmax
        case .linear: return .linear
        case .leakyRelu: return .leakyRelu
        case .softplus: return .softplus
        }
    }

    /// The activation applied to one number (see each registry entry).
    public func value(_ x: Double) -> Double { descriptor.value(x) }

    /// The derivative f′(x) of the activation at one number (see each registry entry).
    public func derivative(_ x: Double) -> Double { descriptor.derivative(x) }

    /// The activation applied to a whole array: element by element, except
    /// softmax, which normalizes along the last axis (each row of a matrix
    /// becomes a probability distribution; a scalar becomes 1).
    public func apply(to array: NDArray) -> NDArray {
        guard !descriptor.isElementwise, let width = array.shape.last, width > 0 else {
            return array.map(value)
        }
        var out: [Double] = []
        out.reserveCapacity(array.count)
        var start = 0
        while start < array.count {
            out.append(contentsOf: Self.softmax(Array(array.data[start..<(start + width)])))
            start += width
        }
        return NDArray(uncheckedShape: array.shape, data: out)
    }

    /// The activations that apply to each number on its own (all but softmax),
    /// in declaration order: what a single neuron may use.
    public static var elementwise: [Activation] { allCases.filter(\.descriptor.isElementwise) }

    /// "a, b, c or d": names joined as a sentence lists them.
    public static func sentence(_ names: [String], and word: String = "or") -> String {
        guard let last = names.last else { return "" }
        return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " \(word) " + last
    }

    /// σ(x) without overflow: 1 / (1 + e⁻ˣ) for x ≥ 0, and e^x / (1 + e^x) for
    /// x < 0, so the exponent is always −|x| ≤ 0 and e to it never overflows.
    public static func stableSigmoid(_ x: Double) -> Double {
        if x >= 0 {
            return 1 / (1 + exp(-x))
        }
        let e = exp(x)
        return e / (1 + e)
    }

    /// softmax(x)ᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m), where m = max x.
    ///
    /// Subtracting the maximum changes nothing mathematically but keeps every
    /// exponent ≤ 0, so [1000, 1000] gives [0.5, 0.5] and [−1e308, 0] gives
    /// [0, 1] instead of NaN. Edge cases: an empty input gives []; any NaN
    /// makes every output NaN; +∞ entries share the probability equally;
    /// all −∞ gives the uniform distribution (the limit of equal scores).
    public static func softmax(_ xs: [Double]) -> [Double] {
        guard !xs.isEmpty else { return [] }
        if xs.contains(where: { $0.isNaN }) { return xs.map { _ in .nan } }
        var m = -Double.infinity
        for x in xs where x > m { m = x }
        if m == .infinity || m == -.infinity {
            let tops = xs.filter { $0 == m }.count
            return xs.map { $0 == m ? 1 / Double(tops) : 0 }
        }
        let exps = xs.map { exp($0 - m) }
        var total = 0.0
        for e in exps { total += e }
        return exps.map { $0 / total }
    }
}
