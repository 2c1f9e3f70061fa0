import Foundation
import NeuralCore
import XCTest
@testable import NNBookNotebook

final class JupyterKernelInfoTests: XCTestCase {
    func testExportedMetadataNamesTheKernel() throws {
        let text = JupyterExport.ipynb(Notebook(blocks: [.cell(Cell(source: "1", line: 2))]))
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let metadata = try XCTUnwrap(doc["metadata"] as? [String: Any])
        XCTAssertEqual(metadata["kernelspec"] as? [String: String], ["name": "nnbook", "display_name": "nnbook", "language": "nnbook"])
        XCTAssertEqual(metadata["language_info"] as? [String: String], [
            "name": "nnbook", "version": JupyterKernelInfo.version, "mimetype": "text/x-nnbook", "file_extension": ".md",
            "pygments_lexer": "python", "codemirror_mode": "python",
        ])
    }

    func testCodableSpellsTheKeysAsJupyterDoes() throws {
        let encoded = try JSONEncoder().encode(JupyterKernelInfo.languageInfo)
        XCTAssertEqual(try JSONSerialization.jsonObject(with: encoded) as? [String: String], JupyterKernelInfo.languageInfo.json)
        let spec = try JSONEncoder().encode(JupyterKernelInfo.kernelspec)
        XCTAssertEqual(try JSONSerialization.jsonObject(with: spec) as? [String: String], JupyterKernelInfo.kernelspec.json)
        XCTAssertEqual(try JSONDecoder().decode(JupyterKernelInfo.LanguageInfo.self, from: encoded), JupyterKernelInfo.languageInfo)
    }
}

final class JupyterImportTests: XCTestCase {
    func imported(_ json: String) throws -> ImportedNotebook {
        try JupyterImport.convert(Data(json.utf8), path: "in.ipynb")
    }

    func importError(_ json: String, file: StaticString = #filePath, line: UInt = #line) -> NotebookError? {
        do {
            _ = try imported(json)
            XCTFail("imported without an error", file: file, line: line)
            return nil
        } catch {
            guard let e = error as? NotebookError else { XCTFail("\(error)", file: file, line: line); return nil }
            return e
        }
    }

    func notebook(_ cells: String) -> String { #"{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [\#(cells)]}"# }

    func testSourceAsStringOrListAndEveryOutputType() throws {
        let result = try imported(notebook(#"""
            {"cell_type": "markdown", "metadata": {}, "source": ["# Title\n", "\n", "Some *prose*."]},
            {"cell_type": "code", "metadata": {"tags": ["x"]}, "execution_count": 3, "source": "x = 2\nprint(x)",
             "outputs": [
               {"output_type": "stream", "name": "stdout", "text": ["2\n", "3"]},
               {"output_type": "stream", "name": "stderr", "text": " more\n"},
               {"output_type": "execute_result", "execution_count": 3, "metadata": {}, "data": {"text/plain": ["a\n", "b"], "text/html": "<b>a</b>"}},
               {"output_type": "display_data", "metadata": {}, "data": {"image/svg+xml": "<svg/>", "text/plain": "[plot]"}},
               {"output_type": "display_data", "metadata": {}, "data": {"image/png": "AAAA"}},
               {"output_type": "error", "ename": "NameError", "evalue": "y", "traceback": ["\u001b[31merror:\u001b[0m no y", "  hint: define y"]},
               {"output_type": "error", "ename": "ValueError", "evalue": "bad", "traceback": []},
               {"output_type": "update_display_data", "data": {}}
             ]},
            {"cell_type": "raw", "metadata": {}, "source": "raw text"},
            {"cell_type": "code", "metadata": {}, "source": [], "outputs": []},
            {"cell_type": "future", "whatever": 1}
            """#))
        XCTAssertEqual(result.notebook.blocks.count, 2)
        guard case .prose(let prose, _) = result.notebook.blocks[0] else { return XCTFail("no prose first") }
        XCTAssertEqual(prose, "# Title\n\nSome *prose*.\n")
        let cell = try XCTUnwrap(result.notebook.cells.first)
        XCTAssertEqual(cell.source, "x = 2\nprint(x)")
        XCTAssertEqual(cell.expected, "2\n3 more\na\nb\n[plot]\nerror: no y\n  hint: define y\nValueError: bad")
        XCTAssertEqual(result.skipped, ["raw cell": 1, "empty code cell": 1, "future cell": 1])
        XCTAssertEqual(result.markdown, """
            # Title

            Some *prose*.

            ```nnbook
            x = 2
            print(x)
            ```
            ```output
            2
            3 more
            a
            b
            [plot]
            error: no y
              hint: define y
            ValueError: bad
            ```

            """)
    }

    func testConsecutiveMarkdownJoinsAndFencesStayProse() throws {
        let result = try imported(notebook(#"""
            {"cell_type": "markdown", "source": "One"},
            {"cell_type": "markdown", "source": "```python\nx = 1"},
            {"cell_type": "code", "source": "1 + 1", "outputs": [{"output_type": "execute_result", "data": {"text/plain": "2"}}]},
            {"cell_type": "markdown", "source": "\n\nEnd\n\n"}
            """#))
        XCTAssertEqual(result.markdown, "One\n\n```python\nx = 1\n```\n\n```nnbook\n1 + 1\n```\n```output\n2\n```\n\nEnd\n")
        XCTAssertEqual(result.notebook.cells.map(\.expected), ["2"])
    }

    func testHintsRoundTripThroughCellMetadata() throws {
        let nb = Notebook(blocks: [.cell(Cell(source: "sigmoid(2)", line: 2, expected: "0.880797", expectedLine: 5,
                                              hint: "The name, then (2).", hintLine: 8))])
        let result = try JupyterImport.convert(Data(JupyterExport.ipynb(nb).utf8), path: "x.ipynb")
        XCTAssertEqual(result.notebook, NotebookWriter.renumbered(nb))
        XCTAssertEqual(try imported(notebook(#"{"cell_type": "code", "metadata": {"nnbook": {"hint": 3}}, "source": "1", "outputs": []}"#))
            .notebook.cells.first?.hint, nil, "a hint that is not a string is ignored")
    }

    func testMalformedInputIsALocatedError() {
        XCTAssertEqual(importError("{\"nbformat\": 4,\n\n  x}")?.description, "in.ipynb:3: not valid JSON: invalid value at column 3")
        XCTAssertEqual(importError("  \n")?.description, "in.ipynb: is empty, not a Jupyter notebook")
        XCTAssertEqual(importError("[1, 2]")?.description, "in.ipynb: the notebook: expected a JSON object but found a list")
        XCTAssertEqual(importError(#"{"cells": []}"#)?.description, #"in.ipynb: the notebook: missing "nbformat""#)
        XCTAssertEqual(importError(#"{"nbformat": 3, "worksheets": []}"#)?.description,
                       "in.ipynb: is nbformat 3; nnbook reads nbformat 4 (jupyter nbconvert --to notebook --nbformat 4 converts it)")
        XCTAssertEqual(importError(#"{"nbformat": 5, "cells": []}"#)?.message, "is nbformat 5, newer than the nbformat 4 nnbook reads")
        XCTAssertEqual(importError(notebook(#"{"cell_type": "markdown", "source": "a"}, {"cell_type": "code", "outputs": []}"#))?.message,
                       #"cells[1] (cell 2): missing "source""#)
        XCTAssertEqual(importError(notebook(#"{"cell_type": "code", "source": "1"}"#))?.message, #"cells[0] (cell 1): missing "outputs""#)
        XCTAssertEqual(importError(notebook(#"{"cell_type": "code", "source": ["a", 2], "outputs": []}"#))?.message,
                       "cells[0] (cell 1).source: expected a string or a list of strings")
        XCTAssertEqual(importError(notebook(#"{"cell_type": "code", "source": "1", "outputs": [{"name": "stdout"}]}"#))?.message,
                       #"cells[0] (cell 1).outputs[0]: missing "output_type""#)
        XCTAssertEqual(importError(#"{"nbformat": "4", "cells": []}"#)?.message, "nbformat: expected a number but found a string")
        XCTAssertEqual(importError(#"{"nbformat": 4.5, "cells": []}"#)?.message, "nbformat: expected a whole number, not 4.5")
        XCTAssertEqual(importError(#"{"nbformat": 4, "cells": {}}"#)?.message, "cells: expected a list but found a JSON object")
        XCTAssertEqual(importError(notebook("7"))?.message, "cells[0] (cell 1): expected a JSON object but found a number")
        XCTAssertEqual(importError(notebook(#"{"cell_type": "code", "source": "1", "outputs": null}"#))?.message, "cells[0] (cell 1).outputs: is null")
        XCTAssertEqual(importError(notebook(#"{"cell_type": "markdown", "source": "only prose"}"#))?.message,
                       "has no code cell with code in it; an nnbook notebook needs at least one")
        XCTAssertEqual(importError(notebook(#"{"cell_type": "markdown", "source": "a\n```nnbook\n1\n```"}, {"cell_type": "code", "source": "1", "outputs": []}"#))?.message,
                       "cells[0] (cell 1), line 2 of its text: a ```nnbook block in a markdown cell would become part of an nnbook cell; give it another tag (```text)")
        XCTAssertNotNil(importError(String(repeating: "[", count: 100_000)))
    }

    func testOutputsAsCheckComparesThem() {
        XCTAssertEqual(JupyterImport.expectedOutput([.stream(name: "stdout", text: "a\n"), .data(text: "b\n")]), "a\nb\n")
        XCTAssertEqual(JupyterImport.expectedOutput([.data(text: "x")]), "x")
        XCTAssertNil(JupyterImport.expectedOutput([.data(text: nil), .other(type: "clear_output")]))
        XCTAssertEqual(JupyterImport.withoutANSI("\u{1B}[1;31mred\u{1B}[0m plain\u{1B}"), "red plain")
    }

    /// Every lesson, English and Chinese: exported, imported and checked, it
    /// passes; and exporting the import gives the same `.ipynb`.
    func testEveryLessonRoundTrips() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = try makeTemporaryFolder()
        var checked: [String] = []
        for language in ["Lessons", "Lessons/zh"] {
            let lessons = root.appendingPathComponent(language).path
            let names = try FileManager.default.contentsOfDirectory(atPath: lessons).filter { $0.hasSuffix(".md") }.sorted()
            XCTAssertEqual(names.count, 7, language)
            try FileManager.default.createDirectory(atPath: folder + "/" + language, withIntermediateDirectories: true)
            for name in names {
                let lesson = try NotebookFile.load(lessons + "/" + name)
                let ipynb = JupyterExport.ipynb(lesson)
                let back = try JupyterImport.convert(Data(ipynb.utf8), path: name)
                XCTAssertEqual(JupyterExport.ipynb(back.notebook), ipynb, "\(language)/\(name): export∘import∘export differs")
                XCTAssertEqual(back.notebook.cells.map(\.source), lesson.cells.map(\.source), name)
                XCTAssertEqual(back.notebook.cells.map(\.hint), lesson.cells.map(\.hint), name)
                XCTAssertEqual(back.notebook.cells.map { $0.mistakes.map(\.blockText) }, lesson.cells.map { $0.mistakes.map(\.blockText) }, name)
                let path = folder + "/" + language + "/" + name
                try JupyterImport.write(back, to: path, overwrite: false)
                XCTAssertThrowsError(try JupyterImport.write(back, to: path, overwrite: false))
                checked.append(path)
            }
        }
        let report = NotebookChecker.check(paths: checked)
        XCTAssertTrue(report.succeeded, report.render().joined(separator: "\n"))
        XCTAssertEqual(report.files, 14)
        XCTAssertGreaterThan(report.passed, 200)
    }
}

final class JupyterImportFileTests: XCTestCase {
    func testFilesTooLargeForTheMemoryLimitAreRefusedUnread() throws {
        let folder = try makeTemporaryFolder()
        let path = folder + "/big.ipynb"
        try writeFile(#"{"nbformat": 4, "cells": [{"cell_type": "code", "source": "1", "outputs": []}]}"#
                      + String(repeating: " ", count: 1_000_000), to: path)
        XCTAssertEqual(try JupyterImport.read(path).notebook.cells.map(\.source), ["1"])
        XCTAssertThrowsError(try JupyterImport.read(path, memoryLimit: 4_000_000)) { error in
            let message = (error as? NotebookError)?.message ?? "\(error)"
            XCTAssertTrue(message.hasPrefix("is 1.0 MB; "), message)
            XCTAssertTrue(message.hasSuffix("; nothing was read (:limits shows and changes the limit)"), message)
        }
        XCTAssertThrowsError(try JupyterImport.read(folder + "/none.ipynb")) { error in
            XCTAssertEqual((error as? NotebookError)?.description, folder + "/none.ipynb: no such file")
        }
    }
}

final class JupyterImportLineEndTests: XCTestCase {
    func testWindowsLineEndsBecomeNewlines() throws {
        let json = #"{"nbformat": 4, "cells": [{"cell_type": "markdown", "source": "a\r\nb"}, "#
            + #"{"cell_type": "code", "source": "x = 1\r\nx", "outputs": [{"output_type": "stream", "name": "stdout", "text": "1\r\n"}]}]}"#
        let result = try JupyterImport.convert(Data(json.utf8), path: "w.ipynb")
        XCTAssertEqual(result.markdown, "a\nb\n\n```nnbook\nx = 1\nx\n```\n```output\n1\n```\n")
        XCTAssertEqual(JupyterImport.unixLines("plain"), "plain")
        XCTAssertEqual(JupyterImport.expectedOutput([.stream(name: "stdout", text: "a\r\n"), .data(text: "b\r\nc")]), "a\nb\nc")
    }
}

final class JupyterImportInterruptTests: XCTestCase {
    /// Ctrl-C stops an import between cells (`WorkGuard.checkpoint`), before anything is written.
    func testACtrlCStopsTheImport() {
        let cells = Array(repeating: #"{"cell_type": "code", "source": "1", "outputs": []}"#, count: 50).joined(separator: ", ")
        var asked = 0
        let work = WorkGuard(isCancelled: { asked += 1; return asked > 10 }, memoryLimit: { Int.max })
        let result = WorkGuard.$current.withValue(work) {
            Result { try JupyterImport.convert(Data(#"{"nbformat": 4, "cells": [\#(cells)]}"#.utf8), path: "c.ipynb") }
        }
        guard case .failure(let e) = result else { return XCTFail("not stopped") }
        XCTAssertEqual(e as? NeuralError, .interrupted)
        XCTAssertEqual(asked, 11, "asked once a cell, stopped at the eleventh")
    }
}
