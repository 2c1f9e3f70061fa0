import Foundation
import NeuralCore
import NNBookRender

/// `nnbook class report FOLDER`: many learners' `LessonReport`s summed up per
/// lesson and cell — how many finished, how, the median tries and time, and
/// the most common wrong answers — with every file that could not be read
/// named beside its reason. Pure: it reads files and returns values.
public struct ClassReport: Equatable, Sendable {
    /// Reports read.
    public var reports: Int
    /// Files that are not reports, each with why.
    public var problems: [NotebookError]
    public var lessons: [LessonSummary]

    public struct LessonSummary: Equatable, Sendable {
        public var lesson: String
        /// The title in the first report that has the lesson.
        public var title: String
        /// Reports that have the lesson.
        public var students: Int
        public var cells: [CellSummary]
    }

    public struct CellSummary: Equatable, Sendable {
        public var cell: Int
        /// Reports that have the lesson (the denominator of `finished`).
        public var students: Int
        /// Learners who got to the cell (done it, or tried, asked or spent time there).
        public var reached: Int
        /// Learners past the cell, however (typed for them too).
        public var finished: Int
        public var solved: Int
        public var solvedWithHints: Int
        /// Learners who reached the cell and did not solve it themselves.
        public var notSolved: Int
        /// Over the learners who reached the cell; nil when none did.
        public var medianAttempts: Double?
        public var medianSeconds: Double?
        /// The most common wrong answers, most learners first (ties by the answer).
        public var commonWrong: [AnswerCount]
    }

    /// A wrong answer and how many learners gave it (each learner once).
    public struct AnswerCount: Equatable, Sendable {
        public var answer: String
        public var count: Int
        /// The mistake it was, when mistake detection named one.
        public var mistake: String
    }

    /// How many wrong answers a cell lists.
    public static let commonCount = 3
    /// Files read from a folder at most.
    public static let fileLimit = 10_000

    /// The report of every `.json` file directly inside `folder` (in name
    /// order); an error only when the folder cannot be listed.
    public static func read(folder: String) -> Result<ClassReport, NotebookError> {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            return .failure(NotebookError(path: folder, line: 0, message: "not a folder that can be read"))
        }
        var reports: [LessonReport] = []
        var problems: [NotebookError] = []
        let files = names.filter { $0.lowercased().hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
        for name in files.prefix(fileLimit) {
            switch LessonReportReader.read(URL(fileURLWithPath: folder).appendingPathComponent(name).path) {
            case .success(let r): reports.append(r)
            case .failure(let e): problems.append(e)
            }
        }
        if files.count > fileLimit {
            problems.append(NotebookError(path: folder, line: 0, message: "more than \(fileLimit) files; the first \(fileLimit) were read"))
        }
        return .success(summarize(reports, problems: problems))
    }

    /// Sums up reports: each lesson in the order first met, each cell by number.
    public static func summarize(_ reports: [LessonReport], problems: [NotebookError] = []) -> ClassReport {
        var order: [String] = []
        var byLesson: [String: [LessonReport.Lesson]] = [:]
        for report in reports {
            var mine: [String: LessonReport.Lesson] = [:]  // a lesson twice in one file counts once: the last
            for l in report.lessons { mine[l.lesson] = l }
            for l in report.lessons where mine[l.lesson] != nil {
                if byLesson[l.lesson] == nil { order.append(l.lesson) }
                byLesson[l.lesson, default: []].append(mine.removeValue(forKey: l.lesson) ?? l)
            }
        }
        let lessons = order.map { key -> LessonSummary in
            let entries = byLesson[key] ?? []
            let numbers = Set(entries.flatMap { $0.cells.map(\.cell) }).sorted()
            let cells = numbers.map { n in
                summarize(cell: n, entries: entries.map { l in l.cells.last { $0.cell == n } }, students: entries.count)
            }
            return LessonSummary(lesson: key, title: entries.first?.title ?? "", students: entries.count, cells: cells)
        }
        return ClassReport(reports: reports.count, problems: problems, lessons: lessons)
    }

    static func summarize(cell: Int, entries: [LessonReport.CellEntry?], students: Int) -> CellSummary {
        let reached = entries.compactMap { $0 }.filter {
            $0.done || $0.attempts > 0 || $0.seconds > 0 || $0.hintTier > 0 || $0.shown || $0.skipped || $0.typedForLearner
        }
        var learners: [String: Int] = [:]
        var mistakes: [String: String] = [:]
        for e in reached {
            var seen = Set<String>()
            for w in e.wrongAnswers {
                let a = w.answer.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !a.isEmpty, seen.insert(a).inserted else { continue }
                learners[a, default: 0] += 1
                if !w.mistake.isEmpty { mistakes[a] = w.mistake }
            }
        }
        let common = learners.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(commonCount).map { AnswerCount(answer: $0.key, count: $0.value, mistake: mistakes[$0.key] ?? "") }
        return CellSummary(
            cell: cell, students: students, reached: reached.count, finished: reached.filter(\.done).count,
            solved: reached.filter { $0.status == .solved }.count,
            solvedWithHints: reached.filter { $0.status == .solvedWithHints }.count,
            notSolved: reached.filter { $0.status == .notSolved }.count,
            medianAttempts: median(reached.map { Double($0.attempts) }), medianSeconds: median(reached.map { Double($0.seconds) }),
            commonWrong: Array(common))
    }

    /// The middle value, or the mean of the two middle ones; nil for none.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        let m = s.count / 2
        return s.count % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2
    }

    // MARK: - text

    /// The report as lines for a terminal. Text from the files has its control
    /// characters made visible (`visible`), so it cannot steer the terminal.
    public func lines(unicode: Bool = true) -> [String] {
        var out: [String] = []
        let heading = "\(reports) report\(reports == 1 ? "" : "s") read"
        out.append(problems.isEmpty ? heading : heading + ", \(problems.count) file\(problems.count == 1 ? "" : "s") skipped:")
        for p in problems { out.append("  " + Self.visible(p.description)) }
        for l in lessons {
            out.append("")
            out.append("Lesson \(Self.visible(l.lesson)) — \(Self.visible(l.title)) (\(l.students) student\(l.students == 1 ? "" : "s"))")
            let header = ["cell", "finished", "solved", "with hints", "not solved", "median tries", "median time"]
            let rows = l.cells.map { c in
                [String(c.cell), "\(c.finished)/\(c.students)", String(c.solved), String(c.solvedWithHints), String(c.notSolved),
                 c.medianAttempts.map(Self.number) ?? "–", c.medianSeconds.map(Self.duration) ?? "–"]
            }
            out += Table.render(header: header, rows: rows, rightAligned: Set(0..<header.count), unicode: unicode).split(separator: "\n").map(String.init)
            let wrong = l.cells.filter { !$0.commonWrong.isEmpty }
            if !wrong.isEmpty { out.append("Most common wrong answers:") }
            for c in wrong {
                out.append("  cell \(c.cell): " + c.commonWrong.map { "×\($0.count) " + Self.shown($0.answer) + Self.mistakeNote($0.mistake) }
                    .joined(separator: "   "))
            }
        }
        return out
    }

    /// ` (uphill step)`: the mistake an answer was, in words, or nothing when none was named.
    public static func mistakeNote(_ name: String) -> String {
        guard !name.isEmpty else { return "" }
        return " (" + (name == "lesson" ? "a mistake the lesson names" : visible(name).replacingOccurrences(of: "-", with: " ")) + ")"
    }

    /// A number of tries: whole, or with one decimal (a median of two).
    public static func number(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v)
    }

    /// Seconds as `45 s` or `3 min 5 s`.
    public static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s < 60 ? "\(s) s" : "\(s / 60) min" + (s % 60 == 0 ? "" : " \(s % 60) s")
    }

    /// An answer for one line: control characters visible, cut to 60 characters, quoted.
    public static func shown(_ answer: String, limit: Int = 60) -> String {
        let v = visible(answer)
        return "“" + (v.count > limit ? String(v.prefix(limit - 1)) + "…" : v) + "”"
    }

    /// `text` with every control character shown as its picture (newline as ␊,
    /// ESC as ␛, C1 controls as �) and the characters that reorder text
    /// (bidirectional overrides and isolates) as �: nothing in it acts on a terminal.
    public static func visible(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { s -> Unicode.Scalar in
            if s == "\t" { return " " }
            if (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value) || s.value == 0x200E || s.value == 0x200F {
                return "\u{FFFD}"
            }
            return ControlPictures.visible(s)
        }))
    }
}
