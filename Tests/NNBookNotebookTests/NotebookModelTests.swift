import XCTest
@testable import NNBookNotebook

final class NotebookModelTests: XCTestCase {
    func testCellsAreTheInputBlocksInOrder() {
        let nb = Notebook(blocks: [
            .prose("# Title\n", line: 1),
            .cell(Cell(source: "sigmoid(2)", line: 4, expected: "0.880797", expectedLine: 7)),
            .prose("More text.\n", line: 9),
            .cell(Cell(source: "relu(-2)", line: 12)),
        ])
        XCTAssertEqual(nb.cells.map(\.source), ["sigmoid(2)", "relu(-2)"])
        XCTAssertEqual(nb.cells.map(\.line), [4, 12])
        XCTAssertEqual(nb.cells[0].expected, "0.880797")
        XCTAssertNil(nb.cells[1].expected)
    }
}
