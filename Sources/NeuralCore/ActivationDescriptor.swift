/// One activation's maths, as its registry entry states it once
/// (`ActivationRegistry.swift`); everything that computes with an activation
/// reads it from here.
public struct ActivationDescriptor: Sendable {
    /// f(x) on one number, in Float64 (the language, the neuron, autograd).
    public let value: @Sendable (Double) -> Double
    /// f′(x) on one number, exact (no finite difference).
    public let derivative: @Sendable (Double) -> Double
    /// How a layer applies it to Float32 buffers while training.
    public let training: TrainingKernel
    /// Whether autograd values have it as a method, `a.relu()` as in
    /// micrograd: forward `value`, local derivative `derivative`
    /// (`Scalar.applying(_:)`), drawn in graphs under its name.
    public let isScalarMethod: Bool
    /// The ONNX operator a saved model computes it with (nil: nothing, the
    /// identity); loading an ONNX model reads the same operator back.
    public let onnx: ONNXActivationOp?

    /// False only for an activation that normalises a whole row (softmax).
    public var isElementwise: Bool {
        if case .elementwise = training { return true }
        return false
    }
}

/// An activation as one ONNX node: its operator (`Relu`) and the one
/// attribute that fixes it, if any (`alpha` of `LeakyRelu`, `axis` of `Softmax`).
public struct ONNXActivationOp: Sendable, Equatable {
    public let opType: String
    public let alpha: Float?
    public let axis: Int?

    static func op(_ opType: String, alpha: Float? = nil, axis: Int? = nil) -> ONNXActivationOp {
        ONNXActivationOp(opType: opType, alpha: alpha, axis: axis)
    }
}

/// One element-wise activation in Float32, for the training kernels: the
/// value, and the slope written in terms of the *output* a = f(z), because a
/// hidden layer keeps only its outputs (relu: a > 0; sigmoid: a(1 − a)).
protocol FloatActivation: Sendable {
    static func value(_ z: Float) -> Float
    static func slope(output a: Float) -> Float
}

/// What `Kernels` runs for one activation.
public enum TrainingKernel: Sendable {
    /// f applied to each number on its own.
    case elementwise(ElementwiseKernel)
    /// softmax: each row becomes probabilities (`Kernels.softmaxRow`), and
    /// its Jacobian is not diagonal.
    case softmax
}

/// The loops of an element-wise activation, written once for every
/// `FloatActivation` and specialised for each (the closures are made inside
/// a generic function called with a concrete type, so each loop has its
/// formula inlined and vectorised; one indirect call per batch and layer).
public struct ElementwiseKernel: Sendable {
    /// z += bias row by row (z becomes the pre-activation), out = f(z); `out`
    /// may be `z` itself.
    let activate: @Sendable (_ z: UnsafeMutablePointer<Float>, _ bias: UnsafePointer<Float>,
                             _ out: UnsafeMutablePointer<Float>, _ rows: Int, _ units: Int) -> Void
    /// delta ← delta ⊙ f′, given the outputs a = f(z), over `count` numbers.
    let backpropagate: @Sendable (_ outputs: UnsafePointer<Float>, _ delta: UnsafeMutablePointer<Float>, _ count: Int) -> Void
    /// out = f(x) over `count` numbers.
    let map: @Sendable (_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) -> Void

    static func of<F: FloatActivation>(_: F.Type) -> ElementwiseKernel {
        ElementwiseKernel(
            activate: { z, bias, out, rows, units in
                // In place, the loop has no second pointer: with `out` exactly
                // equal to `z` the compiler's run-time aliasing check would
                // pick its scalar path.
                if out == z {
                    for r in 0..<rows {
                        let zr = z + r * units
                        for j in 0..<units { zr[j] = F.value(zr[j] + bias[j]) }
                    }
                } else {
                    for r in 0..<rows {
                        let zr = z + r * units, or = out + r * units
                        for j in 0..<units { let v = zr[j] + bias[j]; zr[j] = v; or[j] = F.value(v) }
                    }
                }
            },
            backpropagate: { a, d, n in
                for i in 0..<n { d[i] *= F.slope(output: a[i]) }
            },
            map: { x, out, n in
                for i in 0..<n { out[i] = F.value(x[i]) }
            })
    }
}
