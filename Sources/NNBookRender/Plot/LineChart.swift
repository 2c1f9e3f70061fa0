import Foundation

/// How a series is drawn.
public enum SeriesStyle: Sendable {
    /// Consecutive points joined by a line: a function or a curve over time.
    case line
    /// Each point a marker, never joined: a scatter plot, where the order of the
    /// points means nothing and a line between them would suggest that it does.
    case points
    /// Joined by a line *and* marked at each point where there is room: values
    /// measured at discrete moments, such as loss and accuracy per epoch.
    case linePoints
    /// Markers numbered 0, 1, 2… in order, each number placed where there is room:
    /// a path such as the w's visited by gradient descent.
    case numberedPoints
}

/// One named series. With the default `.line` style consecutive points are joined
/// by a line; a point whose x or y is not finite (NaN, ±∞) is skipped and breaks
/// the line, leaving a gap. See `SeriesStyle` for the other ways to draw it.
public struct ChartSeries: Sendable {
    public var label: String
    public var points: [(x: Double, y: Double)]
    public var style: SeriesStyle = .line

    public init(label: String, points: [(x: Double, y: Double)], style: SeriesStyle = .line) {
        self.label = label
        self.points = points
        self.style = style
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
/// dot space, so even a steep curve stays continuous. Series drawn as points
/// (`SeriesStyle`) put a whole-cell marker such as `●` at each point instead, so a
/// sample stays visible even where a curve passes through the same cell.
public enum LineChart {
    static let asciiMarkers: [Character] = ["*", "+", "o", "x", "#"]
    static let unicodeMarkers: [Character] = ["•", "◦", "▪", "▫"]
    /// Markers for `.points`-like series: bigger than any braille dot, so a scatter
    /// point stands out from a curve drawn through the same cell.
    static let unicodePointMarkers: [Character] = ["●", "○", "■", "□", "▲"]
    static let asciiPointMarkers: [Character] = ["o", "@", "x", "%", "&"]

    static func pointMarker(_ s: Int, unicode: Bool) -> Character {
        unicode ? unicodePointMarkers[s % unicodePointMarkers.count] : asciiPointMarkers[s % asciiPointMarkers.count]
    }

    /// The legend shows the marker the series is drawn with.
    static func legendMarker(_ s: Int, _ style: SeriesStyle, unicode: Bool) -> Character {
        if style != .line { return pointMarker(s, unicode: unicode) }
        return unicode ? unicodeMarkers[s % unicodeMarkers.count] : asciiMarkers[s % asciiMarkers.count]
    }

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
        let legend = legendLines(series.enumerated().map { s, one in
            LegendEntry(marker: legendMarker(s, one.style, unicode: style.unicode),
                        code: style.colour ? colourCode(s) : nil, label: one.label)
        }, width: width, unicode: style.unicode)
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

        // Draw every series into the canvas, in order; later series win shared cells,
        // but point markers replace whole cells, so no later line can hide them.
        var canvas = Canvas(cols: cols, rows: rows, subX: sub.x, subY: sub.y)
        // Curves after the first get a marker every few columns, as their legend
        // shows, in colour as well (text that names the markers stays true).
        let markCurves = style.unicode
        var numbered: [(series: Int, step: Int, dot: (Int, Int))] = []
        for (s, one) in series.enumerated() {
            let marker = pointMarker(s, unicode: style.unicode)
            var previous: (Int, Int)?, lastMarked: (Int, Int)?
            for (i, p) in one.points.enumerated() {
                guard p.x.isFinite, p.y.isFinite else { previous = nil; continue }
                let dot = (dotX(p.x), dotY(p.y))
                switch one.style {
                case .line:
                    canvas.line(from: previous ?? dot, to: dot, series: s)
                    let column = dot.0 / sub.x
                    if markCurves, s > 0, lastMarked.map({ column - $0.0 >= 8 }) ?? true {
                        canvas.mark(dot, unicodeMarkers[s % unicodeMarkers.count], series: s)
                        lastMarked = (column, dot.1 / sub.y)
                    }
                case .points:
                    canvas.mark(dot, marker, series: s)
                case .numberedPoints:
                    canvas.mark(dot, marker, series: s)
                    numbered.append((s, i, dot))
                case .linePoints:
                    canvas.line(from: previous ?? dot, to: dot, series: s)
                    // A marker on every point of a long series would merge into a bar;
                    // keep at least one blank cell between this series' markers.
                    let cell = (dot.0 / sub.x, dot.1 / sub.y)
                    if lastMarked.map({ max(abs($0.0 - cell.0), abs($0.1 - cell.1)) >= 2 }) ?? true {
                        canvas.mark(dot, marker, series: s)
                        lastMarked = cell
                    }
                }
                previous = dot
            }
        }
        // Step numbers go last, into blank cells only, so they never cover the data.
        var numberedCells = Set<Int>()
        for n in numbered {
            guard let cell = canvas.cell(n.dot.0, n.dot.1), numberedCells.insert(cell).inserted else { continue }
            canvas.label(String(n.step), besideCell: cell, series: n.series)
        }

        // Assemble: title, rows with y labels, x-axis, x labels, legend.
        let (vertical, horizontal, corner, cross) = LineChart.axisGlyphs(unicode: style.unicode)
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

        /// Replaces the cell holding `dot` with `char`; with a series, the cell takes
        /// that series' colour too.
        mutating func mark(_ dot: (Int, Int), _ char: Character, series: Int? = nil) {
            guard let c = cell(dot.0, dot.1) else { return }
            marker[c] = char
            if let series { owner[c] = series }
        }

        func isBlank(_ c: Int) -> Bool { dots[c] == 0 && marker[c] == nil }

        /// Writes `text` just right of cell `c` (or else just left of it) when those
        /// cells and one more beyond them are blank or past the edge; otherwise
        /// writes nothing. The gap keeps "●1" from running into a neighbour "●2".
        mutating func label(_ text: String, besideCell c: Int, series: Int) {
            let chars = Array(text), row = c / cols, col = c % cols
            for start in [col + 1, col - chars.count] {
                let span = (start - 1)...(start + chars.count)
                let free = span.allSatisfy { k in
                    k == col || k < 0 || k >= cols || isBlank(row * cols + k)
                }
                guard start >= 0, start + chars.count <= cols, free else { continue }
                for (k, ch) in chars.enumerated() {
                    marker[row * cols + start + k] = ch
                    owner[row * cols + start + k] = series
                }
                return
            }
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
}
