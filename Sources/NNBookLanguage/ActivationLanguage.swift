import Foundation
import NeuralCore

/// Numbers as a step shows them: `f` as the session prints them, `p` the same
/// in brackets when negative (`0.1·(-2)`).
struct StepNumbers {
    let f: (Double) -> String
    func p(_ v: Double) -> String { v < 0 ? "(\(f(v)))" : f(v) }
}

/// The language's half of an activation's registry entry (the maths is
/// NeuralCore's `ActivationDescriptor`): its help, its derivative as the
/// symbolic differentiator writes it, the steps `explain` shows, and the
/// slope a neuron's `step` prints. Builtins, Symbolic, Explain, NeuronStep,
/// the autograd graph's text and the layer-name message all read it here.
struct ActivationLanguage {
    /// How a learner calls it.
    enum Call {
        /// A builtin of one number, applied element by element to vectors.
        case elementwise
        /// A builtin of a whole vector (softmax), with its own body.
        case vector(body: @Sendable (CallContext) throws(Diagnostic) -> Value)
        /// No function of that name: only a layer's or a neuron's activation.
        case layerOnly
    }

    /// The derivative as an expression.
    enum DerivativeRule {
        /// f′(u) in other functions: `sigmoid(u)*(1 - sigmoid(u))`.
        case smooth((Expr) -> Expr)
        /// Slope 1 for x > 0 and `slope` otherwise: f′ stays written `f'(u)`
        /// (evaluated exactly), and every higher derivative is 0.
        case piecewiseLinear(slope: Double)
        /// Not differentiable as a function the learner calls.
        case none
    }

    let call: Call
    /// The one-line summary `:help` prints, which states `formula`.
    let summary: String
    /// The formula, as the summary writes it.
    let formula: String
    /// A call and its value, as `:help` shows it.
    let example: String
    let derivative: DerivativeRule
    /// `explain f(x)`: the article's steps after `f(x)`, ending with the value.
    let explainValue: ((Double, StepNumbers) -> [String])?
    /// `explain f'(x)` for a smooth activation: the steps after `f'(x)`.
    let explainSmoothDerivative: ((Double, StepNumbers) -> [String])?
    /// f′(z) in a neuron's or a network's `step`, given z, the output f(z)
    /// and the output's name (`y`, `h1`): the text before `= slope`.
    let neuronSlope: (_ z: Double, _ y: Double, _ name: String, StepNumbers) -> String
}

extension Activation {
    /// This activation's entry in the language's registry.
    var language: ActivationLanguage {
        switch self {
        case .relu:
            return ActivationLanguage(
                call: .elementwise, summary: "rectified linear unit: max(0, x); relu'(0) is taken as 0, as in PyTorch",
                formula: "max(0, x)", example: "relu(-2)      # 0", derivative: .piecewiseLinear(slope: 0),
                explainValue: { x, n in ["max(0, \(n.f(x)))", n.f(max(0, x))] },
                explainSmoothDerivative: nil, neuronSlope: Self.piecewiseNeuronSlope(0))
        case .sigmoid:
            return ActivationLanguage(
                call: .elementwise, summary: "the logistic function 1/(1+e^-x), squashing any number into (0, 1)",
                formula: "1/(1+e^-x)", example: "sigmoid(2)    # 0.880797",
                derivative: .smooth { u in Symbolic.mul(Symbolic.call("sigmoid", u), Symbolic.sub(Symbolic.num(1), Symbolic.call("sigmoid", u))) },
                explainValue: { x, n in
                    let e = Foundation.exp(-x)
                    guard e.isFinite else { return ["1/(1+e^\(n.f(-x)))", "0 (e^\(n.f(-x)) overflows; 1 over a huge number is 0)"] }
                    return ["1/(1+e^\(n.f(-x)))", "1/(1+\(n.f(e)))", "1/\(n.f(1 + e))", n.f(1 / (1 + e))]
                },
                explainSmoothDerivative: { x, n in
                    let s = Activation.sigmoid.value(x)
                    return ["sigmoid(\(n.f(x)))*(1 - sigmoid(\(n.f(x))))", "\(n.f(s))*(1 - \(n.f(s)))", "\(n.f(s))*\(n.f(1 - s))", n.f(s * (1 - s))]
                },
                neuronSlope: { _, y, y_, n in "\(y_)·(1 − \(y_)) = \(n.f(y))·\(n.p(1 - y))" })
        case .tanh:
            return ActivationLanguage(
                call: .elementwise, summary: "hyperbolic tangent (e^2x − 1)/(e^2x + 1), squashing into (−1, 1)",
                formula: "(e^2x − 1)/(e^2x + 1)", example: "tanh(-2)      # -0.964028",
                derivative: .smooth { u in Symbolic.sub(Symbolic.num(1), Symbolic.pow(Symbolic.call("tanh", u), Symbolic.num(2))) },
                explainValue: { x, n in
                    let e = Foundation.exp(2 * x)
                    guard e.isFinite else {
                        return ["(e^\(n.f(2 * x)) - 1)/(e^\(n.f(2 * x)) + 1)", "1 (e^\(n.f(2 * x)) overflows; the fraction is 1 to every printed digit)"]
                    }
                    return ["(e^\(n.f(2 * x)) - 1)/(e^\(n.f(2 * x)) + 1)", "(\(n.f(e)) - 1)/(\(n.f(e)) + 1)", "\(n.f(e - 1))/\(n.f(e + 1))",
                            n.f(Activation.tanh.value(x))]
                },
                explainSmoothDerivative: { x, n in
                    let t = Activation.tanh.value(x)
                    return ["1 - tanh(\(n.f(x)))^2", "1 - \(n.p(t))^2", "1 - \(n.f(t * t))", n.f(1 - t * t)]
                },
                neuronSlope: { _, y, y_, n in "1 − \(y_)² = 1 − \(n.p(y))²" })
        case .softmax:
            return ActivationLanguage(
                call: .vector(body: Aggregates.softmax),
                summary: "turns scores into probabilities that sum to 1: e^v / sum(e^v), computed stably",
                formula: "e^v / sum(e^v)", example: "softmax([1, 2, 3])   # [0.090031, 0.244728, 0.665241]",
                derivative: .none, explainValue: nil, explainSmoothDerivative: nil, neuronSlope: { _, _, _, _ in "1" })
        case .linear:
            return ActivationLanguage(
                call: .layerOnly, summary: "no activation, f(x) = x: the layer's weighted sums as they are", formula: "f(x) = x",
                example: "dense(1, \"linear\")", derivative: .none, explainValue: nil, explainSmoothDerivative: nil,
                neuronSlope: { _, _, _, _ in "1" })
        case .leakyRelu:
            let slope = ActivationDescriptor.leakyReLUSlope
            return ActivationLanguage(
                call: .elementwise,
                summary: "leaky ReLU: x for x > 0, else 0.01·x, so negative inputs keep a small slope; "
                    + "0.01 is PyTorch's default (Keras's LeakyReLU layer uses 0.3)",
                formula: "x for x > 0, else 0.01·x", example: "leaky_relu(-2)   # -0.02", derivative: .piecewiseLinear(slope: slope),
                explainValue: { x, n in ["max(\(n.f(slope))*\(n.p(x)), \(n.f(x)))", "max(\(n.f(slope * x)), \(n.f(x)))", n.f(Activation.leakyRelu.value(x))] },
                explainSmoothDerivative: nil, neuronSlope: Self.piecewiseNeuronSlope(slope))
        case .softplus:
            return ActivationLanguage(
                call: .elementwise,
                summary: "log(1 + e^x), a smooth ReLU: near 0 for negative x, near x for large x, computed stably; its derivative is sigmoid(x)",
                formula: "log(1 + e^x)", example: "softplus(0)      # 0.693147",
                derivative: .smooth { u in Symbolic.call("sigmoid", u) },
                explainValue: { x, n in
                    let e = Foundation.exp(x)
                    guard e.isFinite else {
                        return ["log(1 + e^\(n.f(x)))", "\(n.f(Activation.softplus.value(x))) (e^\(n.f(x)) overflows; log(1 + e^x) is x to every printed digit)"]
                    }
                    if n.f(1 + e) == "1", e > 0 {  // log(1) would print 0 for a value that is not
                        return ["log(1 + e^\(n.f(x)))", "log(1 + \(n.f(e)))", "\(n.f(Activation.softplus.value(x))) (log(1 + u) ≈ u for a tiny u)"]
                    }
                    return ["log(1 + e^\(n.f(x)))", "log(1 + \(n.f(e)))", "log(\(n.f(1 + e)))", n.f(Activation.softplus.value(x))]
                },
                explainSmoothDerivative: { x, n in
                    ["sigmoid(\(n.f(x)))"] + (Activation.sigmoid.language.explainValue?(x, n) ?? [n.f(Activation.sigmoid.value(x))])
                },
                neuronSlope: { z, _, _, n in "sigmoid(z) = sigmoid(\(n.f(z)))" })
        }
    }

    /// A piecewise-linear activation's slope in a neuron's step: 1 or `slope`, and why.
    private static func piecewiseNeuronSlope(_ slope: Double) -> (Double, Double, String, StepNumbers) -> String {
        { z, _, _, n in z > 0 ? "1 (z > 0)" : "\(n.f(slope)) (z ≤ 0)" }
    }

    /// Its builtin function, documented for `:help`; nil for a layer-only name.
    var builtin: Builtin? {
        let entry = language, maths = descriptor
        switch entry.call {
        case .elementwise:
            return Builtin(elementwise: rawValue, entry.summary, example: entry.example, maths.value, derivative: maths.derivative)
        case .vector(let body):
            return Builtin(rawValue, "v", arity: 1...1, entry.summary, example: entry.example, body: body)
        case .layerOnly:
            return nil
        }
    }

    /// `explain f(x)` (order 0) or `explain f'(x)` (order 1): the steps after the call, or nil.
    func explainSteps(order: Int, _ x: Double, _ n: StepNumbers) -> [String]? {
        let entry = language
        switch (order, entry.derivative) {
        case (0, _): return entry.explainValue?(x, n)
        case (1, .piecewiseLinear(let slope)):
            return [x > 0 ? "1 (because \(n.f(x)) > 0)" : "\(n.f(slope)) (because \(n.f(x)) ≤ 0)"]
        case (1, .smooth): return entry.explainSmoothDerivative?(x, n)
        default: return nil
        }
    }

    /// ∂f(a)/∂a in an autograd graph's explanation, in the operand's name:
    /// the symbolic derivative with `·` for products (`sigmoid(a)·(1 - sigmoid(a))`),
    /// bracketed when it is a sum; a piecewise-linear one as `(1 if a > 0 else 0)`.
    func graphFormula(_ operand: String, precision: Int) -> String {
        switch language.derivative {
        case .piecewiseLinear(let slope):
            return "(1 if \(operand) > 0 else \(NumberFormat.format(slope, precision: .decimals(max(0, precision)))))"
        case .smooth(let rule):
            let e = rule(.name(Name(operand), Symbolic.nowhere))
            let text = Printer.print(e).replacingOccurrences(of: "*", with: "·")
            if case .binary(let op, _, _, _) = e, op == .add || op == .subtract { return "(\(text))" }
            return text
        case .none:
            return "1"
        }
    }

    /// The activation a name stands for when it is one with a derivative rule.
    static func named(_ name: String) -> Activation? {
        guard let a = Activation(rawValue: name), a.builtin != nil else { return nil }
        return a
    }
}
