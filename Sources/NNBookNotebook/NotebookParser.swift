import NeuralCore

/// Reads the notebook format: Markdown in which a fenced block tagged
/// `nnbook` is an input cell, an `output` block right after it (only blank
/// lines between) is its expected output, a `hint` block after it (before
/// or after the output) is its hint, and `mistake` blocks after those are
/// wrong answers the lesson foresees (`CellMistake`: the wrong output, a line
/// `---`, what to say). Everything else — headings, paragraphs,
/// other fenced blocks such as ```` ```python ```` — is prose, kept verbatim
/// with its first line number.
///
/// A fence is a line of three or more backticks (or tildes), indented by at
/// most three spaces, followed by an info string whose first word is the tag.
/// It closes at a line of the same character, at least as long, and nothing
/// else. These are errors, each located at a line of the file:
///
/// - a fence that never closes (the line of the opening fence);
/// - an `output`, `hint` or `mistake` block with no cell right before it;
/// - a second `output` (or `hint`) block for one cell, or one after a `mistake` block;
/// - a `mistake` block without a line `---` followed by an explanation;
/// - an `nnbook` cell with nothing in it;
/// - a file without a single `nnbook` cell.
///
/// `NotebookWriter.markdown` is the inverse: `parse(markdown(nb)) == nb`.
public enum NotebookParser {
    /// Stops with `NeuralError.interrupted` once Ctrl-C was pressed (`WorkGuard`).
    public static func parse(_ text: String, path: String) throws -> Notebook {
        var parser = Parser(text: text, path: path)
        return try parser.notebook()
    }
}

/// The opening line of a fenced block.
struct Fence: Equatable {
    var character: Character
    var length: Int
    /// The first word of the info string (`nnbook`, `output`, `python` …).
    var tag: String

    /// The fence that `line` opens, if it is a fence line.
    init?(_ line: String) {
        let indent = line.prefix { $0 == " " }.count
        guard indent <= 3 else { return nil }
        let rest = line.dropFirst(indent)
        guard let c = rest.first, c == "`" || c == "~" else { return nil }
        let run = rest.prefix { $0 == c }.count
        guard run >= 3 else { return nil }
        let info = rest.dropFirst(run)
        if c == "`" && info.contains("`") { return nil }  // CommonMark: an inline code span, not a fence
        character = c
        length = run
        tag = info.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "{" }).first.map(String.init) ?? ""
    }

    /// True when `line` closes this fence: the same character, at least as
    /// many, and only whitespace after.
    func isClosed(by line: String) -> Bool {
        let indent = line.prefix { $0 == " " }.count
        guard indent <= 3 else { return false }
        let rest = line.dropFirst(indent)
        let run = rest.prefix { $0 == character }.count
        return run >= length && rest.dropFirst(run).allSatisfy { $0 == " " || $0 == "\t" }
    }
}

/// One pass over the lines; one small method per kind of block.
private struct Parser {
    let lines: [String]
    let path: String
    /// Index of the next unread line (0-based; the file's line is `index + 1`).
    var index = 0
    var blocks: [Block] = []
    var prose: [String] = []
    var proseLine = 1

    init(text: String, path: String) {
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }  // the newline that ends the file
        self.lines = lines
        self.path = path
    }

    func error(_ line: Int, _ message: String) -> NotebookError {
        NotebookError(path: path, line: line, message: message)
    }

    mutating func notebook() throws -> Notebook {
        let frontMatter = self.frontMatter()
        while index < lines.count {
            try WorkGuard.checkpoint()  // a file of millions of lines stops at Ctrl-C
            guard let fence = Fence(lines[index]) else {
                addProse(lines[index]); index += 1
                continue
            }
            switch fence.tag {
            case "nnbook":
                flushProse()
                try cell(fence)
            case "output", "hint", "mistake":
                throw error(index + 1, "this ```\(fence.tag) block has no nnbook cell right before it (only blank lines may come between)")
            default:
                try otherFence(fence)
            }
        }
        flushProse()
        let notebook = Notebook(blocks: blocks, frontMatter: frontMatter)
        if notebook.cells.isEmpty {
            throw error(1, "no ```nnbook cells in this file; a cell is a fenced block tagged nnbook")
        }
        return notebook
    }

    /// A first line `---`, lines of `KEY: VALUE` (at most 40), and a line
    /// `---`: the front matter, read and skipped. Anything else (a thematic
    /// break over ordinary text) is not front matter and stays prose.
    mutating func frontMatter() -> [String]? {
        guard lines.first == "---" else { return nil }
        var k = 1
        while k < lines.count, k <= 41, lines[k] != "---" {
            guard Notebook.isFrontMatterLine(lines[k]) else { return nil }
            k += 1
        }
        guard k < lines.count, lines[k] == "---" else { return nil }
        index = k + 1
        return Array(lines[1..<k])
    }

    mutating func addProse(_ line: String) {
        if prose.isEmpty { proseLine = index + 1 }
        prose.append(line)
    }

    mutating func flushProse() {
        if !prose.isEmpty { blocks.append(.prose(prose.joined(separator: "\n"), line: proseLine)) }
        prose = []
    }

    /// Reads a fenced block whose opening fence is at `index`; returns its
    /// content lines and leaves `index` after the closing fence.
    mutating func content(of fence: Fence) throws -> [String] {
        let open = index
        var body: [String] = []
        index += 1
        while index < lines.count {
            if fence.isClosed(by: lines[index]) { index += 1; return body }
            body.append(lines[index]); index += 1
        }
        throw error(open + 1, "this \(String(repeating: fence.character, count: fence.length))\(fence.tag) block is never closed")
    }

    /// A fenced block that is not part of the notebook (```python …): prose.
    mutating func otherFence(_ fence: Fence) throws {
        let start = index
        _ = try content(of: fence)
        for i in start..<index {
            if prose.isEmpty { proseLine = i + 1 }
            prose.append(lines[i])
        }
    }

    mutating func cell(_ fence: Fence) throws {
        let open = index + 1
        let body = try content(of: fence)
        guard body.contains(where: { !isBlank($0) }) else {
            throw error(open, "this nnbook cell is empty; write an input between the fences")
        }
        var cell = Cell(source: body.joined(separator: "\n"), line: open + 1)
        try attachments(to: &cell)
        blocks.append(.cell(cell))
    }

    /// The `output` and `hint` blocks after a cell, in either order, then its
    /// `mistake` blocks, with only blank lines before each.
    mutating func attachments(to cell: inout Cell) throws {
        while true {
            var next = index
            while next < lines.count && isBlank(lines[next]) { next += 1 }
            guard next < lines.count, let fence = Fence(lines[next]), ["output", "hint", "mistake"].contains(fence.tag) else { return }
            let line = next + 1
            if fence.tag != "mistake" && !cell.mistakes.isEmpty {
                throw error(line, "this ```\(fence.tag) block comes after a ```mistake block; put the cell's output and hint first")
            }
            if fence.tag == "output" ? cell.expected != nil : fence.tag == "hint" && cell.hint != nil {
                throw error(line, "the cell at line \(cell.line - 1) already has a ```\(fence.tag) block")
            }
            index = next
            let text = try content(of: fence).joined(separator: "\n")
            if fence.tag == "mistake" {
                guard let mistake = CellMistake(blockText: text, line: line + 1) else {
                    throw error(line, "a ```mistake block is the wrong output, then a line ---, then what to say about it")
                }
                cell.mistakes.append(mistake)
            } else if fence.tag == "output" {
                cell.expected = text; cell.expectedLine = line + 1
            } else {
                cell.hint = text; cell.hintLine = line + 1
            }
        }
    }

    func isBlank(_ line: String) -> Bool { line.allSatisfy { $0 == " " || $0 == "\t" } }
}
