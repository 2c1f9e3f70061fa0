extension NDArray {
    /// Combines two arrays element by element under NumPy's broadcasting rules.
    ///
    /// Shapes are aligned from the right; each pair of dimensions must be equal
    /// or one of them 1, and a missing leading dimension counts as 1. The result
    /// takes the larger of each pair:
    ///
    ///     [2, 3] with [3]     → [2, 3]   (the vector is added to every row)
    ///     [3, 1] with [1, 4]  → [3, 4]   (an outer sum)
    ///     []     with [n, m]  → [n, m]   (a scalar pairs with every element)
    ///
    /// Equal shapes and scalar-with-array take a plain loop over `data`; only
    /// true broadcasting walks multi-indexes.
    ///
    /// - Parameters:
    ///   - operation: the operator's name, used only in the error, e.g. `"+"`.
    ///   - limit: the most elements the result may have.
    ///   - f: the element operation, called as `f(aElement, bElement)`.
    /// - Throws: `.shapeMismatch(operation:lhs:rhs:)` carrying both shapes when
    ///   they do not broadcast; `.tooLarge` when the result exceeds `limit`;
    ///   `.outOfMemory` when it does not fit the session's memory; anything `f` throws.
    public static func broadcast(
        _ a: NDArray, _ b: NDArray, operation: String,
        limit: Int = defaultElementLimit,
        _ f: (Double, Double) throws -> Double
    ) throws -> NDArray {
        if a.shape == b.shape {
            try admit(a.count, limit: limit, for: "the result of '\(operation)'")
            var out = [Double](repeating: 0, count: a.count)
            for i in 0..<a.count { out[i] = try f(a.data[i], b.data[i]) }
            return NDArray(uncheckedShape: a.shape, data: out)
        }
        if a.isScalar {
            let x = a.data[0]
            try admit(b.count, limit: limit, for: "the result of '\(operation)'")
            var out = [Double](repeating: 0, count: b.count)
            for i in 0..<b.count { out[i] = try f(x, b.data[i]) }
            return NDArray(uncheckedShape: b.shape, data: out)
        }
        if b.isScalar {
            let y = b.data[0]
            try admit(a.count, limit: limit, for: "the result of '\(operation)'")
            var out = [Double](repeating: 0, count: a.count)
            for i in 0..<a.count { out[i] = try f(a.data[i], y) }
            return NDArray(uncheckedShape: a.shape, data: out)
        }
        let shape = try broadcastShape(a.shape, b.shape, operation: operation)
        let count = try elementCount(of: shape)
        try admit(count, limit: limit, for: "the result of '\(operation)'")
        return NDArray(uncheckedShape: shape, data: try walk(a, b, shape: shape, count: count, f))
    }

    /// The shape two shapes broadcast to, or `.shapeMismatch` naming both.
    public static func broadcastShape(_ lhs: [Int], _ rhs: [Int], operation: String) throws -> [Int] {
        let rank = Swift.max(lhs.count, rhs.count)
        let left = Array(repeating: 1, count: rank - lhs.count) + lhs
        let right = Array(repeating: 1, count: rank - rhs.count) + rhs
        var result: [Int] = []
        result.reserveCapacity(rank)
        for (l, r) in zip(left, right) {
            if l == r || r == 1 {
                result.append(l)
            } else if l == 1 {
                result.append(r)
            } else {
                throw NeuralError.shapeMismatch(operation: operation, lhs: lhs, rhs: rhs)
            }
        }
        return result
    }

    /// Row-major strides of `shape` padded on the left to `rank`, with 0 for
    /// every axis of length 1 so that index stays put while the result moves.
    private static func broadcastStrides(_ shape: [Int], rank: Int) -> [Int] {
        let padded = Array(repeating: 1, count: rank - shape.count) + shape
        var strides = Array(repeating: 0, count: rank)
        var step = 1
        for axis in stride(from: rank - 1, through: 0, by: -1) {
            strides[axis] = padded[axis] == 1 ? 0 : step
            step *= padded[axis]
        }
        return strides
    }

    /// Visits every result position in row-major order like an odometer,
    /// keeping the matching flat offsets into `a` and `b` up to date.
    private static func walk(
        _ a: NDArray, _ b: NDArray, shape: [Int], count: Int,
        _ f: (Double, Double) throws -> Double
    ) throws -> [Double] {
        var out = [Double](repeating: 0, count: count)
        guard count > 0 else { return out }
        let rank = shape.count
        let aStrides = broadcastStrides(a.shape, rank: rank)
        let bStrides = broadcastStrides(b.shape, rank: rank)
        var index = Array(repeating: 0, count: rank)
        var aOffset = 0
        var bOffset = 0
        for position in 0..<count {
            out[position] = try f(a.data[aOffset], b.data[bOffset])
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                aOffset += aStrides[axis]
                bOffset += bStrides[axis]
                if index[axis] < shape[axis] { break }
                aOffset -= aStrides[axis] * index[axis]
                bOffset -= bStrides[axis] * index[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return out
    }
}
