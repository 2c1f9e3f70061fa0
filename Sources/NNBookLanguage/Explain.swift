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
            let rounded = NumberFormat.articleRounded(x)
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
                // An activation's or a learner's function: its arguments' values, then its own steps. Any other
                // call (sum, dot …) is reduced as an expression below, its arguments step by step.
                if values.count == 1, case .number(let x) = values[0], case .builtin(let b) = f.base,
                   let steps = activationSteps(b.name, order: f.order, x) {
                    chain.append("\(f.displayName)(\(shownArgs))")
                    chain += steps
                    return try apply(f, values, spans: args.map(\.value.span), span: span)
                }
                if values.count == 1, f.order == 0, case .builtin(let b) = f.base, b.name == "softmax", case .array(let v) = values[0],
                   let steps = softmaxSteps(v) {
                    chain.append("\(f.displayName)(\(shownArgs))")
                    chain += steps
                    return try apply(f, values, spans: args.map(\.value.span), span: span)
                }
                if f.order == 0, case .builtin(let b) = f.base, let steps = try crossEntropySteps(b, values, args.map(\.value), span: span) {
                    chain.append("\(f.displayName)(\(shownArgs))")
                    chain += steps
                    return try apply(f, values, spans: args.map(\.value.span), span: span)
                }
                if case .user(let u) = f.base, u.parameters.count == values.count, f.order == 0 || u.parameters.count == 1 {
                    chain.append("\(f.displayName)(\(shownArgs))")
                    let body = f.order == 0 ? u.body : try u.derivative(order: f.order, parameter: 0).get()
                    return try steps(of: body, parameters: u.parameters, values: values, into: &chain, span: command)
                }
            }
        }
        return try steps(of: e, parameters: [], values: [], into: &chain, span: command)
    }

    /// softmax of a vector as the textbook writes it: each exponential, their
    /// sum, each share (nil for a matrix, more than 20 numbers, or an
    /// exponential too large to write, where the steps would not help).
    private func softmaxSteps(_ v: NDArray) -> [String]? {
        guard v.rank == 1, (1...20).contains(v.count) else { return nil }
        let p = state.settings.precision
        func n(_ x: Double) -> String { NumberFormat.format(x, precision: p) }
        let exps = v.data.map { Foundation.exp($0) }
        guard exps.allSatisfy(\.isFinite) else { return nil }
        let sum = exps.reduce(0, +)
        let powers = v.data.map { "e^" + n($0) }
        return ["[" + powers.joined(separator: ", ") + "]/(" + powers.joined(separator: " + ") + ")",
                "[" + exps.map(n).joined(separator: ", ") + "]/" + n(sum),
                "[" + exps.map { n($0 / sum) }.joined(separator: ", ") + "]"]
    }

    /// The article's own derivations for the activations and their
    /// derivatives, from each activation's registry entry.
    private func activationSteps(_ name: String, order: Int, _ x: Double) -> [String]? {
        let p = state.settings.precision
        return Activation.named(name)?.explainSteps(order: order, x, StepNumbers(f: { NumberFormat.format($0, precision: p) }))
    }

    /// Runs `e` once on the evaluator, recording what each sub-expression
    /// came to, then writes the steps: first `e` with its variables (and
    /// `parameters`) replaced by their values, then, step after step, every
    /// innermost operation replaced by its result, until one value is left.
    /// Ctrl-C stops it between steps (`span`: the command's).
    private func steps(of e: Expr, parameters: [String], values: [Value], into chain: inout [String],
                       span: SourceSpan) throws(Diagnostic) -> Value {
        let (value, steps) = try recorded(e, parameters: parameters, values: values)
        let height = steps.height(e) ?? 0
        chain.append(Printer.print(steps.expression(e, atStep: 0), precision: state.settings.precision))
        var length = chain.reduce(0) { $0 + $1.utf8.count }
        var step = 0
        while step < height {
            try checkInterrupt(span)
            if length > Self.maxExplainLength || step == 200 {  // a sum of thousands of terms: the rest at once
                chain += ["…", ValueFormatter.inline(value, precision: state.settings.precision)]
                return value
            }
            step += 1
            chain.append(Printer.print(steps.expression(e, atStep: step), precision: state.settings.precision))
            length += chain[chain.count - 1].utf8.count
        }
        return value
    }

    /// `e` run once on the evaluator with `parameters` bound to `values`,
    /// and what each of its sub-expressions came to.
    private func recorded(_ e: Expr, parameters: [String], values: [Value]) throws(Diagnostic) -> (Value, ExplainSteps) {
        let recorder = StepRecorder()
        let code = compile(e, in: Resolver(parameters: parameters, state: state), recording: recorder)
        let saved = locals
        locals = values
        defer { locals = saved }
        let value = try code(self)
        return (value, ExplainSteps(recorded: recorder.values, parameters: parameters))
    }

    /// `e` with its parameters and variables written as their values, as
    /// `explain` shows it first (`descend` shows a derivative so); nil when
    /// `e` cannot be evaluated.
    func filledIn(_ e: Expr, parameters: [String], values: [Value]) -> Expr? {
        guard let (_, steps) = try? recorded(e, parameters: parameters, values: values) else { return nil }
        return steps.expression(e, atStep: 0)
    }

    /// After this many characters of steps, `explain` shows no more of them
    /// and gives the value (a step of a long sum is as long as the sum).
    static let maxExplainLength = 20_000
}

/// The steps of `explain`, read from one recorded run (`StepRecorder`). A
/// sub-expression's height is the step at which it has become its value:
/// numbers and variables are values from the start (step 0); a name of a
/// function, a derivative `f'` and an operation on values take one step; any
/// other operation takes one more step than its slowest operand. The nodes
/// are numbered as `Interpreter.compile` numbered them.
struct ExplainSteps {
    let recorded: [Value?]
    let parameters: [String]

    /// The step at which `e` is a value (nil: the run never reached it).
    func height(_ e: Expr) -> Int? {
        var heights: [Int?] = []
        return height(e, &heights)
    }

    /// `e` as shown after `step` steps: what has become a value is shown as one.
    func expression(_ e: Expr, atStep step: Int) -> Expr {
        var heights: [Int?] = []
        var next = 0
        _ = height(e, &heights)
        return shown(e, step, heights, &next)
    }

    /// Heights of `e` and everything in it, in node order.
    private func height(_ e: Expr, _ heights: inout [Int?]) -> Int? {
        let id = heights.count
        heights.append(nil)
        let h: Int?
        switch e {
        case .number, .string, .bool, .literal: h = 0
        case .name(let n, _):
            if parameters.contains(n.text) { h = 0; break }
            guard let v = recorded[id] else { h = nil; break }
            if case .function = v { h = 1 } else { h = 0 }
        case .prime: h = recorded[id] == nil ? nil : 1
        default:
            var tallest = 0
            for child in e.explainedChildren { if let c = height(child, &heights) { tallest = max(tallest, c) } }
            h = recorded[id] == nil ? nil : tallest + 1
        }
        heights[id] = h
        return h
    }

    private func shown(_ e: Expr, _ step: Int, _ heights: [Int?], _ next: inout Int) -> Expr {
        let id = next
        next += 1
        if let h = heights[id], h <= step, let v = recorded[id] {
            switch e {
            case .number, .string, .bool, .literal: return e
            default:
                skip(e, &next)
                return .literal(v, e.span)
            }
        }
        func sub(_ child: Expr) -> Expr { shown(child, step, heights, &next) }
        switch e {
        case .number, .string, .bool, .literal, .name, .prime: return e
        case .list(let items, let s): return .list(items.map(sub), s)
        case .unary(let op, let u, let s): return .unary(op, sub(u), s)
        case .binary(let op, let a, let b, let s):
            let l = sub(a)
            return .binary(op, l, sub(b), s)
        case .call(let f, let args, let s): return .call(f, args.map { Argument(label: $0.label, value: sub($0.value)) }, s)
        case .index(let a, let i, let s):
            let base = sub(a)
            return .index(base, sub(i), s)
        case .attribute(let a, let field, let s): return .attribute(sub(a), field, s)
        case .comprehension(let e, let v, let i, let c, let s): return .comprehension(e, variable: v, iterable: sub(i), condition: c, s)
        case .subscripted(let a, let parts, let s):
            let base = sub(a)
            return .subscripted(base, parts.map { part in
                switch part {
                case .index(let i): return .index(sub(i))
                case .slice(let x, let y, let z):
                    let sx = x.map(sub), sy = y.map(sub)
                    return .slice(sx, sy, z.map(sub))
                }
            }, s)
        case .conditional(let a, let c, let b, let s):
            let value = sub(a), condition = sub(c)
            return .conditional(value, condition: condition, otherwise: sub(b), s)
        }
    }

    /// Moves the node counter past everything inside `e`.
    private func skip(_ e: Expr, _ next: inout Int) {
        for child in e.explainedChildren {
            next += 1
            skip(child, &next)
        }
    }
}

extension Expr {
    /// The parts of an expression that `explain` shows becoming values, in
    /// the order `Interpreter.compile` numbers them (a call's callee and a
    /// derivative's function are not among them: they stay as written).
    var explainedChildren: [Expr] {
        switch self {
        case .number, .string, .bool, .literal, .name, .prime: return []
        case .list(let items, _): return items
        case .unary(_, let u, _), .attribute(let u, _, _): return [u]
        case .binary(_, let a, let b, _), .index(let a, let b, _): return [a, b]
        case .call(_, let args, _): return args.map(\.value)
        case .conditional(let a, let c, let b, _): return [a, c, b]
        case .comprehension(_, _, let i, _, _): return [i]
        case .subscripted(let a, let parts, _): return [a] + parts.flatMap(\.expressions)
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
