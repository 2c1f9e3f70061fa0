import XCTest
import NNBookLanguage
import NeuralCore
@testable import NNBookNotebook

/// One Ctrl-C stops a whole notebook: the cell it came in, and every cell
/// and file after it (never only the current cell).
final class NotebookInterruptTests: XCTestCase {
    let threeCells = "```nnbook\na = 1\n```\n\n```nnbook\nb = 2\n```\n\n```nnbook\nc = 3\n```\n```output\n3\n```\n"

    func testACtrlCBetweenCellsStopsTheRest() throws {
        let session = Session()
        var pressed = false
        session.isCancelled = { pressed }
        let runs = NotebookRunner.run(try NotebookParser.parse(threeCells, path: "n.md"), session: session) { _ in pressed = true }
        XCTAssertEqual(runs.map(\.cell.source), ["a = 1"], "the first cell finished before the Ctrl-C; the others never ran")
        XCTAssertNil(session.value(named: "b"))
    }

    func testACtrlCInACellStopsItAndTheRest() throws {
        let text = "```nnbook\nwhile True:\n    a = 1\n```\n\n```nnbook\nb = 2\n```\n"
        let session = Session()
        var checks = 0
        session.isCancelled = { checks += 1; return checks > 3 }
        let runs = NotebookRunner.run(try NotebookParser.parse(text, path: "n.md"), session: session)
        XCTAssertEqual(runs.count, 1)
        XCTAssertTrue(runs[0].interrupted)
        XCTAssertEqual(runs[0].output.first, "interrupted: stopped by Ctrl-C; every variable keeps the value it had at that moment")
    }

    func testCheckStopsAtCtrlCAndSaysWhatItLeft() throws {
        let folder = try makeTemporaryFolder()
        try writeFile("```nnbook\nwhile True:\n    a = 1\n```\n\n" + threeCells, to: folder + "/01-long.md")
        try writeFile(threeCells, to: folder + "/02-next.md")
        try writeFile(threeCells, to: folder + "/03-last.md")
        var checks = 0
        let report = NotebookChecker.check(paths: [folder], isCancelled: { checks += 1; return checks > 100 })
        XCTAssertEqual(report.stopped, CheckStop(path: folder + "/01-long.md", cellsNotRun: 3, filesNotChecked: 2))
        XCTAssertFalse(report.succeeded)
        XCTAssertEqual(report.files, 1)
        XCTAssertEqual(report.render().suffix(2), [
            "stopped by Ctrl-C in \(folder)/01-long.md: 3 cells not run, 2 more files not checked",
            "0 passed, 1 failed",
        ])
    }

    func testACtrlCWhileAnAnswerIsJudgedStopsTheJudging() throws {
        let lesson = "```nnbook\na = 1\nb = 2\n```\n"
        let session = Session()
        var asked = 0
        session.isCancelled = { asked += 1; return asked > 1 }  // pressed after the cell's first statement ran
        let stepper = LessonStepper(notebook: try NotebookParser.parse(lesson, path: "l.md"), session: session)
        XCTAssertEqual(stepper.answer("a = 5").verdict, .interrupted, "not judged against half the cell")
        XCTAssertEqual(stepper.index, 0)
        session.isCancelled = { false }
        XCTAssertEqual(stepper.answer("a = 1\nb = 2").verdict, .correct)
    }

    func testReadingANotebookChecksOnceALine() {
        let text = String(repeating: "prose\n", count: 50) + threeCells
        var asked = 0
        let work = WorkGuard(isCancelled: { asked += 1; return asked > 20 }, memoryLimit: { Int.max })
        let result = WorkGuard.$current.withValue(work) { Result { try NotebookParser.parse(text, path: "n.md") } }
        guard case .failure(let e) = result else { return XCTFail("not stopped") }
        XCTAssertEqual(e as? NeuralError, .interrupted)
        XCTAssertEqual(asked, 21)
    }
}
