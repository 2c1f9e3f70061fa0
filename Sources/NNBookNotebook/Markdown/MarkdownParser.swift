import CCmarkGFM

/// Parses Markdown with GitHub's CommonMark parser (cmark-gfm, with its
/// table extension) into `MarkdownBlock`s. CommonMark decides what is
/// emphasis and what is a code span, so `` `w - lr * x * d` `` stays whole
/// and `a * b * c` stays arithmetic.
///
/// One rule is added on top of CommonMark: emphasis *inside* a word or number
/// (`2*x*3`, `a**b**c`) is read as the `*` operators it almost always is in a
/// lesson about maths, not as italics.
///
/// Nesting deeper than `maxDepth` (a hostile `>>>>>>…` or `*****…`) is
/// flattened into its parent, so the tree, and everything that walks it,
/// stays shallow. Nothing here throws: any text is some Markdown.
public enum MarkdownParser {
    /// Deepest nesting of blocks and inlines kept as a tree.
    public static let maxDepth = 24

    public static func parse(_ markdown: String) -> [MarkdownBlock] {
        _ = registered
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return [.paragraph([.text(markdown)])] }
        defer { cmark_parser_free(parser) }
        if let table = cmark_find_syntax_extension("table") {
            cmark_parser_attach_syntax_extension(parser, table)
        }
        let bytes = Array(markdown.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_parser_feed(parser, $0, buffer.count) }
            }
        }
        guard let document = cmark_parser_finish(parser) else { return [.paragraph([.text(markdown)])] }
        defer { cmark_node_free(document) }
        return TreeBuilder.blocks(of: document)
    }

    /// cmark-gfm's extensions register once per process; a `static let` runs its
    /// initialiser exactly once, even with several threads.
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()
}

/// Walks cmark's tree with its iterator (ENTER and EXIT events; leaves get
/// ENTER only) and a stack of frames, one per open container: no recursion,
/// whatever the input.
private struct TreeBuilder {
    enum Kind {
        case document, quote, item, paragraph, tableCell, emphasis, strong, flattened
        case list(ordered: Bool, start: Int, tight: Bool)
        case heading(Int)
        case table([MarkdownTable.Alignment])
        case tableRow
        case link(String)
        case image(String)

        /// Containers that can nest without end (and so are flattened past `maxDepth`).
        var nests: Bool {
            switch self {
            case .quote, .item, .list, .emphasis, .strong, .link, .image: return true
            default: return false
            }
        }
    }

    struct Frame {
        var kind: Kind
        var blocks: [MarkdownBlock] = []
        var inlines: [MarkdownInline] = []
        var items: [[MarkdownBlock]] = []
        var cells: [[MarkdownInline]] = []
        var rows: [[[MarkdownInline]]] = []
    }

    var stack: [Frame] = [Frame(kind: .document)]

    static func blocks(of document: OpaquePointer) -> [MarkdownBlock] {
        var builder = TreeBuilder()
        guard let iterator = cmark_iter_new(document) else { return [] }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE || event == CMARK_EVENT_NONE { break }
            guard let node = cmark_iter_get_node(iterator), node != document else { continue }
            if event == CMARK_EVENT_ENTER { builder.enter(node) } else { builder.exit() }
        }
        return builder.stack.first?.blocks ?? []
    }

    // MARK: events

    mutating func enter(_ node: OpaquePointer) {
        if let leaf = Self.leaf(node) {
            add(leaf)
            return
        }
        let kind = Self.container(node)
        stack.append(Frame(kind: stack.count > MarkdownParser.maxDepth && kind.nests ? .flattened : kind))
    }

    mutating func exit() {
        guard stack.count > 1, let frame = stack.popLast() else { return }
        switch frame.kind {
        case .document, .flattened:
            addAll(frame)
        case .quote: add(.block(.quote(frame.blocks)))
        case .list(let ordered, let start, let tight):
            add(.block(.list(ordered: ordered, start: start, tight: tight, items: frame.items)))
        case .item: stack[stack.count - 1].items.append(frame.blocks)
        case .paragraph: add(.block(.paragraph(Self.operatorsKept(frame.inlines))))
        case .heading(let level): add(.block(.heading(level: level, Self.operatorsKept(frame.inlines))))
        case .table(let alignments): add(.block(.table(Self.table(frame.rows, alignments))))
        case .tableRow: stack[stack.count - 1].rows.append(frame.cells)
        case .tableCell: stack[stack.count - 1].cells.append(Self.operatorsKept(frame.inlines))
        case .emphasis: add(.inline(.emphasis(Self.operatorsKept(frame.inlines))))
        case .strong: add(.inline(.strong(Self.operatorsKept(frame.inlines))))
        case .link(let url): add(.inline(.link(text: Self.operatorsKept(frame.inlines), url: url)))
        case .image(let url): add(.inline(.image(alt: frame.inlines, url: url)))
        }
    }

    enum Piece { case block(MarkdownBlock), inline(MarkdownInline) }

    /// Adds a finished piece to the innermost open container. A block inside
    /// a container of inlines (which cmark never makes) becomes its text.
    mutating func add(_ piece: Piece) {
        let top = stack.count - 1
        switch piece {
        case .block(let b): stack[top].blocks.append(b)
        case .inline(let i): stack[top].inlines.append(i)
        }
    }

    /// Hands a flattened frame's contents to its parent: inlines become a
    /// paragraph in a container of blocks, blocks become text in a container of inlines.
    mutating func addAll(_ frame: Frame) {
        let blocks = frame.blocks + frame.items.flatMap { $0 }
        let inlines = frame.inlines + (frame.cells + frame.rows.flatMap { $0 }).flatMap { $0 + [.text(" ")] }
        let top = stack.count - 1
        switch stack[top].kind {
        case .document, .quote, .item, .list, .flattened:
            stack[top].blocks += blocks + (inlines.isEmpty ? [] : [.paragraph(inlines)])
        default:
            stack[top].inlines += inlines + blocks.map { .text(TerminalMarkdown.plainText(of: $0)) }
        }
    }

    /// Emphasis that starts and ends inside a word or number (`2*x*3`):
    /// only `*` can do that in CommonMark, and in a lesson it is multiplication,
    /// so its markers come back as text.
    static func operatorsKept(_ runs: [MarkdownInline]) -> [MarkdownInline] {
        var out: [MarkdownInline] = []
        for (i, run) in runs.enumerated() {
            let marker: String
            let inner: [MarkdownInline]
            switch run {
            case .emphasis(let c): marker = "*"; inner = c
            case .strong(let c): marker = "**"; inner = c
            default: out.append(run); continue
            }
            let before = i > 0 ? runs[i - 1].plainText.last : nil
            let after = i + 1 < runs.count ? runs[i + 1].plainText.first : nil
            if let before, let after, Self.endsOperand(before), Self.startsOperand(after) {
                out += [.text(marker)] + inner + [.text(marker)]
            } else {
                out.append(run)
            }
        }
        return out
    }

    /// Can `c` end the operand before a `*`: a letter, a digit or a closing bracket.
    static func endsOperand(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == ")" || c == "]") }
    /// Can `c` start the operand after a `*`: a letter, a digit or an opening bracket.
    static func startsOperand(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "(" || c == "[") }

    // MARK: node kinds

    static func literal(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    static func typeName(_ node: OpaquePointer) -> String {
        cmark_node_get_type_string(node).map { String(cString: $0) } ?? ""
    }

    /// A node without children, as a finished piece; nil for a container.
    static func leaf(_ node: OpaquePointer) -> Piece? {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT: return .inline(.text(literal(node)))
        case CMARK_NODE_CODE: return .inline(.code(literal(node)))
        case CMARK_NODE_SOFTBREAK: return .inline(.softBreak)
        case CMARK_NODE_LINEBREAK: return .inline(.hardBreak)
        case CMARK_NODE_HTML_INLINE: return .inline(.html(literal(node)))
        case CMARK_NODE_CODE_BLOCK:
            let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
            return .block(.code(info: info.trimmingSpaces, text: literal(node).droppingFinalNewline))
        case CMARK_NODE_HTML_BLOCK: return .block(.html(literal(node).droppingFinalNewline))
        case CMARK_NODE_THEMATIC_BREAK: return .block(.thematicBreak)
        default: return nil
        }
    }

    static func container(_ node: OpaquePointer) -> Kind {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_BLOCK_QUOTE: return .quote
        case CMARK_NODE_LIST:
            return .list(ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                         start: Int(cmark_node_get_list_start(node)), tight: cmark_node_get_list_tight(node) != 0)
        case CMARK_NODE_ITEM: return .item
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading(Int(cmark_node_get_heading_level(node)))
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK: return .link(cmark_node_get_url(node).map { String(cString: $0) } ?? "")
        case CMARK_NODE_IMAGE: return .image(cmark_node_get_url(node).map { String(cString: $0) } ?? "")
        default: break
        }
        switch typeName(node) {
        case "table": return .table(alignments(node))
        case "table_header", "table_row": return .tableRow
        case "table_cell": return .tableCell
        default: return .flattened  // footnotes and other extensions: their content, unstyled
        }
    }

    static func alignments(_ node: OpaquePointer) -> [MarkdownTable.Alignment] {
        let count = Int(cmark_gfm_extensions_get_table_columns(node))
        guard count > 0, let raw = cmark_gfm_extensions_get_table_alignments(node) else { return [] }
        return (0..<count).map { i in
            switch raw[i] {
            case UInt8(ascii: "l"): return .left
            case UInt8(ascii: "c"): return .center
            case UInt8(ascii: "r"): return .right
            default: return .none
            }
        }
    }

    /// The first row is the header; every row gets one cell per column.
    static func table(_ rows: [[[MarkdownInline]]], _ alignments: [MarkdownTable.Alignment]) -> MarkdownTable {
        let columns = max(alignments.count, rows.map(\.count).max() ?? 0)
        let padded = rows.map { $0 + Array(repeating: [], count: max(0, columns - $0.count)) }
        let aligned = alignments + Array(repeating: .none, count: max(0, columns - alignments.count))
        return MarkdownTable(alignments: aligned, header: padded.first ?? [], rows: Array(padded.dropFirst()))
    }
}

extension String {
    fileprivate var droppingFinalNewline: String { hasSuffix("\n") ? String(dropLast()) : self }
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
