import Foundation

/// Writes an expression back as text with as few parentheses as Python's
/// precedence allows: `3*x^2 + 2*x`, `sigmoid(x)*(1 - sigmoid(x))`.
/// Appends to one string as it goes, so the time is linear in the length
/// of the text even for a sum of thousands of terms.
enum Printer {
    static func print(_ e: Expr, precision: Precision = .decimals(6)) -> String {
        var out = ""
        write(e, precision, into: &out)
        return out
    }

    static func precedence(_ e: Expr) -> Int {
        switch e {
        case .conditional: return 0
        case .binary(let op, _, _, _): return op.precedence
        case .unary(.not, _, _): return 3
        case .unary: return 7
        case .number(let v, _) where v < 0: return 7
        case .literal(.number(let v), _) where v < 0: return 7
        default: return 10
        }
    }

    static func write(_ e: Expr, _ p: Precision, into out: inout String) {
        switch e {
        case .number(let v, _): out += NumberFormat.format(v, precision: p)
        case .string(let s, _): out += "\"\(s)\""
        case .bool(let b, _): out += b ? "True" : "False"
        case .literal(let v, _): out += ValueFormatter.inline(v, precision: p)
        case .name(let n, _): out += n.text
        case .list(let items, _):
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += ", " }
                write(item, p, into: &out)
            }
            out += "]"
        case .unary(let op, let u, _):
            out += op == .not ? "not " : op.rawValue
            wrap(u, when: precedence(u) < 7, p, into: &out)
        case .binary(let op, let a, let b, _):
            let mine = op.precedence
            if op == .power {  // right-associative; a negative base needs parentheses
                wrap(a, when: precedence(a) <= mine, p, into: &out)
                out += "^"
                wrap(b, when: precedence(b) < 7, p, into: &out)
                return
            }
            wrap(a, when: precedence(a) < mine, p, into: &out)
            switch op {
            case .multiply, .divide, .floorDivide, .modulo: out += op.rawValue
            default: out += " " + op.rawValue + " "
            }
            // a*(b*c) is a*b*c and a + (b + c) is a + b + c: only a non-associative right side needs parentheses.
            let associative = (op == .multiply || op == .add) && !Self.isDivisionLike(b)
            wrap(b, when: (associative ? precedence(b) < mine : precedence(b) <= mine) || isNegativeNumber(b), p, into: &out)
        case .call(let f, let args, _):
            wrap(f, when: precedence(f) < 10, p, into: &out)
            out += "("
            for (k, a) in args.enumerated() {
                if k > 0 { out += ", " }
                if let label = a.label { out += label + ": " }
                write(a.value, p, into: &out)
            }
            out += ")"
        case .prime(let f, let order, _):
            write(f, p, into: &out)
            out += String(repeating: "'", count: order)
        case .index(let a, let i, _):
            wrap(a, when: precedence(a) < 10, p, into: &out)
            out += "["
            write(i, p, into: &out)
            out += "]"
        case .attribute(let a, let field, _):
            wrap(a, when: precedence(a) < 10, p, into: &out)
            out += "." + field
        case .subscripted(let a, let parts, _):
            wrap(a, when: precedence(a) < 10, p, into: &out)
            out += "["
            for (k, part) in parts.enumerated() {
                if k > 0 { out += ", " }
                switch part {
                case .index(let i): write(i, p, into: &out)
                case .slice(let x, let y, let z):
                    if let x { write(x, p, into: &out) }
                    out += ":"
                    if let y { write(y, p, into: &out) }
                    if let z { out += ":"; write(z, p, into: &out) }
                }
            }
            out += "]"
        case .comprehension(let e, let v, let i, let c, _):
            out += "["
            write(e, p, into: &out)
            out += " for \(v.text) in "
            wrap(i, when: precedence(i) <= 0, p, into: &out)
            if let c {
                out += " if "
                wrap(c, when: precedence(c) <= 0, p, into: &out)
            }
            out += "]"
        case .conditional(let a, let c, let b, _):
            wrap(a, when: precedence(a) <= 0, p, into: &out)
            out += " if "
            wrap(c, when: precedence(c) <= 0, p, into: &out)
            out += " else "
            write(b, p, into: &out)
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

    static func wrap(_ e: Expr, when condition: Bool, _ p: Precision, into out: inout String) {
        if condition { out += "(" }
        write(e, p, into: &out)
        if condition { out += ")" }
    }
}
