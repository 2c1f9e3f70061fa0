import CKernels
import Foundation

/// How the weights move after each batch, given the gradient g of the batch's
/// mean loss.
public enum Optimizer: Sendable, Equatable {
    /// Stochastic gradient descent, with momentum as Keras does it:
    ///
    ///     v ← momentum·v − learningRate·g      (v starts at 0)
    ///     w ← w + v
    ///
    /// With momentum 0 this is plain w ← w − learningRate·g.
    case sgd(learningRate: Float, momentum: Float)
    /// Adam (Kingma & Ba 2015) exactly as Keras 2's and Keras 3's `Adam` (both
    /// use this form; the bias correction is folded into the step size and ε is
    /// added to √v unscaled, the paper's ε̂):
    ///
    ///     m ← β1·m + (1 − β1)·g                (m, v start at 0; t = 1, 2, …)
    ///     v ← β2·v + (1 − β2)·g²
    ///     lr_t = learningRate · √(1 − β2ᵗ) / (1 − β1ᵗ)
    ///     w ← w − lr_t · m / (√v + ε)
    ///
    /// At t = 1 this moves each weight by about learningRate·sign(g).
    case adam(learningRate: Float, beta1: Float, beta2: Float, epsilon: Float)

    /// Keras's `Adam()` defaults: learning rate 0.001, β1 0.9, β2 0.999, ε 1e-7.
    public static let kerasAdam = Optimizer.adam(learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7)

    /// Keras's `SGD()`: learning rate 0.01 and no momentum unless given.
    public static func kerasSGD(learningRate: Float = 0.01, momentum: Float = 0) -> Optimizer {
        .sgd(learningRate: learningRate, momentum: momentum)
    }

    /// The optimizers by name, as `train … optimizer adam` and Keras call them.
    public enum Kind: String, CaseIterable, Sendable {
        case adam, sgd

        /// Keras's default learning rate for this optimizer.
        public var defaultRate: Double { self == .adam ? 0.001 : 0.01 }

        /// The optimizer with Keras's defaults, a learning rate (its default
        /// when nil) and, for SGD, momentum.
        public func optimizer(rate: Double?, momentum: Double) -> Optimizer {
            let r = Float(rate ?? defaultRate)
            switch self {
            case .adam: return .adam(learningRate: r, beta1: 0.9, beta2: 0.999, epsilon: 1e-7)
            case .sgd: return .kerasSGD(learningRate: r, momentum: Float(momentum))
            }
        }
    }

    /// Throws `.invalidArgument` for a rate that is negative or not finite,
    /// momentum or β outside [0, 1), or ε negative.
    func validate() throws {
        func check(_ ok: Bool, _ message: String) throws {
            if !ok { throw NeuralError.invalidArgument(message) }
        }
        switch self {
        case let .sgd(rate, momentum):
            try check(rate.isFinite && rate >= 0, "the learning rate must be a finite number ≥ 0, got \(rate)")
            try check(momentum >= 0 && momentum < 1, "momentum must be in 0 ≤ momentum < 1, got \(momentum)")
        case let .adam(rate, beta1, beta2, epsilon):
            try check(rate.isFinite && rate >= 0, "the learning rate must be a finite number ≥ 0, got \(rate)")
            try check(beta1 >= 0 && beta1 < 1, "beta1 must be in 0 ≤ beta1 < 1, got \(beta1)")
            try check(beta2 >= 0 && beta2 < 1, "beta2 must be in 0 ≤ beta2 < 1, got \(beta2)")
            try check(epsilon.isFinite && epsilon >= 0, "epsilon must be a finite number ≥ 0, got \(epsilon)")
        }
    }
}

/// The optimizer's memory across steps (momentum velocity, or Adam's m and v),
/// one slot per parameter, allocated once per training run.
final class OptimizerState {
    let optimizer: Optimizer
    let count: Int
    /// Steps taken so far: Adam's t after the step.
    private(set) var steps = 0
    /// SGD's velocity, or Adam's first moment m.
    private let first: UnsafeMutablePointer<Float>
    /// Adam's second moment v (unused by SGD).
    private let second: UnsafeMutablePointer<Float>
    /// Staggered against the workspace's buffers (see `BufferPool`).
    private let pool: BufferPool

    init(optimizer: Optimizer, count: Int) {
        self.optimizer = optimizer
        self.count = count
        let pool = BufferPool(firstSlot: 7)
        self.pool = pool
        first = pool.make(count)
        second = pool.make(count)
    }

    /// One update: reads the weights `w` and gradient `g`, writes the new
    /// weights to `out`. Plain loops over raw pointers, which vectorise.
    ///
    /// `out` may be `w` itself and the result is the same, but training writes
    /// to a second buffer: that keeps the old weights for a divergence, and
    /// costs nothing, whereas exact overlap fails the compiler's run-time
    /// aliasing check and sends the loop down its scalar path (~2× slower).
    /// Adam is bound by the divider (√v and the division share it): about
    /// 50 µs per step for the article's 101,770 parameters.
    func step(w: UnsafePointer<Float>, g: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>) {
        update(w: w, g: g, out: out, clearing: nil)
    }

    /// `step`, then g ← 0 as the loop passes, so the next backward pass can
    /// accumulate into g (sgemm with beta = 1) instead of having BLAS zero
    /// the 400 KB of ∂W₁ first. The stores cost nothing: the loop waits on
    /// the divider anyway.
    func stepClearingGradient(w: UnsafePointer<Float>, g: UnsafeMutablePointer<Float>, out: UnsafeMutablePointer<Float>) {
        update(w: w, g: g, out: out, clearing: g)
    }

    /// The update itself; with `clearing`, each gᵢ is set to 0 once read.
    /// Inlined into both callers, so the check on `clearing` leaves the loops.
    @inline(__always)
    private func update(
        w: UnsafePointer<Float>, g: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>,
        clearing: UnsafeMutablePointer<Float>?
    ) {
        steps += 1
        let n = count
        switch optimizer {
        case let .sgd(rate, momentum):
            if momentum == 0 {
                for i in 0..<n {
                    out[i] = w[i] - rate * g[i]
                    clearing?[i] = 0
                }
            } else {
                let vel = first
                for i in 0..<n {
                    let v = momentum * vel[i] - rate * g[i]
                    vel[i] = v
                    out[i] = w[i] + v
                    clearing?[i] = 0
                }
            }
        case let .adam(rate, beta1, beta2, epsilon):
            let t = Double(steps)
            let correction = (1 - pow(Double(beta2), t)).squareRoot() / (1 - pow(Double(beta1), t))
            let rateT = Float(Double(rate) * correction)
            // C writes to g only when asked to clear it, and then g is `clearing`.
            nnbook_adam_step(w, UnsafeMutablePointer(mutating: g), first, second, out, n, beta1, beta2, rateT, epsilon, clearing == nil ? 0 : 1)
        }
    }
}
