import Foundation
import NeuralCore

/// Builtins over whole vectors: sum, mean, min, max, len, dot, softmax, range.
enum Aggregates {
    static func arrayArg(_ c: CallContext, _ i: Int) throws(Diagnostic) -> NDArray {
        try Coerce.array(c.args[i], at: c.spans[i], limit: c.interpreter.elementLimit)
    }

    static func wrap(_ a: NDArray) -> Value {
        a.rank == 0 ? .number(a.data.first ?? 0) : .array(a)
    }

    static func sum(_ c: CallContext) throws(Diagnostic) -> Value {
        if case .range(let r) = c.args[0] { return .number(try rangeSum(r, at: c.span)) }
        let s = try arrayArg(c, 0).sum()
        guard s.isFinite else { throw Diagnostic(.math, "the sum overflows: it is too large for a 64-bit float", at: c.span) }
        return .number(s)
    }

    /// The largest integer below which every integer is exactly a 64-bit float.
    static let exactIntegers: Int128 = 1 << 53

    /// sum(range(…)) in closed form (no allocation for sum(range(10**9))),
    /// in exact integer arithmetic: a float sum of ±10^12 would cancel.
    static func rangeSum(_ r: RangeValue, at span: SourceSpan) throws(Diagnostic) -> Double {
        let n = Int128(r.count)
        guard n > 0 else { return 0 }
        let first = Int128(r.start), last = Int128(r.start) + (n - 1) * Int128(r.step)
        let total = n * (first + last) / 2  // |n| ≤ 2^64 and |first + last| < 2^65: no overflow in 128 bits
        guard total.magnitude <= exactIntegers.magnitude else {
            throw Diagnostic(.math, "the sum is \(NumberFormat.grouped(total)), too large to hold exactly: a 64-bit float is exact for integers up to 2^53 (9,007,199,254,740,992)", at: span,
                             hint: "sum(range(n)) is n·(n−1)/2, exact for n up to about 134 million")
        }
        return Double(total)
    }

    static func mean(_ c: CallContext) throws(Diagnostic) -> Value {
        let a = try arrayArg(c, 0)
        guard a.count > 0 else { throw Diagnostic(.value, "mean of an empty vector has no value", at: c.spans[0]) }
        let m = a.sum() / Double(a.count)
        if m.isFinite { return .number(m) }
        // The sum overflowed though every element is finite: divide first.
        let scaled = a.data.reduce(0) { $0 + $1 / Double(a.count) }
        guard scaled.isFinite else { throw Diagnostic(.math, "the mean overflows: it is too large for a 64-bit float", at: c.span) }
        return .number(scaled)
    }

    static func extreme(_ c: CallContext, largest: Bool) throws(Diagnostic) -> Value {
        if c.args.count == 1 {
            let a = try arrayArg(c, 0)
            guard a.count > 0 else {
                throw Diagnostic(.value, "\(largest ? "max" : "min") of an empty vector has no value", at: c.spans[0])
            }
            let v = largest ? a.data.max() : a.data.min()
            return .number(v ?? 0)
        }
        var acc = try arrayArg(c, 0)
        for i in 1..<c.args.count {
            let b = try arrayArg(c, i)
            do {
                acc = try NDArray.broadcast(acc, b, operation: largest ? "max" : "min", limit: c.interpreter.elementLimit) { largest ? Swift.max($0, $1) : Swift.min($0, $1) }
            } catch { throw Coerce.diagnostic(error, at: c.spans[i]) }
        }
        return wrap(acc)
    }

    static func len(_ c: CallContext) throws(Diagnostic) -> Value {
        switch c.args[0] {
        case .array(let a) where a.rank >= 1: return .number(Double(a.shape[0]))
        case .range(let r): return .number(Double(r.count))
        case .string(let s): return .number(Double(s.count))
        case .model(let m), .modelLayers(let m): return .number(Double(m.model.layers.count))
        case .data(let d): return .number(Double(d.count))
        default: throw Diagnostic(.type, "len needs a vector, a range or a string, got \(c.args[0].typeName)", at: c.spans[0])
        }
    }

    static func dot(_ c: CallContext) throws(Diagnostic) -> Value {
        try dot(try arrayArg(c, 0), try arrayArg(c, 1), limit: c.interpreter.elementLimit, span: c.span, named: "dot")
    }

    /// `dot(a, b)` and `a @ b`: the dot product of vectors, or the matrix product.
    static func dot(_ a: NDArray, _ b: NDArray, limit: Int, span: SourceSpan, named name: String) throws(Diagnostic) -> Value {
        let product: NDArray
        do { product = try NDArray.dot(a, b, limit: limit) } catch { throw Coerce.diagnostic(error, at: span) }
        guard product.data.allSatisfy(\.isFinite) else {
            throw Diagnostic(.math, "\(name) overflows: a product or sum is too large for a 64-bit float (about 1.8e308 at most)", at: span,
                             hint: "smaller numbers keep it finite")
        }
        return wrap(product)
    }

    static func softmax(_ c: CallContext) throws(Diagnostic) -> Value {
        let a = try arrayArg(c, 0)
        try Coerce.reserve(a.count * MemoryLayout<Double>.stride, for: "the result of softmax", at: c.span)
        switch a.rank {
        case 0: return .number(1)
        case 1:
            guard a.count > 0 else { throw Diagnostic(.value, "softmax of an empty vector has no value", at: c.spans[0]) }
            return .array(NDArray(vector: Activation.softmax(a.data)))
        default:  // row by row, as Keras applies it to a batch
            let width = a.shape[a.rank - 1]
            guard width > 0 else { throw Diagnostic(.value, "softmax of empty rows has no value", at: c.spans[0]) }
            var out: [Double] = []
            out.reserveCapacity(a.count)
            var i = 0
            while i < a.count { out += Activation.softmax(Array(a.data[i..<(i + width)])); i += width }
            do { return .array(try NDArray(shape: a.shape, data: out)) } catch { throw Coerce.diagnostic(error, at: c.span) }
        }
    }

    static func range(_ c: CallContext) throws(Diagnostic) -> Value {
        var start = 0, step = 1, stop: Int
        switch c.args.count {
        case 1: stop = try c.integer(0)
        case 2: start = try c.integer(0); stop = try c.integer(1)
        default: start = try c.integer(0); stop = try c.integer(1); step = try c.integer(2)
        }
        if step == 0 { throw Diagnostic(.value, "range's step cannot be 0", at: c.spans[2]) }
        return .range(RangeValue(start: start, stop: stop, step: step))
    }
}
