import XCTest
@testable import NNBookNotebook

/// A notebook's front matter (`---`, `KEY: VALUE` lines, `---` at the top):
/// read, written back to the same bytes, carried through Jupyter, and
/// `assignment: true` making a lesson an assignment.
final class FrontMatterTests: XCTestCase {
    let text = """
    ---
    assignment: true
    course: nnbook-101
    ---
    # The kink

    ```nnbook
    relu'(0)
    ```
    ```output
    0
    ```

    """

    func testReadAndWrittenBackToTheSameBytes() throws {
        let nb = try NotebookParser.parse(text, path: "a.md")
        XCTAssertEqual(nb.frontMatter, ["assignment: true", "course: nnbook-101"])
        XCTAssertTrue(nb.isAssignment)
        XCTAssertEqual(nb.cells[0].line, 8, "line numbers count the front matter")
        guard case .prose(let prose, let line)? = nb.blocks.first else { return XCTFail("no prose") }
        XCTAssertEqual(prose, "# The kink\n")
        XCTAssertEqual(line, 5)
        XCTAssertEqual(NotebookWriter.markdown(nb), text)
        XCTAssertEqual(NotebookWriter.renumbered(nb), nb)
    }

    func testWhatIsNotFrontMatterStaysProse() throws {
        for (kind, text) in [
            ("a thematic break over ordinary text", "---\nJust a paragraph, no key.\n---\n```nnbook\n1\n```\n"),
            ("no closing line", "---\nassignment: true\n```nnbook\n1\n```\n"),
            ("not on the first line", "\n---\nassignment: true\n---\n```nnbook\n1\n```\n"),
        ] {
            let nb = try NotebookParser.parse(text, path: "a.md")
            XCTAssertNil(nb.frontMatter, kind)
            XCTAssertFalse(nb.isAssignment, kind)
            XCTAssertEqual(NotebookWriter.markdown(nb), text, kind)
        }
        XCTAssertFalse(try NotebookParser.parse("---\nassignment: false\n---\n```nnbook\n1\n```\n", path: "a.md").isAssignment)
        XCTAssertTrue(try NotebookParser.parse("---\nAssignment: yes\n---\n```nnbook\n1\n```\n", path: "a.md").isAssignment)
        XCTAssertEqual(try NotebookParser.parse("---\n---\n```nnbook\n1\n```\n", path: "a.md").frontMatter, [], "empty front matter")
    }

    func testCarriedThroughJupyter() throws {
        let nb = try NotebookParser.parse(text, path: "a.md")
        let json = JupyterExport.ipynb(nb)
        let document = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let metadata = document?["metadata"] as? [String: Any]
        XCTAssertEqual((metadata?["nnbook"] as? [String: Any])?["front_matter"] as? [String], ["assignment: true", "course: nnbook-101"])
        let back = try JupyterImport.convert(Data(json.utf8), path: "a.ipynb")
        XCTAssertEqual(back.markdown, text)
        // Lines that would not read back as front matter are left out.
        let hostile = json.replacingOccurrences(of: "\"course: nnbook-101\"", with: "\"# a heading\"")
        XCTAssertNil(try JupyterImport.convert(Data(hostile.utf8), path: "a.ipynb").notebook.frontMatter)
    }
}
