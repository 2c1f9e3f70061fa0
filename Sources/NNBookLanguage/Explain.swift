import Foundation
import NeuralCore

/// `explain EXPR`: the arithmetic with the numbers filled in, one reduction
/// after another, in the article's style, ending with the value rounded as
/// the article rounds it (`≈ 0.88`).
extension Interpreter {
    func explain(_ e: Expr, span: SourceSpan) throws(Diagnostic) {
        var chain = [Printer.print(e, precision: state.settings.precision)]
        let value = try explainChain(e, into: &chain, span: span)
        explained = value
        var line = chain.removingAdjacentDuplicates().joined(separator: " = ")
        if case .number(let x) = value, NumberFormat.needsApproximation(x), state.settings.precision != .full {
            let rounded = String(format: "%.2f", x)
            if !line.hasSuffix(" " + rounded) { line += " ≈ " + rounded }
        }
        emit(line, .explain)
    }

    /// Appends the steps after `e`'s own text; returns its value.
    private func explainChain(_ e: Expr, into chain: inout [String], span command: SourceSpan) throws(Diagnostic) -> Value {
        if case .call(let calleeExpr, let args, let span) = e, args.count >= 1, args.allSatisfy({ $0.label == nil }) {
            let callee = try eval(calleeExpr)
            if case .function(let f) = callee {
                var values: [Value] = []
                for a in args { values.append(try eval(a.value)) }
                let shownArgs = values.map { ValueFormatter.inline($0, precision: state.settings.precision) }.joined(separator: ", ")
                chain.append("\(f.displayName)(\(shownArgs))")
                if values.count == 1, case .number(let x) = values[0], case .builtin(let b) = f.base,
                   let steps = activationSteps(b.name, order: f.order, x) {
                    chain += steps
                    return try apply(f, values, spans: args.map(\.value.span), span: span)
                }
                if case .user(let u) = f.base, u.parameters.count == values.count, f.order == 0 || u.parameters.count == 1 {
                    let body = f.order == 0 ? u.body : try u.derivative(order: f.order, parameter: 0).get()
                    let bound = substitute(body, parameters: u.parameters, values: values)
                    chain.append(Printer.print(bound, precision: state.settings.precision))
                    return try reduceAll(bound, into: &chain, span: command)
                }
            }
        }
        let bound = substitute(e, parameters: [], values: [])
        chain.append(Printer.print(bound, precision: state.settings.precision))
        return try reduceAll(bound, into: &chain, span: command)
    }

    /// The article's own derivations for the activations and their
    /// derivatives, from each activation's registry entry.
    private func activationSteps(_ name: String, order: Int, _ x: Double) -> [String]? {
        let p = state.settings.precision
        return Activation.named(name)?.explainSteps(order: order, x, StepNumbers(f: { NumberFormat.format($0, precision: p) }))
    }

    /// Replaces parameters by their values and variables by theirs, so only
    /// arithmetic on numbers is left to show.
    func substitute(_ e: Expr, parameters: [String], values: [Value]) -> Expr {
        func sub(_ e: Expr) -> Expr { substitute(e, parameters: parameters, values: values) }
        switch e {
        case .name(let n, let s):
            if let i = parameters.firstIndex(of: n.text) { return .literal(values[i], s) }
            if let slot = state.variables.slots[n.text], let v = state.variables.values[slot] {
                if case .function = v { return e }
                return .literal(v, s)
            }
            return e
        case .number, .string, .bool, .literal: return e
        case .list(let items, let s): return .list(items.map(sub), s)
        case .unary(let op, let u, let s): return .unary(op, sub(u), s)
        case .binary(let op, let a, let b, let s): return .binary(op, sub(a), sub(b), s)
        case .call(let f, let args, let s): return .call(f, args.map { Argument(label: $0.label, value: sub($0.value)) }, s)
        case .prime: return e
        case .index(let a, let i, let s): return .index(sub(a), sub(i), s)
        case .attribute(let a, let field, let s): return .attribute(sub(a), field, s)
        }
    }

    /// Evaluates the innermost operations, all at once, until one value is left;
    /// each intermediate expression is one step of the chain. Ctrl-C stops it
    /// between steps (`span`: the command's).
    private func reduceAll(_ start: Expr, into chain: inout [String], span: SourceSpan) throws(Diagnostic) -> Value {
        var e = start
        var guardSteps = 0
        var length = chain.reduce(0) { $0 + $1.utf8.count }
        while !isValue(e) {
            try checkInterrupt(span)
            if length > Self.maxExplainLength || guardSteps == 200 {  // a sum of thousands of terms: the rest at once
                let value = try eval(e)
                chain += ["…", ValueFormatter.inline(value, precision: state.settings.precision)]
                return value
            }
            e = try reduceOnce(e)
            chain.append(Printer.print(e, precision: state.settings.precision))
            length += chain[chain.count - 1].utf8.count
            guardSteps += 1
        }
        return try eval(e)
    }

    /// After this many characters of steps, `explain` shows no more of them
    /// and gives the value (a step of a long sum is as long as the sum).
    static let maxExplainLength = 20_000

    private func isValue(_ e: Expr) -> Bool {
        switch e {
        case .number, .string, .bool, .literal: return true
        default: return false
        }
    }

    private func reduceOnce(_ e: Expr) throws(Diagnostic) -> Expr {
        func value(_ e: Expr) throws(Diagnostic) -> Expr {
            let v = try eval(e)
            return .literal(v, e.span)
        }
        switch e {
        case .number, .string, .bool, .literal, .name, .prime: return try value(e)
        case .list(let items, let s):
            if items.allSatisfy(isValue) { return try value(e) }
            var out: [Expr] = []
            for i in items { out.append(isValue(i) ? i : try reduceOnce(i)) }
            return .list(out, s)
        case .unary(let op, let u, let s):
            if isValue(u) { return try value(e) }
            return .unary(op, try reduceOnce(u), s)
        case .binary(let op, let a, let b, let s):
            if isValue(a) && isValue(b) { return try value(e) }
            return .binary(op, isValue(a) ? a : try reduceOnce(a), isValue(b) ? b : try reduceOnce(b), s)
        case .call(let f, let args, let s):
            if args.allSatisfy({ isValue($0.value) }) { return try value(e) }
            var out: [Argument] = []
            for a in args { out.append(Argument(label: a.label, value: isValue(a.value) ? a.value : try reduceOnce(a.value))) }
            return .call(f, out, s)
        case .index(let a, let i, let s):
            if isValue(a) && isValue(i) { return try value(e) }
            return .index(isValue(a) ? a : try reduceOnce(a), isValue(i) ? i : try reduceOnce(i), s)
        case .attribute(let a, let field, let s):
            if isValue(a) { return try value(e) }
            return .attribute(try reduceOnce(a), field, s)
        }
    }
}

extension Array where Element == String {
    func removingAdjacentDuplicates() -> [String] {
        var out: [String] = []
        for s in self where out.last != s { out.append(s) }
        return out
    }
}
