import XCTest
import NNBookLanguage
@testable import NNBookNotebook

final class NotebookRecorderTests: XCTestCase {
    /// Runs `sources` in a session the way the REPL does, feeding the recorder.
    func recordSession(_ sources: [String]) -> NotebookRecorder {
        let session = Session()
        var recorder = NotebookRecorder(preamble: "# My session")
        for source in sources {
            recorder.record(source: source, result: session.execute(source))
        }
        return recorder
    }

    let sources = [
        "x = 2", "x * 0.8", "y + 1", ":vars", ":save s.md", ":precision 3", "sigmoid(x)",
        "for i in range(3):\n    print(i * 0.5)", "print(\"```\")", ":reset", "x = 1", "x",
    ]

    func testRecordsCellsWithOutputsButNotFailuresOrMetaCommands() {
        let recorder = recordSession(sources)
        XCTAssertEqual(recorder.count, 9)
        XCTAssertEqual(recorder.notebook.cells.map(\.source), [
            "x = 2", "x * 0.8", ":precision 3", "sigmoid(x)", "for i in range(3):\n    print(i * 0.5)",
            "print(\"```\")", ":reset", "x = 1", "x",
        ])
        XCTAssertEqual(recorder.notebook.cells.map(\.expected), [
            nil, "1.6", "numbers now print with up to 3 decimals", "0.881", "0\n0.5\n1", "```",
            "session reset: every variable, function and result is forgotten", nil, "1",
        ])
        XCTAssertTrue(recorder.markdown.hasPrefix("# My session\n\n```nnbook\nx = 2\n```\n\n```nnbook\nx * 0.8\n```\n```output\n1.6\n```\n"))
        XCTAssertTrue(recorder.markdown.contains("```nnbook\nprint(\"```\")\n```\n````output\n```\n````\n"))
    }

    func testSavedSessionParsesBackToTheSameNotebook() throws {
        let recorder = recordSession(sources)
        XCTAssertEqual(try NotebookParser.parse(recorder.markdown, path: "s.md"), recorder.notebook)
    }

    func testSavingThenCheckingPasses() throws {
        let folder = try makeTemporaryFolder()
        let path = folder + "/session.md"
        let recorder = recordSession(sources)
        try recorder.save(to: path, overwrite: false)
        let report = NotebookChecker.check(paths: [path])
        XCTAssertEqual(report.render(), ["7 passed, 0 failed"])
        XCTAssertTrue(report.succeeded)
    }

    func testSaveRefusesToOverwriteUnlessAsked() throws {
        let folder = try makeTemporaryFolder()
        let path = folder + "/s.md"
        try writeFile("precious", to: path)
        let recorder = recordSession(["1 + 1"])
        XCTAssertThrowsError(try recorder.save(to: path, overwrite: false)) { error in
            XCTAssertEqual(error as? NotebookError, NotebookError(path: path, line: 0,
                message: "already exists; nothing was written", writeError: .exists))
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "precious")
        try recorder.save(to: path, overwrite: true)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "# My session\n\n```nnbook\n1 + 1\n```\n```output\n2\n```\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder)
        XCTAssertEqual(leftovers, ["s.md"], "no temporary file left behind")
    }

    func testSaveIntoAMissingFolderIsAnError() throws {
        let folder = try makeTemporaryFolder()
        XCTAssertThrowsError(try NotebookRecorder().save(to: folder + "/no/such/s.md", overwrite: false)) { error in
            XCTAssertEqual((error as? NotebookError)?.message, "cannot be written: the folder \(folder)/no/such does not exist")
        }
    }
}
