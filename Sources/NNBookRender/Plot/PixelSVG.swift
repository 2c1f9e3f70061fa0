import Foundation

/// `PixelChart`'s pictures as SVG: every pixel a `<rect>`, images dark ink on
/// white paper (as a printed page or Matplotlib's `gray_r`), signed numbers
/// on a diverging scale from blue (negative) through white (0) to red
/// (positive), as Matplotlib's `RdBu` does. The shade is exact here, not
/// rounded to five steps.
extension SVGChart {
    /// Red and blue at full strength, for `+limit` and `-limit`.
    static let positiveRGB = (178.0, 24.0, 43.0), negativeRGB = (33.0, 102.0, 172.0)

    /// The grids side by side (wrapping at `width`), each titled above, the
    /// `caption` lines under them and the shading's scale at the bottom.
    public static func pixels(_ grids: [PixelGrid], shading: PixelShading, title: String? = nil, caption: [String] = [],
                              width: Int = 720, format: (Double) -> String) -> String {
        let w = Double(max(width, 200))
        let side = grids.map { max($0.rows, $0.columns) }.max() ?? 1
        let cell = min(24, max(3, (240 / Double(max(side, 1))).rounded(.down)))
        let gap = 12.0, titled = grids.contains { $0.title != nil }
        var body: [String] = [], x = 16.0, y = title == nil ? 16.0 : 44.0, rowHeight = 0.0
        for (i, grid) in grids.enumerated() {
            let (gw, gh) = (Double(grid.columns) * cell, Double(grid.rows) * cell + (titled ? 18 : 0))
            if x > 16, x + gw > w - 16 { x = 16; y += rowHeight + gap; rowHeight = 0 }
            body.append("<g class=\"grid-\(i)\" shape-rendering=\"crispEdges\">")
            if let t = grid.title { body.append("<text x=\"\(num(x))\" y=\"\(num(y + 12))\">\(escape(t))</text>") }
            let top = y + (titled ? 18 : 0)
            for r in 0..<grid.rows {
                for c in 0..<grid.columns {
                    body.append("<rect class=\"pixel\" x=\"\(num(x + Double(c) * cell))\" y=\"\(num(top + Double(r) * cell))\" width=\"\(num(cell))\" "
                        + "height=\"\(num(cell))\" fill=\"\(fill(grid.value(r, c), shading))\"/>")
                }
            }
            body.append("<rect x=\"\(num(x))\" y=\"\(num(top))\" width=\"\(num(gw))\" height=\"\(num(Double(grid.rows) * cell))\" fill=\"none\" stroke=\"#999\"/>")
            body.append("</g>")
            x += gw + gap
            rowHeight = max(rowHeight, gh)
        }
        y += rowHeight + 24
        for line in caption {
            body.append("<text x=\"16\" y=\"\(num(y))\">\(escape(line))</text>")
            y += 18
        }
        body += scaleBar(shading, y: y, format: format)
        return document(w, y + 34, title: title, body: body)
    }

    /// A row of swatches from the lowest shade to the highest, the ends labelled.
    static func scaleBar(_ shading: PixelShading, y: Double, format: (Double) -> String) -> [String] {
        let (lo, hi): (Double, Double)
        switch shading {
        case .grey(let r): (lo, hi) = (r.lowerBound, r.upperBound)
        case .signed(let limit): (lo, hi) = (-limit, limit)
        }
        let steps = 16, swatch = 12.0
        let labelWidth = 7 * Double(LineChart.displayWidth(format(lo))) + 8
        var out = ["<g class=\"scale\">", "<text x=\"16\" y=\"\(num(y + 10))\">\(escape(format(lo)))</text>"]
        for i in 0...steps {
            let v = lo + (hi - lo) * Double(i) / Double(steps)
            out.append("<rect x=\"\(num(16 + labelWidth + Double(i) * swatch))\" y=\"\(num(y))\" width=\"\(num(swatch))\" height=\"12\" fill=\"\(fill(v, shading))\"/>")
        }
        let end = 16 + labelWidth + Double(steps + 1) * swatch
        out.append("<rect x=\"\(num(16 + labelWidth))\" y=\"\(num(y))\" width=\"\(num(end - 16 - labelWidth))\" height=\"12\" fill=\"none\" stroke=\"#999\"/>")
        out.append("<text x=\"\(num(end + 8))\" y=\"\(num(y + 10))\">\(escape(format(hi)))</text>")
        return out + ["</g>"]
    }

    /// A pixel's colour as `#rrggbb`; NaN and infinities are white.
    static func fill(_ v: Double, _ shading: PixelShading) -> String {
        guard v.isFinite else { return "#ffffff" }
        switch shading {
        case .grey(let r):
            let f = r.upperBound > r.lowerBound ? min(max((v - r.lowerBound) / (r.upperBound - r.lowerBound), 0), 1) : 0
            return hex(255 * (1 - f), 255 * (1 - f), 255 * (1 - f))
        case .signed(let limit):
            let f = limit > 0 ? min(max(v / limit, -1), 1) : 0
            let (r, g, b) = f >= 0 ? positiveRGB : negativeRGB
            let t = abs(f)
            return hex(255 + (r - 255) * t, 255 + (g - 255) * t, 255 + (b - 255) * t)
        }
    }

    static func hex(_ r: Double, _ g: Double, _ b: Double) -> String {
        "#" + [r, g, b].map { c in
            let s = String(Int(min(max(c.rounded(), 0), 255)), radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined()
    }
}
