extension NDArray {
    /// The dot product of vectors, or the matrix product, as `np.dot` computes.
    ///
    ///     vector [n]    · vector [n]    → scalar []   Σₖ aₖ·bₖ
    ///     matrix [m, n] · vector [n]    → vector [m]  (Ab)ᵢ = Σₖ aᵢₖ·bₖ
    ///     vector [n]    · matrix [n, p] → vector [p]  (aB)ⱼ = Σₖ aₖ·bₖⱼ
    ///     matrix [m, n] · matrix [n, p] → matrix [m, p]
    ///
    /// A scalar on either side multiplies element-wise, as in NumPy. The inner
    /// dimensions (the last of `a`, the first of `b`) must agree.
    ///
    /// - Throws: `.shapeMismatch(operation: "dot", …)` when the inner
    ///   dimensions differ; `.invalidArgument` for rank above 2; `.tooLarge`
    ///   when the result would exceed `limit` elements.
    public static func dot(_ a: NDArray, _ b: NDArray, limit: Int = defaultElementLimit) throws -> NDArray {
        if a.isScalar || b.isScalar {
            return try broadcast(a, b, operation: "dot", limit: limit) { $0 * $1 }
        }
        guard a.rank <= 2, b.rank <= 2 else {
            throw NeuralError.invalidArgument(
                "dot works on vectors and matrices (rank 1 or 2), got shapes \(a.shape) and \(b.shape)")
        }
        // View both as matrices: a vector on the left is one row, on the right one column.
        let rows = a.rank == 2 ? a.shape[0] : 1
        let inner = a.shape[a.rank - 1]
        let innerB = b.shape[0]
        let columns = b.rank == 2 ? b.shape[1] : 1
        guard inner == innerB else {
            throw NeuralError.shapeMismatch(operation: "dot", lhs: a.shape, rhs: b.shape)
        }
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow, count <= limit else {
            throw NeuralError.tooLarge(elements: overflow ? Int.max : count, limit: limit)
        }
        try admit(count, limit: limit, for: "the result of dot")
        let product = multiply(a.data, b.data, rows: rows, inner: inner, columns: columns)
        var shape: [Int] = []
        if a.rank == 2 { shape.append(rows) }
        if b.rank == 2 { shape.append(columns) }
        return NDArray(uncheckedShape: shape, data: product)
    }

    /// C = A·B for row-major A [rows, inner] and B [inner, columns].
    ///
    /// The i-k-j loop order reads B and writes C along rows, which keeps the
    /// inner loop on contiguous memory.
    private static func multiply(_ a: [Double], _ b: [Double], rows: Int, inner: Int, columns: Int) -> [Double] {
        var c = [Double](repeating: 0, count: rows * columns)
        for i in 0..<rows {
            for k in 0..<inner {
                let aik = a[i * inner + k]
                let bRow = k * columns
                let cRow = i * columns
                for j in 0..<columns {
                    c[cRow + j] += aik * b[bRow + j]
                }
            }
        }
        return c
    }
}

extension NDArray {
    /// The transpose of a matrix, [m, n] → [n, m] (NumPy's `a.T`); a vector
    /// or a scalar is its own transpose.
    public func transposed() -> NDArray {
        guard rank == 2 else { return self }
        let (r, c) = (shape[0], shape[1])
        var t = [Double](repeating: 0, count: count)
        for i in 0..<r { for j in 0..<c { t[j * r + i] = data[i * c + j] } }
        return NDArray(uncheckedShape: [c, r], data: t)
    }
}
