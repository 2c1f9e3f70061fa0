import XCTest
@testable import NNBookNotebook

/// `nnbook class report`: the numbers over a folder of generated reports, and
/// files that are not reports (broken, huge, deep, hostile) named with their
/// reason while the rest are still counted; nothing from a file reaches the
/// terminal, the SVG or the HTML unescaped.
final class ClassReportTests: XCTestCase {
    typealias Cell = LessonReport.CellEntry

    static func cell(_ n: Int, _ status: LessonReport.Status, done: Bool = true, attempts: Int, seconds: Int,
                     hint: Int = 0, typed: Bool = false, wrong: [String] = []) -> Cell {
        Cell(cell: n, status: status, done: done, attempts: attempts, hintTier: hint, shown: false, skipped: false,
             typedForLearner: typed, seconds: seconds, wrongAnswers: wrong.map { LessonReport.WrongAnswer(answer: $0) })
    }

    static func report(_ cells: [Cell], lesson: String = "01-neuron.md") -> LessonReport {
        LessonReport(lessons: [LessonReport.Lesson(lesson: lesson, title: "The neuron", assignment: true,
                                                    completed: cells.allSatisfy(\.done), cells: cells)])
    }

    /// Five learners on a two-cell lesson. Cell 1: attempts 1 2 3 4 10, seconds
    /// 10 20 30 40 600. Cell 2: reached by four (one never got there).
    static let five: [LessonReport] = [
        report([cell(1, .solved, attempts: 1, seconds: 10),
                cell(2, .solved, attempts: 1, seconds: 5)]),
        report([cell(1, .solvedWithHints, attempts: 2, seconds: 20, hint: 1, wrong: ["w = 0.7"]),
                cell(2, .solvedWithHints, attempts: 3, seconds: 15, hint: 2, wrong: ["w + 2", "w*3"])]),
        report([cell(1, .solvedWithHints, attempts: 3, seconds: 30, hint: 2, wrong: ["w = 0.7", "w = 7"]),
                cell(2, .notSolved, done: false, attempts: 2, seconds: 25, wrong: ["w + 2", "w + 2 "])]),
        report([cell(1, .solved, attempts: 4, seconds: 40, wrong: ["w = 7", "w = 0.7", "w=0.7"]),
                cell(2, .notSolved, attempts: 0, seconds: 8, typed: true)]),
        report([cell(1, .notSolved, done: false, attempts: 10, seconds: 600, wrong: ["w = 0.7", "  w = 8", "w = 9"]),
                cell(2, .notSolved, done: false, attempts: 0, seconds: 0)]),
    ]

    func testTheNumbersPerCell() throws {
        let r = ClassReport.summarize(Self.five)
        XCTAssertEqual(r.reports, 5)
        XCTAssertEqual(r.lessons.count, 1)
        let l = r.lessons[0]
        XCTAssertEqual(l.lesson, "01-neuron.md")
        XCTAssertEqual(l.students, 5)
        let c1 = l.cells[0], c2 = l.cells[1]
        XCTAssertEqual([c1.students, c1.reached, c1.finished, c1.solved, c1.solvedWithHints, c1.notSolved], [5, 5, 4, 2, 2, 1])
        XCTAssertEqual(c1.medianAttempts, 3)
        XCTAssertEqual(c1.medianSeconds, 30)
        XCTAssertEqual(c1.commonWrong, [
            ClassReport.AnswerCount(answer: "w = 0.7", count: 4, mistake: ""),
            ClassReport.AnswerCount(answer: "w = 7", count: 2, mistake: ""),
            ClassReport.AnswerCount(answer: "w = 8", count: 1, mistake: ""),  // spaces around trimmed; ties by the answer
        ])
        XCTAssertEqual([c2.students, c2.reached, c2.finished, c2.solved, c2.solvedWithHints, c2.notSolved], [5, 4, 3, 1, 1, 2])
        XCTAssertEqual(c2.medianAttempts, 1.5, "attempts 1 3 2 0: the mean of the middle two")
        XCTAssertEqual(c2.medianSeconds, 11.5, "seconds 5 15 25 8")
        XCTAssertEqual(c2.commonWrong.map(\.answer), ["w + 2", "w*3"])
        XCTAssertEqual(c2.commonWrong.map(\.count), [2, 1], "one learner typing the same answer twice counts once")
    }

    func testTheTextReport() throws {
        let lines = ClassReport.summarize(Self.five).lines(unicode: false)
        XCTAssertEqual(lines[0], "5 reports read")
        XCTAssertTrue(lines.contains("Lesson 01-neuron.md — The neuron (5 students)"), "\(lines)")
        let row1 = try XCTUnwrap(lines.first { $0.hasPrefix("   1 ") })
        XCTAssertEqual(row1.split(separator: " ").map(String.init), ["1", "4/5", "2", "2", "1", "3", "30", "s"])
        XCTAssertTrue(lines.contains("  cell 1: ×4 “w = 0.7”   ×2 “w = 7”   ×1 “w = 8”"), "\(lines)")
        XCTAssertEqual(ClassReport.duration(605), "10 min 5 s")
        XCTAssertEqual(ClassReport.duration(11.5), "12 s")
    }

    func testTheMistakeEachWrongAnswerWas() throws {
        func uphill(_ answer: String) -> Cell {
            Cell(cell: 1, status: .solved, done: true, attempts: 2, hintTier: 0, shown: false, skipped: false, typedForLearner: false,
                 seconds: 9, wrongAnswers: [LessonReport.WrongAnswer(answer: answer, mistake: "uphill-step")])
        }
        let reports = [Self.report([uphill("w = 1 + 0.1*2")]), Self.report([uphill("w = 1 + 0.1*2")]),
                       Self.report([Self.cell(1, .solved, attempts: 2, seconds: 4, wrong: ["w = 0.9"])])]
        let c = ClassReport.summarize(reports).lessons[0].cells[0]
        XCTAssertEqual(c.commonWrong, [ClassReport.AnswerCount(answer: "w = 1 + 0.1*2", count: 2, mistake: "uphill-step"),
                                       ClassReport.AnswerCount(answer: "w = 0.9", count: 1, mistake: "")])
        let lines = ClassReport.summarize(reports).lines(unicode: false)
        XCTAssertTrue(lines.contains("  cell 1: ×2 “w = 1 + 0.1*2” (uphill step)   ×1 “w = 0.9”"), "\(lines)")
        XCTAssertEqual(ClassReport.mistakeNote("lesson"), " (a mistake the lesson names)")
        XCTAssertEqual(ClassReport.mistakeNote("\u{1B}[2J"), " (␛[2J)", "a hostile name is shown, not sent")
    }

    func testAFolderOfGoodAndBadFiles() throws {
        let folder = try makeTemporaryFolder()
        func put(_ name: String, _ text: String) throws { try writeFile(text, to: folder + "/" + name) }
        for (k, r) in Self.five.enumerated() { try put("student\(k).json", r.json()) }
        let good = Self.five[0].json()
        try put("truncated.json", String(good.prefix(good.count / 2)))
        try put("empty.json", "")
        try put("other.json", #"{"format": "something-else", "version": 1, "lessons": []}"#)
        try put("future.json", #"{"format": "nnbook-lesson-report", "version": 2, "lessons": []}"#)
        try put("deep.json", String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))
        try put("huge.json", #"{"format": "nnbook-lesson-report", "version": 1, "lessons": [], "x": ""#
                + String(repeating: "a", count: 1_100_000) + "\"}")
        try put("type.json", good.replacingOccurrences(of: #""attempts" : 1"#, with: #""attempts" : "1""#))
        try put("negative.json", good.replacingOccurrences(of: #""seconds" : 10"#, with: #""seconds" : -10"#))
        try put("status.json", good.replacingOccurrences(of: #""status" : "solved""#, with: #""status" : "rm -rf""#))
        try put("binary.json", "\u{0}\u{1}PK\u{3}\u{4}")
        try put("notes.txt", "not read: not .json")
        try FileManager.default.createDirectory(atPath: folder + "/sub.json", withIntermediateDirectories: false)
        let r = try ClassReport.read(folder: folder).get()
        XCTAssertEqual(r.reports, 5)
        XCTAssertEqual(r.lessons.first?.cells.first?.medianAttempts, 3, "the good files are counted as before")
        let problems = Dictionary(uniqueKeysWithValues: r.problems.map { (URL(fileURLWithPath: $0.path).lastPathComponent, $0.message) })
        XCTAssertEqual(problems, [
            "binary.json": "not valid JSON (cut short, or not JSON at all)",
            "deep.json": "nested 17 deep (at most 16)",
            "empty.json": "empty",
            "future.json": "report version 2; this nnbook reads version 1",
            "huge.json": "larger than 1 MB; not read",
            "negative.json": "lesson 01-neuron.md, cell 1: seconds -10 out of range",
            "other.json": "not an nnbook lesson report (\"format\" is not \"nnbook-lesson-report\")",
            "status.json": "field lessons[0].cells[0].status has a value this version does not know",
            "sub.json": "not a regular file",
            "truncated.json": "not valid JSON (cut short, or not JSON at all)",
            "type.json": "field lessons[0].cells[0].attempts has the wrong type",
        ])
        XCTAssertEqual(r.problems.first { $0.path.hasSuffix("deep.json") }?.line, 1)
        let lines = r.lines()
        XCTAssertEqual(lines[0], "5 reports read, 11 files skipped:")
        XCTAssertTrue(lines.contains { $0.hasSuffix("huge.json: larger than 1 MB; not read") })
    }

    func testHostileAnswersAreShownNotObeyed() throws {
        let evil = ["\u{1B}]0;pwned\u{7}\u{1B}[2J<script>alert(1)</script>", "a\u{202E}b & \"c\"\nd", "\u{9B}31m"]
        let reports = evil.map { Self.report([Self.cell(1, .notSolved, done: false, attempts: 1, seconds: 1, wrong: [$0])],
                                             lesson: "<b>01</b>\u{1B}[31m.md") }
        let r = ClassReport.summarize(reports)
        let text = r.lines().joined(separator: "\n")
        XCTAssertFalse(text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B || $0.value == 0x07 || $0.value == 0x202E }, text)
        XCTAssertTrue(text.contains("“␛]0;pwned␇␛[2J<script>alert(1)</script>”"), text)
        XCTAssertTrue(text.contains("“a\u{FFFD}b & \"c\"␊d”"), text)
        for doc in [r.svg(), r.html()] {
            XCTAssertFalse(doc.contains("<script"), doc)
            XCTAssertFalse(doc.contains("<b>"), doc)
            XCTAssertTrue(doc.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), doc)
            XCTAssertTrue(doc.contains("&lt;b&gt;01&lt;/b&gt;␛[31m.md"), doc)
            XCTAssertFalse(doc.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
        }
        let html = r.html()
        XCTAssertFalse(html.contains("<script") || html.contains("src=") || html.contains("href="), "self-contained, no scripts")
    }

    func testAHostileFileNameAndAnOverlongAnswerAreNamedSafely() throws {
        let folder = try makeTemporaryFolder()
        try writeFile("[", to: folder + "/\u{1B}[2Jx.json")
        var long = Self.five[0]
        long.lessons[0].cells[0].wrongAnswers = [LessonReport.WrongAnswer(answer: String(repeating: "y", count: 400))]
        try writeFile(long.json(), to: folder + "/long.json")
        let r = try ClassReport.read(folder: folder).get()
        XCTAssertEqual(r.reports, 0)
        XCTAssertEqual(r.problems.map(\.message), ["not valid JSON (cut short, or not JSON at all)",  // ESC sorts first
                                                    "lesson 01-neuron.md, cell 1: a wrong answer longer than 300 characters"])
        let text = r.lines().joined(separator: "\n")
        XCTAssertFalse(text.unicodeScalars.contains { $0.value == 0x1B })
        XCTAssertTrue(text.contains("/␛[2Jx.json: not valid JSON"), text)
        XCTAssertTrue(r.html().contains("␛[2Jx.json</code>: not valid JSON"))
    }

    func testTheChartDrawsABarPerCellSplitByHowItEnded() throws {
        let svg = ClassReport.summarize(Self.five).svg()
        XCTAssertTrue(svg.hasPrefix("<?xml"))
        XCTAssertEqual(svg.components(separatedBy: "<g class=\"cell\">").count - 1, 2)
        // cell 1: 2 solved, 2 with hints, 1 not solved of 5 → 144, 144, 72 of 360 px.
        XCTAssertTrue(svg.contains("width=\"144\" height=\"16\" fill=\"#2ca02c\""), svg)
        XCTAssertTrue(svg.contains("x=\"214\" y=\"108\" width=\"144\" height=\"16\" fill=\"#ff7f0e\""), svg)
        XCTAssertTrue(svg.contains("width=\"72\" height=\"16\" fill=\"#d62728\""), svg)
        XCTAssertTrue(svg.contains("4/5 finished · median 3 tries · 30 s"), svg)
    }

    func testMedian() {
        XCTAssertNil(ClassReport.median([]))
        XCTAssertEqual(ClassReport.median([7]), 7)
        XCTAssertEqual(ClassReport.median([4, 1, 3, 2]), 2.5)
    }

    func testAMissingFolder() {
        guard case .failure(let e) = ClassReport.read(folder: "/no/such/folder") else { return XCTFail("read a missing folder") }
        XCTAssertEqual(e.description, "/no/such/folder: not a folder that can be read")
    }
}
