import Foundation
import NNBookLanguage
import NeuralCore

/// A Jupyter notebook read as an nnbook notebook.
public struct ImportedNotebook: Sendable, Equatable {
    /// The notebook, numbered as `markdown` lays it out.
    public var notebook: Notebook
    /// The Markdown notebook text, ending with a newline.
    public var markdown: String
    /// Cells of the `.ipynb` left out, with how many: `raw cell`, `empty code cell` ….
    public var skipped: [String: Int]
}

/// Reads Jupyter's `.ipynb` (nbformat 4) back into an nnbook Markdown
/// notebook, for `nnbook import`; `JupyterExport` is its inverse, so an
/// exported lesson imports to a notebook that `nnbook check` passes.
///
/// Each markdown cell becomes prose (consecutive ones join into one block),
/// each code cell an `nnbook` cell (with its lesson hint, if `JupyterExport`
/// kept one in its metadata), and its outputs, in order, its expected
/// output, in the form `nnbook check` compares (`OutputComparator`):
///
/// - `stream` text as printed, stdout and stderr alike;
/// - `execute_result` and `display_data`: their `text/plain`, on lines of
///   their own (an output with no `text/plain`, such as a bare image, adds nothing);
/// - `error`: its traceback lines with ANSI colours removed, or
///   `ename: evalue` when the traceback is empty;
///
/// and one newline at the end dropped. Raw cells, unknown cell and output
/// types, empty code cells, execution counts and metadata other than the
/// hint are left out. Malformed input is a `NotebookError`: invalid JSON at
/// its line and column, a missing or mistyped field at its place
/// (`cells[3] (cell 4).outputs[0]: missing "output_type"`), nbformat 3 with
/// how to convert it.
public enum JupyterImport {
    /// Fence tags that would turn prose into part of a cell.
    static let notebookTags: Set<String> = ["nnbook", "output", "hint", "mistake"]

    /// Reads and converts the `.ipynb` at `path`, if it fits `memoryLimit`
    /// (see `NotebookFile.read`).
    public static func read(_ path: String, memoryLimit: Int = SessionOptions().memoryLimit) throws -> ImportedNotebook {
        try convert(Data(try NotebookFile.read(path, memoryLimit: memoryLimit).utf8), path: path)
    }

    /// Converts `.ipynb` JSON; `path` locates errors.
    public static func convert(_ json: Data, path: String) throws -> ImportedNotebook {
        let document = try JupyterDocument.read(json, path: path)
        var blocks: [Block] = []
        var origins: [Int] = []  // the .ipynb cell each block came from
        var skipped: [String: Int] = [:]
        for (i, cell) in document.cells.enumerated() {
            try WorkGuard.checkpoint()
            switch cell {
            case .markdown(let source):
                let text = JupyterExport.trimBlankLines(unixLines(source))
                if text.isEmpty { continue }
                let prose = try closedProse(text, cell: i, path: path)
                if case .prose(let before, _)? = blocks.last {
                    blocks[blocks.count - 1] = .prose(before + "\n\n" + prose, line: 0)
                } else {
                    blocks.append(.prose(prose, line: 0)); origins.append(i)
                }
            case .code(let source, let outputs, let hint, let mistakes):
                let code = unixLines(source)
                if code.allSatisfy(\.isWhitespace) { skipped["empty code cell", default: 0] += 1; continue }
                let expected = expectedOutput(outputs)
                // The hint after the output, as lessons place it.
                blocks.append(.cell(Cell(source: code, line: 0, expected: expected, expectedLine: expected == nil ? nil : 1,
                                         hint: hint.map(unixLines), hintLine: hint == nil ? nil : 2,
                                         mistakes: mistakes.map { CellMistake(output: unixLines($0.output), explanation: unixLines($0.explanation)) })))
                origins.append(i)
            case .other(let type):
                skipped["\(type) cell", default: 0] += 1
            }
        }
        guard blocks.contains(where: { if case .cell = $0 { true } else { false } }) else {
            throw NotebookError(path: path, line: 0, message: "has no code cell with code in it; an nnbook notebook needs at least one")
        }
        return try written(spaced(blocks), frontMatter: document.frontMatter, origins: origins, skipped: skipped, path: path)
    }

    /// Writes `imported.markdown` atomically (see `NotebookFile.write`).
    public static func write(_ imported: ImportedNotebook, to path: String, overwrite: Bool) throws {
        try NotebookFile.write(imported.markdown, to: path, overwrite: overwrite)
    }

    /// The expected output a code cell's outputs amount to (see the type's
    /// documentation); nil when they print nothing.
    static func expectedOutput(_ outputs: [JupyterOutput]) -> String? {
        var text = ""
        func onItsOwnLines(_ piece: String) {
            if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
            text += piece + "\n"
        }
        for output in outputs {
            switch output {
            case .stream(_, let printed): text += unixLines(printed)
            case .data(let plain?): onItsOwnLines(unixLines(plain))
            case .error(let name, let value, let traceback):
                onItsOwnLines(unixLines(traceback.isEmpty ? "\(name): \(value)" : withoutANSI(traceback.joined(separator: "\n"))))
            case .data(nil), .other: break
            }
        }
        if text.hasSuffix("\n") { text.removeLast() }
        return text.isEmpty ? nil : text
    }

    /// `text` without ANSI escape sequences (`ESC [ … m` colours and the like).
    static func withoutANSI(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let s = scalars.next() {
            guard s == "\u{1B}" else { out.append(s); continue }
            guard let next = scalars.next() else { break }
            if next == "[" {  // CSI: parameters, then one final byte in @…~
                while let p = scalars.next(), !(0x40...0x7E).contains(p.value) {}
            }
        }
        return String(out)
    }

    /// `text` with Windows line ends made "\n" (looked for first: replacing is slow on a large text).
    static func unixLines(_ text: String) -> String {
        text.utf8.contains(13) ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
    }

    /// Markdown `text` as prose that stays prose: a fence left open is closed
    /// at the cell's end (as Jupyter renders it), and a fence tagged
    /// `nnbook`, `output`, `hint` or `mistake` is an error, since it would become a cell.
    static func closedProse(_ text: String, cell: Int, path: String) throws -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var open: Fence?
        for (n, line) in lines.enumerated() {
            if let fence = open {
                if fence.isClosed(by: line) { open = nil }
                continue
            }
            guard let fence = Fence(line) else { continue }
            if notebookTags.contains(fence.tag) {
                throw NotebookError(path: path, line: 0, message: "\(place(cell)), line \(n + 1) of its text: a ```\(fence.tag) block "
                                    + "in a markdown cell would become part of an nnbook cell; give it another tag (```text)")
            }
            open = fence
        }
        if let fence = open { lines.append(String(repeating: fence.character, count: fence.length)) }
        return lines.joined(separator: "\n")
    }

    /// A blank line between each prose block and the cells around it.
    static func spaced(_ blocks: [Block]) -> [Block] {
        blocks.enumerated().map { i, block in
            guard case .prose(let text, let line) = block else { return block }
            return .prose((i > 0 ? "\n" : "") + text + (i < blocks.count - 1 ? "\n" : ""), line: line)
        }
    }

    /// The notebook written out and read back; an error names the `.ipynb`
    /// cell whose text would not read back as it was.
    static func written(_ blocks: [Block], frontMatter: [String]?, origins: [Int], skipped: [String: Int], path: String) throws -> ImportedNotebook {
        let markdown = NotebookWriter.markdown(Notebook(blocks: blocks, frontMatter: frontMatter))
        let parsed = try NotebookParser.parse(markdown, path: path)
        let wanted = blocks.compactMap { if case .cell(let c) = $0 { c } else { nil } }
        let cellOrigins = zip(blocks, origins).compactMap { if case .cell = $0 { $1 } else { nil } }
        if parsed.cells.count != wanted.count {
            throw NotebookError(path: path, line: 0, message: "holds markdown that would read back as \(parsed.cells.count) nnbook cells, "
                                + "not \(wanted.count); nothing was written")
        }
        for (k, cell) in wanted.enumerated() {
            let got = parsed.cells[k]
            if got.source != cell.source || got.expected != cell.expected || got.hint != cell.hint
                || got.mistakes.map(\.blockText) != cell.mistakes.map(\.blockText) {
                throw NotebookError(path: path, line: 0, message: "\(place(cellOrigins[k])) does not read back as the same cell "
                                    + "once written as Markdown (a markdown cell before it may hold an unusual fence)")
            }
        }
        return ImportedNotebook(notebook: parsed, markdown: markdown, skipped: skipped)
    }

    /// `cells[3] (cell 4)`.
    static func place(_ cell: Int) -> String { "cells[\(cell)] (cell \(cell + 1))" }
}
