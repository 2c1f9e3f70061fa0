import Foundation
import NNBookLanguage

/// Turns a REPL session into a notebook, for `:save FILE.md`: the REPL hands
/// over each cell it ran, and `notebook` is those cells with their outputs as
/// expected blocks — so checking the saved file reproduces the session.
///
/// Not recorded, because they would not reproduce or do not belong in a
/// notebook: cells that failed (a learner's typos), and meta-commands other
/// than `:precision N` and `:reset` (which change what later cells print).
/// A `:load`ed notebook's cells should be fed in one by one, as they ran.
public struct NotebookRecorder: Sendable {
    private var recorded: [Cell] = []
    /// Markdown placed before the first cell, such as a `# Title`.
    public var preamble: String?

    public init(preamble: String? = nil) {
        self.preamble = preamble
    }

    /// Records one executed cell and what it printed (`CellResult.plainLines`).
    public mutating func record(source: String, output: [String], failed: Bool = false) {
        guard !failed, Self.isRecordable(source) else { return }
        let text = output.joined(separator: "\n")
        recorded.append(Cell(source: source, line: 0, expected: output.isEmpty ? nil : text))
    }

    /// Records one executed cell from its result.
    public mutating func record(source: String, result: CellResult) {
        record(source: source, output: result.plainLines, failed: result.failed || result.interrupted)
    }

    /// The number of cells recorded.
    public var count: Int { recorded.count }

    /// The recorded cells, an empty line between each, numbered as
    /// `NotebookWriter.markdown` lays them out, so
    /// `parse(markdown(notebook)) == notebook`.
    public var notebook: Notebook {
        var blocks: [Block] = []
        if let preamble { blocks.append(.prose(preamble + "\n", line: 0)) }
        for (i, cell) in recorded.enumerated() {
            if i > 0 { blocks.append(.prose("", line: 0)) }
            blocks.append(.cell(cell))
        }
        return NotebookWriter.renumbered(Notebook(blocks: blocks))
    }

    /// The session as Markdown, what `:save` writes.
    public var markdown: String { NotebookWriter.markdown(notebook) }

    /// Writes `markdown` to `path` atomically (see `NotebookFile.write`).
    public func save(to path: String, overwrite: Bool) throws {
        try NotebookFile.write(markdown, to: path, overwrite: overwrite)
    }

    /// Whether a cell belongs in a saved notebook: not empty, and not a
    /// meta-command other than `:precision N` and `:reset`.
    static func isRecordable(_ source: String) -> Bool {
        let trimmed = source.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return false }
        guard trimmed.hasPrefix(":") else { return true }
        switch MetaCommand.parse(trimmed) {
        case .success(.precision(let p)): return p != nil
        case .success(.reset): return true
        default: return false
        }
    }
}
