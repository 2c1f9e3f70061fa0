import CBLAS
import Foundation

/// Sets OpenBLAS to one thread, once per process: two threads help only at
/// batches ≥ 128 and collapse when another process holds a core
/// (docs/performance.md). Accelerate on macOS manages its own threads.
///
/// OpenBLAS starts its pool of worker threads when the library loads, and an
/// idle worker spins on `sched_yield` for about 100 ms before it sleeps: a
/// core's worth of CPU at every start of every nnbook process. With one
/// thread the pool is never used, so it is shut down here. Setting the
/// thread count again would start it again; this runs once.
let blasSetUp: Void = {
    #if os(Linux)
    openblas_set_num_threads(1)
    // Looked up, not linked: OpenBLAS exports it, but not as part of its API, and a serial build has no pool.
    if let shutdown = dlsym(nil, "blas_thread_shutdown_") {
        _ = unsafeBitCast(shutdown, to: (@convention(c) () -> Int32).self)()
    }
    #endif
}()

/// BLAS's threads for this process.
public enum BLASThreads {
    /// One thread, and OpenBLAS's idle pool stopped (see `blasSetUp`). The
    /// executable calls it first thing; training calls it too, so a library
    /// user gets the same without asking.
    public static func useOne() {
        _ = blasSetUp
    }

    /// Whether OpenBLAS's pool of worker threads is running; nil where that cannot be known (Accelerate, another BLAS).
    public static var poolIsRunning: Bool? {
        #if os(Linux)
        guard let available = dlsym(nil, "blas_server_avail") else { return nil }
        return available.load(as: Int32.self) != 0
        #else
        return nil
        #endif
    }
}

/// The number crunching of a dense network on raw Float32 buffers: matrix
/// products through CBLAS, element-wise passes as plain loops the compiler
/// vectorises. Every matrix is row-major.
enum Kernels {
    /// C = op(A)·op(B) + beta·C, with C of shape m×n and inner size k, where
    /// op(A) is A or Aᵀ. `lda`, `ldb`, `ldc` are the row lengths as stored.
    @inline(__always)
    static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// out = f(z + b) row by row, where z is rows×units and b has `units`
    /// entries; `z` gets the bias added in place (it becomes the pre-activation),
    /// and `out` may be `z` itself (hidden layers keep only their outputs).
    ///
    /// The element-wise loops are the activation's registry entry
    /// (`ElementwiseKernel`); softmax subtracts each row's maximum first, so
    /// any finite logits give probabilities summing to 1, and each row's
    /// log Σ e^z goes to `logSumExp` when given, so the cross-entropy need not
    /// take the exponentials again.
    static func activate(
        _ activation: Activation, z: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>,
        out: UnsafeMutablePointer<Float>, rows: Int, units: Int, logSumExp: UnsafeMutablePointer<Float>? = nil
    ) {
        switch activation.descriptor.training {
        case .elementwise(let kernel):
            kernel.activate(z, bias, out, rows, units)
        case .softmax:
            for r in 0..<rows {
                let zr = z + r * units, or = out + r * units
                for j in 0..<units { zr[j] += bias[j] }
                let lse = softmaxRow(zr, out: or, units: units)
                logSumExp?[r] = lse
            }
        }
    }

    /// softmax of one row: e^(zⱼ − m) / Σ e^(zₖ − m) with m the row maximum.
    /// Returns log Σ e^zₖ = m + log Σ e^(zₖ − m), the log-sum-exp the fused
    /// cross-entropy needs.
    @discardableResult
    static func softmaxRow(_ z: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>, units: Int) -> Float {
        var m = z[0]
        for j in 1..<max(units, 1) where z[j] > m { m = z[j] }
        var sum: Float = 0
        for j in 0..<units {
            let e = exp(z[j] - m)
            out[j] = e
            sum += e
        }
        let inverse = 1 / sum
        for j in 0..<units { out[j] *= inverse }
        return m + log(sum)
    }

    /// delta ← delta ⊙ f′ for one layer, given its outputs a = f(z), turning
    /// ∂L/∂a into ∂L/∂z in place. Each element-wise derivative is written in
    /// terms of a, in the activation's registry entry; softmax, whose Jacobian
    /// is not diagonal: ∂L/∂zᵢ = aᵢ(∂L/∂aᵢ − Σⱼ ∂L/∂aⱼ·aⱼ).
    static func backpropagate(
        _ activation: Activation, outputs a: UnsafePointer<Float>, delta d: UnsafeMutablePointer<Float>,
        rows: Int, units: Int
    ) {
        switch activation.descriptor.training {
        case .elementwise(let kernel):
            kernel.backpropagate(a, d, rows * units)
        case .softmax:
            for r in 0..<rows {
                let ar = a + r * units, dr = d + r * units
                var dot: Float = 0
                for j in 0..<units { dot += dr[j] * ar[j] }
                for j in 0..<units { dr[j] = ar[j] * (dr[j] - dot) }
            }
        }
    }

    /// Column sums of the rows×units matrix `delta` into `out`: ∂L/∂b.
    static func columnSums(_ delta: UnsafePointer<Float>, rows: Int, units: Int, out: UnsafeMutablePointer<Float>) {
        out.update(repeating: 0, count: units)
        for r in 0..<rows {
            let dr = delta + r * units
            for j in 0..<units { out[j] += dr[j] }
        }
    }

    /// out[k] = Float(bytes[k]) · scale: a row of pixels to Float32.
    @inline(__always)
    static func scale(row bytes: UnsafePointer<UInt8>, by scale: Float, into out: UnsafeMutablePointer<Float>, count: Int) {
        for k in 0..<count { out[k] = Float(bytes[k]) * scale }
    }

    /// The class an output row predicts: for one unit, 1 when the output is
    /// above 0.5 (Keras's binary accuracy), else the index of the largest
    /// output (the first one on a tie).
    @inline(__always)
    static func predictedClass(_ row: UnsafePointer<Float>, units: Int) -> Int {
        if units == 1 { return row[0] > 0.5 ? 1 : 0 }
        var best = 0
        for j in 1..<units where row[j] > row[best] { best = j }
        return best
    }
}
