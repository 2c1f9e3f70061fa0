import Foundation
import NeuralCore

/// Where the last `descend` stands, so that `step` can continue it.
struct DescentState {
    var function: FunctionValue
    var rate: Double
    var w: Double
    var iteration: Int
    var monitor: DivergenceMonitor
    var stopped: DescentVerdict?
    /// Every point visited, (w, f(w)), for `plot descent`.
    var path: [(w: Double, loss: Double)] = []
}

/// `descend f from A rate R [steps N]` and `step [N]`: gradient descent, one
/// line per iteration with the gradient's arithmetic and the update's
/// (`w2 = 0.8 − 0.1 · 1.6 = 0.64`). Divergence stops it with an explanation.
extension Interpreter {
    static let maxDescentSteps = 10_000_000

    func descend(function fExpr: Expr, from aExpr: Expr, rate rExpr: Expr, steps sExpr: Expr?, span: SourceSpan) throws(Diagnostic) {
        let (f, w0, rate) = try descentSetup(function: fExpr, from: aExpr, rate: rExpr, command: "descend")
        let steps = try stepCount(sExpr) ?? 1
        let formula = descentFormula(f)
        emit("gradient descent on \(formula); start w0 = \(format(w0)), learning rate α = \(format(rate))", .heading)
        var monitor = DivergenceMonitor(start: w0)
        let loss0 = try? Coerce.number(try apply(f, [.number(w0)], spans: [aExpr.span], span: span), at: span)
        _ = monitor.observe(step: 0, value: w0, loss: loss0)
        state.last.descent = DescentState(function: f, rate: rate, w: w0, iteration: 0, monitor: monitor, stopped: nil,
                                         path: loss0.map { [(w0, $0)] } ?? [])
        state.last.step = .descent
        try continueDescent(steps: steps, span: span)
    }

    /// The function, start and rate of `descend` (and `explore descend`), checked.
    func descentSetup(function fExpr: Expr, from aExpr: Expr, rate rExpr: Expr, command: String) throws(Diagnostic) -> (FunctionValue, Double, Double) {
        if case .name(let n, _) = fExpr, state.variables.slots[n.text].flatMap({ state.variables.values[$0] }) == nil, Builtins.table[n.text] == nil {
            throw Diagnostic(.name, "unknown function '\(n.text)'", at: fExpr.span,
                             hint: "define it first, e.g. \(n.text)(x) = x^2, then \(command) \(n.text) from 1 rate 0.1")
        }
        guard case .function(let f) = try eval(fExpr), f.parameterCount == 1 else {
            throw Diagnostic(.type, "descend needs a function of one variable", at: fExpr.span,
                             hint: "define one first: f(x) = x^2, then \(command) f from 1 rate 0.1")
        }
        let w0 = try Coerce.number(try eval(aExpr), at: aExpr.span)
        let rate = try Coerce.number(try eval(rExpr), at: rExpr.span)
        guard rate > 0 else {
            throw Diagnostic(.value, "the learning rate must be positive (it is \(format(rate)))", at: rExpr.span,
                             hint: "a negative rate climbs the function instead of descending it; try rate 0.1")
        }
        return (f, w0, rate)
    }

    /// `f(x) = x^2, f'(x) = 2*x`, as the descent's heading says it.
    func descentFormula(_ f: FunctionValue) -> String {
        var derivative = f
        derivative.order += 1
        if case .user(let u) = f.base, let d = try? u.derivative(order: f.order + 1, parameter: 0).get() {
            return "\(f.displayName)(\(u.parameters[0])) = \(Printer.print(f.order == 0 ? u.body : (try? u.derivative(order: f.order, parameter: 0).get()) ?? u.body)), "
                + "\(derivative.displayName)(\(u.parameters[0])) = \(Printer.print(d))"
        }
        return "\(f.displayName)(x), with \(derivative.displayName)(x) worked out exactly"
    }

    func step(_ countExpr: Expr?, span: SourceSpan) throws(Diagnostic) {
        switch state.last.step {
        case .neuron?: return try repeatNeuronStep(times: try stepCount(countExpr) ?? 1, span: span)
        case .network?: return try repeatNetworkStep(times: try stepCount(countExpr) ?? 1, span: span)
        case .descent?, nil: break
        }
        guard let d = state.last.descent else {
            throw Diagnostic(.value, "there is no descent to continue", at: span,
                             hint: "start one: descend f from 1 rate 0.1 (or step a neuron: step n input [1, 2, 3] target 1)")
        }
        if let verdict = d.stopped {
            throw Diagnostic(.value, "the last descent stopped at step \(verdict.step) because it diverged", at: span,
                             hint: "start again with a smaller rate, e.g. descend \(d.function.displayName) from 1 rate \(format(d.rate / 2))")
        }
        try continueDescent(steps: try stepCount(countExpr) ?? 1, span: span)
    }

    func stepCount(_ e: Expr?) throws(Diagnostic) -> Int? {
        guard let e else { return nil }
        let n = try Coerce.integer(try eval(e), at: e.span)
        guard n >= 1 else { throw Diagnostic(.value, "the number of steps must be at least 1", at: e.span) }
        guard n <= Interpreter.maxDescentSteps else {
            throw Diagnostic(.limit, "at most \(NumberFormat.grouped(Interpreter.maxDescentSteps)) steps at a time", at: e.span)
        }
        return n
    }

    private func continueDescent(steps: Int, span: SourceSpan) throws(Diagnostic) {
        guard var d = state.last.descent else { return }
        defer { state.last.descent = d }
        let f = d.function
        var df = f
        df.order += 1
        for _ in 0..<steps {
            try checkInterrupt(span)
            let k = d.iteration + 1
            let w = d.w
            let (gradientText, g) = try gradient(df, at: w, span: span)
            let next = w - d.rate * g
            let loss = try? Coerce.number(try apply(f, [.number(next)], spans: [span], span: span), at: span)
            let sign = g < 0 ? "+ \(format(d.rate)) · \(format(-g))" : "− \(format(d.rate)) · \(format(g))"
            var line = "step \(k): \(gradientText)   w\(k) = \(format(w)) \(sign) = \(format(next))"
            if let loss, loss.isFinite { line += "   \(f.displayName)(w\(k)) = \(format(loss))" }
            d.iteration = k
            if let verdict = d.monitor.observe(step: k, value: next, loss: loss) {
                d.stopped = verdict
                if next.isFinite { emit(line, .explain) }
                if let loss, loss.isFinite, next.isFinite { d.path.append((next, loss)) }
                emit(divergenceNote(verdict, d), .warning)
                return
            }
            d.w = next
            if let loss, loss.isFinite, d.path.count < 100_000 { d.path.append((next, loss)) }
            emit(line, .explain)
        }
    }

    /// `f'(0.8) = 2*0.8 = 1.6`: the derivative's formula with w filled in, and its value.
    private func gradient(_ df: FunctionValue, at w: Double, span: SourceSpan) throws(Diagnostic) -> (String, Double) {
        let g = try slope(df, at: w, span: span)
        var text = "\(df.displayName)(\(format(w)))"
        if case .user(let u) = df.base, let body = try? u.derivative(order: df.order, parameter: 0).get(),
           let bound = filledIn(body, parameters: u.parameters, values: [.number(w)]) {
            let filled = Printer.print(bound, precision: state.settings.precision)
            if filled != format(g) { text += " = " + filled }
        }
        return (text + " = " + format(g), g)
    }

    /// f'(w) as a number.
    func slope(_ df: FunctionValue, at w: Double, span: SourceSpan) throws(Diagnostic) -> Double {
        try Coerce.number(try apply(df, [.number(w)], spans: [span], span: span), at: span)
    }

    private func divergenceNote(_ verdict: DescentVerdict, _ d: DescentState) -> String {
        let smaller = format(d.rate / 4)
        switch verdict {
        case .overshooting(let s):
            return "stopped at step \(s): the descent is diverging. \(d.function.displayName)(w) grew for 3 steps in a row: each step jumps "
                + "past the minimum and lands further up the other side. The learning rate \(format(d.rate)) is too large; try \(smaller)."
        case .growingWithoutBound(let s):
            return "stopped at step \(s): w is growing without bound (|w| passed 10^12). Either \(d.function.displayName) has no minimum "
                + "in that direction, or the learning rate \(format(d.rate)) is far too large; try \(smaller)."
        case .nonFinite(let s):
            return "stopped at step \(s): w left the range of 64-bit floats (it overflowed to infinity). The learning rate "
                + "\(format(d.rate)) is far too large for this function; try \(smaller)."
        }
    }

    func format(_ x: Double) -> String { NumberFormat.format(x, precision: state.settings.precision) }
}

extension DescentVerdict {
    var step: Int {
        switch self {
        case .nonFinite(let s), .growingWithoutBound(let s), .overshooting(let s): return s
        }
    }
}
