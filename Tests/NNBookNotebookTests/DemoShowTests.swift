import NNBookLanguage
import XCTest
@testable import NNBookNotebook

private let notebookText = """
# Sigmoid

The sigmoid squashes numbers.

More prose.

```nnbook
sigmoid(2)
```

```nnbook
k = k + 1
k * 100
```
"""

private func makeShow() throws -> DemoShow {
    let notebook = try NotebookParser.parse(notebookText, path: "demo.md")
    let session = Session()
    _ = session.execute("k = 0")
    return DemoShow(notebook: notebook, session: session)
}

private func outputText(_ show: DemoShow, _ cell: Int) -> [String] {
    CellResult(count: 0, outputs: show.cells[cell].output ?? []).plainLines
}

final class DemoShowTests: XCTestCase {
    func testStepsAreProseBlocksAndTwoPerCell() throws {
        let show = try makeShow()
        XCTAssertEqual(show.steps, [
            .prose([.heading(level: 1, [.text("Sigmoid")]), .paragraph([.text("The sigmoid squashes numbers.")])]),
            .prose([.paragraph([.text("More prose.")])]),
            .input(cell: 0), .output(cell: 0), .input(cell: 1), .output(cell: 1),
        ])
    }

    func testACellRunsWhenItsOutputIsShownAndOnlyThen() throws {
        let show = try makeShow()
        XCTAssertNil(show.currentCell)
        show.forward(); show.forward()
        XCTAssertEqual(show.position, 2)
        XCTAssertEqual(show.currentCell, 0)
        XCTAssertNil(show.cells[0].output, "the input is shown, the class predicts")
        show.forward()
        XCTAssertEqual(outputText(show, 0), ["0.880797"])
        show.forward(); show.forward()
        XCTAssertEqual(outputText(show, 1), ["100"])
        XCTAssertFalse(show.forward(), "at the end")
        XCTAssertTrue(show.back())
        XCTAssertTrue(show.forward())
        XCTAssertEqual(outputText(show, 1), ["100"], "shown again from memory, not run again")
        show.first()
        XCTAssertEqual(show.position, 0)
        XCTAssertFalse(show.back())
        show.last()
        XCTAssertEqual(outputText(show, 1), ["100"])
    }

    func testLastRunsEveryCellInOrder() throws {
        let show = try makeShow()
        show.last()
        XCTAssertTrue(show.isAtEnd)
        XCTAssertEqual(outputText(show, 0), ["0.880797"])
        XCTAssertEqual(outputText(show, 1), ["100"])
    }

    func testRerunAndEditRunOnPurposeAndMoveToTheOutput() throws {
        let show = try makeShow()
        show.last()
        show.rerun(1)
        XCTAssertEqual(outputText(show, 1), ["200"])
        XCTAssertTrue(show.cells[1].ranAgain)
        show.first()
        show.forward()
        XCTAssertEqual(show.currentCell, nil)
        show.forward()
        show.edit(0, source: "sigmoid(3)")
        XCTAssertEqual(show.position, 3, "the edited cell's output is on screen")
        XCTAssertEqual(show.cells[0].source, "sigmoid(3)")
        XCTAssertTrue(show.cells[0].edited)
        XCTAssertEqual(outputText(show, 0), ["0.952574"])
    }

    func testGoingBackThenRunningAgainRewindsTheStateAndLaterCellsRunAfresh() throws {
        let notebook = try NotebookParser.parse("""
            ```nnbook
            w = 1
            ```
            ```nnbook
            w = w - 0.5
            w
            ```
            ```nnbook
            w * 10
            ```
            """, path: "demo.md")
        let show = DemoShow(notebook: notebook, session: Session())
        show.last()
        XCTAssertEqual(outputText(show, 2), ["5"])
        show.back(); show.back(); show.back()  // back to cell 1's output
        show.rerun(1)
        XCTAssertEqual(outputText(show, 1), ["0.5"], "run from the state before it, not from the end's")
        XCTAssertNil(show.cells[2].output, "a later output is out of date: forgotten")
        show.forward(); show.forward()
        XCTAssertEqual(outputText(show, 2), ["5"])
        show.back(); show.back(); show.back()
        show.edit(1, source: "w = w - 0.25\nw")
        XCTAssertEqual(outputText(show, 1), ["0.75"], "an edit replaces the cell: it runs from the state before it")
        show.last()
        XCTAssertEqual(outputText(show, 2), ["7.5"])
        show.rerun(2)
        XCTAssertEqual(outputText(show, 2), ["7.5"])
    }

    func testLayoutOfAStep() throws {
        let show = try makeShow()
        let layout = DemoLayout(width: 40, colour: false, unicode: true, language: .en)
        XCTAssertEqual(layout.lines(ofStep: 0, in: show), ["Sigmoid", "═══════", "", "The sigmoid squashes numbers.", ""])
        show.last()
        XCTAssertEqual(layout.lines(ofStep: 4, in: show), ["» k = k + 1", "» k * 100"])
        XCTAssertEqual(layout.lines(ofStep: 5, in: show), ["100", ""])
        XCTAssertEqual(layout.lines(through: 3, in: show).suffix(3), ["» sigmoid(2)", "0.880797", ""])
        show.edit(0, source: "sigmoid(3)")
        XCTAssertEqual(layout.lines(ofStep: 2, in: show), ["✎ edited", "» sigmoid(3)"])
        show.last()  // cell 1 runs again after the edit, from the state the edited cell left
        show.rerun(1)
        XCTAssertEqual(layout.lines(ofStep: 5, in: show), ["↻ run again", "200", ""])
        let zh = DemoLayout(width: 40, colour: false, unicode: true, language: .zh)
        XCTAssertEqual(zh.output([]), ["（无输出）"])
        XCTAssertEqual(layout.output([]), ["(no output)"])
    }
}
