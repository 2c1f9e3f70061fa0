import Foundation

/// One named curve. Consecutive points are joined by a line; a point whose x or y
/// is not finite (NaN, ±∞) is skipped and breaks the line, leaving a gap.
public struct ChartSeries: Sendable {
    public var label: String
    public var points: [(x: Double, y: Double)]

    public init(label: String, points: [(x: Double, y: Double)]) {
        self.label = label
        self.points = points
    }
}

/// How a chart is drawn. `width` and `height` count terminal cells for the *whole*
/// chart: title, y-axis labels, plot area, x-axis and legend.
public struct ChartStyle: Sendable {
    public var width: Int
    public var height: Int
    /// Braille dots and box drawing when true; plain ASCII when false.
    public var unicode: Bool
    /// ANSI colours 31–36, one per series. When false the output has no escape codes.
    public var colour: Bool

    public init(width: Int = 72, height: Int = 18, unicode: Bool = true, colour: Bool = false) {
        self.width = width
        self.height = height
        self.unicode = unicode
        self.colour = colour
    }
}

/// Renders line charts as lines of text for a terminal.
///
/// The plot area is a grid of *dots*. In Unicode mode each cell is a braille
/// character (U+2800 + an 8-bit mask) holding 2×4 dots, so a 60-column chart has
/// about 110 dots across; in ASCII mode each cell is one dot. Every point is mapped
/// to a dot, and consecutive points are joined with Bresenham's line algorithm in
/// dot space, so even a steep curve stays continuous.
public enum LineChart {
    static let asciiMarkers: [Character] = ["*", "+", "o", "x", "#"]
    static let unicodeMarkers: [Character] = ["•", "◦", "▪", "▫"]

    /// Renders `series` over `xRange`, sharing one y range, and returns the lines
    /// (without newlines). Every line has display width ≤ `style.width`.
    ///
    /// The y range is the min…max of the finite y values whose x lies in `xRange`,
    /// padded by 5% on each side (a flat series gets ±10% of its value, or ±1 at 0,
    /// so nothing divides by zero). When there is nothing to draw — no series, an
    /// empty range, no finite point, or too little room — the result is a single
    /// line in parentheses saying why.
    public static func render(_ series: [ChartSeries], xRange: ClosedRange<Double>,
                              title: String? = nil, style: ChartStyle) -> [String] {
        let width = max(1, style.width)
        func note(_ text: String) -> [String] { [fit(text, width, unicode: style.unicode)] }
        let x0 = xRange.lowerBound, x1 = xRange.upperBound
        guard !series.isEmpty else { return note("(nothing to plot: no series given)") }
        guard (x1 - x0).isFinite, x0 < x1 else {
            return note("(nothing to plot: the range from \(format(x0)) to \(format(x1)) is empty)")
        }
        let ys = series.flatMap(\.points)
            .filter { $0.x.isFinite && $0.y.isFinite && $0.x >= x0 && $0.x <= x1 }.map(\.y)
        guard let yMin = ys.min(), let yMax = ys.max() else {
            return note("(nothing to plot: no finite points from \(format(x0)) to \(format(x1)))")
        }
        let (lo, hi) = paddedRange(yMin, yMax)
        guard (hi - lo).isFinite, hi > lo else { return note("(nothing to plot: the y values are too large)") }

        let titleLines = title.map { [centre(fit(clean($0), width, unicode: style.unicode), width)] } ?? []
        let legend = legendLines(series, style: style, width: width)
        let rows = style.height - titleLines.count - 2 - legend.count   // 2 = x-axis + x labels
        guard rows >= 2 else { return note("(chart too small: height \(style.height) leaves no room to plot)") }

        // y ticks decide the label column's width, which decides the plot's width.
        let sub = style.unicode ? (x: 2, y: 4) : (x: 1, y: 1)
        let dotRows = rows * sub.y
        func dotY(_ y: Double) -> Int { clampedInt((hi - y) / (hi - lo) * Double(dotRows - 1)) }
        let yTicks = niceTicks(lo, hi, cellsPerSpan: Double(dotRows - 1) / Double(sub.y))
        var tickLabelAtRow: [Int: String] = [:]
        for t in yTicks where tickLabelAtRow[dotY(t) / sub.y] == nil { tickLabelAtRow[dotY(t) / sub.y] = format(t) }
        let labelWidth = tickLabelAtRow.values.map(\.count).max() ?? 1
        let cols = width - labelWidth - 2                                     // 2 = " │"
        guard cols >= 2 else { return note("(chart too small: width \(width) leaves no room to plot)") }
        let dotCols = cols * sub.x
        func dotX(_ x: Double) -> Int { clampedInt((x - x0) / (x1 - x0) * Double(dotCols - 1)) }

        // Draw every series into the canvas, in order; later series win shared cells.
        var canvas = Canvas(cols: cols, rows: rows, subX: sub.x, subY: sub.y)
        let markEvery8th = style.unicode && !style.colour
        for (s, one) in series.enumerated() {
            var previous: (Int, Int)?
            for (i, p) in one.points.enumerated() {
                guard p.x.isFinite, p.y.isFinite else { previous = nil; continue }
                let dot = (dotX(p.x), dotY(p.y))
                canvas.line(from: previous ?? dot, to: dot, series: s)
                previous = dot
                if markEvery8th, s > 0, i % 8 == 0 {
                    canvas.mark(dot, unicodeMarkers[s % unicodeMarkers.count])
                }
            }
        }

        // Assemble: title, rows with y labels, x-axis, x labels, legend.
        let (vertical, horizontal, corner, cross): (Character, Character, Character, Character) =
            style.unicode ? ("│", "─", "└", "┼") : ("|", "-", "+", "+")
        var lines = titleLines
        for r in 0..<rows {
            let label = tickLabelAtRow[r] ?? ""
            let pad = String(repeating: " ", count: labelWidth - label.count)
            lines.append(pad + label + " " + String(vertical) + canvas.renderRow(r, style: style))
        }
        let plotStart = labelWidth + 2
        let (xLabels, tickCols) = xLabelLine(x0, x1, width: width, plotStart: plotStart, col: { dotX($0) / sub.x })
        var axis = Array(repeating: horizontal, count: cols)
        for c in tickCols where c >= 0 && c < cols { axis[c] = cross }
        lines.append(String(repeating: " ", count: labelWidth + 1) + String(corner) + String(axis))
        lines.append(xLabels)
        // Trailing blanks carry no information and trip up copy-paste and tests.
        return (lines + legend).map { String($0.reversed().drop { $0 == " " }.reversed()) }
    }

    // MARK: - Canvas

    /// A grid of cells, each holding up to `subX`×`subY` dots as a bitmask, plus the
    /// series that last drew there (for colour and ASCII markers) and an optional
    /// marker character that replaces the cell.
    struct Canvas {
        let cols: Int, rows: Int, subX: Int, subY: Int
        var dots: [UInt8], owner: [Int], marker: [Character?]

        init(cols: Int, rows: Int, subX: Int, subY: Int) {
            (self.cols, self.rows, self.subX, self.subY) = (cols, rows, subX, subY)
            dots = Array(repeating: 0, count: cols * rows)
            owner = Array(repeating: -1, count: cols * rows)
            marker = Array(repeating: nil, count: cols * rows)
        }

        /// Braille numbers its dots 1 2 3 7 down the left column and 4 5 6 8 down
        /// the right, so dot (column, row) sets bit `brailleBits[column][row]`.
        static let brailleBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

        /// The cell index of a dot, or nil when the dot lies outside the grid (clipping).
        func cell(_ x: Int, _ y: Int) -> Int? {
            guard x >= 0, y >= 0, x < cols * subX, y < rows * subY else { return nil }
            return (y / subY) * cols + x / subX
        }

        mutating func plot(_ x: Int, _ y: Int, series: Int) {
            guard let c = cell(x, y) else { return }
            dots[c] |= subX == 1 ? 1 : Canvas.brailleBits[x % 2][y % 4]
            owner[c] = series
        }

        mutating func mark(_ dot: (Int, Int), _ char: Character) {
            if let c = cell(dot.0, dot.1) { marker[c] = char }
        }

        /// Bresenham's line algorithm: step one dot at a time along the major axis and
        /// keep an integer error term `err` that says when to step the minor axis too.
        mutating func line(from a: (Int, Int), to b: (Int, Int), series: Int) {
            var (x, y) = a
            let dx = abs(b.0 - x), dy = -abs(b.1 - y)
            let sx = x < b.0 ? 1 : -1, sy = y < b.1 ? 1 : -1
            var err = dx + dy
            while true {
                plot(x, y, series: series)
                if x == b.0 && y == b.1 { return }
                let e2 = 2 * err
                if e2 >= dy { err += dy; x += sx }
                if e2 <= dx { err += dx; y += sy }
            }
        }

        /// One row of cells as text; with colour on, each run of cells drawn by the
        /// same series is wrapped in one ANSI colour code.
        func renderRow(_ r: Int, style: ChartStyle) -> String {
            var out = "", open = -1                     // open: the series whose colour is on
            for c in (r * cols)..<((r + 1) * cols) {
                let char: Character
                if let m = marker[c] { char = m }
                else if dots[c] == 0 { char = " " }
                else if style.unicode { char = Character(Unicode.Scalar(0x2800 + UInt32(dots[c])) ?? " ") }
                else { char = LineChart.asciiMarkers[owner[c] % LineChart.asciiMarkers.count] }
                let want = style.colour && char != " " ? owner[c] : -1
                if want != open {
                    if open >= 0 { out += LineChart.reset }
                    if want >= 0 { out += LineChart.colourCode(want) }
                    open = want
                }
                out.append(char)
            }
            return open >= 0 ? out + LineChart.reset : out
        }
    }

    // MARK: - Axes and legend

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

    /// Writes tick labels for both ends, the middle and zero (when inside the range)
    /// onto one line, in that priority, skipping any label that would touch another.
    /// Returns the line and the plot columns of the labels that were placed.
    static func xLabelLine(_ x0: Double, _ x1: Double, width: Int, plotStart: Int,
                           col: (Double) -> Int) -> (String, [Int]) {
        var line = Array(repeating: Character(" "), count: width)
        var placed: [Int] = []
        var values = [x0, x1, (x0 + x1) / 2]
        if x0 < 0, x1 > 0, !values.contains(0) { values.append(0) }
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

    /// Legend entries "marker label", two spaces apart, wrapped onto as many lines as
    /// the width needs. Markers are coloured when `style.colour` is on.
    static func legendLines(_ series: [ChartSeries], style: ChartStyle, width: Int) -> [String] {
        var lines: [String] = [], current = "", used = 0
        for (s, one) in series.enumerated() {
            let marker = style.unicode ? unicodeMarkers[s % unicodeMarkers.count] : asciiMarkers[s % asciiMarkers.count]
            let text = fit(String(marker) + " " + clean(one.label), width, unicode: style.unicode)
            let w = displayWidth(text)
            if used > 0, used + 2 + w > width { lines.append(current); current = ""; used = 0 }
            if used > 0 { current += "  "; used += 2 }
            current += style.colour ? coloured(String(marker), series: s) + String(text.dropFirst()) : text
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
