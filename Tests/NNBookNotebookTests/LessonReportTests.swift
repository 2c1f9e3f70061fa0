import XCTest
import NNBookLanguage
@testable import NNBookNotebook

/// A clock the test moves by hand.
final class HandClock {
    var now = 100.0
    var read: () -> Double { { self.now } }
}

/// What the stepper records per cell (wrong answers, time from an injected
/// clock), assignments, and the report a learner hands in: built from the
/// records, written and read back, and refused when it is not a report.
final class LessonReportTests: XCTestCase {
    /// The stepper tests' three-cell lesson: w = 0.8, w * 2, sigmoid(w * 2).
    let lesson = LessonStepperTests.weightsLesson

    private func stepper(_ clock: HandClock) throws -> LessonStepper {
        LessonStepper(notebook: try NotebookParser.parse(lesson, path: "03-weights.md"), session: Session(), clock: clock.read)
    }

    func testTheStepperAddsTheTimeBetweenEventsToTheCellTheLearnerIsAt() throws {
        let clock = HandClock()
        let s = try stepper(clock)
        clock.now += 5
        XCTAssertEqual(s.answer("w = 0.7").verdict, .notQuite(.variable(name: "w", expected: "0.8", got: "0.7")))
        clock.now += 7
        XCTAssertEqual(s.hint()?.tier, 1)
        clock.now += 8
        XCTAssertEqual(s.answer("w = 0.8").verdict, .correct)
        XCTAssertEqual(s.records[0].seconds, 20)
        XCTAssertEqual(s.records[0].attempts, 2)
        XCTAssertEqual(s.records[0].wrongAnswers, ["w = 0.7"])
        XCTAssertEqual(s.records[0].hintTier, 1)
        clock.now += 3
        s.tick()
        XCTAssertEqual(s.records[1].seconds, 3, "time reading the next cell is that cell's")
        clock.now += 4
        XCTAssertEqual(s.typeForLearner().verdict, .typed)
        XCTAssertEqual(s.records[1].seconds, 7)
        clock.now += 10
        XCTAssertTrue(s.back())
        XCTAssertEqual(s.records[2].seconds, 10, "the time before going back is the cell left's")
        clock.now += 2
        s.tick()
        XCTAssertEqual(s.records[1].seconds, 9, "a cell visited again adds to its time")
        XCTAssertEqual(s.records[0].seconds, 20)
    }

    func testAClockGoingBackAddsNothingAndALongGapAddsAtMostTheIdleLimit() throws {
        let clock = HandClock()
        let s = try stepper(clock)
        clock.now -= 50
        s.tick()
        XCTAssertEqual(s.records[0].seconds, 0)
        clock.now += 10 * 3600  // overnight
        _ = s.answer("w = 0.7")
        XCTAssertEqual(s.records[0].seconds, 900)
        clock.now += 899
        s.tick()
        XCTAssertEqual(s.records[0].seconds, 1799)
    }

    func testAnAssignmentNeverGivesTheCell() throws {
        let s = try stepper(HandClock())
        s.assignment = true
        XCTAssertEqual(s.skip().verdict, .withheld)
        XCTAssertEqual(s.typeForLearner().verdict, .withheld)
        XCTAssertEqual(s.index, 0)
        XCTAssertFalse(s.records[0].skipped || s.records[0].typedForLearner)
        XCTAssertNil(s.show())
        XCTAssertFalse(s.records[0].shown)
        XCTAssertEqual(s.hint(), LessonHint(tier: 1, text: "assign 0.8 to w"))
        XCTAssertEqual(s.hint(), LessonHint(tier: 2, text: "w = …"))
        XCTAssertEqual(s.hint(), LessonHint(tier: 2, text: "w = …", withheld: true))
        XCTAssertEqual(s.records[0].hintTier, 2)
        XCTAssertEqual(s.answer("w = 0.8").verdict, .correct, "answering still works")
    }

    func testRestartingAnAssignmentKeepsItsTriesHintsAndTime() throws {
        let clock = HandClock()
        let s = try stepper(clock)
        s.assignment = true
        _ = s.answer("w = 0.7")
        _ = s.hint()
        clock.now += 6
        _ = s.answer("w = 0.8")
        s.restart()
        XCTAssertEqual(s.index, 0)
        XCTAssertEqual(s.records[0].inputs, [])
        XCTAssertEqual(s.records[0].wrongAnswers, ["w = 0.7"])
        XCTAssertEqual(s.records[0].attempts, 2)
        XCTAssertEqual(s.records[0].hintTier, 1)
        XCTAssertEqual(s.records[0].seconds, 6)
        let plain = try stepper(clock)
        _ = plain.answer("w = 0.7")
        plain.restart()
        XCTAssertEqual(plain.records[0], CellRecord(), "outside an assignment :restart forgets, as it asks first")
    }

    func testReplayingSavedProgressOfAnAssignmentKeepsTheCurrentCellsTriesAndTime() throws {
        let clock = HandClock()
        let first = try stepper(clock)
        _ = first.answer("w = 0.8")
        clock.now += 9
        _ = first.answer("w * 3")
        first.tick()
        let again = try stepper(clock)
        again.assignment = true
        clock.now += 1000  // the replay's own time is not the learner's
        again.replay(upTo: 1, records: first.records)
        XCTAssertEqual(again.index, 1)
        XCTAssertEqual(again.records[1].wrongAnswers, ["w * 3"])
        XCTAssertEqual(again.records[1].seconds, 9)
        XCTAssertTrue(again.assignment)
    }

    func testARecordSavedBeforeTimeWasKeptStillReads() throws {
        let old = #"{"inputs":["w = 0.8"],"typedForLearner":false,"skipped":false,"attempts":1,"hintTier":0,"shown":false}"#
        let r = try JSONDecoder().decode(CellRecord.self, from: Data(old.utf8))
        XCTAssertEqual(r.inputs, ["w = 0.8"])
        XCTAssertEqual(r.attempts, 1)
        XCTAssertEqual(r.seconds, 0)
        XCTAssertEqual(r.wrongAnswers, [])
    }

    func testTheReportMarksEachCellAndRoundTrips() throws {
        let clock = HandClock()
        let s = try stepper(clock)
        _ = s.answer("w = 0.7")
        clock.now += 12.4
        _ = s.answer("w = 0.8")
        _ = s.hint()
        clock.now += 30.6
        _ = s.answer("2 * w")
        let long = String(repeating: "x", count: 1000)
        _ = s.answer("sigmoid(" + long + ")")
        let entry = LessonReport.Lesson(lesson: "03-weights.md", title: "Weights", assignment: true, records: s.records, done: s.index)
        XCTAssertFalse(entry.completed)
        XCTAssertEqual(entry.cells.map(\.status), [.solved, .solvedWithHints, .notSolved])
        XCTAssertEqual(entry.cells.map(\.done), [true, true, false])
        XCTAssertEqual(entry.cells.map(\.seconds), [12, 31, 0])
        XCTAssertEqual(entry.cells[0].wrongAnswers, [LessonReport.WrongAnswer(answer: "w = 0.7", mistake: "")])
        let cut = try XCTUnwrap(entry.cells[2].wrongAnswers.first?.answer)
        XCTAssertEqual(cut.count, LessonReport.answerLimit)
        XCTAssertTrue(cut.hasPrefix("sigmoid(xxx") && cut.hasSuffix("x…"))

        let report = LessonReport(lessons: [entry])
        let json = report.json()
        XCTAssertTrue(json.contains(#""format" : "nnbook-lesson-report""#), json)
        XCTAssertTrue(json.contains(#""status" : "solved with hints""#))
        XCTAssertEqual(try LessonReportReader.decode(Data(json.utf8), path: "r.json").get(), report)
    }

    func testATypedOrSkippedCellIsNotSolved() throws {
        let s = try stepper(HandClock())
        _ = s.typeForLearner()
        _ = s.skip()
        let entry = LessonReport.Lesson(lesson: "l.md", title: "L", assignment: false, records: s.records, done: s.index)
        XCTAssertEqual(entry.cells.map(\.status), [.notSolved, .notSolved, .notSolved])
        XCTAssertEqual(entry.cells.map(\.done), [true, true, false])
    }

    func testTheReportFileAddsToAReportAndNeverOverwritesAnythingElse() throws {
        let folder = try makeTemporaryFolder()
        let path = folder + "/me.json"
        let file = try LessonReportFile(path: path)
        let a = LessonReport.Lesson(lesson: "01-a.md", title: "A", assignment: false, completed: false, cells: [])
        let b = LessonReport.Lesson(lesson: "02-b.md", title: "B", assignment: false, completed: false, cells: [])
        try file.record(a)
        try file.record(b)
        var a2 = a
        a2.completed = true
        try LessonReportFile(path: path).record(a2)
        XCTAssertEqual(try LessonReportReader.read(path).get().lessons, [a2, b])

        let notes = folder + "/notes.json"
        try writeFile("{\"mine\": 1}", to: notes)
        XCTAssertThrowsError(try LessonReportFile(path: notes)) { error in
            XCTAssertEqual((error as? NotebookError)?.message,
                           "cannot take the report: not an nnbook lesson report (\"format\" is not \"nnbook-lesson-report\"); it was left as it is")
        }
        XCTAssertEqual(try String(contentsOfFile: notes, encoding: .utf8), "{\"mine\": 1}")
        XCTAssertThrowsError(try LessonReportFile(path: folder)) { error in
            XCTAssertEqual((error as? NotebookError)?.message, "is a folder; give a file name for the report")
        }
    }
}
