import Foundation
import NeuralCore

/// Turning values into the numbers a builtin needs, with located messages.
enum Coerce {
    static func number(_ v: Value, at span: SourceSpan) throws(Diagnostic) -> Double {
        switch v {
        case .number(let x): return x
        case .bool(let b): return b ? 1 : 0
        case .array(let a) where a.rank == 0: return a.data.first ?? 0
        default: throw Diagnostic(.type, "expected a number here, got \(v.typeName)", at: span)
        }
    }

    static func integer(_ v: Value, at span: SourceSpan) throws(Diagnostic) -> Int {
        let x = try number(v, at: span)
        guard x == x.rounded() else {
            throw Diagnostic(.type, "expected a whole number here, got \(NumberFormat.format(x))", at: span)
        }
        guard abs(x) < 9e15 else {
            throw Diagnostic(.value, "\(NumberFormat.format(x)) is too large here: whole numbers must stay below 9e15 (where 64-bit floats stop being exact)", at: span)
        }
        return Int(x)
    }

    static func array(_ v: Value, at span: SourceSpan, limit: Int) throws(Diagnostic) -> NDArray {
        switch v {
        case .number(let x): return NDArray(scalar: x)
        case .bool(let b): return NDArray(scalar: b ? 1 : 0)
        case .array(let a): return a
        case .range(let r):
            guard r.count <= limit else {
                throw diagnostic(NeuralError.tooLarge(elements: r.count, limit: limit), at: span)
            }
            try reserve(r.count * MemoryLayout<Double>.stride, for: "this range's vector", at: span)
            return NDArray(vector: (0..<r.count).map { Double(r.element($0)) })
        default: throw Diagnostic(.type, "expected a number or a vector here, got \(v.typeName)", at: span)
        }
    }

    /// Checks, before they are allocated, that `bytes` more fit the session's
    /// memory limit (see `WorkGuard.reserve`); the refusal points at `span`.
    static func reserve(_ bytes: Int, for what: @autoclosure () -> String, at span: SourceSpan) throws(Diagnostic) {
        do { try WorkGuard.reserve(bytes, for: what()) } catch { throw diagnostic(error, at: span) }
    }

    /// A NeuralCore error as a located diagnostic.
    static func diagnostic(_ e: Error, at span: SourceSpan) -> Diagnostic {
        if let d = e as? Diagnostic { return d }
        if let n = e as? NeuralError {
            switch n {
            case .tooLarge(let elements, let limit):
                let bytes = elements > Int.max / 8 ? "more memory than any machine has" : NumberFormat.bytes(elements * 8)
                return Diagnostic(.limit, "this would need \(NumberFormat.grouped(elements)) numbers (\(bytes)), more than the memory limit of "
                                  + NumberFormat.bytes(limit * 8), at: span,
                                  hint: "nothing was allocated; :limits shows and changes the memory limit")
            case .interrupted:
                return Interpreter.interruption(at: span)
            case let .outOfMemory(what, requested, inUse, limit):
                return Diagnostic(.limit, NumberFormat.memoryRefusal(what, requested: requested, inUse: inUse, limit: limit), at: span,
                                  hint: "nothing was allocated; giving a big variable a small value frees its memory, "
                                      + "and :limits shows and changes the limit")
            default: return Diagnostic(.value, n.description, at: span)
            }
        }
        return Diagnostic(.value, "\(e)", at: span)
    }
}
