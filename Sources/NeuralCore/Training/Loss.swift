import Foundation

/// What training minimises: a number per example saying how wrong the model
/// is, averaged over each batch. The raw values are Keras's names.
///
/// Labels are class numbers (0, 1, 2, …). Where a loss needs one target per
/// output unit, a label y becomes the one-hot row (1 at unit y, 0 elsewhere);
/// with a single output unit the target is y itself.
public enum Loss: String, Sendable, CaseIterable {
    /// Mean over the output units of (output − target)². Works after any
    /// activation; the gradient 2(a − t)/units is passed back through it.
    case meanSquaredError = "mse"
    /// −[t·log p + (1 − t)·log(1 − p)], averaged over the output units, where
    /// p = σ(z). Needs a sigmoid output layer, and is computed from the logit z
    /// as max(z, 0) − z·t + log(1 + e^−|z|), which never overflows, with
    /// ∂L/∂z = p − t. (Keras clips p to [1e-7, 1 − 1e-7] instead, so its loss
    /// stops at about 16.1 for a confident wrong answer; this one keeps growing.)
    case binaryCrossEntropy = "binary_crossentropy"
    /// −log pᵧ, the negative log-probability of the true class y. Needs a
    /// softmax output layer, and is computed from the logits z as
    /// log Σⱼ e^zⱼ − zᵧ (log-sum-exp, stable for any logits), with the famous
    /// gradient ∂L/∂zⱼ = pⱼ − [j = y]. A model that guesses uniformly among 10
    /// classes scores log 10 ≈ 2.3026. Keras's fit does the same after a
    /// softmax layer (it takes the logits); on probabilities, Keras — and the
    /// language's `cross_entropy` — clip p to [1e-7, 1 − 1e-7] first, so the
    /// two agree for any loss below −log 1e-7 ≈ 16.12.
    case sparseCategoricalCrossEntropy = "sparse_categorical_crossentropy"
}

/// One batch's total loss (the sum over its examples, not yet averaged) and
/// how many examples it classified correctly.
struct BatchScore {
    var lossSum: Double
    var correct: Int
}

extension Loss {
    /// Scores one batch from the output layer and, if `delta` is given, writes
    /// ∂(mean batch loss)/∂z for the output layer's pre-activations z into it.
    ///
    /// - Parameters:
    ///   - logits: z, rows×units (bias included).
    ///   - logSumExp: log Σⱼ e^zⱼ per row, which the softmax left; read only
    ///     by the sparse categorical cross-entropy.
    ///   - outputs: a = f(z), rows×units.
    ///   - labels: one class per row, already checked against this loss.
    static func score(
        _ loss: Loss, activation: Activation, logits: UnsafePointer<Float>, logSumExp: UnsafePointer<Float>,
        outputs: UnsafePointer<Float>,
        labels: UnsafePointer<Int32>, rows: Int, units: Int, delta: UnsafeMutablePointer<Float>?
    ) -> BatchScore {
        var total = 0.0
        var correct = 0
        let perRow = 1 / Float(rows)
        let perUnit = 1 / Float(rows * units)
        for r in 0..<rows {
            let z = logits + r * units, a = outputs + r * units
            let label = Int(labels[r])
            if Kernels.predictedClass(a, units: units) == label { correct += 1 }
            @inline(__always) func target(_ j: Int) -> Float {
                units == 1 ? Float(label) : (j == label ? 1 : 0)
            }
            switch loss {
            case .sparseCategoricalCrossEntropy:
                total += Double(logSumExp[r] - z[label])
                if let delta {
                    let d = delta + r * units
                    for j in 0..<units { d[j] = a[j] * perRow }
                    d[label] -= perRow
                }
            case .binaryCrossEntropy:
                var rowLoss: Float = 0
                for j in 0..<units {
                    let zj = z[j], t = target(j)
                    rowLoss += max(zj, 0) - zj * t + log1p(exp(-abs(zj)))
                    delta?[r * units + j] = (a[j] - t) * perUnit
                }
                total += Double(rowLoss) / Double(units)
            case .meanSquaredError:
                var rowLoss: Float = 0
                for j in 0..<units {
                    let e = a[j] - target(j)
                    rowLoss += e * e
                    delta?[r * units + j] = 2 * e * perUnit
                }
                total += Double(rowLoss) / Double(units)
            }
        }
        if loss == .meanSquaredError, let delta {
            Kernels.backpropagate(activation, outputs: outputs, delta: delta, rows: rows, units: units)
        }
        return BatchScore(lossSum: total, correct: correct)
    }
}
