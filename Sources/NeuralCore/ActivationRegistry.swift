import Foundation

// The registry: one entry per activation, its maths side by side — value and
// derivative in Float64, the same pair in Float32 for training (the slope in
// terms of the output), whether autograd values have it as a method, and
// the ONNX operator that computes it.
// What the language shows of each (help, symbolic derivative, explain steps)
// is its other half, NNBookLanguage's ActivationLanguage.swift.

extension ActivationDescriptor {
    /// ReLU(x) = max(0, x); ReLU′(x) = 1 for x > 0, else 0. ReLU has no
    /// derivative at 0; we use 0 there, as PyTorch and TensorFlow do. NaN
    /// stays NaN.
    static let relu = ActivationDescriptor(
        value: { x in x > 0 || x.isNaN ? x : 0 },
        derivative: { x in x.isNaN ? x : (x > 0 ? 1 : 0) },
        training: .elementwise(.of(ReLUFloat.self)), isScalarMethod: true,
        onnx: .op("Relu"))

    /// σ(x) = 1/(1 + e⁻ˣ), computed with e^−|x| (`Activation.stableSigmoid`),
    /// so σ(1000) = 1 and σ(−1000) = 0 with no NaN; σ′(x) = σ(x)·(1 − σ(x)),
    /// σ′(2) ≈ 0.104994.
    static let sigmoid = ActivationDescriptor(
        value: Activation.stableSigmoid,
        derivative: { x in
            let s = Activation.stableSigmoid(x)
            return s * (1 - s)
        },
        training: .elementwise(.of(SigmoidFloat.self)), isScalarMethod: true,
        onnx: .op("Sigmoid"))

    /// tanh(x), from the C library; tanh′(x) = 1 − tanh²(x).
    static let tanh = ActivationDescriptor(
        value: { x in Foundation.tanh(x) },
        derivative: { x in
            let t = Foundation.tanh(x)
            return 1 - t * t
        },
        training: .elementwise(.of(TanhFloat.self)), isScalarMethod: true,
        onnx: .op("Tanh"))

    /// softmax on a single number is e^x / e^x = 1 (NaN stays NaN), and its
    /// derivative there is the diagonal term sᵢ(1 − sᵢ) of its Jacobian with
    /// s = 1, so 0. A vector needs `Activation.softmax(_:)`.
    static let softmax = ActivationDescriptor(
        value: { x in x.isNaN ? x : 1 },
        derivative: { x in x.isNaN ? x : 0 },
        training: .softmax, isScalarMethod: false,
        onnx: .op("Softmax", axis: -1))

    /// The identity f(x) = x, f′(x) = 1.
    static let linear = ActivationDescriptor(
        value: { x in x },
        derivative: { _ in 1 },
        training: .elementwise(.of(LinearFloat.self)), isScalarMethod: false,
        onnx: nil)

    /// The slope of leaky ReLU below 0: PyTorch's default (`nn.LeakyReLU`).
    /// Keras's `LeakyReLU` layer defaults to 0.3 and `keras.activations.leaky_relu`
    /// to 0.2, so their numbers differ from these.
    /// (Computed, so the kernels' loops see a constant rather than a lazy global.)
    public static var leakyReLUSlope: Double { 0.01 }

    /// Leaky ReLU: x for x > 0, else 0.01·x; its derivative 1 for x > 0, else
    /// 0.01 (at 0 too, as PyTorch). A neuron whose sum stays negative still
    /// gets a gradient, where ReLU's would be 0. NaN stays NaN.
    static let leakyRelu = ActivationDescriptor(
        value: { x in x > 0 || x.isNaN ? x : leakyReLUSlope * x },
        derivative: { x in x.isNaN ? x : (x > 0 ? 1 : leakyReLUSlope) },
        training: .elementwise(.of(LeakyReLUFloat.self)), isScalarMethod: true,
        onnx: .op("LeakyRelu", alpha: Float(leakyReLUSlope)))

    /// softplus(x) = ln(1 + eˣ), a ReLU with the corner smoothed, computed as
    /// max(x, 0) + ln(1 + e^−|x|): the exponent is never positive, so
    /// softplus(1000) = 1000 and softplus(−1000) = e^−1000 ≈ 0 with no
    /// overflow, and log1p keeps the small values exact. Its derivative is σ(x).
    static let softplus = ActivationDescriptor(
        value: { x in Swift.max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x))) },
        derivative: Activation.stableSigmoid,
        training: .elementwise(.of(SoftplusFloat.self)), isScalarMethod: true,
        onnx: .op("Softplus"))
}

/// max(0, z), keeping NaN (NaN < 0 is false); slope 1 where a > 0, else 0.
private enum ReLUFloat: FloatActivation {
    @inline(__always) static func value(_ z: Float) -> Float { z < 0 ? 0 : z }
    @inline(__always) static func slope(output a: Float) -> Float { a > 0 ? 1 : 0 }
}

/// σ(z) with e^−|z| ≤ 1, so it never overflows; slope a(1 − a).
private enum SigmoidFloat: FloatActivation {
    @inline(__always) static func value(_ z: Float) -> Float {
        let e = exp(-abs(z))
        return z >= 0 ? 1 / (1 + e) : e / (1 + e)
    }
    @inline(__always) static func slope(output a: Float) -> Float { a * (1 - a) }
}

/// tanh z; slope 1 − a².
private enum TanhFloat: FloatActivation {
    @inline(__always) static func value(_ z: Float) -> Float { Foundation.tanh(z) }
    @inline(__always) static func slope(output a: Float) -> Float { 1 - a * a }
}

/// z; slope 1.
private enum LinearFloat: FloatActivation {
    @inline(__always) static func value(_ z: Float) -> Float { z }
    @inline(__always) static func slope(output a: Float) -> Float { 1 }
}

/// z for z ≥ 0, else 0.01·z, keeping NaN; slope 1 where a > 0, else 0.01
/// (a has z's sign, so the output tells the side).
private enum LeakyReLUFloat: FloatActivation {
    @inline(__always) static var negative: Float { Float(ActivationDescriptor.leakyReLUSlope) }
    @inline(__always) static func value(_ z: Float) -> Float { z < 0 ? negative * z : z }
    @inline(__always) static func slope(output a: Float) -> Float { a > 0 ? 1 : negative }
}

/// max(z, 0) + ln(1 + e^−|z|); slope σ(z) = 1 − e^−a, as −expm1(−a) so a
/// small output keeps its digits.
private enum SoftplusFloat: FloatActivation {
    @inline(__always) static func value(_ z: Float) -> Float { max(z, 0) + log1p(exp(-abs(z))) }
    @inline(__always) static func slope(output a: Float) -> Float { -expm1(-a) }
}
