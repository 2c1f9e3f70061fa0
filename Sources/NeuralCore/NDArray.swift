/// An n-dimensional array of `Double`, stored flat in row-major (C) order.
///
/// The element at multi-index `(i₀, i₁, …, iₖ)` lives at
/// `data[i₀·s₀ + i₁·s₁ + … + iₖ·sₖ]`, where the stride `sⱼ` is the product of
/// the dimensions after `j`. A scalar has shape `[]` and one element; a vector
/// of length n has shape `[n]`; a matrix with r rows and c columns has `[r, c]`.
///
/// Values are immutable: every operation returns a new array, so an `NDArray`
/// can be shared freely between a session and its history.
public struct NDArray: Equatable, Sendable {
    /// The length of each axis, outermost first. `[]` for a scalar.
    public let shape: [Int]
    /// The elements in row-major order; `data.count` is the product of `shape`.
    public let data: [Double]

    /// The default ceiling on the number of elements one operation may create.
    ///
    /// Ten million `Double`s are 80 MB: large enough for every lesson, small
    /// enough that a typo like `range(1e12)` fails with `.tooLarge` instead of
    /// exhausting memory.
    public static let defaultElementLimit = 10_000_000

    /// Creates an array, checking that `data` holds exactly one value per slot.
    ///
    /// - Throws: `.invalidArgument` for a negative dimension, when the product
    ///   of `shape` overflows `Int`, or when `data.count` differs from it.
    public init(shape: [Int], data: [Double]) throws {
        let expected = try Self.elementCount(of: shape)
        guard expected == data.count else {
            throw NeuralError.invalidArgument(
                "shape \(shape) needs \(expected) values, but \(data.count) were given")
        }
        self.shape = shape
        self.data = data
    }

    /// Creates an array whose shape and data the caller has already checked.
    init(uncheckedShape shape: [Int], data: [Double]) {
        self.shape = shape
        self.data = data
    }

    /// A rank-0 array (shape `[]`) holding one number.
    public init(scalar: Double) {
        self.init(uncheckedShape: [], data: [scalar])
    }

    /// A rank-1 array (shape `[n]`) holding `vector`.
    public init(vector: [Double]) {
        self.init(uncheckedShape: [vector.count], data: vector)
    }

    /// A rank-2 array (shape `[rows.count, rows[0].count]`) from a list of rows.
    ///
    /// An empty list gives shape `[0, 0]`.
    /// - Throws: `.raggedList` when the rows differ in length.
    public init(rows: [[Double]]) throws {
        let width = rows.first?.count ?? 0
        guard rows.allSatisfy({ $0.count == width }) else { throw NeuralError.raggedList }
        self.init(uncheckedShape: [rows.count, width], data: rows.flatMap { $0 })
    }

    /// An array of the given shape filled with zeros.
    ///
    /// - Throws: `.tooLarge` above `limit` elements; `.invalidArgument` for a
    ///   negative dimension.
    public static func zeros(shape: [Int], limit: Int = defaultElementLimit) throws -> NDArray {
        let count = try elementCount(of: shape)
        try admit(count, limit: limit, for: "an array of zeros")
        return NDArray(uncheckedShape: shape, data: Array(repeating: 0, count: count))
    }

    /// Stacks equal-shaped arrays along a new first axis, as `np.stack` does.
    ///
    /// This is how a nested list literal becomes an array: `[[1, 2], [3, 4]]`
    /// stacks two shape-`[2]` vectors into shape `[2, 2]`; scalars stack into a
    /// vector. An empty list gives the empty vector, shape `[0]`, like
    /// `np.array([])`.
    /// - Throws: `.raggedList` when the items do not all have the same shape.
    public static func stack(_ items: [NDArray]) throws -> NDArray {
        guard let first = items.first else { return NDArray(vector: []) }
        guard items.allSatisfy({ $0.shape == first.shape }) else { throw NeuralError.raggedList }
        let (count, overflow) = items.count.multipliedReportingOverflow(by: first.count)
        try WorkGuard.reserve(overflow ? Int.max : count * 8, for: "this list")
        var data: [Double] = []
        data.reserveCapacity(items.count * first.count)
        for item in items { data.append(contentsOf: item.data) }
        return NDArray(uncheckedShape: [items.count] + first.shape, data: data)
    }

    /// Checks, before `count` numbers are allocated, that they fit both one
    /// value's `limit` (`.tooLarge`) and the session's memory, whatever it
    /// already holds (`WorkGuard.reserve`, `.outOfMemory`). `what` names the
    /// new value in the message.
    static func admit(_ count: Int, limit: Int, for what: @autoclosure () -> String) throws {
        guard count <= limit else { throw NeuralError.tooLarge(elements: count, limit: limit) }
        try WorkGuard.reserve(count * MemoryLayout<Double>.stride, for: what())
    }

    /// The number of elements: the product of `shape` (1 for a scalar).
    public var count: Int { data.count }

    /// The number of axes: 0 for a scalar, 1 for a vector, 2 for a matrix.
    public var rank: Int { shape.count }

    /// Whether this is a rank-0 array (shape `[]`).
    public var isScalar: Bool { shape.isEmpty }

    /// Applies `f` to every element, keeping the shape.
    public func map(_ f: (Double) throws -> Double) rethrows -> NDArray {
        NDArray(uncheckedShape: shape, data: try data.map(f))
    }

    /// The product of the dimensions, checked for negatives and overflow.
    static func elementCount(of shape: [Int]) throws -> Int {
        var product = 1
        for dimension in shape {
            guard dimension >= 0 else {
                throw NeuralError.invalidArgument("a shape cannot have a negative dimension, got \(shape)")
            }
            let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                throw NeuralError.invalidArgument("shape \(shape) has more elements than can be counted")
            }
            product = next
        }
        return product
    }
}
