extension TerminalFrame {
    /// The frame as an SVG picture (the playground's `s`): white paper, each
    /// background as a rectangle (runs of one colour in a row merged), each
    /// run of one style as a `<text>` in a monospace font, cells 8.4 × 17 px.
    /// Colours are xterm's 256 (`xtermColour`); the terminal's own ground is
    /// white and its own ink black.
    public func svg(title: String? = nil) -> String {
        let cw = 8.4, ch = 17.0
        var body: [String] = []
        for (r, row) in cells.enumerated() {
            var c = 0
            while c < row.count {
                guard let bg = row[c].style.background else { c += 1; continue }
                var end = c + 1
                while end < row.count, row[end].style.background == bg { end += 1 }
                body.append("<rect x=\"\(SVGChart.num(Double(c) * cw))\" y=\"\(SVGChart.num(Double(r) * ch))\" width=\"\(SVGChart.num(Double(end - c) * cw))\" height=\"\(SVGChart.num(ch))\" fill=\"\(Self.xtermColour(bg))\"/>")
                c = end
            }
            c = 0
            while c < row.count {
                let style = row[c].style
                var end = c + 1
                while end < row.count, row[end].style.foreground == style.foreground, row[end].style.bold == style.bold { end += 1 }
                let text = String(row[c..<end].map(\.character))
                if !text.allSatisfy({ $0 == " " }) {
                    let fill = style.foreground.map(Self.xtermColour) ?? "#000000"
                    body.append("<text x=\"\(SVGChart.num(Double(c) * cw))\" y=\"\(SVGChart.num(Double(r) * ch + 13))\" fill=\"\(fill)\"\(style.bold ? " font-weight=\"bold\"" : "") textLength=\"\(SVGChart.num(Double(end - c) * cw))\" xml:space=\"preserve\">\(SVGChart.escape(text))</text>")
                }
                c = end
            }
        }
        let w = Double(width) * cw, h = Double(height) * ch
        var lines = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(SVGChart.num(w))\" height=\"\(SVGChart.num(h))\" viewBox=\"0 0 \(SVGChart.num(w)) \(SVGChart.num(h))\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"14\">"]
        if let title { lines.append("<title>\(SVGChart.escape(title))</title>") }
        lines.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>")
        lines += body
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// xterm's colour `n` as `#rrggbb`: 16 system colours, a 6×6×6 cube, 24 greys.
    static func xtermColour(_ n: UInt8) -> String {
        let system: [(Int, Int, Int)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        let levels = [0, 95, 135, 175, 215, 255]
        let rgb: (Int, Int, Int)
        switch Int(n) {
        case 0..<16: rgb = system[Int(n)]
        case 16..<232:
            let k = Int(n) - 16
            rgb = (levels[k / 36], levels[k / 6 % 6], levels[k % 6])
        default:
            let g = 8 + 10 * (Int(n) - 232)
            rgb = (g, g, g)
        }
        return "#" + [rgb.0, rgb.1, rgb.2].map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(width - count, 0)) + self }
}
