import Foundation
import NeuralCore

/// The operators on values: numbers, booleans, strings and NumPy-style
/// broadcasting over arrays. A result that overflows or is undefined is an
/// error at the operator, never a silent inf or nan.
enum Arithmetic {
    /// Plain numbers, the hot path of loops: nil when the result needs the slow path
    /// (an error to report, or a comparison).
    @inline(__always)
    static func fast(_ op: BinaryOp, _ x: Double, _ y: Double) -> Double? {
        let r: Double
        switch op {
        case .add: r = x + y
        case .subtract: r = x - y
        case .multiply: r = x * y
        case .divide: if y == 0 { return nil }; r = x / y
        default: return nil
        }
        return r.isFinite ? r : nil
    }

    static func unary(_ op: UnaryOp, _ v: Value, span: SourceSpan) throws(Diagnostic) -> Value {
        switch (op, v) {
        case (.not, _):
            switch v {
            case .bool(let b): return .bool(!b)
            case .number(let x): return .bool(x == 0)
            default: throw Diagnostic(.type, "'not' needs True or False, got \(v.typeName)", at: span)
            }
        case (.plus, .number), (.plus, .array): return v
        case (.negate, .number(let x)): return .number(-x)
        case (.negate, .bool(let b)): return .number(b ? -1 : 0)
        case (.negate, .array(let a)):
            try Coerce.reserve(a.count * MemoryLayout<Double>.stride, for: "the result of '-'", at: span)
            return .array(a.map { -$0 })
        case (.negate, .scalar(let s)): return .scalar(-s)
        case (.plus, .scalar): return v
        default:
            throw Diagnostic(.type, "cannot apply '\(op.rawValue)' to \(v.typeName)", at: span)
        }
    }

    static func binary(_ op: BinaryOp, _ l: Value, _ r: Value, span: SourceSpan, lhsSpan: SourceSpan, rhsSpan: SourceSpan,
                       limit: Int) throws(Diagnostic) -> Value {
        if op == .matmul {
            let a = try Coerce.array(l, at: lhsSpan, limit: limit), b = try Coerce.array(r, at: rhsSpan, limit: limit)
            for (side, s) in [(a, lhsSpan), (b, rhsSpan)] where side.rank == 0 {
                throw Diagnostic(.type, "'@' multiplies vectors and matrices, not a number", at: s, hint: "for numbers, write *")
            }
            return try Aggregates.dot(a, b, limit: limit, span: span, named: "'@'")
        }
        if op == .contains || op == .notContains {
            return .bool(try contains(r, l, span: span, lhsSpan: lhsSpan, rhsSpan: rhsSpan) == (op == .contains))
        }
        switch (l, r) {
        case (.string(let a), .string(let b)):
            switch op {
            case .add:
                // A string made by + keeps room to grow: measured, 1.28 times its bytes.
                try Coerce.reserve((a.utf8.count + b.utf8.count) * 3 / 2, for: "this string", at: span)
                return .string(a + b)
            case .equal: return .bool(a == b)
            case .notEqual: return .bool(a != b)
            case .less: return .bool(a < b)
            case .greater: return .bool(a > b)
            default: throw Diagnostic(.type, "cannot apply '\(op.rawValue)' to two strings", at: span)
            }
        case (.string, _), (_, .string):
            if op == .equal { return .bool(false) }
            if op == .notEqual { return .bool(true) }
            throw Diagnostic(.type, "cannot apply '\(op.rawValue)' to \(l.typeName) and \(r.typeName)", at: span,
                             hint: "print(\"text\", value) shows a label beside a number")
        default: break
        }
        if case .scalar = l { return try ScalarArithmetic.binary(op, l, r, span: span, lhsSpan: lhsSpan, rhsSpan: rhsSpan) }
        if case .scalar = r { return try ScalarArithmetic.binary(op, l, r, span: span, lhsSpan: lhsSpan, rhsSpan: rhsSpan) }
        guard l.isNumeric || isRange(l), r.isNumeric || isRange(r) else {
            let bad = l.isNumeric ? (r, rhsSpan) : (l, lhsSpan)
            throw Diagnostic(.type, "cannot apply '\(op.rawValue)' to \(bad.0.typeName)", at: bad.1,
                             hint: bad.0.isFunctionValue ? "call the function first, e.g. f(2)" : nil)
        }
        if case .number(let x) = l, case .number(let y) = r { return try scalar(op, x, y, span: span, rhsSpan: rhsSpan) }
        if isBoolOrNumber(l), isBoolOrNumber(r) {
            return try scalar(op, try Coerce.number(l, at: lhsSpan), try Coerce.number(r, at: rhsSpan), span: span, rhsSpan: rhsSpan)
        }
        let a = try Coerce.array(l, at: lhsSpan, limit: limit), b = try Coerce.array(r, at: rhsSpan, limit: limit)
        if op == .divide || op == .floorDivide || op == .modulo, let zero = b.data.firstIndex(of: 0) {
            throw Diagnostic(.math, "division by zero (element \(zero) of the right-hand side is 0)", at: rhsSpan)
        }
        var failure: Diagnostic?
        let result: NDArray
        do {
            result = try NDArray.broadcast(a, b, operation: op.rawValue, limit: limit) { x, y in
                if failure != nil { return 0 }
                do throws(Diagnostic) { return try Self.scalarDouble(op, x, y, span: span, rhsSpan: rhsSpan) } catch { failure = error; return 0 }
            }
        } catch let e as NeuralError {
            switch e {
            case .shapeMismatch, .invalidArgument: throw Diagnostic(.value, e.description, at: span, hint: shapeHint(a, b))
            default: throw Coerce.diagnostic(e, at: span)
            }
        } catch { throw Coerce.diagnostic(error, at: span) }
        if let failure { throw failure }
        return result.rank == 0 ? .number(result.data.first ?? 0) : .array(result)
    }

    /// Python's `x in c`: an element of a vector (a row of a matrix), a
    /// number a range counts, a piece of a string.
    private static func contains(_ c: Value, _ x: Value, span: SourceSpan, lhsSpan: SourceSpan, rhsSpan: SourceSpan) throws(Diagnostic) -> Bool {
        switch (c, x) {
        case (.string(let text), .string(let piece)): return piece.isEmpty || text.contains(piece)
        case (.string, _):
            throw Diagnostic(.type, "'in' a string looks for a string, got \(x.typeName)", at: lhsSpan, hint: "\"ab\" in \"abc\"")
        case (.range(let r), _):
            guard case .number(let n) = x else { return false }
            guard n == n.rounded(), r.step != 0 else { return false }
            let k = Int(exactly: n) ?? Int.min
            let inside = r.step > 0 ? (k >= r.start && k < r.stop) : (k <= r.start && k > r.stop)
            return inside && (k - r.start) % r.step == 0
        case (.array(let a), _):
            if a.rank <= 1 {
                guard let v = try? Coerce.number(x, at: lhsSpan) else {
                    throw Diagnostic(.type, "'in' a vector looks for a number, got \(x.typeName)", at: lhsSpan,
                                     hint: a.rank == 1 ? "2 in [1, 2, 3]" : nil)
                }
                return a.data.contains(v)
            }
            guard case .array(let row) = x, row.rank == 1, a.rank == 2, row.count == a.shape[1] else {
                throw Diagnostic(.type, "'in' a matrix looks for one of its rows, a vector of \(a.shape.count > 1 ? a.shape[1] : 0) numbers",
                                 at: lhsSpan, hint: "[1, 2] in [[1, 2], [3, 4]]")
            }
            let width = a.shape[1]
            return (0..<a.shape[0]).contains { i in Array(a.data[(i * width)..<((i + 1) * width)]) == row.data }
        default:
            throw Diagnostic(.type, "'in' needs a vector, a range or a string on its right, got \(c.typeName)", at: rhsSpan,
                             hint: "2 in [1, 2, 3]   3 in range(5)")
        }
    }

    private static func shapeHint(_ a: NDArray, _ b: NDArray) -> String? {
        if a.rank == 1 && b.rank == 1 { return "vectors must have the same length (or one of them a single number)" }
        if a.rank == 2 && b.rank == 1 { return "a vector broadcasts over each row when its length equals the number of columns" }
        return nil
    }

    private static func isRange(_ v: Value) -> Bool { if case .range = v { return true }; return false }
    private static func isBoolOrNumber(_ v: Value) -> Bool {
        switch v { case .number, .bool: return true; default: return false }
    }

    static func scalar(_ op: BinaryOp, _ x: Double, _ y: Double, span: SourceSpan, rhsSpan: SourceSpan) throws(Diagnostic) -> Value {
        switch op {
        case .equal: return .bool(x == y)
        case .notEqual: return .bool(x != y)
        case .less: return .bool(x < y)
        case .lessEqual: return .bool(x <= y)
        case .greater: return .bool(x > y)
        case .greaterEqual: return .bool(x >= y)
        default: return .number(try scalarDouble(op, x, y, span: span, rhsSpan: rhsSpan))
        }
    }

    /// One arithmetic operation on two numbers, with the learner-facing checks.
    static func scalarDouble(_ op: BinaryOp, _ x: Double, _ y: Double, span: SourceSpan, rhsSpan: SourceSpan) throws(Diagnostic) -> Double {
        let r: Double
        switch op {
        case .add: r = x + y
        case .subtract: r = x - y
        case .multiply: r = x * y
        case .divide, .floorDivide, .modulo:
            if y == 0 {
                throw Diagnostic(.math, "division by zero", at: rhsSpan, hint: x == 0 ? "0/0 has no value" : "dividing by 0 has no value; check the divisor")
            }
            r = op == .divide ? x / y : op == .floorDivide ? (x / y).rounded(.down) : x - y * (x / y).rounded(.down)
        case .power:
            if x == 0 && y < 0 { throw Diagnostic(.math, "0 to a negative power is a division by zero", at: span) }
            if x < 0 && y != y.rounded() {
                throw Diagnostic(.math, "a negative number to a fractional power is not a real number", at: span)
            }
            r = Foundation.pow(x, y)
        case .equal: r = x == y ? 1 : 0
        case .notEqual: r = x != y ? 1 : 0
        case .less: r = x < y ? 1 : 0
        case .lessEqual: r = x <= y ? 1 : 0
        case .greater: r = x > y ? 1 : 0
        case .greaterEqual: r = x >= y ? 1 : 0
        case .and, .or, .contains, .notContains, .matmul: r = 0  // never here: `compileBinary` and `binary` take them first
        }
        guard r.isFinite else {
            throw Diagnostic(.math, "overflow: the result is too large for a 64-bit float (about 1.8e308 at most)", at: span,
                             hint: "smaller numbers, or log-space arithmetic, keep it finite")
        }
        return r
    }
}

extension Value {
    var isFunctionValue: Bool { if case .function = self { return true }; return false }
}
