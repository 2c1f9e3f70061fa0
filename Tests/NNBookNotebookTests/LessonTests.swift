import XCTest
import NNBookLanguage
@testable import NNBookNotebook

final class LessonCatalogTests: XCTestCase {
    func makeLessons() throws -> String {
        let folder = try makeTemporaryFolder()
        try writeFile("```python\n# not a title\n```\n# Gradient descent\n```nnbook\n1\n```\n```nnbook\n2\n```\n", to: folder + "/02-gradient-descent.md")
        try writeFile("# Numbers\n```nnbook\n1\n```\n", to: folder + "/01-numbers.md")
        try writeFile("no heading\n```nnbook\n1\n", to: folder + "/10-broken.md")
        try writeFile("# Notes\n", to: folder + "/README.md")
        try writeFile("# x\n", to: folder + "/03-.md")
        return folder
    }

    func testListsNumberedLessonsInOrder() throws {
        let folder = try makeLessons()
        XCTAssertEqual(LessonCatalog.lessons(in: folder), [
            LessonInfo(number: 1, name: "numbers", title: "Numbers", path: folder + "/01-numbers.md", cellCount: 1),
            LessonInfo(number: 2, name: "gradient-descent", title: "Gradient descent", path: folder + "/02-gradient-descent.md", cellCount: 2),
            LessonInfo(number: 10, name: "broken", title: "broken", path: folder + "/10-broken.md", cellCount: 0),
        ])
        XCTAssertEqual(LessonCatalog.lessons(in: folder + "/missing"), [])
    }

    func testFindsByNumberNameOrPrefix() throws {
        let folder = try makeLessons()
        XCTAssertEqual(LessonCatalog.find("2", in: folder)?.name, "gradient-descent")
        XCTAssertEqual(LessonCatalog.find("02", in: folder)?.name, "gradient-descent")
        XCTAssertEqual(LessonCatalog.find("gradient", in: folder)?.number, 2)
        XCTAssertEqual(LessonCatalog.find("Numbers", in: folder)?.number, 1)
        XCTAssertEqual(LessonCatalog.find("02-gradient-descent.md", in: folder)?.number, 2)
        XCTAssertEqual(LessonCatalog.find("descent", in: folder)?.number, 2, "a word of the title")
        XCTAssertNil(LessonCatalog.find("7", in: folder))
        XCTAssertNil(LessonCatalog.find("softmax", in: folder))
        XCTAssertNil(LessonCatalog.find("  ", in: folder))
    }
}

final class LessonProgressStoreTests: XCTestCase {
    func testSavesAfterEveryChangeAndResumes() throws {
        let home = try makeTemporaryFolder() + "/home/.nnbook"
        let store = LessonProgressStore(home: home)
        XCTAssertNil(store.progress(for: "Lessons/01-numbers.md"))
        try store.set("Lessons/01-numbers.md", cell: 3, completed: false)
        try store.set("Lessons/02-gradient.md", cell: 5, completed: true)
        let text = try String(contentsOfFile: home + "/progress.json", encoding: .utf8)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: [String: Any]])
        XCTAssertEqual(json["Lessons/01-numbers.md"]?["cell"] as? Int, 3)
        XCTAssertEqual(json["Lessons/01-numbers.md"]?["completed"] as? Bool, false)
        XCTAssertEqual(json["Lessons/02-gradient.md"]?["completed"] as? Bool, true)

        let again = LessonProgressStore(home: home)
        XCTAssertEqual(again.progress(for: "Lessons/01-numbers.md"), LessonProgress(cell: 3, completed: false))
        try again.reset("Lessons/01-numbers.md")
        XCTAssertNil(LessonProgressStore(home: home).progress(for: "Lessons/01-numbers.md"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: home), ["progress.json"])
    }

    func testCorruptOrMissingFileStartsFresh() throws {
        let home = try makeTemporaryFolder()
        try writeFile("{ not json", to: home + "/progress.json")
        let store = LessonProgressStore(home: home)
        XCTAssertEqual(store.entries, [:])
        try store.set("a.md", cell: 1, completed: false)
        XCTAssertEqual(LessonProgressStore(home: home).entries, ["a.md": LessonProgress(cell: 1, completed: false)])
        try writeFile("{\"a.md\": {\"cell\": \"three\"}}", to: home + "/progress.json")
        XCTAssertEqual(LessonProgressStore(home: home).entries, [:])
    }

    func testUnwritableHomeIsAnErrorValue() throws {
        let blocker = try makeTemporaryFolder() + "/file"
        try writeFile("x", to: blocker)
        let store = LessonProgressStore(home: blocker + "/sub")
        XCTAssertThrowsError(try store.set("a.md", cell: 1, completed: false)) { error in
            XCTAssertEqual(error as? NotebookError, NotebookError(path: blocker + "/sub", line: 0, message: "cannot create the folder for lesson progress"))
        }
        XCTAssertEqual(store.progress(for: "a.md"), LessonProgress(cell: 1, completed: false), "kept in memory")
    }
}

final class LessonStepperTests: XCTestCase {
    let lesson = """
    # Weights

    A weight scales an input.
    ```nnbook
    w = 0.8
    ```
    Multiply:

    ```nnbook
    w * 2
    ```
    ```output
    1.6
    ```
    ```hint
    multiply w by 2
    ```
    Squash it:
    ```nnbook
    sigmoid(w * 2)
    ```
    ```output
    0.832018
    ```
    Well done.
    """

    func testScriptedWalkThroughALesson() throws {
        let session = Session()
        var stepper = LessonStepper(notebook: try NotebookParser.parse(lesson, path: "03-weights.md"))
        XCTAssertEqual(stepper.current?.index, 0)
        XCTAssertEqual(stepper.current?.prose, ["# Weights\n\nA weight scales an input."])

        // Cell 0 has no expected output: anything that runs is accepted.
        XCTAssertEqual(stepper.answer("w = ", in: session).accepted, false)
        let first = stepper.answer("w = 0.8", in: session)
        XCTAssertEqual(first, AnswerOutcome(accepted: true, output: [], message: "Correct!"))
        XCTAssertEqual(stepper.current?.index, 1)
        XCTAssertEqual(stepper.current?.prose, ["Multiply:\n"])

        // A wrong answer is not accepted and says what differs.
        let wrong = stepper.answer("w * 2.125", in: session)
        XCTAssertEqual(wrong, AnswerOutcome(accepted: false, output: ["1.7"],
            message: "Not quite: expected 1.6, got 1.7. Try again, :hint for a hint, :skip to see the answer"))
        XCTAssertEqual(stepper.current?.index, 1)
        XCTAssertEqual(stepper.hint(), "multiply w by 2")
        let error = stepper.answer("v * 2", in: session)
        XCTAssertFalse(error.accepted)
        XCTAssertEqual(error.message, "Not quite: that gave an error. Try again, :hint for a hint, :skip to see the answer")

        // Written differently but printing the same: accepted.
        XCTAssertEqual(stepper.answer("2*0.8", in: session), AnswerOutcome(accepted: true, output: ["1.6"], message: "Correct!"))
        XCTAssertEqual(stepper.current?.index, 2)
        XCTAssertEqual(stepper.hint(), "It starts with `sigmoid`.", "no hint block: the first word")

        // Back, then next, return to the same cell.
        XCTAssertTrue(stepper.back())
        XCTAssertEqual(stepper.current?.index, 1)
        XCTAssertTrue(stepper.next())
        XCTAssertEqual(stepper.current?.index, 2)

        // Skip shows and runs the lesson's input, and finishes the lesson.
        let skipped = stepper.skip(in: session)
        XCTAssertEqual(skipped, AnswerOutcome(accepted: true, output: ["0.832018"], message: "", typed: "sigmoid(w * 2)"))
        XCTAssertTrue(stepper.isFinished)
        XCTAssertNil(stepper.current)
        XCTAssertEqual(stepper.closingProse, ["Well done."])
        XCTAssertFalse(stepper.next())
        XCTAssertEqual(stepper.answer("1", in: session).message, "The lesson is finished. :restart starts it again.")

        // Restart forgets the session and starts from the first cell.
        stepper.restart(session: session)
        XCTAssertEqual(stepper.index, 0)
        XCTAssertTrue(session.execute("w").failed)
        XCTAssertFalse(stepper.back())
    }

    func testEnterTypesTheAnswerAndStartAtResumes() throws {
        let session = Session()
        _ = session.execute("w = 0.8")
        var stepper = LessonStepper(notebook: try NotebookParser.parse(lesson, path: "l.md"), startAt: 1)
        XCTAssertEqual(stepper.current?.index, 1)
        XCTAssertEqual(stepper.answer("", in: session), AnswerOutcome(accepted: true, output: ["1.6"], message: "", typed: "w * 2"))
        XCTAssertEqual(stepper.current?.index, 2)
        XCTAssertTrue(LessonStepper(notebook: try NotebookParser.parse(lesson, path: "l.md"), startAt: 99).isFinished)
        XCTAssertEqual(LessonStepper(notebook: try NotebookParser.parse(lesson, path: "l.md"), startAt: -4).index, 0)
    }

    func testNumbersWithinPrintedPrecisionAreAccepted() throws {
        let session = Session()
        var stepper = LessonStepper(notebook: try NotebookParser.parse("```nnbook\nsigmoid(2)\n```\n```output\n0.88\n```\n", path: "l.md"))
        XCTAssertTrue(stepper.answer("1 / (1 + exp(-2))", in: session).accepted)
    }

    func testMetaCommandsAreRunButNotJudged() throws {
        let session = Session()
        var stepper = LessonStepper(notebook: try NotebookParser.parse(lesson, path: "l.md"))
        let outcome = stepper.answer(":save x.md", in: session)
        XCTAssertEqual(outcome, AnswerOutcome(accepted: false, output: [], message: "", request: .save(path: "x.md", overwrite: false)))
        XCTAssertEqual(stepper.index, 0)
    }
}
