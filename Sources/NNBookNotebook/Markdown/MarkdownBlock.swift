import Foundation

/// A Markdown document as a small tree of blocks and inline runs: what
/// `MarkdownParser` makes of CommonMark + GFM tables, and what
/// `TerminalMarkdown` draws. It keeps only what a terminal can show; every
/// piece of text the author wrote is kept somewhere.
///
/// ```swift
/// MarkdownParser.parse("Use `a * b` **now**")
/// // [.paragraph([.text("Use "), .code("a * b"), .text(" "), .strong([.text("now")])])]
/// ```
public indirect enum MarkdownBlock: Sendable, Equatable {
    /// `# Title` … `###### Title`; `level` is 1 to 6.
    case heading(level: Int, [MarkdownInline])
    case paragraph([MarkdownInline])
    /// A fenced block (its info string, e.g. `python`, in `info`) or an
    /// indented one (`info` empty). `text` is the content without the final newline.
    case code(info: String, text: String)
    /// A bullet list (`ordered` false) or a numbered one counting from `start`.
    /// `tight` lists have no blank line between items.
    case list(ordered: Bool, start: Int, tight: Bool, items: [[MarkdownBlock]])
    /// `> quoted` blocks.
    case quote([MarkdownBlock])
    /// `---`, `***` or `___` on a line of its own.
    case thematicBreak
    case table(MarkdownTable)
    /// Raw HTML, shown as the text it is (a terminal cannot render it).
    case html(String)
}

/// A run of text inside a paragraph, heading or table cell.
public indirect enum MarkdownInline: Sendable, Equatable {
    case text(String)
    /// `` `code` ``: shown verbatim, its `*`, `_` and backslashes kept.
    case code(String)
    /// `*emphasis*` or `_emphasis_`.
    case emphasis([MarkdownInline])
    /// `**strong**` or `__strong__`.
    case strong([MarkdownInline])
    /// `[text](url)`.
    case link(text: [MarkdownInline], url: String)
    /// `![alt](url)`: a terminal shows the alternative text.
    case image(alt: [MarkdownInline], url: String)
    /// A line end inside a paragraph: a space when the text is re-wrapped.
    case softBreak
    /// A line end the author forced (two trailing spaces or a backslash).
    case hardBreak
    /// Inline HTML such as `<br>`, shown as written.
    case html(String)
}

/// A GFM table: a header row, body rows and one alignment per column.
/// Every row has exactly `alignments.count` cells (short rows are padded
/// with empty cells, as GitHub does).
public struct MarkdownTable: Sendable, Equatable {
    public enum Alignment: Sendable, Equatable { case none, left, center, right }

    public var alignments: [Alignment]
    public var header: [[MarkdownInline]]
    public var rows: [[[MarkdownInline]]]

    public init(alignments: [Alignment], header: [[MarkdownInline]], rows: [[[MarkdownInline]]]) {
        self.alignments = alignments
        self.header = header
        self.rows = rows
    }
}

extension MarkdownBlock {
    /// An HTML comment (`<!-- a note for the teacher -->`): like GitHub, a
    /// terminal shows nothing for it.
    public var isComment: Bool {
        guard case .html(let text) = self else { return false }
        return text.isHTMLComment
    }
}

extension String {
    var isHTMLComment: Bool {
        let t = trimmingCharacters(in: .whitespacesAndNewlines)
        return t.hasPrefix("<!--") && t.hasSuffix("-->")
    }
}

extension MarkdownInline {
    /// The text a reader sees, without any styling: `**a** `b`` → `a b`.
    public var plainText: String {
        switch self {
        case .text(let s), .code(let s), .html(let s): return s
        case .emphasis(let c), .strong(let c): return c.plainText
        case .link(let text, _): return text.plainText
        case .image(let alt, _): return alt.plainText
        case .softBreak: return " "
        case .hardBreak: return "\n"
        }
    }
}

extension Array where Element == MarkdownInline {
    /// The runs' text, concatenated without styling.
    public var plainText: String { map(\.plainText).joined() }
}
