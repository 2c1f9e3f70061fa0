extension NDArray {
    /// The sum of every element, Σ xᵢ. The sum of an empty array is 0.
    ///
    /// A plain left-to-right sum, as Python's `sum` does: `sum([0.1, 0.2, 0.3])`
    /// is 0.6000000000000001, and the printer hides that noise.
    public func sum() -> Double {
        var total = 0.0
        for x in data { total += x }
        return total
    }

    /// The arithmetic mean, (Σ xᵢ) / n.
    ///
    /// - Throws: `.emptyInput("mean")` for an empty array, where NumPy would
    ///   warn and return NaN.
    public func mean() throws -> Double {
        guard !data.isEmpty else { throw NeuralError.emptyInput("mean") }
        return sum() / Double(data.count)
    }

    /// The smallest element; NaN if any element is NaN, as in NumPy.
    ///
    /// - Throws: `.emptyInput("min")` for an empty array.
    public func min() throws -> Double {
        try extreme("min") { $0 < $1 }
    }

    /// The largest element; NaN if any element is NaN, as in NumPy.
    ///
    /// - Throws: `.emptyInput("max")` for an empty array.
    public func max() throws -> Double {
        try extreme("max") { $0 > $1 }
    }

    private func extreme(_ name: String, _ better: (Double, Double) -> Bool) throws -> Double {
        guard var best = data.first else { throw NeuralError.emptyInput(name) }
        for x in data {
            if x.isNaN { return x }
            if better(x, best) { best = x }
        }
        return best
    }
}

extension NDArray {
    /// The sum of each column of a matrix, [m, n] → [n] (NumPy's
    /// `a.sum(axis=0)`); a vector or scalar is returned as it is.
    public func columnSums() -> NDArray {
        guard rank == 2 else { return self }
        let c = shape[1]
        var sums = [Double](repeating: 0, count: c)
        for (k, x) in data.enumerated() { sums[k % c] += x }
        return NDArray(vector: sums)
    }
}
