import Foundation

/// The same charts as `LineChart` and `BoundaryChart`, as standalone SVG 1.1
/// documents: save the string to a `.svg` file and open it in any browser.
///
/// SVG is XML describing shapes in a coordinate system. `viewBox="0 0 W H"` sets
/// that system: x grows to the right, y grows *down*, so a data value y is drawn at
/// `top + (yMax − y) / (yMax − yMin) × plotHeight`. Each series is a group
/// `<g class="series-N">` whose `<title>` (shown as a tooltip) holds its label.
/// All text from the user is escaped, so a label like `a<b & c` stays text.
public enum SVGChart {
    /// Series colours (strokes and point fills), cycling.
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
    /// Light region fills for decision boundaries: the same hues, washed out, so the
    /// dark points stay visible on top.
    static let lightPalette = ["#c6dbef", "#fdd0a2", "#c7e9c0", "#fcbba1", "#dadaeb", "#e7d4cf", "#fbd5ec", "#c4eef3"]

    /// A line chart of `series` over `xRange`, with the y range chosen as in
    /// `LineChart.render`. `.line` series are `<polyline>`s (a non-finite point
    /// starts a new one); `.points` and `.numberedPoints` are `<circle>`s;
    /// `.linePoints` are both. Sizes below 160×120 are raised to that.
    public static func lines(_ series: [ChartSeries], xRange: ClosedRange<Double>, title: String? = nil,
                             width: Int = 640, height: Int = 400) -> String {
        let (w, h) = (Double(max(width, 160)), Double(max(height, 120)))
        let x0 = xRange.lowerBound, x1 = xRange.upperBound
        guard !series.isEmpty else { return note("(nothing to plot: no series given)", title: title, w, h) }
        guard (x1 - x0).isFinite, x0 < x1 else {
            return note("(nothing to plot: the range from \(LineChart.format(x0)) to \(LineChart.format(x1)) is empty)", title: title, w, h)
        }
        let ys = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite && xRange.contains($0.x) }.map(\.y)
        guard let yMin = ys.min(), let yMax = ys.max() else { return note("(nothing to plot: no finite points)", title: title, w, h) }
        let (y0, y1) = LineChart.paddedRange(yMin, yMax)
        guard (y1 - y0).isFinite, y1 > y0 else { return note("(nothing to plot: the y values are too large)", title: title, w, h) }

        let legend: [Swatch] = series.enumerated().map { s, one in
            (one.style == .line ? .line(palette[s % palette.count]) : .dot(palette[s % palette.count]), one.label)
        }
        let frame = Frame(width: w, height: h, x: x0...x1, y: y0...y1, titled: title != nil, legend: legend)
        var body = frame.axes()
        body.append("<g clip-path=\"url(#plot-area)\">")
        for (s, one) in series.enumerated() {
            let colour = palette[s % palette.count]
            body.append("<g class=\"series-\(s)\"><title>\(escape(one.label))</title>")
            if one.style == .line || one.style == .linePoints {
                for run in finiteRuns(one.points) where run.count >= 2 {
                    let coords = run.map { "\(num(frame.px($0.x))),\(num(frame.py($0.y)))" }.joined(separator: " ")
                    body.append("<polyline points=\"\(coords)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"/>")
                }
            }
            if one.style != .line {
                var numbered: [(Double, Double)] = []
                for (i, p) in one.points.enumerated() where p.x.isFinite && p.y.isFinite && xRange.contains(p.x) {
                    let (cx, cy) = (frame.px(p.x), frame.py(p.y))
                    body.append("<circle cx=\"\(num(cx))\" cy=\"\(num(cy))\" r=\"4\" fill=\"\(colour)\"/>")
                    // Number a step only if no numbered step is within 14 px: the
                    // last steps of a converging descent would otherwise pile up.
                    guard one.style == .numberedPoints, numbered.allSatisfy({ hypot($0.0 - cx, $0.1 - cy) >= 14 }) else { continue }
                    numbered.append((cx, cy))
                    body.append("<text x=\"\(num(cx + 6))\" y=\"\(num(cy - 6))\" font-size=\"10\" fill=\"\(colour)\">\(i)</text>")
                }
            }
            body.append("</g>")
        }
        body.append("</g>")
        return document(w, h, title: title, body: body + frame.legend())
    }

    /// Decision regions of `classify` over `xRange` × `yRange`, as in
    /// `BoundaryChart.render`: the plot is cut into `resolution` columns (and as
    /// many rows as keep cells square), each cell filled with the light colour of
    /// the class predicted at its centre. Neighbouring cells of one class in a row
    /// are merged into one `<rect class="region-K">`, which keeps the file small
    /// and avoids hairline seams. `points` are circles in their class's dark colour.
    public static func boundary(classify: (Double, Double) -> Int, classes: Int,
                                points: [(x: Double, y: Double, label: Int)],
                                xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, title: String? = nil,
                                width: Int = 640, height: Int = 400, resolution: Int = 80) -> String {
        let (w, h) = (Double(max(width, 160)), Double(max(height, 120)))
        let (x0, x1, y0, y1) = (xRange.lowerBound, xRange.upperBound, yRange.lowerBound, yRange.upperBound)
        guard classes >= 1 else { return note("(nothing to plot: a classifier needs at least one class)", title: title, w, h) }
        guard (x1 - x0).isFinite, x0 < x1, (y1 - y0).isFinite, y0 < y1 else {
            return note("(nothing to plot: an empty range)", title: title, w, h)
        }
        let legend: [Swatch] = (0..<classes).map { (.box(light($0)), "region \($0)") }
            + (0..<classes).map { (.dot(dark($0)), "class \($0)") }
        let frame = Frame(width: w, height: h, x: x0...x1, y: y0...y1, titled: title != nil, legend: legend)
        let cols = min(max(resolution, 1), 1000)
        let rows = min(max(Int((Double(cols) * frame.plotH / frame.plotW).rounded()), 1), 1000)
        let (cw, ch) = (frame.plotW / Double(cols), frame.plotH / Double(rows))

        var body = ["<g class=\"regions\" shape-rendering=\"crispEdges\">"]
        for r in 0..<rows {
            let y = y1 - (Double(r) + 0.5) / Double(rows) * (y1 - y0)
            let predicted = (0..<cols).map { c in classify(x0 + (Double(c) + 0.5) / Double(cols) * (x1 - x0), y) }
            var start = 0
            for c in 1...cols where c == cols || predicted[c] != predicted[start] {
                let k = predicted[start]
                body.append("<rect class=\"region-\(k)\" x=\"\(num(frame.left + Double(start) * cw))\" y=\"\(num(frame.top + Double(r) * ch))\" "
                    + "width=\"\(num(Double(c - start) * cw))\" height=\"\(num(ch))\" fill=\"\(light(k))\"/>")
                start = c
            }
        }
        body.append("</g>")
        body += frame.axes()
        body.append("<g class=\"points\">")
        for p in points where p.x.isFinite && p.y.isFinite && xRange.contains(p.x) && yRange.contains(p.y) {
            body.append("<circle class=\"class-\(p.label)\" cx=\"\(num(frame.px(p.x)))\" cy=\"\(num(frame.py(p.y)))\" r=\"4\" "
                + "fill=\"\(dark(p.label))\" stroke=\"white\" stroke-width=\"1\"/>")
        }
        body.append("</g>")
        return document(w, h, title: title, body: body + frame.legend())
    }

    // MARK: - Layout

    /// What a legend entry shows before its label.
    enum SwatchShape { case line(String), dot(String), box(String) }
    typealias Swatch = (shape: SwatchShape, label: String)

    /// Margins, the plot rectangle, and the mapping from data to pixels. The legend
    /// flows left to right under the x labels, wrapping like words; its height is
    /// taken off the plot.
    struct Frame {
        let width: Double, height: Double, x: ClosedRange<Double>, y: ClosedRange<Double>
        let left = 64.0, right = 20.0, top: Double, plotW: Double, plotH: Double
        let legendItems: [(swatch: Swatch, x: Double, row: Int)]

        init(width: Double, height: Double, x: ClosedRange<Double>, y: ClosedRange<Double>, titled: Bool, legend: [Swatch]) {
            (self.width, self.height, self.x, self.y) = (width, height, x, y)
            top = titled ? 40 : 16
            var items: [(swatch: Swatch, x: Double, row: Int)] = [], at = left, row = 0
            for swatch in legend {
                // About 7 px per character of 12 px sans-serif, plus the swatch and a gap.
                let itemWidth = 24 + 7 * Double(LineChart.displayWidth(swatch.label)) + 16
                if at > left, at + itemWidth > width - right { at = left; row += 1 }
                items.append((swatch, at, row))
                at += itemWidth
            }
            legendItems = items
            let legendRows = Double(items.last.map { $0.row + 1 } ?? 0)
            plotW = max(width - left - right, 1)
            plotH = max(height - top - 44 - 20 * legendRows, 1)   // 44: tick labels and a gap
        }

        func px(_ v: Double) -> Double { clamp(left + (v - x.lowerBound) / (x.upperBound - x.lowerBound) * plotW) }
        func py(_ v: Double) -> Double { clamp(top + (y.upperBound - v) / (y.upperBound - y.lowerBound) * plotH) }
        /// Keeps far-off points finite and printable; the clip path hides them anyway.
        func clamp(_ v: Double) -> Double { v.isNaN ? 0 : min(max(v, -1e6), 1e6) }

        /// The clip path, light grid lines, the axes, and tick labels (ticks as in the terminal charts).
        func axes() -> [String] {
            let bottom = top + plotH
            var out = ["<defs><clipPath id=\"plot-area\"><rect x=\"\(num(left))\" y=\"\(num(top))\" width=\"\(num(plotW))\" height=\"\(num(plotH))\"/></clipPath></defs>"]
            out.append("<g class=\"axes\" stroke=\"#888\" stroke-width=\"1\">")
            for t in LineChart.niceTicks(y.lowerBound, y.upperBound, cellsPerSpan: plotH / 40) {
                out.append("<line x1=\"\(num(left - 4))\" y1=\"\(num(py(t)))\" x2=\"\(num(left + plotW))\" y2=\"\(num(py(t)))\" stroke=\"#ddd\"/>")
                out.append("<text x=\"\(num(left - 8))\" y=\"\(num(py(t) + 4))\" text-anchor=\"end\" stroke=\"none\" fill=\"#333\">\(LineChart.format(t))</text>")
            }
            for t in LineChart.niceTicks(x.lowerBound, x.upperBound, cellsPerSpan: plotW / 60) {
                out.append("<line x1=\"\(num(px(t)))\" y1=\"\(num(bottom))\" x2=\"\(num(px(t)))\" y2=\"\(num(bottom + 4))\"/>")
                out.append("<text x=\"\(num(px(t)))\" y=\"\(num(bottom + 18))\" text-anchor=\"middle\" stroke=\"none\" fill=\"#333\">\(LineChart.format(t))</text>")
            }
            out.append("<line x1=\"\(num(left))\" y1=\"\(num(top))\" x2=\"\(num(left))\" y2=\"\(num(bottom))\"/>")
            out.append("<line x1=\"\(num(left))\" y1=\"\(num(bottom))\" x2=\"\(num(left + plotW))\" y2=\"\(num(bottom))\"/>")
            out.append("</g>")
            return out
        }

        func legend() -> [String] {
            var out = ["<g class=\"legend\">"]
            for item in legendItems {
                let y = top + plotH + 40 + 20 * Double(item.row), x = item.x
                switch item.swatch.shape {
                case .line(let c): out.append("<line x1=\"\(num(x))\" y1=\"\(num(y - 4))\" x2=\"\(num(x + 18))\" y2=\"\(num(y - 4))\" stroke=\"\(c)\" stroke-width=\"2\"/>")
                case .dot(let c): out.append("<circle class=\"legend-swatch\" cx=\"\(num(x + 9))\" cy=\"\(num(y - 4))\" r=\"4\" fill=\"\(c)\"/>")
                case .box(let c): out.append("<rect class=\"legend-swatch\" x=\"\(num(x + 2))\" y=\"\(num(y - 11))\" width=\"14\" height=\"14\" fill=\"\(c)\" stroke=\"#999\"/>")
                }
                out.append("<text x=\"\(num(x + 24))\" y=\"\(num(y))\">\(escape(item.swatch.label))</text>")
            }
            return out + ["</g>"]
        }
    }

    // MARK: - Text

    /// The XML prologue, the `<svg>` root with its namespace and viewBox, a white
    /// background, the title (as `<title>` for tools and as visible text), and `body`.
    public static func document(_ w: Double, _ h: Double, title: String?, body: [String]) -> String {
        var out = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(num(w))\" height=\"\(num(h))\" "
                   + "viewBox=\"0 0 \(num(w)) \(num(h))\" font-family=\"sans-serif\" font-size=\"12\">"]
        if let title {
            out.append("<title>\(escape(title))</title>")
        }
        out.append("<rect class=\"background\" width=\"100%\" height=\"100%\" fill=\"white\"/>")
        if let title {
            out.append("<text x=\"\(num(w / 2))\" y=\"26\" text-anchor=\"middle\" font-size=\"16\">\(escape(title))</text>")
        }
        return (out + body + ["</svg>"]).joined(separator: "\n") + "\n"
    }

    /// A document holding only a message, for inputs with nothing to draw.
    static func note(_ text: String, title: String?, _ w: Double, _ h: Double) -> String {
        document(w, h, title: title, body: ["<text x=\"\(num(w / 2))\" y=\"\(num(h / 2))\" text-anchor=\"middle\">\(escape(text))</text>"])
    }

    /// Escapes the five characters XML gives meaning to, and drops characters XML
    /// 1.0 cannot hold at all (control characters, U+FFFE, U+FFFF).
    public static func escape(_ s: String) -> String {
        var out = ""
        for scalar in LineChart.clean(s).unicodeScalars where scalar.value != 0xFFFE && scalar.value != 0xFFFF {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A coordinate with at most two decimals and no trailing zeros ("12", "3.5").
    public static func num(_ v: Double) -> String {
        var s = String(format: "%.2f", v.isFinite ? v : 0)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }

    /// Splits points into runs of consecutive finite points: the pieces of a line.
    static func finiteRuns(_ points: [(x: Double, y: Double)]) -> [[(x: Double, y: Double)]] {
        var runs: [[(x: Double, y: Double)]] = [[]]
        for p in points {
            if p.x.isFinite && p.y.isFinite { runs[runs.count - 1].append(p) } else if !(runs.last?.isEmpty ?? true) { runs.append([]) }
        }
        return runs.filter { !$0.isEmpty }
    }

    static func light(_ k: Int) -> String { lightPalette[BoundaryChart.slot(k, lightPalette.count)] }
    static func dark(_ k: Int) -> String { palette[BoundaryChart.slot(k, palette.count)] }
}
