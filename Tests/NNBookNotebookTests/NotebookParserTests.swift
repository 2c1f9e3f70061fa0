import XCTest
@testable import NNBookNotebook

final class NotebookParserTests: XCTestCase {
    let lesson = """
    # Sigmoid

    The sigmoid squashes numbers.

    ```nnbook
    sigmoid(2)
    ```
    ```output
    0.880797
    ```

    ```hint
    call sigmoid on 2
    ```
    Then a second one:
    ```nnbook
    x = 2
    x * 3
    ```
    ```python
    print("not a cell")
    ```

    """

    func testCellsProseOutputsHintsAndTheirLines() throws {
        let nb = try NotebookParser.parse(lesson, path: "l.md")
        XCTAssertEqual(nb.blocks, [
            .prose("# Sigmoid\n\nThe sigmoid squashes numbers.\n", line: 1),
            .cell(Cell(source: "sigmoid(2)", line: 6, expected: "0.880797", expectedLine: 9, hint: "call sigmoid on 2", hintLine: 13)),
            .prose("Then a second one:", line: 15),
            .cell(Cell(source: "x = 2\nx * 3", line: 17)),
            .prose("```python\nprint(\"not a cell\")\n```", line: 20),
        ])
    }

    func testHintBeforeOutputAndTildeFences() throws {
        let text = "~~~~nnbook\n1 + 1\n~~~~\n~~~hint\nadd\n~~~\n\n\n```output\n2\n```\n"
        let nb = try NotebookParser.parse(text, path: "t.md")
        XCTAssertEqual(nb.cells, [Cell(source: "1 + 1", line: 2, expected: "2", expectedLine: 10, hint: "add", hintLine: 5)])
    }

    func testAShorterFenceInsideDoesNotCloseTheBlock() throws {
        let text = "````nnbook\n1\n```\n2\n````\n````output\n```\n````\n"
        let nb = try NotebookParser.parse(text, path: "t.md")
        XCTAssertEqual(nb.cells, [Cell(source: "1\n```\n2", line: 2, expected: "```", expectedLine: 7)])
    }

    func testInfoStringWordsAfterTheTagAreAllowed() throws {
        let nb = try NotebookParser.parse("```nnbook title=\"x\"\n3\n```\n```output {.x}\n3\n```\n", path: "t.md")
        XCTAssertEqual(nb.cells.first?.expected, "3")
    }

    func testCRLFLinesAreRead() throws {
        let nb = try NotebookParser.parse("Intro\r\n```nnbook\r\n1\r\n```\r\n```output\r\n1\r\n```\r\n", path: "t.md")
        XCTAssertEqual(nb.blocks, [.prose("Intro", line: 1), .cell(Cell(source: "1", line: 3, expected: "1", expectedLine: 6))])
    }

    func testEmptyOutputBlockIsAnEmptyExpectation() throws {
        let nb = try NotebookParser.parse("```nnbook\nx = 2\n```\n```output\n```\n", path: "t.md")
        XCTAssertEqual(nb.cells.first?.expected, "")
        XCTAssertEqual(nb.cells.first?.expectedLine, 5)
    }

    func assertError(_ text: String, _ expected: NotebookError, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try NotebookParser.parse(text, path: expected.path), file: file, line: line) { error in
            XCTAssertEqual(error as? NotebookError, expected, file: file, line: line)
        }
    }

    func testUnclosedFenceIsReportedAtItsOpeningLine() {
        assertError("# T\n\n```nnbook\nsigmoid(2)\n", NotebookError(path: "a.md", line: 3, message: "this ```nnbook block is never closed"))
        assertError("```nnbook\n1\n```\nprose\n~~~python\nx\n", NotebookError(path: "a.md", line: 5, message: "this ~~~python block is never closed"))
        assertError("```nnbook\n1\n```\n```output\n1\n", NotebookError(path: "a.md", line: 4, message: "this ```output block is never closed"))
    }

    func testOutputOrHintWithoutACell() {
        assertError("Text\n```output\n1\n```\n",
                    NotebookError(path: "b.md", line: 2, message: "this ```output block has no nnbook cell right before it (only blank lines may come between)"))
        assertError("```nnbook\n1\n```\nprose between\n```hint\nh\n```\n",
                    NotebookError(path: "b.md", line: 5, message: "this ```hint block has no nnbook cell right before it (only blank lines may come between)"))
    }

    func testSecondOutputForOneCell() {
        assertError("```nnbook\n1\n```\n```output\n1\n```\n```output\n1\n```\n",
                    NotebookError(path: "c.md", line: 7, message: "the cell at line 1 already has a ```output block"))
    }

    func testNoCellsAndEmptyCells() {
        assertError("# Just prose\n\n```python\nx\n```\n",
                    NotebookError(path: "d.md", line: 1, message: "no ```nnbook cells in this file; a cell is a fenced block tagged nnbook"))
        assertError("", NotebookError(path: "d.md", line: 1, message: "no ```nnbook cells in this file; a cell is a fenced block tagged nnbook"))
        assertError("Intro\n```nnbook\n  \n\n```\n", NotebookError(path: "d.md", line: 2, message: "this nnbook cell is empty; write an input between the fences"))
    }

    func testErrorDescriptionIsPathLineMessage() {
        XCTAssertEqual(NotebookError(path: "x.md", line: 4, message: "bad").description, "x.md:4: bad")
        XCTAssertEqual(NotebookError(path: "x.md", line: 0, message: "no such file").description, "x.md: no such file")
    }
}
