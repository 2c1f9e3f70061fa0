/// An n-dimensional array of Float32, stored flat in row-major (C) order: the
/// numbers a network computes with.
///
/// `NDArray` is the learner's Double array, for exact arithmetic in lessons;
/// `Tensor` is what a layer sees: Float32 like Keras and PyTorch, matrix
/// products through CBLAS (`matmul(_:_:)`), element-wise work in plain loops
/// the compiler vectorises. Convert with `Tensor(_:)` and `NDArray(_:)`.
///
/// As for `NDArray`, the element at (i₀, …, iₖ) is `data[i₀·s₀ + … + iₖ·sₖ]`
/// with sⱼ the product of the dimensions after j, so a matrix of shape
/// [rows, columns] keeps row r in `data[r·columns ..< (r + 1)·columns]`.
///
/// Every shape is checked and a mismatch throws a `NeuralError`; nothing a
/// learner types can stop the process. Two tensors are equal when their
/// shapes and every number are (a NaN is equal to nothing, as in IEEE 754).
public struct Tensor: Sendable, Equatable {
    /// The length of each axis, outermost first; `[]` for a scalar.
    public let shape: [Int]
    /// The numbers in row-major order; `data.count` is the product of `shape`.
    public let data: [Float]

    /// The default ceiling on the numbers one operation may create: 2²⁶
    /// (67,108,864 Floats, 256 MiB), room for all 60,000 MNIST images
    /// (47 million numbers) while `zeros(shape: [100000, 100000])` fails with
    /// `.tooLarge` instead of exhausting memory.
    public static let defaultElementLimit = 1 << 26

    /// Creates a tensor, checking that `data` holds one number per slot.
    ///
    /// - Throws: `.invalidArgument` for a negative dimension, a shape whose
    ///   element count overflows, or `data.count` different from it.
    public init(shape: [Int], data: [Float]) throws {
        let expected = try NDArray.elementCount(of: shape)
        guard expected == data.count else {
            throw NeuralError.invalidArgument("shape \(shape) needs \(expected) values, but \(data.count) were given")
        }
        self.shape = shape
        self.data = data
    }

    /// Creates a tensor whose shape and data the caller has already checked.
    init(uncheckedShape shape: [Int], data: [Float]) {
        self.shape = shape
        self.data = data
    }

    /// A matrix from a list of rows: shape [rows.count, width]; an empty
    /// list gives [0, 0].
    ///
    /// - Throws: `.raggedList` when the rows differ in length.
    public init(rows: [[Float]]) throws {
        let width = rows.first?.count ?? 0
        guard rows.allSatisfy({ $0.count == width }) else { throw NeuralError.raggedList }
        self.init(uncheckedShape: [rows.count, width], data: rows.flatMap { $0 })
    }

    /// A vector, shape [values.count].
    public init(vector values: [Float]) {
        self.init(uncheckedShape: [values.count], data: values)
    }

    /// A tensor of the given shape filled with zeros.
    ///
    /// The count is checked before anything is allocated.
    /// - Throws: `.tooLarge` above `limit` numbers; `.invalidArgument` for a
    ///   negative dimension or an element count that overflows.
    public static func zeros(shape: [Int], limit: Int = defaultElementLimit) throws -> Tensor {
        let count = try NDArray.elementCount(of: shape)
        guard count <= limit else { throw NeuralError.tooLarge(elements: count, limit: limit) }
        try WorkGuard.reserve(count * MemoryLayout<Float>.stride, for: "a tensor of zeros")
        return Tensor(uncheckedShape: shape, data: [Float](repeating: 0, count: count))
    }

    /// The number of elements: the product of `shape` (1 for a scalar).
    public var count: Int { data.count }

    /// The number of axes: 0 for a scalar, 1 for a vector, 2 for a matrix.
    public var rank: Int { shape.count }

    /// The rows of the matrix view that row-wise operations use: every axis
    /// but the last folded together (so [2, 3, 4] has 6 rows of 4; a vector
    /// is one row; a scalar is one row of one).
    public var rows: Int { shape.dropLast().reduce(1, *) }

    /// The length of the last axis: the width of each row (1 for a scalar).
    public var columns: Int { shape.last ?? 1 }

    /// Applies `f` to every number, keeping the shape.
    public func map(_ f: (Float) throws -> Float) rethrows -> Tensor {
        Tensor(uncheckedShape: shape, data: try data.map(f))
    }
}

// MARK: - Float32 ⇄ Double

extension Tensor {
    /// The Float32 tensor nearest `array`: each Double rounded to the nearest
    /// Float (about 7 significant digits); beyond ±3.4·10³⁸ it becomes ±∞.
    public init(_ array: NDArray) {
        self.init(uncheckedShape: array.shape, data: array.data.map { Float($0) })
    }
}

extension NDArray {
    /// The Double array holding exactly the numbers of `tensor` (every Float
    /// is a Double), with the same shape.
    public init(_ tensor: Tensor) {
        self.init(uncheckedShape: tensor.shape, data: tensor.data.map { Double($0) })
    }
}
