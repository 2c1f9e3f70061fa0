import Foundation
import XCTest
import NNBookLanguage
@testable import NNBookNotebook

/// `nnbook check` and lessons run a notebook as a guest of its folder; what
/// the learner types in a lesson runs as typed.
final class NotebookGuestTests: XCTestCase {
    func testCheckRunsANotebookAsAGuestOfItsFolder() throws {
        let root = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/nb", withIntermediateDirectories: false)
        try writeFile("""
            ```nnbook
            m = sequential(dense(2, relu, input: 2))
            save m to "m.json"
            ```
            ```output
            saved the model (6 parameters) to m.json
            ```
            ```nnbook
            save m to "../up.json"
            ```
            ```nnbook
            :save! ../nb.md
            ```
            """, to: root + "/nb/hostile.md")
        let report = NotebookChecker.check(paths: [root + "/nb/hostile.md"])
        XCTAssertEqual(report.passed, 1)
        XCTAssertEqual(report.failures.map(\.line), [9, 12])
        XCTAssertEqual(report.failures.map(\.got), [
            "value error at line 1, column 11: \"../up.json\" is outside this notebook's folder",
            "value error at line 1, column 1: :save! is not allowed in a notebook: only what you type at the prompt can save or export the session",
        ])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root).sorted(), ["nb"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root + "/nb").sorted(), ["hostile.md", "m.json"],
                       "written beside the notebook, not in the working folder")
        let again = NotebookChecker.check(paths: [root + "/nb/hostile.md"])
        XCTAssertEqual(again.failures.first?.got, "value error at line 2, column 11: \"m.json\" already exists — a notebook never replaces a file")
    }

    private let writingLesson = """
        ```nnbook
        m = sequential(dense(2, relu, input: 2))
        ```
        ```nnbook
        save m to "lesson.json"
        ```
        ```nnbook
        1 + 1
        ```
        """

    func testALessonsOwnCellsWriteNothingButTheLearnerMay() throws {
        let root = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let stepper = LessonStepper(notebook: try NotebookParser.parse(writingLesson, path: root + "/01-x.md"), session: Session(),
                                    files: .guest(ofNotebook: root + "/01-x.md", writes: false))
        XCTAssertEqual(stepper.typeForLearner().verdict, .typed)
        let lessons = stepper.typeForLearner()
        XCTAssertEqual(lessons.results.flatMap(\.plainLines).first,
                       "value error at line 1, column 11: \"lesson.json\" was not written: a lesson writes no files")
        stepper.back()
        let learners = stepper.answer("save m to \"\(root)/mine.json\"")
        XCTAssertFalse(learners.results[0].failed, "\(learners.results[0].plainLines)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root), ["mine.json"])
        let scratch = stepper.toggleScratch()
        XCTAssertTrue(scratch)
        XCTAssertFalse(stepper.answer("save m to \"\(root)/scratch.json\"").results[0].failed)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/scratch.json"))
    }

    func testReplayedProgressDoesNotWriteTheLearnersFilesAgain() throws {
        let root = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let notebook = try NotebookParser.parse(writingLesson, path: root + "/01-x.md")
        var records = [CellRecord(), CellRecord()]
        records[1].inputs = ["save m to \"\(root)/mine.json\""]
        let stepper = LessonStepper(notebook: notebook, session: Session(), files: .guest(ofNotebook: root + "/01-x.md", writes: false))
        stepper.replay(upTo: 2, records: records)
        XCTAssertEqual(stepper.index, 2)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root), [], "replaying wrote nothing")
        XCTAssertEqual(stepper.answer("save m to \"\(root)/later.json\"").results[0].failed, false, "the learner writes again after it")
    }
}
