/// Plain-text tables whose columns line up even with Chinese text.
public enum Table {
    public static func render(header: [String], rows: [[String]], rightAligned: Set<Int> = [], unicode: Bool = true) -> String {
        var widths = header.map { TextWidth.of($0) }
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], TextWidth.of(c)) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                rightAligned.contains(i) ? TextWidth.leftPadded(c, to: widths[i]) : TextWidth.padded(c, to: widths[i])
            }.joined(separator: "   ").trimmingTrailingSpace()
        }
        let total = widths.reduce(0, +) + 3 * (widths.count - 1)
        let heavy = String(repeating: unicode ? "━" : "=", count: total)
        let light = String(repeating: unicode ? "─" : "-", count: total)
        return ([heavy, line(header), light] + rows.map(line) + [heavy]).joined(separator: "\n")
    }
}
