import Foundation
import XCTest
@testable import NNBookNotebook

final class JupyterExportTests: XCTestCase {
    let tricky = Notebook(blocks: [
        .prose("# Quotes \"and\" \\backslashes\\\n\n中文说明：梯度下降\n", line: 1),
        .cell(Cell(source: "s = \"a\\\"b\"\nprint(s)", line: 5, expected: "a\"b\ttab\u{1}\u{1B}[0m", expectedLine: 9)),
        .prose("", line: 11),
        .cell(Cell(source: "x = 2", line: 13)),
    ])

    func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func testDocumentStructure() throws {
        let doc = try json(JupyterExport.ipynb(tricky))
        XCTAssertEqual(doc["nbformat"] as? Int, 4)
        XCTAssertEqual(doc["nbformat_minor"] as? Int, 5)
        let metadata = try XCTUnwrap(doc["metadata"] as? [String: Any])
        XCTAssertEqual(metadata["kernelspec"] as? [String: String], ["name": "nnbook", "display_name": "nnbook", "language": "nnbook"])
        XCTAssertEqual(metadata["language_info"] as? [String: String], JupyterKernelInfo.languageInfo.json)
        let cells = try XCTUnwrap(doc["cells"] as? [[String: Any]])
        XCTAssertEqual(cells.map { $0["cell_type"] as? String }, ["markdown", "code", "code"], "blank prose is dropped")
        XCTAssertEqual(cells.map { $0["id"] as? String }, ["cell-1", "cell-2", "cell-3"])
        XCTAssertEqual(cells[0]["source"] as? [String], ["# Quotes \"and\" \\backslashes\\\n", "\n", "中文说明：梯度下降"])
        XCTAssertEqual(cells[1]["source"] as? [String], ["s = \"a\\\"b\"\n", "print(s)"])
        XCTAssertEqual(cells[1]["execution_count"] as? Int, 1)
        let output = try XCTUnwrap((cells[1]["outputs"] as? [[String: Any]])?.first)
        XCTAssertEqual(output["output_type"] as? String, "execute_result")
        XCTAssertEqual(output["execution_count"] as? Int, 1)
        XCTAssertEqual((output["data"] as? [String: Any])?["text/plain"] as? [String], ["a\"b\ttab\u{1}\u{1B}[0m"])
        XCTAssertEqual((cells[2]["outputs"] as? [Any])?.count, 0)
        XCTAssertEqual(cells[2]["execution_count"] as? Int, 2)
    }

    func testExecutionCountsFromTheSession() throws {
        let cells = try XCTUnwrap(try json(JupyterExport.ipynb(tricky, executionCounts: [3, 7]))["cells"] as? [[String: Any]])
        XCTAssertEqual(cells.compactMap { $0["execution_count"] as? Int }, [3, 7])
    }

    func testIdsAreValidAndDeterministic() throws {
        XCTAssertEqual(JupyterExport.ipynb(tricky), JupyterExport.ipynb(tricky))
        let cells = try XCTUnwrap(try json(JupyterExport.ipynb(tricky))["cells"] as? [[String: Any]])
        for id in cells.compactMap({ $0["id"] as? String }) {
            XCTAssertNotNil(id.range(of: "^[a-zA-Z0-9-_]{1,64}$", options: .regularExpression), id)
        }
    }

    func testSourceLines() {
        XCTAssertEqual(JupyterExport.sourceLines("a\nb\n\nc"), ["a\n", "b\n", "\n", "c"])
        XCTAssertEqual(JupyterExport.sourceLines("one"), ["one"])
        XCTAssertEqual(JupyterExport.sourceLines(""), [])
    }

    func testValidatesAgainstTheNbformatSchema() throws {
        let folder = try makeTemporaryFolder()
        let path = folder + "/tricky.ipynb"
        try JupyterExport.write(tricky, to: path, overwrite: false)
        XCTAssertThrowsError(try JupyterExport.write(tricky, to: path, overwrite: false))
        guard python(["-c", "import nbformat"]) == 0 || python(["-m", "pip", "install", "--quiet", "nbformat"]) == 0 && python(["-c", "import nbformat"]) == 0 else {
            throw XCTSkip("Python's nbformat is not available")
        }
        let script = "import nbformat, sys; nb = nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); "
            + "assert [c.id for c in nb.cells] == ['cell-1', 'cell-2', 'cell-3']; "
            + "assert nb.cells[1].outputs[0].data['text/plain'] == 'a\"b\\ttab\\x01\\x1b[0m'; "
            + "assert nb.cells[0].source.endswith('中文说明：梯度下降')"
        XCTAssertEqual(python(["-c", script, path]), 0, "nbformat rejected \(path)")
    }

    /// Runs python3 with `arguments`; the exit status, or -1 when it cannot start.
    func python(_ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
