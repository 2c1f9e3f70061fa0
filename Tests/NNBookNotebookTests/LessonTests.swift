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

