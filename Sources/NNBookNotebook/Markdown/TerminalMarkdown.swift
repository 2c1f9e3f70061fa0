import NNBookRender
import NNBookLanguage

/// Markdown drawn for a terminal `width` columns wide, as lines of text.
///
/// - Prose is wrapped at spaces (never inside a word or number; Chinese
///   between characters); `code spans` keep every character, cyan, without
///   backticks; **strong** is bold, *emphasis* italic; links show their address.
/// - Headings keep their case: bold, level 1 underlined with `═`, level 2
///   with `─` (`=` and `-` without Unicode).
/// - Fenced code: the language dimmed above, lines indented and never
///   re-wrapped (cut with `…` only when wider than the terminal).
/// - Tables: aligned boxes fitted to the width (see `TableLayout`).
/// - Lists with `•` or numbers and a hanging indent; quotes behind a `│` bar.
///
/// Colour off gives exactly the same lines without escape codes. No line is
/// wider than `width` (taken as at least 10). Nothing is printed.
public enum TerminalMarkdown {
    /// The smallest width drawn for; narrower requests are drawn at this width.
    public static let minimumWidth = 10

    public static func render(_ markdown: String, width: Int, colour: Bool, unicode: Bool) -> [String] {
        render(MarkdownParser.parse(markdown), width: width, colour: colour, unicode: unicode)
    }

    /// Draws parsed blocks, one blank line between blocks.
    public static func render(_ blocks: [MarkdownBlock], width: Int, colour: Bool, unicode: Bool) -> [String] {
        let style = Drawing(colour: colour, unicode: unicode)
        return style.blocks(blocks, width: max(minimumWidth, width), tight: false)
    }

    /// A block's text without any decoration (for flattening).
    static func plainText(of block: MarkdownBlock) -> String {
        switch block {
        case .heading(_, let runs), .paragraph(let runs): return runs.plainText
        case .code(_, let text), .html(let text): return text
        case .list(_, _, _, let items): return items.flatMap { $0 }.map(plainText(of:)).joined(separator: " ")
        case .quote(let blocks): return blocks.map(plainText(of:)).joined(separator: " ")
        case .thematicBreak: return ""
        case .table(let t): return ([t.header] + t.rows).flatMap { $0 }.map(\.plainText).joined(separator: " ")
        }
    }
}

/// The drawing rules, with the terminal's colour and character set.
struct Drawing {
    let colour: Bool
    let unicode: Bool

    /// Blocks separated by a blank line (none inside a tight list item).
    func blocks(_ blocks: [MarkdownBlock], width: Int, tight: Bool) -> [String] {
        var out: [String] = []
        for block in blocks {
            let lines = self.block(block, width: width)
            if lines.isEmpty { continue }
            if !out.isEmpty && !tight { out.append("") }
            out += lines
        }
        return out
    }

    func block(_ block: MarkdownBlock, width: Int) -> [String] {
        switch block {
        case .heading(let level, let inlines): return heading(level, inlines, width: width)
        case .paragraph(let inlines): return prose(inlines, width: width)
        case .code(let info, let text): return code(info: info, text: text, width: width)
        case .list(let ordered, let start, let tight, let items):
            return list(ordered: ordered, start: start, tight: tight, items: items, width: width)
        case .quote(let blocks): return quote(blocks, width: width)
        case .thematicBreak: return [TerminalStyle.dim.paint(String(repeating: unicode ? "─" : "-", count: width), colour: colour)]
        case .table(let table): return TableLayout(drawing: self).render(table, width: width)
        case .html(let text):
            if block.isComment { return [] }
            return text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
                TextWrapper.wrap([StyledRun(text: String(line), style: [])], width: width).map { $0.rendered(colour: colour) }
            }
        }
    }

    /// Wrapped text; a hard break starts a new line.
    func prose(_ inlines: [MarkdownInline], width: Int, base: TerminalStyle = []) -> [String] {
        styledLines(inlines, width: width, base: base).map { $0.rendered(colour: colour) }
    }

    func styledLines(_ inlines: [MarkdownInline], width: Int, base: TerminalStyle = []) -> [StyledLine] {
        InlineStyler.lines(inlines, base: base).flatMap { TextWrapper.wrap($0, width: width) }
    }

    func heading(_ level: Int, _ inlines: [MarkdownInline], width: Int) -> [String] {
        let lines = styledLines(inlines, width: width, base: .bold)
        var out = lines.map { $0.rendered(colour: colour) }
        if level <= 2 {
            let rule = level == 1 ? (unicode ? "═" : "=") : (unicode ? "─" : "-")
            let length = min(width, lines.map(\.width).max() ?? 0)
            out.append(TerminalStyle.dim.paint(String(repeating: rule, count: length), colour: colour))
        }
        return out
    }

    /// Code as written: indented 4 (2 when narrow), the language dimmed above it.
    func code(info: String, text: String, width: Int) -> [String] {
        let indent = width >= 40 ? 4 : 2
        var out: [String] = []
        let language = info.split(separator: " ").first.map(String.init) ?? ""
        if !language.isEmpty {
            out.append(String(repeating: " ", count: indent / 2)
                       + TerminalStyle.dim.paint(truncated(language.terminalSafe, to: width - indent / 2), colour: colour))
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let shown = truncated(expandingTabs(String(line)).terminalSafe, to: width - indent)
            out.append(String(repeating: " ", count: indent) + TerminalStyle.cyan.paint(shown, colour: colour))
        }
        return out
    }

    /// `text` cut to `width` columns, ending in `…` (`~` without Unicode) when cut.
    func truncated(_ text: String, to width: Int) -> String {
        guard TextWidth.of(text) > width else { return text }
        let mark = unicode ? "…" : "~"
        var out = ""
        var used = 0
        for c in text {
            let w = TextWidth.of(c.unicodeScalars)
            if used + w > width - 1 { break }
            out.append(c)
            used += w
        }
        return out + mark
    }

    func expandingTabs(_ line: String) -> String {
        guard line.contains("\t") else { return line }
        var out = ""
        var column = 0
        for c in line {
            if c == "\t" {
                let n = 4 - column % 4
                out += String(repeating: " ", count: n)
                column += n
            } else {
                out.append(c)
                column += TextWidth.of(c.unicodeScalars)
            }
        }
        return out
    }

    /// Items with a marker (`•`, `◦`, `▪` by depth, or right-aligned numbers)
    /// and a hanging indent; loose lists keep a blank line between items.
    func list(ordered: Bool, start: Int, tight: Bool, items: [[MarkdownBlock]], width: Int, depth: Int = 0) -> [String] {
        let bullets = unicode ? ["•", "◦", "▪"] : ["-", "*", "+"]
        let start = min(max(start, 0), 999_999_999)  // CommonMark's range of list numbers
        let last = start + max(0, items.count - 1)
        let markerWidth = ordered ? String(last).count + 1 : 1
        let indent = markerWidth + 1
        let inner = width - indent
        var out: [String] = []
        for (k, item) in items.enumerated() {
            let marker = ordered ? String(repeating: " ", count: max(0, markerWidth - String(start + k).count - 1)) + "\(start + k)."
                                 : bullets[depth % bullets.count]
            if !tight && k > 0 { out.append("") }
            let paintedMarker = TerminalStyle.dim.paint(marker, colour: colour)
            guard inner >= TerminalMarkdown.minimumWidth / 2 else {  // too deep to indent: the marker on a line of its own
                out.append(paintedMarker)
                out += itemBlocks(item, width: width, tight: tight, depth: depth + 1)
                continue
            }
            let body = itemBlocks(item, width: inner, tight: tight, depth: depth + 1)
            let pad = String(repeating: " ", count: indent)
            out.append(paintedMarker + (body.first.map { $0.isEmpty ? "" : " " + $0 } ?? ""))
            out += body.dropFirst().map { $0.isEmpty ? "" : pad + $0 }
        }
        return out
    }

    /// An item's blocks; lists inside it get the next depth's bullet.
    private func itemBlocks(_ item: [MarkdownBlock], width: Int, tight: Bool, depth: Int) -> [String] {
        var out: [String] = []
        for block in item {
            let lines: [String]
            if case .list(let ordered, let start, let innerTight, let items) = block {
                lines = list(ordered: ordered, start: start, tight: innerTight, items: items, width: width, depth: depth)
            } else {
                lines = self.block(block, width: width)
            }
            if lines.isEmpty { continue }
            if !out.isEmpty && !tight { out.append("") }
            out += lines
        }
        return out
    }

    /// Quoted blocks behind a bar: `│ ` (`| ` without Unicode).
    func quote(_ blocks: [MarkdownBlock], width: Int) -> [String] {
        let bar = TerminalStyle.dim.paint(unicode ? "│" : "|", colour: colour)
        let inner = width - 2
        guard inner >= TerminalMarkdown.minimumWidth / 2 else { return self.blocks(blocks, width: width, tight: false) }
        return self.blocks(blocks, width: inner, tight: false).map { $0.isEmpty ? bar : bar + " " + $0 }
    }
}
