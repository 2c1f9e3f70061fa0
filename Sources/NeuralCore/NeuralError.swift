/// Everything that can go wrong in NeuralCore, as a value the caller can show.
///
/// NeuralCore never prints and never stops the process: any input a learner can
/// type that the maths cannot accept comes back as one of these cases.
/// `description` is a complete sentence written for a learner; the language
/// layer adds the source location and renders it.
public enum NeuralError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two shapes that cannot be combined by `operation`.
    ///
    /// For element-wise operators (`+`, `*`, …) this means NumPy broadcasting
    /// failed; for `"dot"` the inner dimensions differ; for `"assign"` the value
    /// does not fit the slot it is written into.
    case shapeMismatch(operation: String, lhs: [Int], rhs: [Int])
    /// A nested list whose rows do not all have the same length (or shape).
    case raggedList
    /// An argument outside what the operation accepts; the text says which.
    case invalidArgument(String)
    /// A request for more numbers than the configured limit allows.
    case tooLarge(elements: Int, limit: Int)
    /// An index outside `-count ..< count` (Python-style negative indexes allowed).
    case indexOutOfRange(index: Int, count: Int)
    /// An operation that needs at least one element got none; the text names it.
    case emptyInput(String)
    /// The learner pressed Ctrl-C while this ran (see `WorkGuard`).
    case interrupted
    /// `what` would need `requested` more bytes while the session already
    /// holds `inUse` of its `limit` (see `WorkGuard.reserve`).
    case outOfMemory(what: String, requested: Int, inUse: Int, limit: Int)

    public var description: String {
        switch self {
        case let .shapeMismatch(operation, lhs, rhs):
            return Self.describeShapeMismatch(operation: operation, lhs: lhs, rhs: rhs)
        case .raggedList:
            return "the rows of a nested list must all have the same length, like [[1, 2], [3, 4]]"
        case let .invalidArgument(message):
            return message
        case let .tooLarge(elements, limit):
            return "this needs \(elements) numbers, more than the limit of \(limit)"
        case let .indexOutOfRange(index, count):
            if count == 0 {
                return "index \(index) is out of range: the array is empty"
            }
            return "index \(index) is out of range for \(count) elements (valid indexes are \(-count) to \(count - 1))"
        case let .emptyInput(operation):
            return "cannot take the \(operation) of an empty array"
        case .interrupted:
            return "stopped by Ctrl-C"
        case let .outOfMemory(what, requested, inUse, limit):
            return "\(what) would need \(requested) more bytes, but the session already holds \(inUse) of its \(limit)-byte limit"
        }
    }

    private static func describeShapeMismatch(operation: String, lhs: [Int], rhs: [Int]) -> String {
        switch operation {
        case "dot":
            return "cannot compute dot of shapes \(lhs) and \(rhs): "
                + "the last dimension of the first must equal the first dimension of the second"
        case "assign":
            return "cannot assign a value of shape \(rhs) to an element of shape \(lhs)"
        default:
            return "cannot broadcast shapes \(lhs) and \(rhs) for \(operation): "
                + "the last dimensions must be equal or 1"
        }
    }
}
