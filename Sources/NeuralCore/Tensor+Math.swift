import Foundation

// MARK: - Matrix product

extension Tensor {
    /// The matrix product C = A·B of A [m, k] and B [k, n], a [m, n] matrix
    /// with cᵢⱼ = Σₖ aᵢₖ·bₖⱼ, computed by CBLAS `sgemm` (OpenBLAS on one
    /// thread, or Accelerate), as a dense layer's forward pass does.
    ///
    /// Sums are accumulated in Float32 in an order BLAS chooses, so a result
    /// can differ from a plain loop in the last bits: expect a relative error
    /// around k·10⁻⁷, not exact equality. A vector must be made a one-row
    /// matrix first (shape [1, n]). With k = 0 every sum is empty and C is zeros.
    ///
    /// - Throws: `.shapeMismatch(operation: "dot", …)` when A's columns differ
    ///   from B's rows; `.invalidArgument` when either is not a matrix;
    ///   `.tooLarge` when C would exceed `limit` numbers.
    public static func matmul(_ a: Tensor, _ b: Tensor, limit: Int = defaultElementLimit) throws -> Tensor {
        guard a.rank == 2, b.rank == 2 else {
            throw NeuralError.invalidArgument(
                "matmul multiplies matrices (rank 2), got shapes \(a.shape) and \(b.shape); "
                    + "a vector of n numbers is the matrix [1, n]")
        }
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        guard b.shape[0] == k else {
            throw NeuralError.shapeMismatch(operation: "dot", lhs: a.shape, rhs: b.shape)
        }
        let (count, overflow) = m.multipliedReportingOverflow(by: n)
        guard !overflow, count <= limit else {
            throw NeuralError.tooLarge(elements: overflow ? Int.max : count, limit: limit)
        }
        // CBLAS counts in Int32.
        let largest = Swift.max(m, n, k)
        guard largest <= Int(Int32.max) else { throw NeuralError.tooLarge(elements: largest, limit: Int(Int32.max)) }
        try WorkGuard.reserve(count * MemoryLayout<Float>.stride, for: "the result of matmul")
        guard count > 0, k > 0 else { return Tensor(uncheckedShape: [m, n], data: [Float](repeating: 0, count: count)) }
        _ = blasSetUp
        let product = [Float](unsafeUninitializedCapacity: count) { c, initialized in
            a.data.withUnsafeBufferPointer { pa in
                b.data.withUnsafeBufferPointer { pb in
                    guard let pa = pa.baseAddress, let pb = pb.baseAddress, let pc = c.baseAddress else {
                        c.initialize(repeating: 0)
                        return
                    }
                    // beta = 0: sgemm writes C without reading it, so C needs no zero-fill.
                    Kernels.gemm(
                        transA: false, transB: false, m: m, n: n, k: k,
                        a: pa, lda: k, b: pb, ldb: n, beta: 0, c: pc, ldc: n)
                }
            }
            initialized = count
        }
        return Tensor(uncheckedShape: [m, n], data: product)
    }

    /// self·other: `Tensor.matmul(self, other)`.
    public func matmul(_ other: Tensor) throws -> Tensor {
        try Tensor.matmul(self, other)
    }

    /// The tensor with its axes reversed, as NumPy's `.T`: a [m, n] matrix
    /// becomes [n, m] with (Aᵀ)ⱼᵢ = aᵢⱼ; scalars and vectors stay as they are;
    /// [a, b, c] becomes [c, b, a].
    public func transposed() -> Tensor {
        guard rank >= 2 else { return self }
        let reversed = Array(shape.reversed())
        var out = [Float](repeating: 0, count: count)
        if rank == 2 {
            let (m, n) = (shape[0], shape[1])
            for i in 0..<m {
                for j in 0..<n { out[j * m + i] = data[i * n + j] }
            }
            return Tensor(uncheckedShape: reversed, data: out)
        }
        // Walk the output in order; `source` is where each element comes from.
        var strides = [Int](repeating: 1, count: rank)
        for axis in stride(from: rank - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        let step = Array(strides.reversed())
        var index = [Int](repeating: 0, count: rank)
        var source = 0
        for position in 0..<count {
            out[position] = data[source]
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                source += step[axis]
                if index[axis] < reversed[axis] { break }
                source -= step[axis] * index[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return Tensor(uncheckedShape: reversed, data: out)
    }
}

// MARK: - Element-wise arithmetic

extension Tensor {
    /// Element-wise sum. Either the shapes are equal, or `rhs` is a row
    /// vector as wide as `lhs`'s rows ([columns] or [1, columns]), added to
    /// every row: that is how a layer adds its biases, x·W + b.
    ///
    /// - Throws: `.shapeMismatch(operation: "+", …)` for any other shapes.
    public static func + (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        try combine(lhs, rhs, operation: "+") { $0 + $1 }
    }

    /// Element-wise difference, with shapes as for `+`.
    public static func - (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        try combine(lhs, rhs, operation: "-") { $0 - $1 }
    }

    /// Element-wise (Hadamard) product, with shapes as for `+`: not the
    /// matrix product, which is `matmul(_:_:)`.
    public static func * (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        try combine(lhs, rhs, operation: "*") { $0 * $1 }
    }

    /// Adds `vector` (shape [columns] or [1, columns]) to every row:
    /// outᵣⱼ = selfᵣⱼ + vectorⱼ, a layer's bias step.
    ///
    /// - Throws: `.shapeMismatch(operation: "+", …)` when `vector` is not one
    ///   row as wide as `self`'s rows.
    public func adding(rowVector vector: Tensor) throws -> Tensor {
        guard rank >= 1, vector.isRow(of: columns) else {
            throw NeuralError.shapeMismatch(operation: "+", lhs: shape, rhs: vector.shape)
        }
        return Tensor.broadcastRow(self, vector) { $0 + $1 }
    }

    /// Whether this is one row of `width` numbers: shape [width] or [1, width].
    private func isRow(of width: Int) -> Bool {
        shape == [width] || shape == [1, width]
    }

    /// f applied pairwise: equal shapes element by element, or a row vector
    /// `b` against every row of `a`. Inlined, so `f` lands inside the loops
    /// and they vectorise.
    @inline(__always)
    private static func combine(
        _ a: Tensor, _ b: Tensor, operation: String, _ f: (Float, Float) -> Float
    ) throws -> Tensor {
        if a.shape == b.shape {
            let n = a.count
            let out = [Float](unsafeUninitializedCapacity: n) { o, initialized in
                a.data.withUnsafeBufferPointer { x in
                    b.data.withUnsafeBufferPointer { y in
                        for i in 0..<n { o[i] = f(x[i], y[i]) }
                    }
                }
                initialized = n
            }
            return Tensor(uncheckedShape: a.shape, data: out)
        }
        guard a.rank >= 2, b.isRow(of: a.columns) else {
            throw NeuralError.shapeMismatch(operation: operation, lhs: a.shape, rhs: b.shape)
        }
        return broadcastRow(a, b, f)
    }

    /// outᵣⱼ = f(aᵣⱼ, bⱼ) for a row vector b as wide as a's rows.
    @inline(__always)
    private static func broadcastRow(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
        let (rows, width) = (a.rows, a.columns)
        let n = a.count
        let out = [Float](unsafeUninitializedCapacity: n) { o, initialized in
            a.data.withUnsafeBufferPointer { x in
                b.data.withUnsafeBufferPointer { y in
                    guard let x = x.baseAddress, let y = y.baseAddress, let o = o.baseAddress else { return }
                    // One row at a time through row pointers: a loop of its
                    // own over j, which vectorises.
                    for r in 0..<rows {
                        let (xr, or) = (x + r * width, o + r * width)
                        for j in 0..<width { or[j] = f(xr[j], y[j]) }
                    }
                }
            }
            initialized = n
        }
        return Tensor(uncheckedShape: a.shape, data: out)
    }
}

// MARK: - Activations

extension Tensor {
    /// The activation applied as a layer applies it: element by element,
    /// except softmax, which turns each row (the last axis) into
    /// probabilities that sum to 1.
    ///
    /// - sigmoid uses e^−|x|, so it never overflows (σ(±200) is 1 and 0);
    /// - softmax subtracts each row's maximum before e^x, so [1000, 1000]
    ///   gives [0.5, 0.5]; a row with +∞ shares the probability among its +∞
    ///   entries, all −∞ gives the uniform row, and a NaN makes the row NaN,
    ///   as `Activation.softmax(_:)` does for Doubles;
    /// - relu keeps NaN (NaN < 0 is false), as `Activation.value(_:)` does.
    public func applying(_ activation: Activation) -> Tensor {
        let (rows, width) = (self.rows, columns)
        let n = count
        let out = [Float](unsafeUninitializedCapacity: n) { o, initialized in
            data.withUnsafeBufferPointer { x in
                guard let z = x.baseAddress, let out = o.baseAddress else { return }
                switch activation.descriptor.training {
                case .elementwise(let kernel):
                    kernel.map(z, out, n)
                case .softmax:
                    for r in 0..<rows where width > 0 {
                        Tensor.softmaxRow(z + r * width, out: out + r * width, width: width)
                    }
                }
            }
            initialized = n
        }
        return Tensor(uncheckedShape: shape, data: out)
    }

    /// One row of softmax, any input: finite rows go through the training
    /// kernel (`Kernels.softmaxRow`); an infinite maximum or a NaN gets the
    /// limits described in `applying(_:)`.
    private static func softmaxRow(_ z: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>, width: Int) {
        var m = -Float.infinity
        var hasNaN = false
        for j in 0..<width {
            if z[j].isNaN { hasNaN = true } else if z[j] > m { m = z[j] }
        }
        if hasNaN {
            out.update(repeating: .nan, count: width)
        } else if m.isInfinite {
            var tops: Float = 0
            for j in 0..<width where z[j] == m { tops += 1 }
            for j in 0..<width { out[j] = z[j] == m ? 1 / tops : 0 }
        } else {
            Kernels.softmaxRow(z, out: out, units: width)
        }
    }
}
