import Foundation

/// A notebook: Markdown prose with `nnbook` input cells, each optionally
/// followed by its expected `output` block (and, in lessons, a `hint` block
/// and `mistake` blocks, `CellMistake`).
/// One format for lessons, saved sessions and tests.
///
/// ````markdown
/// The sigmoid squashes any number into (0, 1):
///
/// ```nnbook
/// sigmoid(2)
/// ```
/// ```output
/// 0.880797
/// ```
/// ````
///
/// `NotebookParser` reads this format, `NotebookWriter` writes it back, and
/// `NotebookRunner` / `NotebookChecker` run it.
public struct Notebook: Sendable, Equatable {
    public var blocks: [Block]
    /// The file's front matter, when it starts with one: the `KEY: VALUE`
    /// lines between a first line `---` and the next `---`, verbatim
    /// (`assignment: true` makes a lesson an assignment). Nil when there is none.
    public var frontMatter: [String]?
    public init(blocks: [Block], frontMatter: [String]? = nil) {
        self.blocks = blocks
        self.frontMatter = frontMatter
    }

    /// `assignment: true` (or `yes`) in the front matter: the lesson is an
    /// assignment, as `nnbook lesson --assignment` makes any lesson one.
    public var isAssignment: Bool {
        (frontMatter ?? []).contains { line in
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            return parts.count == 2 && parts[0] == "assignment" && (parts[1] == "true" || parts[1] == "yes")
        }
    }

    /// True when `line` can be a line of front matter: `KEY: VALUE`, the key a word.
    static func isFrontMatterLine(_ line: String) -> Bool {
        guard let colon = line.firstIndex(of: ":") else { return false }
        let key = line[..<colon]
        return !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            && (line[line.index(after: colon)...].first.map { $0 == " " } ?? true)
    }

    /// The input cells, in order.
    public var cells: [Cell] {
        blocks.compactMap { if case .cell(let c) = $0 { return c } else { return nil } }
    }
}

/// A piece of a notebook.
public enum Block: Sendable, Equatable {
    /// Markdown text, kept verbatim; `line` is its first line in the file.
    case prose(String, line: Int)
    case cell(Cell)
}

/// An input cell and what it should print.
public struct Cell: Sendable, Equatable {
    public var source: String
    /// Line of the cell's first source line in the file (1-based).
    public var line: Int
    /// The expected output, if the notebook gives one.
    public var expected: String?
    /// Line of the expected output's first line.
    public var expectedLine: Int?
    /// A lesson's hint for this cell.
    public var hint: String?
    /// Line of the hint's first line. With `expectedLine` it tells the writer
    /// whether the hint came before or after the output block.
    public var hintLine: Int?
    /// A lesson's wrong answers to this cell, each with what to say about it
    /// (```` ```mistake ```` blocks, after the output and hint).
    public var mistakes: [CellMistake]

    public init(source: String, line: Int, expected: String? = nil, expectedLine: Int? = nil,
                hint: String? = nil, hintLine: Int? = nil, mistakes: [CellMistake] = []) {
        self.mistakes = mistakes
        self.source = source
        self.line = line
        self.expected = expected
        self.expectedLine = expectedLine
        self.hint = hint
        self.hintLine = hintLine
    }
}

/// A wrong answer a lesson foresees for a cell: what it prints, and the
/// one or two sentences that say what went wrong and how to put it right.
///
/// ````markdown
/// ```mistake
/// 1.2
/// ---
/// That is 1 + 0.1 · 2: the step went uphill. Subtract the gradient.
/// ```
/// ````
public struct CellMistake: Sendable, Equatable {
    /// The wrong output, compared with what the learner's answer printed by
    /// `OutputComparator` (numbers to the precision written here).
    public var output: String
    public var explanation: String
    /// Line of the block's first content line (1-based).
    public var line: Int

    public init(output: String, explanation: String, line: Int = 0) {
        self.output = output
        self.explanation = explanation
        self.line = line
    }

    /// The block's text: the output, a line `---`, the explanation.
    public var blockText: String { output + "\n" + Self.separator + "\n" + explanation }

    static let separator = "---"

    /// Splits a block's text at its first line `---`; nil without one, or with
    /// nothing after it.
    public init?(blockText: String, line: Int) {
        let lines = blockText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let cut = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == Self.separator }) else { return nil }
        let explanation = lines[(cut + 1)...].joined(separator: "\n")
        guard explanation.contains(where: { !$0.isWhitespace }) else { return nil }
        self.init(output: lines[..<cut].joined(separator: "\n"), explanation: explanation, line: line)
    }
}
