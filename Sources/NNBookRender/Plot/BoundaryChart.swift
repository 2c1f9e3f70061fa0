import Foundation

/// Decision regions of a classifier, drawn the way TensorFlow Playground draws them,
/// but in a terminal.
///
/// A classifier splits the plane into *regions*: the sets of points it assigns to
/// each class. The line between two regions is the *decision boundary*. We cannot
/// ask the model about every point of the plane, so we ask it once per character
/// cell — at the cell's centre — and shade the whole cell by the answer. With a
/// 60×16 plot that is 960 questions, enough to see whether the boundary is a
/// straight line (a single neuron) or a curve (a network with a hidden layer).
///
/// The training points are drawn on top, one marker per class. A point whose marker
/// sits in a region of another class is one the model gets wrong.
public enum BoundaryChart {
    /// Region shading per class, cycling after four classes.
    static let unicodeRegions: [Character] = ["░", "▒", "▓", " "]
    static let asciiRegions: [Character] = [".", ":", "-", " "]
    /// Point markers per class, cycling after four classes.
    static let unicodeMarkers: [Character] = ["●", "○", "▲", "■"]
    static let asciiMarkers: [Character] = ["o", "x", "+", "#"]
    /// ANSI background colours per class with `colour` on: blue, orange (yellow in
    /// most terminal palettes), green, magenta, cyan, red.
    static let backgrounds = [44, 43, 42, 45, 46, 41]
    /// Point markers on a coloured background: bold bright white reads on all of them.
    static let markerForeground = "1;97"

    /// Renders the regions of `classify` over `xRange` × `yRange`, with `points`
    /// drawn over them, and returns the lines (without newlines). Every line has
    /// display width ≤ `style.width`; `style.height` counts every line.
    ///
    /// - `classify(x, y)` returns the predicted class, 0..<classes. Other values are
    ///   drawn too (the patterns cycle), but the legend lists only 0..<classes.
    /// - Points outside the ranges, or not finite, are skipped. When several points
    ///   share a cell, the cell shows the class most of them have (the lowest class
    ///   on a tie).
    /// - When there is nothing to draw — no classes, an empty range, too little
    ///   room — the result is a single line in parentheses saying why.
    public static func render(classify: (Double, Double) -> Int, classes: Int,
                              points: [(x: Double, y: Double, label: Int)],
                              xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
                              title: String? = nil, style: ChartStyle) -> [String] {
        let width = max(1, style.width)
        func note(_ text: String) -> [String] { [LineChart.fit(text, width, unicode: style.unicode)] }
        let (x0, x1, y0, y1) = (xRange.lowerBound, xRange.upperBound, yRange.lowerBound, yRange.upperBound)
        guard classes >= 1 else { return note("(nothing to plot: a classifier needs at least one class)") }
        for (name, lo, hi) in [("x", x0, x1), ("y", y0, y1)] where !((hi - lo).isFinite && lo < hi) {
            return note("(nothing to plot: the \(name) range from \(LineChart.format(lo)) to \(LineChart.format(hi)) is empty)")
        }

        let titleLines = title.map { [LineChart.centre(LineChart.fit(LineChart.clean($0), width, unicode: style.unicode), width)] } ?? []
        let legend = LineChart.legendLines(legendEntries(classes, style: style), width: width, unicode: style.unicode)
        let rows = style.height - titleLines.count - 2 - legend.count   // 2 = x-axis + x labels
        guard rows >= 2 else { return note("(chart too small: height \(style.height) leaves no room to plot)") }

        // y tick labels sit on the row whose cell contains the tick value.
        func rowOf(_ y: Double) -> Int { index((y1 - y) / (y1 - y0), count: rows) }
        var tickLabelAtRow: [Int: String] = [:]
        for t in LineChart.niceTicks(y0, y1, cellsPerSpan: Double(rows)) where tickLabelAtRow[rowOf(t)] == nil {
            tickLabelAtRow[rowOf(t)] = LineChart.format(t)
        }
        let labelWidth = tickLabelAtRow.values.map(\.count).max() ?? 1
        let cols = width - labelWidth - 2                                     // 2 = " │"
        guard cols >= 2 else { return note("(chart too small: width \(width) leaves no room to plot)") }
        func colOf(_ x: Double) -> Int { index((x - x0) / (x1 - x0), count: cols) }

        // Ask the model once per cell, at the cell's centre.
        var region: [Int] = []
        region.reserveCapacity(rows * cols)
        for r in 0..<rows {
            let y = y1 - (Double(r) + 0.5) / Double(rows) * (y1 - y0)
            for c in 0..<cols { region.append(classify(x0 + (Double(c) + 0.5) / Double(cols) * (x1 - x0), y)) }
        }
        let shown = majorityClass(points, xRange: xRange, yRange: yRange) { rowOf($0.y) * cols + colOf($0.x) }

        let (vertical, horizontal, corner, cross) = LineChart.axisGlyphs(unicode: style.unicode)
        var lines = titleLines
        for r in 0..<rows {
            let label = tickLabelAtRow[r] ?? ""
            let pad = String(repeating: " ", count: labelWidth - label.count)
            let cells = (0..<cols).map { c in (region: region[r * cols + c], point: shown[r * cols + c]) }
            lines.append(pad + label + " " + String(vertical) + renderRow(cells, style: style))
        }
        let (xLabels, tickCols) = LineChart.xLabelLine(x0, x1, width: width, plotStart: labelWidth + 2, col: colOf)
        var axis = Array(repeating: horizontal, count: cols)
        for c in tickCols where c >= 0 && c < cols { axis[c] = cross }
        lines.append(String(repeating: " ", count: labelWidth + 1) + String(corner) + String(axis))
        lines.append(xLabels)
        return (lines + legend).map { String($0.reversed().drop { $0 == " " }.reversed()) }
    }

    // MARK: - Pieces

    /// Which of `count` equal slices of 0…1 holds `fraction`; 1 itself falls in the
    /// last slice, and anything outside (or NaN) is clamped to the ends.
    static func index(_ fraction: Double, count: Int) -> Int {
        let v = (fraction * Double(count)).rounded(.down)
        guard v.isFinite else { return 0 }
        return Int(min(max(v, 0), Double(count - 1)))
    }

    /// Maps a class (any Int, even negative) to a slot of a cycling table.
    static func slot(_ k: Int, _ count: Int) -> Int { ((k % count) + count) % count }

    /// For every cell that holds at least one point, the class most of its points
    /// have; ties go to the lowest class so the picture does not depend on order.
    static func majorityClass(_ points: [(x: Double, y: Double, label: Int)],
                              xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
                              cell: ((x: Double, y: Double)) -> Int) -> [Int: Int] {
        var votes: [Int: [Int: Int]] = [:]
        for p in points where p.x.isFinite && p.y.isFinite && xRange.contains(p.x) && yRange.contains(p.y) {
            votes[cell((p.x, p.y)), default: [:]][p.label, default: 0] += 1
        }
        return votes.compactMapValues { tally in
            tally.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }?.key
        }
    }

    /// One plot row. Without colour each cell is a marker or its region's shade.
    /// With colour each cell is a space (or marker) on its region's background, and
    /// a new escape code is written only where the code changes.
    static func renderRow(_ cells: [(region: Int, point: Int?)], style: ChartStyle) -> String {
        var out = "", open: String?
        for cell in cells {
            let mark = cell.point.map { k in BoundaryChart.marker(k, unicode: style.unicode) }
            guard style.colour else {
                out.append(mark ?? regionChar(cell.region, unicode: style.unicode))
                continue
            }
            let background = backgrounds[slot(cell.region, backgrounds.count)]
            let code = "\u{1B}[\(background)" + (mark == nil ? "m" : ";\(markerForeground)m")
            if code != open {
                if open != nil { out += LineChart.reset }
                out += code
                open = code
            }
            out.append(mark ?? " ")
        }
        return open == nil ? out : out + LineChart.reset
    }

    static func regionChar(_ k: Int, unicode: Bool) -> Character {
        unicode ? unicodeRegions[slot(k, unicodeRegions.count)] : asciiRegions[slot(k, asciiRegions.count)]
    }

    static func marker(_ k: Int, unicode: Bool) -> Character {
        unicode ? unicodeMarkers[slot(k, unicodeMarkers.count)] : asciiMarkers[slot(k, asciiMarkers.count)]
    }

    /// "░ region 0  ▒ region 1  ● class 0  ○ class 1": what each shade and each
    /// marker means. With colour the region swatch is a coloured blank.
    static func legendEntries(_ classes: Int, style: ChartStyle) -> [LineChart.LegendEntry] {
        let regions = (0..<classes).map { k in
            style.colour
                ? LineChart.LegendEntry(marker: " ", code: "\u{1B}[\(backgrounds[slot(k, backgrounds.count)])m", label: "region \(k)")
                : LineChart.LegendEntry(marker: regionChar(k, unicode: style.unicode), code: nil, label: "region \(k)")
        }
        let markers = (0..<classes).map { k in
            LineChart.LegendEntry(marker: marker(k, unicode: style.unicode), code: nil, label: "class \(k)")
        }
        return regions + markers
    }
}
