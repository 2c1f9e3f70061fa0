import XCTest
@testable import NNBookNotebook

final class NotebookWriterTests: XCTestCase {
    /// Notebooks whose parse → write → parse must give the same notebook
    /// and, for files already in the writer's layout, the same text.
    let samples = [
        "# Title\n\nSome prose.\n\n```nnbook\nsigmoid(2)\n```\n```output\n0.880797\n```\n",
        "```nnbook\n1\n```\n```nnbook\n2\n```\n",
        "```nnbook\nx = 2\n```\n\n\n```output\n\n2\n\n```\n\n```hint\nh\n```\nTrailing\n\n\n",
        "```nnbook\n1\n```\n```hint\nfirst the hint\n```\n\n```output\n1\n```\n",
        "~~~nnbook\n1\n~~~\n   ```output\n1\n```\n",
        "Before\n```python\nx = 1\n```\n```nnbook\nprint(\"```\")\n```\n````output\n```\n````\n",
        "```nnbook\nf(x) = x^2\n```\n```output\nf(x) = x^2\n```\n中文说明\n\n```nnbook\n\"引号\\\\\"\n```\n",
        "no newline at end\n```nnbook\n1\n```",
    ]

    func testRoundTripForParsedNotebooks() throws {
        for text in samples {
            let nb = try NotebookParser.parse(text, path: "s.md")
            let written = NotebookWriter.markdown(nb)
            XCTAssertEqual(try NotebookParser.parse(written, path: "s.md"), nb, written)
            XCTAssertEqual(NotebookWriter.markdown(try NotebookParser.parse(written, path: "s.md")), written)
            XCTAssertEqual(NotebookWriter.renumbered(nb), nb, "line numbers of a parsed notebook are already the written ones")
        }
    }

    func testWritesTheCanonicalLayoutVerbatim() throws {
        let text = samples[0]
        XCTAssertEqual(NotebookWriter.markdown(try NotebookParser.parse(text, path: "s.md")), text)
        XCTAssertEqual(NotebookWriter.markdown(try NotebookParser.parse(samples[3], path: "s.md")), samples[3])
    }

    func testOutputContainingBackticksGetsALongerFence() throws {
        let nb = Notebook(blocks: [.cell(Cell(source: "s", line: 0, expected: "```\n  ````x", expectedLine: 0))])
        let text = NotebookWriter.markdown(nb)
        XCTAssertEqual(text, "```nnbook\ns\n```\n`````output\n```\n  ````x\n`````\n")
        XCTAssertEqual(try NotebookParser.parse(text, path: "t.md").cells.first?.expected, "```\n  ````x")
    }

    func testRenumberedGivesTheLinesOfTheWrittenFile() throws {
        let nb = Notebook(blocks: [
            .prose("# T\n", line: 0),
            .cell(Cell(source: "a\nb", line: 0, expected: "1", expectedLine: 0, hint: "h", hintLine: 0)),
            .prose("", line: 0),
            .cell(Cell(source: "c", line: 0)),
        ])
        let renumbered = NotebookWriter.renumbered(nb)
        XCTAssertEqual(renumbered.blocks, [
            .prose("# T\n", line: 1),
            .cell(Cell(source: "a\nb", line: 4, expected: "1", expectedLine: 8, hint: "h", hintLine: 11)),
            .prose("", line: 13),
            .cell(Cell(source: "c", line: 15)),
        ])
        XCTAssertEqual(try NotebookParser.parse(NotebookWriter.markdown(nb), path: "t.md"), renumbered)
    }
}
