/// Symbolic differentiation of expressions, with the light simplification a
/// learner would do by hand (`2*x^1` → `2*x`, `0 + a` → `a`), so that
/// `f(x) = x^2` echoes `f'(x) = 2*x`. Exact: no finite differences.
public enum Symbolic {
    static let nowhere = SourceSpan(line: 0, column: 0, length: 0)

    /// d(e)/d(variable). Other names are constants; calls of one-argument
    /// functions follow the chain rule (`g(u)` → `g'(u)*u'`).
    public static func derivative(of e: Expr, withRespectTo x: String) throws(Diagnostic) -> Expr {
        switch e {
        case .number, .string, .bool, .literal: return num(0)
        case .name(let n, _): return num(n.text == x ? 1 : 0)
        case .list(let items, let s):
            var out: [Expr] = []
            for item in items { out.append(try derivative(of: item, withRespectTo: x)) }
            return .list(out, s)
        case .unary(.negate, let u, _): return neg(try derivative(of: u, withRespectTo: x))
        case .unary(.plus, let u, _): return try derivative(of: u, withRespectTo: x)
        case .binary(.add, let a, let b, _):
            return add(try derivative(of: a, withRespectTo: x), try derivative(of: b, withRespectTo: x))
        case .binary(.subtract, let a, let b, _):
            return sub(try derivative(of: a, withRespectTo: x), try derivative(of: b, withRespectTo: x))
        case .binary(.multiply, let a, let b, _):
            let da = try derivative(of: a, withRespectTo: x), db = try derivative(of: b, withRespectTo: x)
            return add(mul(da, b), mul(a, db))
        case .binary(.divide, let a, let b, _):
            let da = try derivative(of: a, withRespectTo: x), db = try derivative(of: b, withRespectTo: x)
            if isZero(db) { return div(da, b) }
            return div(sub(mul(da, b), mul(a, db)), pow(b, num(2)))
        case .binary(.power, let a, let b, _):
            let da = try derivative(of: a, withRespectTo: x), db = try derivative(of: b, withRespectTo: x)
            if isZero(db) {  // u^n: n*u^(n-1)*u'
                return mul(mul(b, pow(a, sub(b, num(1)))), da)
            }
            if isZero(da) {  // a^v: a^v*log(a)*v'
                return mul(mul(pow(a, b), call("log", a)), db)
            }
            return mul(pow(a, b), add(mul(db, call("log", a)), div(mul(b, da), a)))
        case .call(.name(let f, _), let args, let span) where args.count == 1 && args[0].label == nil:
            let u = args[0].value
            let du = try derivative(of: u, withRespectTo: x)
            if isZero(du) { return num(0) }
            let outer: Expr
            switch f.text {
            case "exp": outer = call("exp", u)
            case "log": return div(du, u)
            case "sqrt": return div(du, mul(num(2), call("sqrt", u)))
            case "sin": outer = call("cos", u)
            case "cos": outer = neg(call("sin", u))
            case "tanh": outer = sub(num(1), pow(call("tanh", u), num(2)))
            case "sigmoid": outer = mul(call("sigmoid", u), sub(num(1), call("sigmoid", u)))
            case "abs": outer = call("sign", u)
            case "sign": return num(0)
            case _ where Builtins.table[f.text] != nil && Builtins.table[f.text]?.differentiable == false:
                throw Diagnostic(.math, "\(f.text) has no derivative nnbook can write down", at: span,
                                 hint: "derivatives work with + - * / ^, exp, log, sqrt, sin, cos and the activations")
            default: outer = .call(.prime(.name(f, nowhere), order: 1, nowhere), [Argument(label: nil, value: u)], nowhere)
            }
            return mul(outer, du)
        case .call(.prime(let g, let order, _), let args, _) where args.count == 1:
            let u = args[0].value
            let du = try derivative(of: u, withRespectTo: x)
            if isZero(du) { return num(0) }
            if case .name(let n, _) = g, n.text == "relu" { return num(0) }  // relu' is a step: flat almost everywhere
            return mul(.call(.prime(g, order: order + 1, nowhere), [Argument(label: nil, value: u)], nowhere), du)
        case .call(_, _, let span):
            throw Diagnostic(.math, "nnbook can differentiate calls of one-argument functions only", at: span,
                             hint: "write the expression out, or give the inner function one parameter")
        case .binary(_, _, _, let span), .unary(_, _, let span), .index(_, _, let span), .attribute(_, _, let span), .prime(_, _, let span):
            throw Diagnostic(.math, "this part has no derivative", at: span,
                             hint: "derivatives work with + - * / ^, exp, log, sqrt, sin, cos and the activations")
        }
    }

    // MARK: simplifying constructors

    static func num(_ v: Double) -> Expr { .number(v, nowhere) }
    static func call(_ f: String, _ u: Expr) -> Expr { .call(.name(Name(f), nowhere), [Argument(label: nil, value: u)], nowhere) }

    static func constant(_ e: Expr) -> Double? {
        switch e {
        case .number(let v, _): return v
        case .unary(.negate, .number(let v, _), _): return -v
        default: return nil
        }
    }
    static func isZero(_ e: Expr) -> Bool { constant(e) == 0 }
    static func isOne(_ e: Expr) -> Bool { constant(e) == 1 }

    static func same(_ a: Expr, _ b: Expr) -> Bool { Printer.print(a) == Printer.print(b) }

    static func add(_ a: Expr, _ b: Expr) -> Expr {
        if let x = constant(a), let y = constant(b) { return num(x + y) }
        if isZero(a) { return b }
        if isZero(b) { return a }
        if case .unary(.negate, let nb, _) = b { return sub(a, nb) }
        if let y = constant(b), y < 0 { return sub(a, num(-y)) }
        if same(a, b) { return mul(num(2), a) }
        return .binary(.add, a, b, nowhere)
    }

    static func sub(_ a: Expr, _ b: Expr) -> Expr {
        if let x = constant(a), let y = constant(b) { return num(x - y) }
        if isZero(b) { return a }
        if isZero(a) { return neg(b) }
        if same(a, b) { return num(0) }
        if case .unary(.negate, let nb, _) = b { return add(a, nb) }
        return .binary(.subtract, a, b, nowhere)
    }

    static func neg(_ a: Expr) -> Expr {
        if let x = constant(a) { return num(-x) }
        if case .unary(.negate, let inner, _) = a { return inner }
        if case .binary(.multiply, let c, let rest, _) = a, let k = constant(c) { return mul(num(-k), rest) }
        return .unary(.negate, a, nowhere)
    }

    static func mul(_ a: Expr, _ b: Expr) -> Expr {
        if let x = constant(a), let y = constant(b) { return num(x * y) }
        if isZero(a) || isZero(b) { return num(0) }
        if isOne(a) { return b }
        if isOne(b) { return a }
        if constant(a) == -1 { return neg(b) }
        if constant(b) == -1 { return neg(a) }
        if constant(b) != nil, constant(a) == nil { return mul(b, a) }  // constants first: 2*x
        if let x = constant(a), case .binary(.multiply, let c, let rest, _) = b, let y = constant(c) {
            return mul(num(x * y), rest)
        }
        if let x = constant(a), case .unary(.negate, let inner, _) = b { return mul(num(-x), inner) }
        if case .unary(.negate, let inner, _) = a { return neg(mul(inner, b)) }
        if case .unary(.negate, let inner, _) = b { return neg(mul(a, inner)) }
        if same(a, b) { return pow(a, num(2)) }
        return .binary(.multiply, a, b, nowhere)
    }

    static func div(_ a: Expr, _ b: Expr) -> Expr {
        if let x = constant(a), let y = constant(b), y != 0 { return num(x / y) }
        if isZero(a) { return num(0) }
        if isOne(b) { return a }
        return .binary(.divide, a, b, nowhere)
    }

    static func pow(_ a: Expr, _ b: Expr) -> Expr {
        if let x = constant(a), let y = constant(b) {
            let v = Foundation.pow(x, y)
            if v.isFinite, v == v.rounded(), abs(v) < 1e9 { return num(v) }
        }
        if isZero(b) { return num(1) }
        if isOne(b) { return a }
        return .binary(.power, a, b, nowhere)
    }
}

import Foundation

/// Writes an expression back as text with as few parentheses as Python's
/// precedence allows: `3*x^2 + 2*x`, `sigmoid(x)*(1 - sigmoid(x))`.
public enum Printer {
    public static func print(_ e: Expr, precision: Precision = .decimals(6)) -> String {
        text(e, precision)
    }

    static func precedence(_ e: Expr) -> Int {
        switch e {
        case .binary(let op, _, _, _): return op.precedence
        case .unary(.not, _, _): return 3
        case .unary: return 7
        case .number(let v, _) where v < 0: return 7
        case .literal(.number(let v), _) where v < 0: return 7
        default: return 10
        }
    }

    static func text(_ e: Expr, _ p: Precision) -> String {
        switch e {
        case .number(let v, _): return NumberFormat.format(v, precision: p)
        case .string(let s, _): return "\"\(s)\""
        case .bool(let b, _): return b ? "True" : "False"
        case .literal(let v, _): return ValueFormatter.inline(v, precision: p)
        case .name(let n, _): return n.text
        case .list(let items, _): return "[" + items.map { text($0, p) }.joined(separator: ", ") + "]"
        case .unary(let op, let u, _):
            let inner = wrap(u, when: precedence(u) < 7, p)
            return op == .not ? "not " + inner : op.rawValue + inner
        case .binary(let op, let a, let b, _):
            let mine = op.precedence
            if op == .power {  // right-associative; a negative base needs parentheses
                return wrap(a, when: precedence(a) <= mine, p) + "^" + wrap(b, when: precedence(b) < 7, p)
            }
            let left = wrap(a, when: precedence(a) < mine, p)
            // a*(b*c) is a*b*c and a + (b + c) is a + b + c: only a non-associative right side needs parentheses.
            let associative = (op == .multiply || op == .add) && !Self.isDivisionLike(b)
            let right = wrap(b, when: (associative ? precedence(b) < mine : precedence(b) <= mine) || isNegativeNumber(b), p)
            switch op {
            case .multiply, .divide, .floorDivide, .modulo: return left + op.rawValue + right
            default: return left + " " + op.rawValue + " " + right
            }
        case .call(let f, let args, _):
            return wrap(f, when: precedence(f) < 10, p) + "(" + args.map { a in
                (a.label.map { $0 + ": " } ?? "") + text(a.value, p)
            }.joined(separator: ", ") + ")"
        case .prime(let f, let order, _): return text(f, p) + String(repeating: "'", count: order)
        case .index(let a, let i, _): return wrap(a, when: precedence(a) < 10, p) + "[" + text(i, p) + "]"
        case .attribute(let a, let field, _): return wrap(a, when: precedence(a) < 10, p) + "." + field
        }
    }

    /// `2*(-2)`, not `2*-2`.
    static func isNegativeNumber(_ e: Expr) -> Bool {
        switch e {
        case .number(let v, _), .literal(.number(let v), _): return v < 0
        case .unary(.negate, _, _): return true
        default: return false
        }
    }

    static func isDivisionLike(_ e: Expr) -> Bool {
        if case .binary(let op, _, _, _) = e { return op == .divide || op == .floorDivide || op == .modulo || op == .subtract }
        return false
    }

    static func wrap(_ e: Expr, when condition: Bool, _ p: Precision) -> String {
        condition ? "(" + text(e, p) + ")" : text(e, p)
    }
}
