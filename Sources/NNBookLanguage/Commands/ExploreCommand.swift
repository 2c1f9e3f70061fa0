import NeuralCore

/// `explore descend F from A rate R [steps N]`: the descent explorer. The
/// session works every rate's descent out and hands the caller a
/// `DescentExplorer` (`CellResult.view`); only a terminal shows it.
struct ExploreCommand: LanguageCommand {
    let function: Expr, from: Expr, rate: Expr, steps: Expr?

    static let word = "explore"
    static let argumentWords = ["descend", "from", "rate", "steps"]
    static let help: [String: HelpTopic] = [
        "explore": HelpTopic(usage: "explore descend F from A rate R [steps N]",
                  summary: "the descent on its curve, full screen, with its step table: ← → change the learning rate, ↑ ↓ the number of steps "
                      + "(1 to 50), and the path redraws at once; a rate that diverges shows it. q goes back to the prompt and prints the "
                      + "settings as a cell (descend … steps N), which ↑ brings back to run. Only at nnbook's prompt in a terminal",
                  example: "f(x) = x^2\nexplore descend f from 1 rate 0.3"),
    ]

    static func parse(_ p: inout Parser, _ head: CommandHead) throws(Diagnostic) -> (Self, SourceSpan) {
        let example = "explore descend f from 1 rate 0.3"
        guard p.matchWord("descend") else {
            throw Diagnostic(.syntax, "explore takes a descent: explore descend F from A rate R", at: head.span.merged(with: p.peek.span),
                             hint: example)
        }
        return try DescendCommand.parseDescent(&p, head, needs: "explore descend needs a function", example: example, Self.init)
    }

    func run(in i: Interpreter, span: SourceSpan) throws(Diagnostic) {
        try i.explore(function: function, from: from, rate: rate, steps: steps, span: span)
    }
}

extension Interpreter {
    func explore(function fExpr: Expr, from aExpr: Expr, rate rExpr: Expr, steps sExpr: Expr?, span: SourceSpan) throws(Diagnostic) {
        let (f, w0, rate) = try descentSetup(function: fExpr, from: aExpr, rate: rExpr, command: "explore descend")
        let steps = try stepCount(sExpr) ?? DescentExplorer.defaultSteps
        if steps > DescentExplorer.maxSteps, let sExpr {
            throw Diagnostic(.value, "explore shows at most \(DescentExplorer.maxSteps) steps", at: sExpr.span,
                             hint: "explore descend \(Printer.print(fExpr)) from \(Printer.print(aExpr)) rate \(Printer.print(rExpr)) steps \(DescentExplorer.maxSteps); descend … steps \(steps) prints more")
        }
        let source = Printer.print(fExpr)
        let replay = "descend \(source) from \(NumberFormat.format(w0, precision: .full)) rate \(NumberFormat.format(rate, precision: .full)) steps \(steps)"
        if case .unavailable(let reason) = options.fullScreen {
            throw Diagnostic(.value, "explore draws on the whole terminal and reads keys, so it needs nnbook's prompt in a terminal: \(reason)",
                             at: span, hint: "type \(replay), then plot descent")
        }
        guard pendingView == nil else {
            throw Diagnostic(.value, "one explore per cell: it takes the whole screen", at: span, hint: "put each explore in a cell of its own")
        }
        var df = f
        df.order += 1
        _ = try slope(df, at: w0, span: span)  // a function that gives no number is refused here, as descend refuses it
        let startLoss = try? Coerce.number(try apply(f, [.number(w0)], spans: [span], span: span), at: span)
        let rates = DescentExplorer.rates(with: rate)
        var traces: [DescentExplorer.Trace] = []
        for r in rates {
            traces.append(try descentTrace(f, df, from: w0, startLoss: startLoss, rate: r, span: span))
        }
        pendingView = .descent(DescentExplorer(source: source, name: f.displayName, formula: descentFormula(f), start: w0,
                                               startLoss: startLoss, traces: traces, rateIndex: rates.firstIndex(of: rate) ?? 0,
                                               steps: steps, precision: state.settings.precision))
    }

    /// One rate's descent, up to `DescentExplorer.maxSteps` steps or until
    /// the divergence monitor stops it (as `descend` would), and the curve
    /// under its path (as `plot descent` draws it).
    private func descentTrace(_ f: FunctionValue, _ df: FunctionValue, from w0: Double, startLoss: Double?, rate: Double,
                              span: SourceSpan) throws(Diagnostic) -> DescentExplorer.Trace {
        var monitor = DivergenceMonitor(start: w0)
        _ = monitor.observe(step: 0, value: w0, loss: startLoss)
        var w = w0, steps: [DescentExplorer.Step] = [], verdict: DescentVerdict?
        for k in 0..<DescentExplorer.maxSteps {
            try checkInterrupt(span)
            let g = (try? slope(df, at: w, span: span)) ?? .nan
            let next = w - rate * g
            let loss = try? Coerce.number(try apply(f, [.number(next)], spans: [span], span: span), at: span)
            steps.append(DescentExplorer.Step(k: k, w: w, slope: g, next: next, loss: loss))
            if let v = monitor.observe(step: k + 1, value: next, loss: loss) { verdict = v; break }
            w = next
        }
        let ws = ([w0] + steps.map(\.next)).filter(\.isFinite)
        let lo = ws.min() ?? w0, hi = ws.max() ?? w0
        let pad = max((hi - lo) * 0.5, 0.5)
        let range = (lo - pad)...(hi + pad)
        var curve: [Double] = []
        let samples = 200
        for i in 0...samples {
            try checkInterrupt(span)
            let x = range.lowerBound + (range.upperBound - range.lowerBound) * Double(i) / Double(samples)
            curve.append((try? Coerce.number(try apply(f, [.number(x)], spans: [span], span: span), at: span)) ?? .nan)
        }
        return DescentExplorer.Trace(rate: rate, steps: steps, verdict: verdict, curve: curve, xRange: range,
                                     behaviour: DescentExplorer.behaviour(of: steps, verdict: verdict))
    }
}
