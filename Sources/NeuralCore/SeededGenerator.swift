/// A small, fast, seeded random number generator: SplitMix64.
///
/// The same seed gives the same sequence on every machine and every Swift
/// version, because the algorithm is pure 64-bit integer arithmetic:
///
///     state ← state + 0x9E3779B97F4A7C15
///     z ← (state ⊕ (state ≫ 30)) · 0xBF58476D1CE4E5B9
///     z ← (z ⊕ (z ≫ 27)) · 0x94D049BB133111EB
///     output z ⊕ (z ≫ 31)
///
/// (all arithmetic modulo 2⁶⁴). Every random number a lesson shows comes from
/// one of these; NeuralCore never uses the system generator.
///
/// Note that Swift's own `Double.random(in:using:)` may change between
/// releases; use `nextUniform()` when a value must be reproducible.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fully determined by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform Double in [0, 1): the top 53 bits of `next()` times 2⁻⁵³,
    /// so every result is an exact multiple of 2⁻⁵³ and 1 is never returned.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
