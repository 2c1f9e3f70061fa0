import XCTest
@testable import NNBookLanguage

final class CellSplitterTests: XCTestCase {
    private typealias Cell = CellSplitter.Cell

    /// Feeds every line and returns the cells in order, the open one last.
    private func split(_ lines: [String], mode: CellSplitter.Mode = .interactive) -> [Cell] {
        var splitter = CellSplitter(mode: mode)
        var cells: [Cell] = []
        for line in lines { cells += splitter.feed(line) }
        if let last = splitter.finish() { cells.append(last) }
        return cells
    }

    func testOneLineCellsCompleteAtOnce() {
        var splitter = CellSplitter()
        XCTAssertEqual(splitter.feed("x = 2"), [Cell(source: "x = 2", firstLine: 1)])
        XCTAssertFalse(splitter.isContinuing)
        XCTAssertEqual(splitter.feed("sigmoid(x)"), [Cell(source: "sigmoid(x)", firstLine: 2)])
    }

    func testForBlockEndedByABlankLine() {
        var splitter = CellSplitter()
        XCTAssertEqual(splitter.feed("for i in range(3):"), [])
        XCTAssertTrue(splitter.isContinuing)
        XCTAssertEqual(splitter.suggestedIndent, "    ")
        XCTAssertEqual(splitter.feed("    v = v * 2"), [])
        XCTAssertEqual(splitter.suggestedIndent, "    ")
        XCTAssertEqual(splitter.feed("    print(v)"), [])
        XCTAssertEqual(splitter.feed(""), [Cell(source: "for i in range(3):\n    v = v * 2\n    print(v)", firstLine: 1)])
        XCTAssertFalse(splitter.isContinuing)
        XCTAssertNil(splitter.finish())
    }

    func testForBlockEndedByAnUnindentedLineWhichStartsTheNextCell() {
        var splitter = CellSplitter()
        XCTAssertEqual(splitter.feed("for i in range(3):"), [])
        XCTAssertEqual(splitter.feed("    v = v * 2"), [])
        XCTAssertEqual(splitter.feed("print(\"Final output:\", v)"), [
            Cell(source: "for i in range(3):\n    v = v * 2", firstLine: 1),
            Cell(source: "print(\"Final output:\", v)", firstLine: 3),
        ])
    }

    func testUnindentedLineThatOpensAnotherBlock() {
        XCTAssertEqual(split(["for i in range(2):", "    x = i", "for j in range(2):", "    y = j"]), [
            Cell(source: "for i in range(2):\n    x = i", firstLine: 1),
            Cell(source: "for j in range(2):\n    y = j", firstLine: 3),
        ])
    }

    func testNestedBlocksEndAtABlankLine() {
        XCTAssertEqual(split(["for i in range(2):", "    for j in range(2):", "        x = i + j", "    y = i", "", "z = 1"]), [
            Cell(source: "for i in range(2):\n    for j in range(2):\n        x = i + j\n    y = i", firstLine: 1),
            Cell(source: "z = 1", firstLine: 6),
        ])
    }

    func testOpenBracketsContinueUntilTheyClose() {
        var splitter = CellSplitter()
        XCTAssertEqual(splitter.feed("v = [1,"), [])
        XCTAssertTrue(splitter.isContinuing)
        XCTAssertEqual(splitter.feed("     2,"), [])
        // As in Python's REPL, closing the bracket completes a statement that opens no block.
        XCTAssertEqual(splitter.feed("     3]"), [Cell(source: "v = [1,\n     2,\n     3]", firstLine: 1)])
        XCTAssertFalse(splitter.isContinuing)
    }

    func testBlankLineInsideOpenBracketsDoesNotEndTheCell() {
        var splitter = CellSplitter()
        XCTAssertEqual(splitter.feed("print(1,"), [])
        XCTAssertEqual(splitter.feed(""), [])
        XCTAssertTrue(splitter.isContinuing)
        XCTAssertEqual(splitter.finish(), Cell(source: "print(1,\n", firstLine: 1))
    }

    func testBracketOpenedInABlockHeaderStillNeedsTheBlock() {
        XCTAssertEqual(split(["for i in range(", "    3):", "    x = i", "", "y = 1"]), [
            Cell(source: "for i in range(\n    3):\n    x = i", firstLine: 1),
            Cell(source: "y = 1", firstLine: 5),
        ])
    }

    func testBracketsInStringsAndCommentsDoNotCount() {
        XCTAssertEqual(split(["print(\"(\")", "x = 1  # (not open"]), [
            Cell(source: "print(\"(\")", firstLine: 1),
            Cell(source: "x = 1  # (not open", firstLine: 2),
        ])
    }

    func testIfElseStaysOneCell() {
        XCTAssertEqual(split(["if x > 0:", "    y = 1", "else:", "    y = 2", ""]), [
            Cell(source: "if x > 0:\n    y = 1\nelse:\n    y = 2", firstLine: 1),
        ])
        XCTAssertEqual(split(["if x > 0:", "    y = 1", "elif x < 0:", "    y = -1", "else:", "    y = 0", "print(y)"]), [
            Cell(source: "if x > 0:\n    y = 1\nelif x < 0:\n    y = -1\nelse:\n    y = 0", firstLine: 1),
            Cell(source: "print(y)", firstLine: 7),
        ])
    }

    func testANameThatMerelyStartsWithElseStartsANewCell() {
        XCTAssertEqual(split(["if x > 0:", "    y = 1", "elsewhere = 3"]), [
            Cell(source: "if x > 0:\n    y = 1", firstLine: 1),
            Cell(source: "elsewhere = 3", firstLine: 3),
        ])
    }

    func testBlankLinesBetweenCellsAreCountedInLineNumbers() {
        XCTAssertEqual(split(["", "x = 1", "", "", "y = 2"]), [
            Cell(source: "x = 1", firstLine: 2),
            Cell(source: "y = 2", firstLine: 5),
        ])
    }

    func testFinishReturnsTheOpenBlock() {
        XCTAssertEqual(split(["while x < 10:", "    x = x + 1"]), [Cell(source: "while x < 10:\n    x = x + 1", firstLine: 1)])
    }

    func testCommentAfterColonStillOpensABlockButMetaCommandsDoNot() {
        XCTAssertEqual(split(["for i in range(2):  # loop", "    x = i", ""]).count, 1)
        XCTAssertEqual(split([":help", "x = 1"]), [Cell(source: ":help", firstLine: 1), Cell(source: "x = 1", firstLine: 2)])
    }

    func testDiscardForgetsTheOpenCell() {
        var splitter = CellSplitter()
        _ = splitter.feed("for i in range(2):")
        splitter.discard()
        XCTAssertFalse(splitter.isContinuing)
        XCTAssertEqual(splitter.feed("x = 1"), [Cell(source: "x = 1", firstLine: 2)])
    }

    func testSplitCellsRunInASession() {
        let s = Session()
        let cells = split(["v = [1, 2, 3]", "for i in range(3):", "    v = v * 2", "print(\"Final output:\", v)"])
        XCTAssertEqual(cells.count, 3)
        var lines: [String] = []
        for c in cells { lines += s.execute(c.source, firstLine: c.firstLine).plainLines }
        XCTAssertEqual(lines, ["Final output: [8, 16, 24]"])
    }

    // MARK: files and pipes

    func testInAFileABlankLineInsideABlockGoesOnWhenTheNextLineIsIndented() {
        let lines = ["for i in range(2):", "    output = i", "    ", "    error = 1 - output", "", "    print(error)", "", "print(\"done\")"]
        XCTAssertEqual(split(lines, mode: .file), [
            Cell(source: "for i in range(2):\n    output = i\n    \n    error = 1 - output\n\n    print(error)", firstLine: 1),
            Cell(source: "print(\"done\")", firstLine: 8),
        ])
        // At a prompt the first blank line runs the loop, as in Python's REPL.
        XCTAssertEqual(split(lines).first, Cell(source: "for i in range(2):\n    output = i", firstLine: 1))
    }

    func testInAFileTrailingBlankLinesAreNotPartOfTheCell() {
        XCTAssertEqual(split(["for i in range(2):", "    x = i", "", ""], mode: .file),
                       [Cell(source: "for i in range(2):\n    x = i", firstLine: 1)])
        XCTAssertEqual(split(["x = 1", "", "", "y = 2"], mode: .file),
                       [Cell(source: "x = 1", firstLine: 1), Cell(source: "y = 2", firstLine: 4)])
    }

    func testABlockHeaderFollowedByAnUnindentedLineIsOneCellThatFails() {
        XCTAssertEqual(split(["for i in range(3):", "print(i)", "x = 1"]), [
            Cell(source: "for i in range(3):\nprint(i)", firstLine: 1), Cell(source: "x = 1", firstLine: 3),
        ])
        let r = Session().execute("for i in range(3):\nprint(i)")
        XCTAssertTrue(r.failed)
        XCTAssertEqual(r.plainLines.first, "syntax error at line 2, column 1: expected an indented block after ':'")
    }
}
