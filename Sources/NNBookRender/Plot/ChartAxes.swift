import Foundation

/// Pieces every terminal chart shares: "nice" tick values, the x-label line, the
/// wrapped legend, number formatting and display-width-aware text fitting.
/// `BoundaryChart` and `SVGChart` reuse them so all charts label axes alike.
extension LineChart {
    // MARK: - Axes and legend

    /// The axis characters: vertical, horizontal, corner and tick (box drawing, or ASCII).
    static func axisGlyphs(unicode: Bool) -> (Character, Character, Character, Character) {
        unicode ? ("│", "─", "└", "┼") : ("|", "-", "+", "+")
    }

    /// Picks "nice" tick values (1, 2, 2.5 or 5 × 10ⁿ apart) inside lo…hi: the
    /// smallest step giving at most 5 ticks that are at least 1.25 cells apart. If
    /// that leaves fewer than 3, ticks may come closer, down to just over a cell —
    /// the least gap that still gives every tick its own row.
    static func niceTicks(_ lo: Double, _ hi: Double, cellsPerSpan: Double) -> [Double] {
        let roomy = ticks(lo, hi, cellsPerSpan: cellsPerSpan, minGap: 1.25)
        return roomy.count >= 3 ? roomy : ticks(lo, hi, cellsPerSpan: cellsPerSpan, minGap: 1.0001)
    }

    static func ticks(_ lo: Double, _ hi: Double, cellsPerSpan: Double, minGap: Double) -> [Double] {
        let span = hi - lo
        var magnitude = pow(10, floor(log10(span)) - 2)
        for _ in 0..<12 {
            for m in [1, 2, 2.5, 5] {
                let step = m * magnitude
                var ticks: [Double] = []
                var k = ceil(lo / step)                 // integer multiples of step, so 0 is exactly 0
                while k * step <= hi, ticks.count <= 5 { ticks.append(k * step); k += 1 }
                if ticks.count <= 5, step / span * cellsPerSpan >= minGap { return ticks }
            }
            magnitude *= 10
        }
        return [lo, hi]
    }

    /// Writes tick labels at "nice" values (1, 2, 2.5 or 5 × 10ⁿ apart, about ten
    /// cells or more between them) onto one line, skipping any label that would
    /// touch another; ranges too narrow for nice values get their ends and middle.
    /// Returns the line and the plot columns of the labels that were placed.
    static func xLabelLine(_ x0: Double, _ x1: Double, width: Int, plotStart: Int,
                           col: (Double) -> Int) -> (String, [Int]) {
        var line = Array(repeating: Character(" "), count: width)
        var placed: [Int] = []
        var values = niceTicks(x0, x1, cellsPerSpan: Double(max(width - plotStart, 1)) / 10)
        // Ends the learner typed as round numbers (-6 … 6) come first; long ones (-1.31587) are left out.
        if format(x0).count <= 4 && format(x1).count <= 4 { values = [x0, x1] + values.filter { $0 != x0 && $0 != x1 } }
        if values.count < 2 {
            values = [x0, x1, (x0 + x1) / 2]
            if x0 < 0, x1 > 0, !values.contains(0) { values.append(0) }
        }
        for v in values {
            let text = Array(format(v)), c = col(v)
            let start = min(max(0, plotStart + c - text.count / 2), width - text.count)
            guard start >= 0, !placed.contains(c),
                  line[max(0, start - 1)..<min(width, start + text.count + 1)].allSatisfy({ $0 == " " })
            else { continue }
            line.replaceSubrange(start..<(start + text.count), with: text)
            placed.append(c)
        }
        return (String(line), placed)
    }

    /// One legend entry: a one-cell marker (or swatch), the ANSI code that colours it
    /// (nil for none), and the label after it.
    struct LegendEntry {
        var marker: Character
        var code: String?
        var label: String
    }

    /// Legend entries "marker label", two spaces apart, wrapped onto as many lines as
    /// the width needs. A marker with a `code` is wrapped in that ANSI code.
    static func legendLines(_ entries: [LegendEntry], width: Int, unicode: Bool) -> [String] {
        var lines: [String] = [], current = "", used = 0
        for entry in entries {
            let text = fit(String(entry.marker) + " " + clean(entry.label), width, unicode: unicode)
            let w = displayWidth(text)
            if used > 0, used + 2 + w > width { lines.append(current); current = ""; used = 0 }
            if used > 0 { current += "  "; used += 2 }
            if let code = entry.code { current += code + String(entry.marker) + reset + String(text.dropFirst()) }
            else { current += text }
            used += w
        }
        return lines + [current]
    }

    // MARK: - Text helpers

    static let reset = "\u{1B}[0m"
    static func colourCode(_ series: Int) -> String { "\u{1B}[\(31 + series % 6)m" }
    static func coloured(_ text: String, series: Int) -> String { colourCode(series) + text + reset }

    /// Formats a number compactly: at most 6 significant digits, no trailing zeros,
    /// and -0 printed as 0 (so `1`, `0.5`, `-0.25`, `1e+06`).
    public static func format(_ v: Double) -> String {
        guard v.isFinite else { return "\(v)" }
        let s = String(format: "%.6g", v == 0 ? 0 : v)
        return s == "-0" ? "0" : s
    }

    /// Pads the y range so the curve does not touch the frame; see `render`.
    static func paddedRange(_ lo: Double, _ hi: Double) -> (Double, Double) {
        if hi - lo > 0 { return (lo - (hi - lo) * 0.05, hi + (hi - lo) * 0.05) }
        let pad = lo == 0 ? 1 : abs(lo) * 0.1
        return (lo - pad, hi + pad)
    }

    /// Rounds to the nearest Int, clamped so far-off points cannot overflow.
    static func clampedInt(_ v: Double) -> Int { v.isNaN ? 0 : Int(min(max(v.rounded(), -100_000), 100_000)) }

    /// Removes control characters (including ESC) from user text.
    static func clean(_ s: String) -> String {
        String(s.unicodeScalars.filter { $0.properties.generalCategory != .control }.map(Character.init))
    }

    /// Terminal cells a character occupies (East Asian wide characters take two).
    static func cellWidth(_ c: Character) -> Int { TextWidth.of(c.unicodeScalars) }

    /// Display width of text without escape codes.
    public static func displayWidth(_ s: String) -> Int { TextWidth.of(s) }

    /// Truncates `s` to at most `width` cells, ending with "…" (or "..." in ASCII).
    static func fit(_ s: String, _ width: Int, unicode: Bool) -> String {
        guard displayWidth(s) > width else { return s }
        let ellipsis = unicode ? "…" : "..."
        let room = width - ellipsis.count            // negative: too narrow for an ellipsis
        var out = "", used = 0
        for c in s {
            used += cellWidth(c)
            if used > (room >= 0 ? room : width) { break }
            out.append(c)
        }
        return room >= 0 ? out + ellipsis : out
    }

    static func centre(_ s: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, (width - displayWidth(s)) / 2)) + s
    }
}
