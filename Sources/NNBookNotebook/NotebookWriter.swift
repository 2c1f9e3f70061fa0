/// Writes a notebook in the format `NotebookParser` reads, so that
/// `NotebookParser.parse(NotebookWriter.markdown(nb), path:) == nb` for every
/// parsed notebook.
///
/// Prose is written verbatim. Each cell is a ```` ```nnbook ```` block followed
/// by its `output` and `hint` blocks in the order of their line numbers, then
/// its `mistake` blocks; the
/// blank lines a file had between a cell and its output are restored from
/// those line numbers. A block whose text contains a line of backticks gets a
/// longer fence, so its content cannot close it early.
///
/// An output block holding a single empty line reads as `""`, like an empty
/// block; the writer tells them apart by the line the next block starts on.
public enum NotebookWriter {
    /// The notebook as Markdown, ending with a newline.
    public static func markdown(_ nb: Notebook) -> String {
        layout(nb).lines.map { $0 + "\n" }.joined()
    }

    /// The notebook with every line number set to where `markdown` puts it,
    /// so that a notebook built in memory (a recorded session) equals the one
    /// read back from its file.
    public static func renumbered(_ nb: Notebook) -> Notebook {
        Notebook(blocks: layout(nb).blocks, frontMatter: nb.frontMatter)
    }

    private static func layout(_ nb: Notebook) -> Layout {
        var layout = Layout()
        if let front = nb.frontMatter { layout.lines = ["---"] + front + ["---"] }
        for (i, block) in nb.blocks.enumerated() {
            layout.write(block, nextStart: i + 1 < nb.blocks.count ? nb.blocks[i + 1].firstLine : nil)
        }
        return layout
    }

    /// The shortest backtick fence (at least three) that no line of `text`
    /// could close.
    static func fence(for text: String) -> String {
        var longest = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            longest = max(longest, trimmed.prefix { $0 == "`" }.count)
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }
}

/// Lines written so far and the blocks renumbered to match them.
private struct Layout {
    var lines: [String] = []
    var blocks: [Block] = []
    /// The file's line number of the next line written.
    var next: Int { lines.count + 1 }
    /// Most blank lines restored before an output or hint block.
    let maxGap = 100

    /// Writes `block`; `nextStart` is the line the following block started
    /// on in the file it was read from.
    mutating func write(_ block: Block, nextStart: Int?) {
        switch block {
        case .prose(let text, _):
            blocks.append(.prose(text, line: next))
            lines += split(text)
        case .cell(let cell):
            var placed = cell
            placed.line = fenced(cell.source, tag: "nnbook")
            let hintFirst = cell.hint != nil && cell.expected != nil && (cell.hintLine ?? 0) < (cell.expectedLine ?? 0)
            if hintFirst { placeHint(cell, &placed) }
            if let expected = cell.expected {
                pad(to: cell.expectedLine)
                placed.expectedLine = fenced(expected, tag: "output")
            } else {
                placed.expectedLine = nil
            }
            if !hintFirst { placeHint(cell, &placed) }
            for (k, mistake) in cell.mistakes.enumerated() {
                pad(to: mistake.line)
                placed.mistakes[k].line = fenced(mistake.blockText, tag: "mistake")
            }
            // An empty last block that held one blank line: the next block started a line later.
            let last = hintFirst || cell.hint == nil ? cell.expected : cell.hint
            if cell.mistakes.isEmpty, last == "", let nextStart, nextStart == next + 1 {
                lines.insert("", at: lines.count - 1)
            }
            blocks.append(.cell(placed))
        }
    }

    mutating func placeHint(_ cell: Cell, _ placed: inout Cell) {
        if let hint = cell.hint {
            pad(to: cell.hintLine)
            placed.hintLine = fenced(hint, tag: "hint")
        } else {
            placed.hintLine = nil
        }
    }

    /// Writes a fenced block; returns the line of its first content line.
    mutating func fenced(_ text: String, tag: String) -> Int {
        let fence = NotebookWriter.fence(for: text)
        lines.append(fence + tag)
        let first = next
        if !text.isEmpty { lines += split(text) }
        lines.append(fence)
        return first
    }

    /// Blank lines so that a block whose content starts at `contentLine`
    /// gets its fence on the line before.
    mutating func pad(to contentLine: Int?) {
        guard let contentLine else { return }
        let gap = contentLine - 1 - next
        if gap > 0 && gap <= maxGap { lines += Array(repeating: "", count: gap) }
    }

    func split(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}

extension Block {
    /// The line the block starts on: a prose block's first line, a cell's fence.
    var firstLine: Int {
        switch self {
        case .prose(_, let line): return line
        case .cell(let cell): return cell.line - 1
        }
    }
}
