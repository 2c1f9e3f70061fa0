import Foundation
import NeuralCore

/// Symbolic differentiation of expressions, with the light simplification a
/// learner would do by hand (`2*x^1` → `2*x`, `0 + a` → `a`), so that
/// `f(x) = x^2` echoes `f'(x) = 2*x`. Exact: no finite differences.
enum Symbolic {
    static let nowhere = SourceSpan(line: 0, column: 0, length: 0)

    /// The most parts (numbers, names, operations, calls) a derivative may
    /// have. Each derivative of `sigmoid` is about five times longer than the
    /// last (the 7th has 20,000–100,000 parts, the 8th 100,000–1,000,000), and
    /// `x*x*…*x` with n factors has one of about n²/2 parts. Measured: with
    /// this bound `sigmoid''''''''''''(1)` says "too large" in 0.04 s and
    /// 35 MB (it took over 150 s and 430 MB unbounded); with 1,000,000 it took
    /// over a second (debug build) and 80 MB, and a derivative that size
    /// prints as 3 MB of text.
    static let maxSize = 100_000

    /// d(e)/d(variable). Other names are constants; calls of one-argument
    /// functions follow the chain rule (`g(u)` → `g'(u)*u'`). Stops with the
    /// interruption error once Ctrl-C was pressed (`WorkGuard`).
    static func derivative(of e: Expr, withRespectTo x: String) throws(Diagnostic) -> Expr {
        try derivative(of: e, withRespectTo: x, work: WorkGuard.current)
    }

    private static func derivative(of e: Expr, withRespectTo x: String, work: WorkGuard?) throws(Diagnostic) -> Expr {
        if let work, work.isCancelled { throw Interpreter.interruption(at: e.span) }
        func derivative(of e: Expr, withRespectTo x: String) throws(Diagnostic) -> Expr {
            try Symbolic.derivative(of: e, withRespectTo: x, work: work)
        }
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
            if let a = Activation.named(f.text), case .smooth(let rule) = a.language.derivative {
                return mul(rule(u), du)
            }
            let outer: Expr
            switch f.text {
            case "exp": outer = call("exp", u)
            case "log": return div(du, u)
            case "sqrt": return div(du, mul(num(2), call("sqrt", u)))
            case "sin": outer = call("cos", u)
            case "cos": outer = neg(call("sin", u))
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
            // relu' is a step: flat almost everywhere, and so is every piecewise-linear activation's.
            if case .name(let n, _) = g, let a = Activation.named(n.text), case .piecewiseLinear = a.language.derivative { return num(0) }
            return mul(.call(.prime(g, order: order + 1, nowhere), [Argument(label: nil, value: u)], nowhere), du)
        case .conditional(let a, let c, let b, let span):  // piecewise: each piece's derivative, the same condition
            return .conditional(try derivative(of: a, withRespectTo: x), condition: c, otherwise: try derivative(of: b, withRespectTo: x), span)
        case .call(_, _, let span):
            throw Diagnostic(.math, "nnbook can differentiate calls of one-argument functions only", at: span,
                             hint: "write the expression out, or give the inner function one parameter")
        case .binary(_, _, _, let span), .unary(_, _, let span), .index(_, _, let span), .attribute(_, _, let span), .prime(_, _, let span),
             .comprehension(_, _, _, _, let span), .subscripted(_, _, let span):
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

    /// True when `a` and `b` are written the same. Compares at most 256
    /// parts: larger expressions count as different, which leaves them
    /// unsimplified but keeps every simplification step cheap.
    static func same(_ a: Expr, _ b: Expr) -> Bool {
        var budget = 256
        return same(a, b, budget: &budget)
    }

    private static func same(_ a: Expr, _ b: Expr, budget: inout Int) -> Bool {
        budget -= 1
        if budget < 0 { return false }
        switch (a, b) {
        case let (.number(x, _), .number(y, _)): return x == y
        case let (.string(x, _), .string(y, _)): return x == y
        case let (.bool(x, _), .bool(y, _)): return x == y
        case let (.name(x, _), .name(y, _)): return x.text == y.text
        case let (.literal(x, _), .literal(y, _)): return ValueFormatter.inline(x, precision: .full) == ValueFormatter.inline(y, precision: .full)
        case let (.list(xs, _), .list(ys, _)):
            guard xs.count == ys.count else { return false }
            for (x, y) in zip(xs, ys) where !same(x, y, budget: &budget) { return false }
            return true
        case let (.unary(o, x, _), .unary(p, y, _)): return o == p && same(x, y, budget: &budget)
        case let (.binary(o, x1, x2, _), .binary(p, y1, y2, _)):
            return o == p && same(x1, y1, budget: &budget) && same(x2, y2, budget: &budget)
        case let (.call(f, xs, _), .call(g, ys, _)):
            guard xs.count == ys.count, same(f, g, budget: &budget) else { return false }
            for (x, y) in zip(xs, ys) where x.label != y.label || !same(x.value, y.value, budget: &budget) { return false }
            return true
        case let (.prime(f, m, _), .prime(g, n, _)): return m == n && same(f, g, budget: &budget)
        case let (.index(x1, x2, _), .index(y1, y2, _)): return same(x1, y1, budget: &budget) && same(x2, y2, budget: &budget)
        case let (.attribute(x, f, _), .attribute(y, g, _)): return f == g && same(x, y, budget: &budget)
        default: return false
        }
    }

    /// The number of parts of `e` as written out (a sub-expression used twice
    /// counts twice), or `limit + 1` as soon as it has more than `limit`.
    static func size(of e: Expr, limit: Int) -> Int {
        var count = 0
        var pending = [e]
        while let next = pending.popLast() {
            count += 1
            if count > limit { return count }
            switch next {
            case .number, .string, .bool, .name, .literal: break
            case .list(let items, _): pending += items
            case .unary(_, let u, _), .prime(let u, _, _), .attribute(let u, _, _): pending.append(u)
            case .binary(_, let a, let b, _), .index(let a, let b, _): pending.append(a); pending.append(b)
            case .conditional(let a, let c, let b, _): pending += [a, c, b]
            case .comprehension(let e, _, let i, let c, _): pending += [e, i] + (c.map { [$0] } ?? [])
            case .subscripted(let a, let parts, _): pending += [a] + parts.flatMap(\.expressions)
            case .call(let f, let args, _): pending.append(f); pending += args.map(\.value)
            }
        }
        return count
    }

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
