import Foundation

/// Writes a notebook as Jupyter's `.ipynb` (nbformat 4.5), for `:export` and
/// `nnbook export`, so a session or a lesson opens in Jupyter, VS Code and on
/// GitHub; its metadata names the nnbook kernel (`JupyterKernelInfo`).
/// `JupyterImport` reads the file back.
///
/// Each prose block becomes a markdown cell (blank-only prose is dropped),
/// each input cell a code cell whose expected output becomes an
/// `execute_result` with `text/plain` lines, and a lesson's hint and mistakes
/// go into the cell's metadata as `nnbook.hint` and `nnbook.mistakes` (a list
/// of `{"output", "explanation"}`), for `JupyterImport`. Cell ids are `cell-1`, `cell-2` …
/// in order, so the same notebook always exports to the same bytes. Strings
/// are escaped by `JSONSerialization`, so quotes, backslashes, control
/// characters and Chinese text all survive.
public enum JupyterExport {
    /// The `.ipynb` JSON text. `executionCounts[i]` is the `In [n]` of the
    /// i-th input cell; without it, cells are numbered 1, 2, 3 ….
    public static func ipynb(_ nb: Notebook, executionCounts: [Int]? = nil) -> String {
        var cells: [[String: Any]] = []
        var codeIndex = 0
        for block in nb.blocks {
            let id = "cell-\(cells.count + 1)"
            switch block {
            case .prose(let text, _):
                let trimmed = trimBlankLines(text)
                if trimmed.isEmpty { continue }
                cells.append(["cell_type": "markdown", "id": id, "metadata": [String: Any](), "source": sourceLines(trimmed)])
            case .cell(let cell):
                let count = executionCounts.flatMap { codeIndex < $0.count ? $0[codeIndex] : nil } ?? codeIndex + 1
                codeIndex += 1
                var outputs: [[String: Any]] = []
                if let expected = cell.expected, !expected.isEmpty {
                    outputs.append(["output_type": "execute_result", "execution_count": count,
                                    "data": ["text/plain": sourceLines(expected)], "metadata": [String: Any]()])
                }
                var extras: [String: Any] = [:]
                if let hint = cell.hint { extras["hint"] = hint }
                if !cell.mistakes.isEmpty {
                    extras["mistakes"] = cell.mistakes.map { ["output": $0.output, "explanation": $0.explanation] }
                }
                let metadata: [String: Any] = extras.isEmpty ? [:] : ["nnbook": extras]
                cells.append(["cell_type": "code", "id": id, "execution_count": count, "metadata": metadata,
                              "source": sourceLines(cell.source), "outputs": outputs])
            }
        }
        var metadata: [String: Any] = [
            "kernelspec": JupyterKernelInfo.kernelspec.json,
            "language_info": JupyterKernelInfo.languageInfo.json,
        ]
        if let front = nb.frontMatter { metadata["nnbook"] = ["front_matter": front] }
        let document: [String: Any] = [
            "cells": cells,
            "metadata": metadata,
            "nbformat": 4,
            "nbformat_minor": 5,
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]),
              let text = String(data: data, encoding: .utf8) else {
            return "{}"  // unreachable: the document holds only strings, numbers, arrays and dictionaries
        }
        return text + "\n"
    }

    /// Writes `ipynb(nb, executionCounts:)` to `path` atomically (see `NotebookFile.write`).
    public static func write(_ nb: Notebook, executionCounts: [Int]? = nil, to path: String, overwrite: Bool) throws {
        try NotebookFile.write(ipynb(nb, executionCounts: executionCounts), to: path, overwrite: overwrite)
    }

    /// Jupyter's multi-line string: a list of lines, each but the last ending in "\n".
    static func sourceLines(_ text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return lines.enumerated().map { i, line in i < lines.count - 1 ? line + "\n" : line }
            .filter { !$0.isEmpty }
    }

    static func trimBlankLines(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        while let f = lines.first, f.allSatisfy(\.isWhitespace) { lines.removeFirst() }
        while let l = lines.last, l.allSatisfy(\.isWhitespace) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
