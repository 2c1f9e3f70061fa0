extension NDArray {
    /// A vector of evenly spaced numbers from `start` up to, not including,
    /// `stop`, like Python's `range` (and NumPy's `arange` for fractions).
    ///
    /// Element i is `start + i·step` (computed directly, so errors do not
    /// accumulate); there are ⌈(stop − start) / step⌉ of them, or none when
    /// that is negative: `range(start: 0, stop: 3)` is [0, 1, 2],
    /// `range(start: 5, stop: 0, step: -2)` is [5, 3, 1].
    ///
    /// - Throws: `.invalidArgument` for step 0 or a non-finite bound;
    ///   `.tooLarge` when more than `limit` elements would be made.
    public static func range(
        start: Double = 0, stop: Double, step: Double = 1, limit: Int = defaultElementLimit
    ) throws -> NDArray {
        guard step != 0 else { throw NeuralError.invalidArgument("range() step must not be zero") }
        guard start.isFinite, stop.isFinite, step.isFinite else {
            throw NeuralError.invalidArgument("range() needs finite start, stop and step")
        }
        let exact = ((stop - start) / step).rounded(.up)
        guard exact > 0 else { return NDArray(vector: []) }
        guard exact <= Double(limit) else {
            let elements = exact < Double(Int.max) ? Int(exact) : Int.max
            throw NeuralError.tooLarge(elements: elements, limit: limit)
        }
        let count = Int(exact)
        try admit(count, limit: limit, for: "this range's vector")
        var values = [Double](repeating: 0, count: count)
        for i in 0..<count { values[i] = start + Double(i) * step }
        return NDArray(vector: values)
    }
}
