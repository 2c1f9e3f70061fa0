import Foundation

/// The activation functions a dense layer can apply, with their derivatives.
///
/// The raw values are the names a learner types: `dense(128, relu)`.
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

    /// The activation applied to one number.
    ///
    /// - sigmoid: computed with e^−|x| (see `stableSigmoid`), so σ(1000) = 1
    ///   and σ(−1000) = 0 with no NaN.
    /// - softmax: on a single number it is e^x / e^x = 1 (NaN stays NaN); a
    ///   vector needs `softmax(_:)` or `apply(to:)`.
    public func value(_ x: Double) -> Double {
        switch self {
        case .sigmoid: return Self.stableSigmoid(x)
        case .relu: return x > 0 || x.isNaN ? x : 0
        case .tanh: return hyperbolicTangent(x)
        case .softmax: return x.isNaN ? x : 1
        case .linear: return x
        }
    }

    /// The derivative f′(x) of the activation at one number.
    ///
    /// - sigmoid: σ′(x) = σ(x)·(1 − σ(x)); σ′(2) ≈ 0.104994.
    /// - tanh: tanh′(x) = 1 − tanh²(x).
    /// - relu: 1 for x > 0, else 0. ReLU has no derivative at 0; we use 0
    ///   there, as PyTorch and TensorFlow do.
    /// - softmax: the diagonal term sᵢ(1 − sᵢ) of its Jacobian; for a single
    ///   number s = 1, so 0.
    /// - linear: 1.
    public func derivative(_ x: Double) -> Double {
        switch self {
        case .sigmoid:
            let s = Self.stableSigmoid(x)
            return s * (1 - s)
        case .tanh:
            let t = hyperbolicTangent(x)
            return 1 - t * t
        case .relu: return x.isNaN ? x : (x > 0 ? 1 : 0)
        case .softmax: return x.isNaN ? x : 0
        case .linear: return 1
        }
    }

    /// The activation applied to a whole array: element by element, except
    /// softmax, which normalizes along the last axis (each row of a matrix
    /// becomes a probability distribution; a scalar becomes 1).
    public func apply(to array: NDArray) -> NDArray {
        guard self == .softmax, let width = array.shape.last, width > 0 else {
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

/// tanh from the C library; a free function because inside `Activation` the
/// name `tanh` means the enum case.
private func hyperbolicTangent(_ x: Double) -> Double {
    tanh(x)
}
