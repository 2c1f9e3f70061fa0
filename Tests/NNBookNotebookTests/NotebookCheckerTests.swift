import XCTest
import NNBookLanguage
@testable import NNBookNotebook

final class NotebookRunnerTests: XCTestCase {
    func testRunsEveryCellInOrderAndComparesOutputs() throws {
        let text = """
        # Demo
        ```nnbook
        x = 2
        ```
        ```nnbook
        x * 0.8
        ```
        ```output
        1.6
        ```
        ```nnbook
        sigmoid(x)
        ```
        ```output
        0.64
        ```
        ```nnbook
        :save copy.md
        ```
        """
        let runs = NotebookRunner.run(try NotebookParser.parse(text, path: "d.md"), session: Session())
        XCTAssertEqual(runs.map(\.output), [[], ["1.6"], ["0.880797"], []])
        XCTAssertEqual(runs.map(\.matches), [nil, true, false, nil])
        XCTAssertEqual(runs.map(\.failed), [false, false, false, false])
        XCTAssertEqual(runs.map(\.count), [1, 2, 3, 4])
        XCTAssertEqual(runs[3].request, .save(path: "copy.md", overwrite: false), "left to the caller")
        XCTAssertNil(runs[1].difference)
        XCTAssertEqual(runs[2].difference?.line, 1)
        XCTAssertEqual(runs[2].difference?.got, "0.880797")
    }

    /// Errors count lines within the cell, so expected outputs do not move when prose above them changes.
    func testErrorsNameTheLinesOfTheCell() throws {
        let text = "Intro\n\n```nnbook\nx = 1\ny + 1\n```\n"
        var seen: [Int] = []
        let runs = NotebookRunner.run(try NotebookParser.parse(text, path: "e.md"), session: Session()) { seen.append($0.cell.line) }
        XCTAssertEqual(seen, [4])
        XCTAssertTrue(runs[0].failed)
        XCTAssertEqual(runs[0].output.first, "name error at line 2, column 1: unknown name 'y'")
        XCTAssertEqual(runs[0].output.dropFirst().first, "2 | y + 1")
    }
}

final class NotebookCheckerTests: XCTestCase {
    let good = "# Good\n```nnbook\nsigmoid(2)\n```\n```output\n0.88\n```\n```nnbook\n1 + 2\n```\n```output\n3\n```\n"
    let bad = "# Bad\n\nText.\n```nnbook\nprint(1)\nprint(2)\n```\n\n```output\n1\n3\n```\n```nnbook\nz\n```\n"

    func testCountsFailuresLocatesThemAndRendersTheReport() throws {
        let folder = try makeTemporaryFolder()
        try writeFile(good, to: folder + "/01-good.md")
        try writeFile(bad, to: folder + "/02-bad.md")
        try writeFile("```nnbook\n1\n", to: folder + "/03-broken.md")
        try writeFile("not a notebook", to: folder + "/notes.txt")
        try FileManager.default.createDirectory(atPath: folder + "/zh", withIntermediateDirectories: true)
        try writeFile(bad, to: folder + "/zh/01-bad.md")

        let report = NotebookChecker.check(paths: [folder])
        XCTAssertEqual(report.files, 3, "subfolders are not searched; .txt files are not notebooks")
        XCTAssertEqual(report.passed, 2)
        XCTAssertEqual(report.failed, 3, "the wrong output, the failing cell without output, the unparseable file")
        XCTAssertEqual(report.summaryLine, "2 passed, 3 failed")
        XCTAssertFalse(report.succeeded)
        XCTAssertEqual(report.errors, [NotebookError(path: folder + "/03-broken.md", line: 1, message: "this ```nnbook block is never closed")])
        XCTAssertEqual(report.failures, [
            CheckFailure(path: folder + "/02-bad.md", line: 11, expected: "3", got: "2", cellSource: "print(1)\nprint(2)"),
            CheckFailure(path: folder + "/02-bad.md", line: 14, expected: "(no error)",
                         got: "name error at line 1, column 1: unknown name 'z'", cellSource: "z",
                         message: "cell failed with an error"),
        ])
        XCTAssertEqual(report.render(), [
            folder + "/03-broken.md:1: this ```nnbook block is never closed",
            folder + "/02-bad.md:11: output differs",
            "  Expected: 3",
            "  Got:      2",
            folder + "/02-bad.md:14: cell failed with an error",
            "  Expected: (no error)",
            "  Got:      name error at line 1, column 1: unknown name 'z'",
            "2 passed, 3 failed",
        ])
    }

    func testEachFileGetsAFreshSession() throws {
        let folder = try makeTemporaryFolder()
        try writeFile("```nnbook\nx = 5\n```\n", to: folder + "/a.md")
        try writeFile("```nnbook\nx\n```\n```output\n5\n```\n", to: folder + "/b.md")
        let report = NotebookChecker.check(paths: [folder + "/a.md", folder + "/b.md"])
        XCTAssertEqual(report.summaryLine, "0 passed, 1 failed")
        XCTAssertEqual(report.failures.first?.line, 5)
        XCTAssertEqual(report.failures.first?.expected, "5")
    }

    func testMissingPathsAndEmptyFolders() throws {
        let folder = try makeTemporaryFolder()
        let report = NotebookChecker.check(paths: [folder + "/nope.md", folder])
        XCTAssertEqual(report.files, 0)
        XCTAssertEqual(report.failed, 2)
        XCTAssertEqual(report.render(), [
            folder + "/nope.md: no such file or folder",
            folder + ": no .md notebooks in this folder",
            "0 passed, 2 failed",
        ])
    }

    func testExtraOutputLineIsLocatedAfterTheExpectedBlock() throws {
        let folder = try makeTemporaryFolder()
        try writeFile("```nnbook\nprint(1)\nprint(2)\n```\n```output\n1\n```\n", to: folder + "/x.md")
        let report = NotebookChecker.check(paths: [folder + "/x.md"])
        XCTAssertEqual(report.failures, [CheckFailure(path: folder + "/x.md", line: 7, expected: OutputComparator.endOfOutput,
                                                      got: "2", cellSource: "print(1)\nprint(2)")])
    }
    func testCompareExpectedJudgesOneNotebooksOutputsByAnothersWithoutRunning() throws {
        let folder = try makeTemporaryFolder()
        let lesson = "```nnbook\nsigmoid(2)\n```\n```output\n0.88\n```\n```nnbook\nx = 1\n```\n```nnbook\nprint(1)\nprint(2)\n```\n```output\n1\n2\n```\n"
            + "```nnbook\nundefined_name\n```\n```output\n7\n```\n"
        try writeFile(lesson, to: folder + "/lesson.md")
        // The outputs of the same cells from elsewhere; `undefined_name` passing shows nothing runs.
        try writeFile(lesson.replacingOccurrences(of: "0.88\n", with: "0.880797\n"), to: folder + "/same.md")
        try writeFile(lesson.replacingOccurrences(of: "1\n2\n```\n", with: "1\n3\n```\n"), to: folder + "/other.md")
        try writeFile("```nnbook\nsigmoid(3)\n```\n", to: folder + "/wrong-cells.md")

        XCTAssertEqual(NotebookChecker.compareExpected(file: folder + "/lesson.md", against: folder + "/same.md").summaryLine, "3 passed, 0 failed")
        let differs = NotebookChecker.compareExpected(file: folder + "/lesson.md", against: folder + "/other.md")
        XCTAssertEqual(differs.failures, [CheckFailure(path: folder + "/lesson.md", line: 16, expected: "2", got: "3",
                                                       cellSource: "print(1)\nprint(2)")])
        XCTAssertEqual(differs.summaryLine, "2 passed, 1 failed")
        let mismatched = NotebookChecker.compareExpected(file: folder + "/lesson.md", against: folder + "/wrong-cells.md")
        XCTAssertEqual(mismatched.render(), [
            folder + "/wrong-cells.md: does not hold the same cells as \(folder)/lesson.md (1 against 4, or their code differs)",
            "0 passed, 1 failed",
        ])
        XCTAssertEqual(NotebookChecker.compareExpected(file: folder + "/lesson.md", against: folder + "/nope.md").render(),
                       [folder + "/nope.md: no such file", "0 passed, 1 failed"])
    }
}
