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
