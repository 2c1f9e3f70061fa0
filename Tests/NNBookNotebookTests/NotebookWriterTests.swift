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
        "```nnbook\nx = 1\n```\n```output\n\n```\nProse after an output holding one empty line\n",
        "```nnbook\nx = 1\n```\n```output\n```\nProse after an empty output\n",
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

/// Round trip over many generated files: prose with other fenced blocks,
/// cells with outputs and hints in either order, blank lines between,
/// backticks inside blocks. Seeded, so a failure reproduces.
final class NotebookRoundTripPropertyTests: XCTestCase {
    struct Generator {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        mutating func pick(_ options: [String]) -> String { options[next(options.count)] }
    }

    func generatedFile(_ g: inout Generator) -> String {
        let proseLines = ["# Title", "", "Some *prose*.", "  indented", "中文", "```python\nx = 1\n```", "~~~\ncode\n~~~", "- item"]
        let sourceLines = ["x = 2", "sigmoid(x)", "print(\"```\")", "    print(i)", "", "f(x) = x^2"]
        let outputLines = ["0.880797", "", "```", "````", "a  b", "[0.1, 0.2]", "错误"]
        var text = ""
        for _ in 0..<(1 + g.next(4)) {
            for _ in 0..<g.next(3) { text += g.pick(proseLines) + "\n" }
            let fence = g.pick(["```", "````", "~~~"])
            text += fence + "nnbook\n" + "sigmoid(1)\n"
            for _ in 0..<g.next(3) { text += g.pick(sourceLines) + "\n" }
            text += fence + "\n"
            var attachments: [String] = []
            if g.next(3) > 0 {
                attachments.append("`````output\n" + (0..<(1 + g.next(3))).map { _ in g.pick(outputLines) }.joined(separator: "\n") + "\n`````\n")
            }
            if g.next(2) > 0 { attachments.append("```hint\n" + g.pick(["use sigmoid", "two\nlines"]) + "\n```\n") }
            if g.next(2) > 0 { attachments.reverse() }
            for a in attachments { text += String(repeating: "\n", count: g.next(3)) + a }
        }
        for _ in 0..<g.next(3) { text += g.pick(proseLines) + "\n" }
        return text
    }

    func testParseWriteParseIsTheIdentity() throws {
        var g = Generator(state: 2024)
        for i in 0..<300 {
            let text = generatedFile(&g)
            let nb = try NotebookParser.parse(text, path: "g\(i).md")
            let written = NotebookWriter.markdown(nb)
            XCTAssertEqual(try NotebookParser.parse(written, path: "g\(i).md"), nb, "file \(i):\n\(text)")
        }
    }
}
