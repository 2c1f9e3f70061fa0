/// How numbers are printed.
public enum Precision: Sendable, Equatable {
    /// At most this many decimals, trailing zeros removed.
    case decimals(Int)
    /// The shortest text that reads back as the same Double.
    case full
}
