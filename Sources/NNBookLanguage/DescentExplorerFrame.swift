import NNBookRender
import NeuralCore

/// The explorer's screen for its settings: a pure function of the settings
/// and the terminal's size, so every layout is tested as text.
///
/// ```
/// explore: gradient descent on f(x) = x^2, f'(x) = 2*x          (title)
/// w0 = 1   rate α = 0.3   steps 8   w8 = …   f(w8) = …   converging
/// chart of f with w0, w1 … numbered  │  step table k, wₖ, f'(wₖ), wₖ₊₁
/// what the behaviour means                                        (note)
/// ← → rate   ↑ ↓ steps   q back to the prompt …                  (keys)
/// ```
///
/// The table sits beside the chart when that leaves the chart 40 columns,
/// else under it; steps beyond its rows are elided in the middle (⋮).
extension DescentExplorer {
    /// Exactly `height` lines, none wider than `width` columns (colour codes
    /// take none). Below `minimumSize` it says so instead.
    public func frame(width: Int, height: Int, unicode: Bool, colour: Bool) -> [String] {
        guard width >= Self.minimumSize.width, height >= Self.minimumSize.height else {
            return tooSmall(width: width, height: height)
        }
        let paint = Paint(on: colour)
        let t = trace
        var lines = [titleLine(width: width, paint: paint, unicode: unicode)]
        lines.append(fit(settingsLine(unicode: unicode), width, unicode: unicode))
        let bodyRows = height - 4
        let table = tableLines(unicode: unicode)
        let tableWidth = table.map { TextWidth.of($0) }.max() ?? 0
        let chartWidth = width - tableWidth - 2
        if chartWidth >= 40 {
            let chart = chartLines(t, width: min(chartWidth, 100), height: bodyRows, unicode: unicode, colour: colour)
            let right = elided(table, rows: bodyRows, unicode: unicode)
            for r in 0..<bodyRows {
                let left = r < chart.count ? chart[r] : ""
                let cell = r < right.count ? right[r] : ""
                lines.append(cell.isEmpty ? left : padded(left, to: chartWidth + 2) + cell)
            }
        } else {
            let tableRows = min(table.count, max(6, bodyRows / 2))
            let chart = chartLines(t, width: min(width, 100), height: bodyRows - tableRows, unicode: unicode, colour: colour)
            lines += (0..<(bodyRows - tableRows)).map { $0 < chart.count ? chart[$0] : "" }
            lines += (0..<tableRows).map { r in
                let rows = elided(table, rows: tableRows, unicode: unicode)
                return r < rows.count ? fit(rows[r], width, unicode: unicode) : ""
            }
        }
        lines.append(paint.dim(fit(note, width, unicode: unicode)))
        let keys = unicode ? "← → rate   ↑ ↓ steps   q back to the prompt, with these settings as a cell"
                           : "Left/Right rate   Up/Down steps   q back to the prompt, settings as a cell"
        lines.append(paint.inverse(fit(keys, width, unicode: unicode)))
        return lines.map { trimmed($0) }
    }

    /// The frame below 80×24: where it stands, centred.
    func tooSmall(width: Int, height: Int) -> [String] {
        let message = ["explore needs a terminal of at least \(Self.minimumSize.width)×\(Self.minimumSize.height);",
                       "this one is \(width)×\(height).", "Make the window larger, or press q."]
        let top = max(0, (height - message.count) / 2)
        var lines = Array(repeating: "", count: max(height, 0))
        for (i, m) in message.enumerated() where top + i < lines.count {
            let text = fit(m, max(width, 1))
            lines[top + i] = String(repeating: " ", count: max(0, (width - TextWidth.of(text)) / 2)) + text
        }
        return lines
    }

    /// The formula on the left, the rate's behaviour on the right (in colour: green, yellow or red).
    func titleLine(width: Int, paint: Paint, unicode: Bool) -> String {
        let status = behaviourWord
        let title = fit("explore: gradient descent on \(formula)", max(1, width - status.count - 2), unicode: unicode)
        let gap = String(repeating: " ", count: max(2, width - TextWidth.of(title) - status.count))
        let colouredStatus: String
        switch trace.behaviour {
        case .converging: colouredStatus = paint.green(status)
        case .oscillating, .notSettling: colouredStatus = paint.yellow(status)
        case .diverging: colouredStatus = paint.boldRed(status)
        }
        return paint.bold(title) + gap + colouredStatus
    }

    /// `w0 = 1   rate α = 0.3   steps 8   w8 = 0.000655   f(w8) = 4.294967e-07`.
    func settingsLine(unicode: Bool) -> String {
        let r = reached
        var text = "w0 = \(format(start))   rate \(unicode ? "α " : "")= \(format(rate))   steps \(steps)"
        if r.k < steps { text += " (stopped at \(r.k))" }
        text += "   w\(r.k) = \(format(r.w))"
        if let loss = r.loss, loss.isFinite { text += "   \(name)(w\(r.k)) = \(format(loss))" }
        return text
    }

    /// The rate's behaviour in a word or two, for the header.
    var behaviourWord: String {
        switch trace.behaviour {
        case .converging: return "converging"
        case .oscillating: return "oscillating, converging"
        case .notSettling: return "not settling"
        case .diverging(let v): return "DIVERGES at step \(v.step)"
        }
    }

    /// What the behaviour means, one line.
    var note: String {
        switch trace.behaviour {
        case .converging: return "Each step goes downhill and stays on one side of the minimum."
        case .oscillating: return "Each step jumps across the minimum and lands lower: it zig-zags down."
        case .notSettling: return "The slope does not shrink: the steps never settle."
        case .diverging(.overshooting): return "Each step jumps past the minimum and lands higher: the rate is too large."
        case .diverging(.growingWithoutBound): return "w grows past 10^12: no minimum that way, or a rate far too large."
        case .diverging(.nonFinite): return "w overflowed to infinity: the rate is far too large for this function."
        }
    }

    /// The step table, whole: header lines, one row per shown step.
    func tableLines(unicode: Bool) -> [String] {
        let header = unicode ? ["k", "wₖ", "\(name)'(wₖ)", "wₖ₊₁"] : ["k", "w_k", "\(name)'(w_k)", "w_k+1"]
        let shown = shownSteps
        let rows = shown.map { s -> [String] in
            let mark = (trace.verdict != nil && s.k == trace.steps.count - 1) ? (unicode ? " ✗" : " X") : ""
            return [String(s.k), format(s.w), format(s.slope), format(s.next) + mark]
        }
        return Table.render(header: header, rows: rows, rightAligned: [0, 1, 2, 3], unicode: unicode)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// `table` cut to `rows` lines: its header, the first steps, ⋮, the last steps and its closing rule.
    func elided(_ table: [String], rows: Int, unicode: Bool) -> [String] {
        guard table.count > rows, rows >= 6 else { return Array(table.prefix(max(rows, 0))) }
        let room = rows - 4  // heavy rule, header, light rule … heavy rule
        let head = min(3, room / 3)
        let tail = room - head - 1
        let body = Array(table[3..<(table.count - 1)])
        return Array(table.prefix(3)) + body.prefix(head) + [unicode ? "  ⋮" : "  ..."] + body.suffix(tail) + [table[table.count - 1]]
    }

    /// The curve and the path of the shown steps, numbered, as `plot descent` draws them.
    func chartLines(_ t: Trace, width: Int, height: Int, unicode: Bool, colour: Bool) -> [String] {
        let a = t.xRange.lowerBound, b = t.xRange.upperBound
        let curve = t.curve.enumerated().map { (x: a + (b - a) * Double($0.offset) / Double(max(t.curve.count - 1, 1)), y: $0.element) }
        var path: [(x: Double, y: Double)] = startLoss.map { [(start, $0)] } ?? []
        for s in shownSteps {
            guard let loss = s.loss, loss.isFinite, s.next.isFinite else { break }
            path.append((s.next, loss))
        }
        let series = [ChartSeries(label: name, points: curve),
                      ChartSeries(label: "w0, w1, w2 \(unicode ? "…" : "...") (rate \(format(t.rate)))", points: path, style: .numberedPoints)]
        return LineChart.render(series, xRange: t.xRange, style: ChartStyle(width: width, height: height, unicode: unicode, colour: colour))
    }

    func format(_ x: Double) -> String { NumberFormat.format(x, precision: precision) }

    /// Cut to `width` columns with `…` (`...` in ASCII).
    func fit(_ text: String, _ width: Int, unicode: Bool = true) -> String {
        guard TextWidth.of(text) > width else { return text }
        let ellipsis = unicode ? "…" : "..."
        var out = "", used = 0
        for ch in text {
            let w = TextWidth.of(String(ch))
            if used + w > width - ellipsis.count { break }
            out.append(ch)
            used += w
        }
        return out + ellipsis
    }

    /// `text` padded with blanks to `width` visible columns (colour codes take none).
    func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - Self.visibleWidth(text)))
    }

    static func visibleWidth(_ text: String) -> Int {
        var width = 0, inEscape = false
        for s in text.unicodeScalars {
            if inEscape { if s == "m" { inEscape = false }; continue }
            if s == "\u{1B}" { inEscape = true; continue }
            width += TextWidth.width(of: s)
        }
        return width
    }

    func trimmed(_ line: String) -> String {
        String(line.reversed().drop { $0 == " " }.reversed())
    }

    /// ANSI styles, or none.
    struct Paint {
        let on: Bool
        func wrap(_ s: String, _ code: String) -> String { on && !s.isEmpty ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        func bold(_ s: String) -> String { wrap(s, "1") }
        func dim(_ s: String) -> String { wrap(s, "2") }
        func inverse(_ s: String) -> String { wrap(s, "7") }
        func green(_ s: String) -> String { wrap(s, "32") }
        func yellow(_ s: String) -> String { wrap(s, "33") }
        func boldRed(_ s: String) -> String { wrap(s, "1;31") }
    }
}
