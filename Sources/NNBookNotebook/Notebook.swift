/// A notebook: Markdown prose with `nnbook` input cells, each optionally
/// followed by its expected `output` block (and, in lessons, a `hint` block).
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
    public init(blocks: [Block]) { self.blocks = blocks }

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

    public init(source: String, line: Int, expected: String? = nil, expectedLine: Int? = nil,
                hint: String? = nil, hintLine: Int? = nil) {
        self.source = source
        self.line = line
        self.expected = expected
        self.expectedLine = expectedLine
        self.hint = hint
        self.hintLine = hintLine
    }
}
