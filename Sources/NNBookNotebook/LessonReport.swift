import Foundation
import NNBookLanguage

/// What a learner did in their lessons, as a file they can hand in
/// (`nnbook lesson N --report FILE.json`; the format is in docs/report-format.md).
///
/// It holds, per lesson and cell, the tries, hints, skips, wrong answers and
/// seconds spent — and nothing about the machine or the person: no paths, no
/// names, no clock times. Wrong answers are kept as typed, but cut to
/// `answerLimit` characters and at most `answersPerCell` per cell, so a file
/// stays small whatever was pasted.
public struct LessonReport: Codable, Equatable, Sendable {
    /// The `format` every report carries.
    public static let formatName = "nnbook-lesson-report"
    /// The `version` this code writes and reads.
    public static let currentVersion = 1
    /// Characters kept of one wrong answer (a longer one ends in `…`).
    public static let answerLimit = 300
    /// Wrong answers kept per cell (the first ones); `attempts` still counts them all.
    public static let answersPerCell = 50

    public var format: String
    public var version: Int
    public var lessons: [Lesson]

    public init(lessons: [Lesson] = []) {
        format = Self.formatName
        version = Self.currentVersion
        self.lessons = lessons
    }

    /// One lesson: its file name (the key the class report groups by) and title.
    public struct Lesson: Codable, Equatable, Sendable {
        /// The lesson's file name, `01-neuron.md` (the same in every language).
        public var lesson: String
        public var title: String
        /// Walked as an assignment: no skipping, no answers given.
        public var assignment: Bool
        /// Every cell done.
        public var completed: Bool
        /// Every cell of the lesson, in order (not reached yet ones too).
        public var cells: [CellEntry]

        public init(lesson: String, title: String, assignment: Bool, completed: Bool, cells: [CellEntry]) {
            self.lesson = lesson
            self.title = title
            self.assignment = assignment
            self.completed = completed
            self.cells = cells
        }

        /// A lesson's entry from the stepper's records: cells before `done` are done.
        public init(lesson: String, title: String, assignment: Bool, records: [CellRecord], done: Int) {
            let cells = records.enumerated().map { k, r in CellEntry(cell: k + 1, record: r, done: k < done) }
            self.init(lesson: lesson, title: title, assignment: assignment, completed: done >= records.count, cells: cells)
        }
    }

    /// How a cell ended.
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Done with the learner's own answer and no hint.
        case solved
        /// Done with the learner's own answer after a hint (or after `:show`).
        case solvedWithHints = "solved with hints"
        /// Not done, or typed for the learner (Enter, `:skip`).
        case notSolved = "not solved"
    }

    /// One cell: what the learner did there.
    public struct CellEntry: Codable, Equatable, Sendable {
        /// The cell's number in the lesson, from 1.
        public var cell: Int
        public var status: Status
        /// The lesson went past this cell, whoever typed it.
        public var done: Bool
        /// Answers judged, right or wrong.
        public var attempts: Int
        /// The highest hint tier asked for: 0 none, 1 the lesson's words, 2 the shape, 3 the answer.
        public var hintTier: Int
        /// The learner asked to see the code (`:show`).
        public var shown: Bool
        public var skipped: Bool
        public var typedForLearner: Bool
        /// Whole seconds spent at the cell.
        public var seconds: Int
        public var wrongAnswers: [WrongAnswer]

        public init(cell: Int, status: Status, done: Bool, attempts: Int, hintTier: Int, shown: Bool, skipped: Bool,
                    typedForLearner: Bool, seconds: Int, wrongAnswers: [WrongAnswer]) {
            self.cell = cell
            self.status = status
            self.done = done
            self.attempts = attempts
            self.hintTier = hintTier
            self.shown = shown
            self.skipped = skipped
            self.typedForLearner = typedForLearner
            self.seconds = seconds
            self.wrongAnswers = wrongAnswers
        }

        init(cell: Int, record r: CellRecord, done: Bool) {
            let byLearner = done && !r.skipped && !r.typedForLearner
            let status: Status = !byLearner ? .notSolved : (r.hintTier > 0 || r.shown ? .solvedWithHints : .solved)
            let seconds = r.seconds.isFinite ? Int(min(max(r.seconds, 0), 1e9).rounded()) : 0
            self.init(cell: cell, status: status, done: done, attempts: r.attempts, hintTier: r.hintTier, shown: r.shown,
                      skipped: r.skipped, typedForLearner: r.typedForLearner, seconds: seconds,
                      wrongAnswers: r.wrongAnswers.prefix(LessonReport.answersPerCell).enumerated().map { i, answer in
                          WrongAnswer(answer: LessonReport.cut(answer), mistake: i < r.mistakes.count ? r.mistakes[i] : "")
                      })
        }
    }

    /// A wrong answer as typed, and the mistake it was.
    public struct WrongAnswer: Codable, Equatable, Sendable {
        public var answer: String
        /// The name of the common mistake the answer matches (`CellRecord.mistakes`,
        /// `DetectedMistake.name`); empty when none matches.
        public var mistake: String

        public init(answer: String, mistake: String = "") {
            self.answer = answer
            self.mistake = mistake
        }
    }

    /// `text` cut to `answerLimit` characters, ending in `…` when cut.
    public static func cut(_ text: String) -> String {
        text.count <= answerLimit ? text : String(text.prefix(answerLimit - 1)) + "…"
    }

    /// This report with `lesson` in it: replacing the entry of the same lesson, else added.
    public func with(_ lesson: Lesson) -> LessonReport {
        var copy = self
        if let k = copy.lessons.firstIndex(where: { $0.lesson == lesson.lesson }) { copy.lessons[k] = lesson } else { copy.lessons.append(lesson) }
        return copy
    }

    /// The report as pretty JSON with sorted keys, ending in a newline.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self), let text = String(data: data, encoding: .utf8) else { return "{}\n" }
        return text + "\n"
    }
}
