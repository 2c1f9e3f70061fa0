import NNBookRender
import NNBookLanguage

/// A GFM table as a box fitted to the terminal:
///
/// ```
/// ┌─────────┬───────┐        +---------+-------+
/// │ section │ value │        | section | value |
/// ├─────────┼───────┤        +---------+-------+
/// │ 4.1.1   │  0.88 │        | 4.1.1   |  0.88 |
/// └─────────┴───────┘        +---------+-------+
/// ```
///
/// Columns are as wide as their widest cell when that fits. When it does
/// not, the widest columns shrink first (see `fit`) and cell text wraps
/// inside its column; rows are then separated by rules so wrapped rows
/// stay readable.
/// Alignment follows the `:---:` row; widths are display widths, so Chinese
/// cells line up. When even three columns' worth of room per column is not
/// there, each row is drawn as `header: value` lines instead. No line is
/// ever wider than `width`.
struct TableLayout {
    let drawing: Drawing

    /// Box pieces: corners and joints for the top, middle and bottom rules.
    private struct Box {
        let horizontal, vertical: String
        let top, middle, bottom: (left: String, joint: String, right: String)
    }

    private var box: Box {
        drawing.unicode
            ? Box(horizontal: "─", vertical: "│", top: ("┌", "┬", "┐"), middle: ("├", "┼", "┤"), bottom: ("└", "┴", "┘"))
            : Box(horizontal: "-", vertical: "|", top: ("+", "+", "+"), middle: ("+", "+", "+"), bottom: ("+", "+", "+"))
    }

    func render(_ table: MarkdownTable, width: Int) -> [String] {
        let columns = max(table.alignments.count, ([table.header] + table.rows).map(\.count).max() ?? 0)
        guard columns > 0 else { return [] }
        // Every row one cell per column, whatever the table was built with.
        func padded<T>(_ row: [T], _ empty: T) -> [T] { row + Array(repeating: empty, count: columns - row.count) }
        let alignments = padded(table.alignments, .none)
        let header = padded(table.header.map { cellRuns($0, base: .bold) }, [])
        let rows = table.rows.map { padded($0.map { cellRuns($0, base: []) }, []) }
        let natural = (0..<columns).map { c in ([header] + rows).map { displayWidth(of: $0[c]) }.max() ?? 0 }
        let longestWords = (0..<columns).map { c in ([header] + rows).map { TextWrapper.longestWord($0[c]) }.max() ?? 0 }
        let room = width - (3 * columns + 1)
        guard let widths = Self.fit(natural, minimum: longestWords, into: room) else {
            return records(header: header, rows: rows, width: width)
        }
        var out = [rule(box.top, widths)]
        out += row(header, widths, alignments)
        out.append(rule(box.middle, widths))
        let bodies = rows.map { row($0, widths, alignments) }
        let separate = bodies.contains { $0.count > 1 }
        for (i, body) in bodies.enumerated() {
            if separate && i > 0 { out.append(rule(box.middle, widths)) }
            out += body
        }
        out.append(rule(box.bottom, widths))
        return out
    }

    /// Column widths that fit `room`. The natural widths when they fit.
    /// Otherwise every column starts at its longest word (so no word or
    /// number is cut) and at least 3, and all are raised together up to one
    /// common cap, the largest that fits — the widest columns end up shrunk
    /// the most; spare columns go out left to right. When even the longest
    /// words do not fit, they are cut (each column still gets 3, or all of
    /// its text if shorter). Nil when not even that fits.
    static func fit(_ natural: [Int], minimum: [Int], into room: Int) -> [Int]? {
        let natural = natural.map { max(1, $0) }
        if natural.reduce(0, +) <= room { return natural }
        var base = zip(natural, minimum).map { min($0, max($1, 3)) }
        if base.reduce(0, +) > room {
            base = natural.map { min($0, 3) }
            guard base.reduce(0, +) <= room else { return nil }
        }
        func widths(_ cap: Int) -> [Int] { zip(base, natural).map { max($0, min($1, cap)) } }
        var cap = natural.max() ?? 1
        while cap > 1 && widths(cap).reduce(0, +) > room { cap -= 1 }
        var result = widths(cap)
        var spare = room - result.reduce(0, +)
        for i in result.indices where spare > 0 && result[i] < natural[i] {
            result[i] += 1
            spare -= 1
        }
        return result
    }

    /// A cell's text as one line of runs (hard breaks become spaces).
    private func cellRuns(_ inlines: [MarkdownInline], base: TerminalStyle) -> [StyledRun] {
        InlineStyler.lines(inlines, base: base).joined(separator: [StyledRun(text: " ", style: base)]).map { $0 }
    }

    private func displayWidth(of runs: [StyledRun]) -> Int {
        runs.reduce(0) { $0 + TextWidth.of($1.text.terminalSafe) }
    }

    private func rule(_ ends: (left: String, joint: String, right: String), _ widths: [Int]) -> String {
        let text = ends.left + widths.map { String(repeating: box.horizontal, count: $0 + 2) }.joined(separator: ends.joint) + ends.right
        return TerminalStyle.dim.paint(text, colour: drawing.colour)
    }

    /// One table row: each cell wrapped in its column, padded to the row's height.
    private func row(_ cells: [[StyledRun]], _ widths: [Int], _ alignments: [MarkdownTable.Alignment]) -> [String] {
        let wrapped = cells.enumerated().map { c, runs in
            runs.isEmpty ? [StyledLine()] : TextWrapper.wrap(runs, width: widths[c])
        }
        let height = wrapped.map(\.count).max() ?? 1
        let bar = TerminalStyle.dim.paint(box.vertical, colour: drawing.colour)
        return (0..<height).map { k in
            let parts = wrapped.enumerated().map { c, lines -> String in
                let line = k < lines.count ? lines[k] : StyledLine()
                return " " + aligned(line, in: widths[c], alignments[c]) + " "
            }
            return bar + parts.joined(separator: bar) + bar
        }
    }

    private func aligned(_ line: StyledLine, in width: Int, _ alignment: MarkdownTable.Alignment) -> String {
        let spare = max(0, width - line.width)
        let (left, right): (Int, Int)
        switch alignment {
        case .none, .left: (left, right) = (0, spare)
        case .right: (left, right) = (spare, 0)
        case .center: (left, right) = (spare / 2, spare - spare / 2)
        }
        return String(repeating: " ", count: left) + line.rendered(colour: drawing.colour) + String(repeating: " ", count: right)
    }

    /// The narrow fallback: each row as `header: value` lines, rows apart.
    private func records(header: [[StyledRun]], rows: [[[StyledRun]]], width: Int) -> [String] {
        var out: [String] = []
        for (r, row) in rows.enumerated() {
            if r > 0 { out.append(TerminalStyle.dim.paint(String(repeating: box.horizontal, count: min(width, 20)), colour: drawing.colour)) }
            for (c, cell) in row.enumerated() {
                let name = c < header.count ? header[c] : []
                let runs = name + [StyledRun(text: ": ", style: .bold)] + cell
                out += TextWrapper.wrap(runs, width: width).map { $0.rendered(colour: drawing.colour) }
            }
        }
        return out
    }
}
