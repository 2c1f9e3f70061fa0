import Foundation
import NeuralCore

/// Arithmetic on autograd values: each operation adds a node to the graph.
/// A result that is not finite (a division by zero, an overflow) is an error
/// at the operator, as for plain numbers. A graph keeps every node it was
/// made from, so each operation charges its nodes to the memory limit
/// (checked once per megabyte of them: see `WorkGuard.reserve`).
enum ScalarArithmetic {
    static func binary(_ op: BinaryOp, _ l: Value, _ r: Value, span: SourceSpan, lhsSpan: SourceSpan, rhsSpan: SourceSpan) throws(Diagnostic) -> Value {
        // The result, and a leaf for a plain number operand.
        try Coerce.reserve(2 * Scalar.nodeBytes, for: "autograd values", at: span)
        func operand(_ v: Value, _ s: SourceSpan) throws(Diagnostic) -> Scalar {
            switch v {
            case .scalar(let x): return x
            case .number(let x): return Scalar(x)
            case .bool(let b): return Scalar(b ? 1 : 0)
            default:
                throw Diagnostic(.type, "an autograd value combines with numbers and other values, not \(v.typeName)", at: s)
            }
        }
        let result: Scalar
        switch op {
        case .add: result = try operand(l, lhsSpan) + operand(r, rhsSpan)
        case .subtract: result = try operand(l, lhsSpan) - operand(r, rhsSpan)
        case .multiply: result = try operand(l, lhsSpan) * operand(r, rhsSpan)
        case .divide:
            let d = try operand(r, rhsSpan)
            if d.data == 0 { throw Diagnostic(.math, "division by zero", at: rhsSpan) }
            result = try operand(l, lhsSpan) / d
        case .power:
            guard case .number(let e) = r else {
                throw Diagnostic(.type, "an autograd value's exponent must be a plain number, as in micrograd", at: rhsSpan,
                                 hint: "x**2 works; x**y with y a value does not")
            }
            let base = try operand(l, lhsSpan)
            if base.data == 0 && e < 0 { throw Diagnostic(.math, "0 to a negative power is a division by zero", at: span) }
            if base.data < 0 && e != e.rounded() {
                throw Diagnostic(.math, "a negative number to a fractional power is not a real number", at: span)
            }
            result = base.pow(e)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            return try Arithmetic.scalar(op, try operand(l, lhsSpan).data, try operand(r, rhsSpan).data, span: span, rhsSpan: rhsSpan)
        default:
            throw Diagnostic(.type, "'\(op.rawValue)' has no derivative for autograd values", at: span, hint: "use + - * / and ** with a number")
        }
        return try checked(result, span)
    }

    /// What a value's methods compute, besides `backward` and `zero_grad`:
    /// the activations whose registry entry makes them autograd methods, exp and log.
    static let functions: [String] = Activation.allCases.filter(\.descriptor.isScalarMethod).map(\.rawValue) + ["exp", "log"]

    /// An activation, exp or log of a value.
    static func apply(_ name: String, _ s: Scalar, span: SourceSpan) throws(Diagnostic) -> Value {
        try Coerce.reserve(Scalar.nodeBytes, for: "autograd values", at: span)
        let r: Scalar
        switch name {
        case "exp": r = s.exp()
        case "log":
            do { r = try s.log() } catch { throw Coerce.diagnostic(error, at: span) }
        default:
            guard let f = Activation(rawValue: name), f.descriptor.isScalarMethod else {
                throw Diagnostic(.type, "\(name) is not part of the autograd graph", at: span,
                                 hint: "values support + - * / **, \(Activation.sentence(functions, and: "and"))")
            }
            r = s.applying(f)
        }
        return try checked(r, span)
    }

    private static func checked(_ s: Scalar, _ span: SourceSpan) throws(Diagnostic) -> Value {
        guard s.data.isFinite else {
            throw Diagnostic(.math, "overflow: the result is too large for a 64-bit float (about 1.8e308 at most)", at: span)
        }
        return .scalar(s)
    }
}
