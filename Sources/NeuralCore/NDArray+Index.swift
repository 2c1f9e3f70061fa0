extension NDArray {
    /// The element along the first axis at `index`, Python style.
    ///
    /// Negative indexes count from the end: `-1` is the last element. For a
    /// vector the result is a scalar array (shape `[]`); for a matrix it is a
    /// row (shape `[columns]`); in general the shape drops its first axis.
    ///
    /// - Throws: `.indexOutOfRange(index:count:)` with the index as given,
    ///   or `.invalidArgument` for a scalar, which has no axis to index.
    public func element(at index: Int) throws -> NDArray {
        let (position, stride) = try resolve(index)
        try WorkGuard.reserve(stride * MemoryLayout<Double>.stride, for: "this element")
        let slice = Array(data[(position * stride)..<((position + 1) * stride)])
        return NDArray(uncheckedShape: Array(shape.dropFirst()), data: slice)
    }

    /// A copy with the element at `index` replaced, as `v[0] = 5` does.
    ///
    /// The value broadcasts to the element's shape, as in NumPy: `m[0] = 0`
    /// sets a whole row to zero, and `m[0] = [1, 2]` replaces a row of length 2.
    ///
    /// - Throws: `.indexOutOfRange` as `element(at:)` does;
    ///   `.shapeMismatch(operation: "assign", lhs: elementShape, rhs: value.shape)`
    ///   when the value does not broadcast to exactly the element's shape.
    public func replacing(at index: Int, with value: NDArray) throws -> NDArray {
        let (position, stride) = try resolve(index)
        try WorkGuard.reserve((data.count + 2 * stride) * MemoryLayout<Double>.stride, for: "the changed copy")
        let slotShape = Array(shape.dropFirst())
        let mismatch = NeuralError.shapeMismatch(operation: "assign", lhs: slotShape, rhs: value.shape)
        let slot = NDArray(uncheckedShape: slotShape, data: Array(repeating: 0, count: stride))
        guard let target = try? NDArray.broadcastShape(slotShape, value.shape, operation: "assign"),
              target == slotShape
        else { throw mismatch }
        let filled = try NDArray.broadcast(slot, value, operation: "assign") { _, new in new }
        var newData = data
        newData.replaceSubrange((position * stride)..<((position + 1) * stride), with: filled.data)
        return NDArray(uncheckedShape: shape, data: newData)
    }

    /// The non-negative position of `index` on the first axis, and the number
    /// of elements one step along that axis spans.
    private func resolve(_ index: Int) throws -> (position: Int, stride: Int) {
        guard let length = shape.first else {
            throw NeuralError.invalidArgument("a single number cannot be indexed; only lists can")
        }
        let position = index < 0 ? index + length : index
        guard position >= 0, position < length else {
            throw NeuralError.indexOutOfRange(index: index, count: length)
        }
        let stride = length == 0 ? 0 : data.count / length
        return (position, stride)
    }
}

extension NDArray {
    /// One axis of NumPy's `a[i, 1:3, ::-1]`: an index (the axis goes) or a
    /// slice (`nil` parts take Python's defaults).
    public enum Subscript: Sendable, Equatable {
        case index(Int)
        case slice(start: Int?, stop: Int?, step: Int?)
    }

    /// NumPy's basic indexing: one subscript per axis from the first (axes
    /// left out are taken whole); an index drops its axis, a slice keeps it
    /// with the positions Python's `slice.indices` gives (negative counts
    /// from the end, out-of-range bounds clamp, a negative step walks back).
    ///
    /// - Throws: `.invalidArgument` for more subscripts than axes or a zero
    ///   step; `.indexOutOfRange` for an index outside its axis.
    public func subscripted(_ parts: [Subscript]) throws -> NDArray {
        guard parts.count <= shape.count else {
            throw NeuralError.invalidArgument("too many indices: \(parts.count) for an array of \(shape.count) dimension\(shape.count == 1 ? "" : "s")")
        }
        var chosen: [[Int]] = []  // positions on each axis
        var kept: [Int] = []  // the result's shape
        for (axis, length) in shape.enumerated() {
            switch axis < parts.count ? parts[axis] : .slice(start: nil, stop: nil, step: nil) {
            case .index(let i):
                let p = i < 0 ? i + length : i
                guard p >= 0, p < length else { throw NeuralError.indexOutOfRange(index: i, count: length) }
                chosen.append([p])
            case .slice(let start, let stop, let step):
                let positions = try Self.positions(length, start, stop, step ?? 1)
                chosen.append(positions)
                kept.append(positions.count)
            }
        }
        let count = chosen.reduce(1) { $0 * $1.count }
        try WorkGuard.reserve(count * MemoryLayout<Double>.stride, for: "the slice")
        var strides = Array(repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        var out: [Double] = []
        out.reserveCapacity(count)
        func gather(_ axis: Int, _ offset: Int) {
            if axis == shape.count { out.append(data[offset]); return }
            for p in chosen[axis] { gather(axis + 1, offset + p * strides[axis]) }
        }
        if count > 0 { gather(0, 0) }
        return NDArray(uncheckedShape: kept, data: out)
    }

    /// The positions `slice(start, stop, step).indices(length)` gives in Python.
    public static func positions(_ length: Int, _ start: Int?, _ stop: Int?, _ step: Int) throws -> [Int] {
        guard step != 0 else { throw NeuralError.invalidArgument("a slice step cannot be zero") }
        func bound(_ v: Int?, _ fallback: Int, _ low: Int, _ high: Int) -> Int {
            guard let v else { return fallback }
            return Swift.min(Swift.max(v < 0 ? v + length : v, low), high)
        }
        if step > 0 {
            let s = bound(start, 0, 0, length), e = bound(stop, length, 0, length)
            return s < e ? Array(stride(from: s, to: e, by: step)) : []
        }
        let s = bound(start, length - 1, -1, length - 1), e = bound(stop, -1, -1, length - 1)
        return s > e ? Array(stride(from: s, to: e, by: step)) : []
    }
}
