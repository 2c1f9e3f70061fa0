/// Writes a notebook in the format `NotebookParser` reads, so that
/// `NotebookParser.parse(NotebookWriter.markdown(nb), path:) == nb` for every
/// parsed notebook.
///
/// Prose is written verbatim. Each cell is a ```` ```nnbook ```` block followed
/// by its `output` and `hint` blocks in the order of their line numbers; the
/// blank lines a file had between a cell and its output are restored from
/// those line numbers. A block whose text contains a line of backticks gets a
/// longer fence, so its content cannot close it early.
///
/// One ambiguity is inherent in the format: an output block holding a single
/// empty line reads as `""`, like an empty block, and is written back empty.
public enum NotebookWriter {
    /// The notebook as Markdown, ending with a newline.
    public static func markdown(_ nb: Notebook) -> String {
        var layout = Layout()
        for block in nb.blocks { layout.write(block) }
        return layout.lines.map { $0 + "\n" }.joined()
    }

    /// The notebook with every line number set to where `markdown` puts it,
    /// so that a notebook built in memory (a recorded session) equals the one
    /// read back from its file.
    public static func renumbered(_ nb: Notebook) -> Notebook {
        var layout = Layout()
        for block in nb.blocks { layout.write(block) }
        return Notebook(blocks: layout.blocks)
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

    mutating func write(_ block: Block) {
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
