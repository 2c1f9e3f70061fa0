import NNBookLanguage

/// What running one cell of a notebook gave.
public struct CellRun: Sendable {
    public var cell: Cell
    /// The output lines, exactly as a transcript shows them.
    public var output: [String]
    /// True when the cell reported an error.
    public var failed: Bool
    /// Whether `output` matches the cell's expected output (`OutputComparator`);
    /// nil when the notebook gives none.
    public var matches: Bool?
    /// A meta-command the cell asked for (`:save`, `:load` …), which only the
    /// caller can carry out; the runner does not.
    public var request: MetaCommand?
    /// True when the session's `isCancelled` stopped the cell.
    public var interrupted: Bool
    /// The cell's execution count (`In [n]`).
    public var count: Int

    /// The first differing line, when the output does not match.
    public var difference: (line: Int, expected: String, got: String)? {
        guard let expected = cell.expected, matches == false else { return nil }
        return OutputComparator.firstDifference(expected: expected, got: output.joined(separator: "\n"))
    }
}

/// Runs a notebook's cells in order in one session, the way doctest runs
/// examples: every cell runs, even after a failure, and each result is kept.
public enum NotebookRunner {
    /// Runs every cell of `nb` in `session`, calling `each` after each cell
    /// (for live output). Stops early only at Ctrl-C (`session.isCancelled`):
    /// the cell it came in is the last run, and a Ctrl-C between cells stops
    /// before the next; fewer runs than cells means the rest did not run.
    /// Errors name lines within the cell (line 1 is the cell's first line),
    /// so a lesson's expected output does not change when prose above it
    /// does, and a translation prints the same as the original. Set
    /// `session.fileAccess` first (`.guest(ofNotebook:)` for someone else's
    /// notebook, as `NotebookChecker` and `nnbook run` do).
    @discardableResult
    public static func run(_ nb: Notebook, session: Session, each: ((CellRun) -> Void)? = nil) -> [CellRun] {
        var runs: [CellRun] = []
        for cell in nb.cells {
            if session.isCancelled() { break }
            let r = run(cell, session: session)
            runs.append(r)
            each?(r)
            if r.interrupted { break }
        }
        return runs
    }

    /// Runs one cell and compares its output with the expected one.
    public static func run(_ cell: Cell, session: Session) -> CellRun {
        let result = session.execute(cell.source, firstLine: 1)
        let output = result.plainLines
        let matches = cell.expected.map { OutputComparator.compare(expected: $0, got: output.joined(separator: "\n")) }
        return CellRun(cell: cell, output: output, failed: result.failed, matches: matches,
                       request: result.request, interrupted: result.interrupted, count: result.count)
    }
}
