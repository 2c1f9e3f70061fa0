import XCTest
import Foundation
@testable import NNBookNotebook

/// ```` ```mistake ```` blocks: read after a cell's output and hint, written
/// back, kept through Jupyter, and errors located at their line.
final class MistakeBlockTests: XCTestCase {
    let text = """
    ```nnbook
    w1 = 1 - 0.1 * 2
    ```
    ```output
    0.8
    ```
    ```hint
    subtract
    ```

    ```mistake
    1.2
    ---
    That went uphill.
    Subtract the step.
    ```
    ~~~mistake
    -1
    ---
    The rate is missing.
    ~~~
    Next.
    """

    func testMistakeBlocksAreReadWithTheirWrongOutputExplanationAndLine() throws {
        let nb = try NotebookParser.parse(text, path: "m.md")
        XCTAssertEqual(nb.cells.count, 1)
        XCTAssertEqual(nb.cells[0].mistakes, [
            CellMistake(output: "1.2", explanation: "That went uphill.\nSubtract the step.", line: 12),
            CellMistake(output: "-1", explanation: "The rate is missing.", line: 18),
        ])
        XCTAssertEqual(nb.cells[0].expected, "0.8")
        XCTAssertEqual(nb.cells[0].hint, "subtract")
        XCTAssertEqual(nb.blocks.last, .prose("Next.", line: 22))
    }

    func testTheWriterWritesThemBackByteForByte() throws {
        let nb = try NotebookParser.parse(text, path: "m.md")
        XCTAssertEqual(NotebookWriter.markdown(nb), text.replacingOccurrences(of: "~~~", with: "```") + "\n")
        XCTAssertEqual(try NotebookParser.parse(NotebookWriter.markdown(nb), path: "m.md"), nb)
    }

    func testJupyterKeepsThemInTheCellMetadata() throws {
        let nb = try NotebookParser.parse(text, path: "m.md")
        let ipynb = JupyterExport.ipynb(nb)
        XCTAssertTrue(ipynb.contains("\"explanation\" : \"The rate is missing.\""), ipynb)
        let back = try JupyterImport.convert(Data(ipynb.utf8), path: "m.ipynb")
        XCTAssertEqual(back.notebook.cells[0].mistakes.map(\.output), ["1.2", "-1"])
        XCTAssertEqual(back.notebook.cells[0].mistakes.map(\.explanation), ["That went uphill.\nSubtract the step.", "The rate is missing."])
        XCTAssertEqual(JupyterExport.ipynb(back.notebook), ipynb)
    }

    func testMalformedOrMisplacedMistakeBlocksAreLocatedErrors() {
        func error(_ text: String) -> NotebookError? {
            do { _ = try NotebookParser.parse(text, path: "e.md"); return nil } catch { return error as? NotebookError }
        }
        XCTAssertEqual(error("Text\n```mistake\n1\n---\nx\n```\n"),
                       NotebookError(path: "e.md", line: 2, message: "this ```mistake block has no nnbook cell right before it (only blank lines may come between)"))
        XCTAssertEqual(error("```nnbook\n1\n```\n```mistake\n2\n```\n"),
                       NotebookError(path: "e.md", line: 4, message: "a ```mistake block is the wrong output, then a line ---, then what to say about it"))
        XCTAssertEqual(error("```nnbook\n1\n```\n```mistake\n2\n---\n\n```\n"),
                       NotebookError(path: "e.md", line: 4, message: "a ```mistake block is the wrong output, then a line ---, then what to say about it"))
        XCTAssertEqual(error("```nnbook\n1\n```\n```mistake\n2\n---\nno\n```\n```output\n1\n```\n"),
                       NotebookError(path: "e.md", line: 9, message: "this ```output block comes after a ```mistake block; put the cell's output and hint first"))
        XCTAssertNil(error("```nnbook\n1\n```\n```mistake\n---\nprints nothing\n```\n"), "an empty wrong output is allowed")
    }

    func testCheckFailsAMistakeBlockThatNamesTheRightOutput() throws {
        let folder = try makeTemporaryFolder()
        let path = folder + "/m.md"
        try writeFile("```nnbook\nsigmoid(0)\n```\n```output\n0.5\n```\n```mistake\n0.50\n---\nwrong\n```\n"
                      + "```mistake\n0.7\n---\nfine\n```\n", to: path)
        let report = NotebookChecker.check(paths: [path])
        XCTAssertEqual(report.failed, 1)
        XCTAssertEqual(report.failures.map(\.line), [8])
        XCTAssertEqual(report.failures.map(\.message), ["this mistake block's wrong output is what the cell prints"])
    }
}
