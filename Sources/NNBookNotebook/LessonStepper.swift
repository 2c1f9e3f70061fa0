import Foundation
import NNBookLanguage

/// The step a lesson is at: the prose to show, then the cell to type.
public struct LessonStep: Sendable, Equatable {
    /// Index of the cell in the lesson (0-based).
    public var index: Int
    public var cell: Cell
    /// The prose blocks between the previous cell and this one, in order.
    public var prose: [String]
}

/// What the stepper made of the learner's input.
public struct AnswerOutcome: Sendable, Equatable {
    /// True when the cell is done and the lesson moved on.
    public var accepted: Bool
    /// What running the input printed.
    public var output: [String]
    /// `Correct!`, or what was expected and what to try; empty when there is
    /// nothing to say (the input was typed for the learner, or was a meta-command).
    public var message: String
    /// The source run on the learner's behalf (Enter or `:skip`), to show it.
    public var typed: String?
    /// A meta-command the input asked for, for the caller to carry out.
    public var request: MetaCommand?

    public init(accepted: Bool, output: [String], message: String, typed: String? = nil, request: MetaCommand? = nil) {
        self.accepted = accepted
        self.output = output
        self.message = message
        self.typed = typed
        self.request = request
    }
}

/// `nnbook lesson N` as a pure state machine: which cell the learner is at,
/// and what an answer does. The caller shows `current.prose`, reads a line,
/// calls `answer`, prints the outcome and saves `index` as progress.
///
/// An answer is accepted when its output matches the cell's expected output
/// (`OutputComparator`, so `2*0.8` is as good as `1.6`), or — for a cell
/// without one — when it runs without error. An empty answer means "type it
/// for me": the lesson's own input runs and counts.
public struct LessonStepper: Sendable {
    public let notebook: Notebook
    public let cells: [Cell]
    /// The cell the learner is at; `cells.count` when the lesson is finished.
    public private(set) var index: Int

    public init(notebook: Notebook, startAt cell: Int = 0) {
        self.notebook = notebook
        self.cells = notebook.cells
        self.index = min(max(0, cell), notebook.cells.count)
    }

    public var isFinished: Bool { index >= cells.count }

    /// The current cell with the prose before it; nil when finished.
    public var current: LessonStep? {
        guard !isFinished else { return nil }
        return LessonStep(index: index, cell: cells[index], prose: prose(before: index))
    }

    /// The prose after the last cell, to show when the lesson is finished.
    public var closingProse: [String] { prose(before: cells.count) }

    /// Runs the learner's input (or, when it is empty, the lesson's) and
    /// moves to the next cell when it is accepted.
    public mutating func answer(_ input: String, in session: Session) -> AnswerOutcome {
        guard let cell = current?.cell else {
            return AnswerOutcome(accepted: false, output: [], message: "The lesson is finished. :restart starts it again.")
        }
        if input.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return skip(in: session) }
        let result = session.execute(input, firstLine: 1)
        let output = result.plainLines
        if input.trimmingCharacters(in: .whitespaces).hasPrefix(":") {
            return AnswerOutcome(accepted: false, output: output, message: "", request: result.request)
        }
        let got = output.joined(separator: "\n")
        let accepted: Bool
        if let expected = cell.expected {
            accepted = OutputComparator.compare(expected: expected, got: got) && (!result.failed || expectsError(cell))
        } else {
            accepted = !result.failed
        }
        if accepted {
            index += 1
            return AnswerOutcome(accepted: true, output: output, message: "Correct!")
        }
        return AnswerOutcome(accepted: false, output: output, message: notQuite(cell, got: got, failed: result.failed))
    }

    /// The cell's hint, or one derived from its input: the word it starts with.
    public func hint() -> String {
        guard let cell = current?.cell else { return "The lesson is finished." }
        if let hint = cell.hint, !hint.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return hint }
        let source = cell.source.trimmingCharacters(in: .whitespacesAndNewlines)
        let word = source.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        let start = word.isEmpty ? String(source.split(separator: " ").first ?? "") : String(word)
        return "It starts with `\(start)`."
    }

    /// Shows and runs the lesson's own input for the current cell, then moves on.
    public mutating func skip(in session: Session) -> AnswerOutcome {
        guard let cell = current?.cell else {
            return AnswerOutcome(accepted: false, output: [], message: "The lesson is finished. :restart starts it again.")
        }
        let result = session.execute(cell.source, firstLine: 1)
        index += 1
        return AnswerOutcome(accepted: true, output: result.plainLines, message: "", typed: cell.source, request: result.request)
    }

    /// Goes back one cell; false when already at the first.
    @discardableResult
    public mutating func back() -> Bool {
        guard index > 0 else { return false }
        index -= 1
        return true
    }

    /// Goes on to the next cell without running this one; false when finished.
    @discardableResult
    public mutating func next() -> Bool {
        guard !isFinished else { return false }
        index += 1
        return true
    }

    /// Starts again from the first cell, with the session's variables forgotten.
    public mutating func restart(session: Session) {
        _ = session.execute(":reset")
        index = 0
    }

    // MARK: - Helpers

    private func prose(before cellIndex: Int) -> [String] {
        var seen = 0
        var texts: [String] = []
        for block in notebook.blocks {
            switch block {
            case .prose(let text, _): texts.append(text)
            case .cell:
                if seen == cellIndex { return texts }
                seen += 1
                texts = []
            }
        }
        return texts
    }

    /// A cell whose expected output is an error message teaches that error;
    /// reproducing it is then the right answer.
    private func expectsError(_ cell: Cell) -> Bool {
        (cell.expected ?? "").contains("error")
    }

    private func notQuite(_ cell: Cell, got: String, failed: Bool) -> String {
        let help = "Try again, :hint for a hint, :skip to see the answer"
        if failed && !expectsError(cell) { return "Not quite: that gave an error. \(help)" }
        guard let expected = cell.expected,
              let d = OutputComparator.firstDifference(expected: expected, got: got) else {
            return "Not quite. \(help)"
        }
        let e = d.expected == OutputComparator.endOfOutput ? "nothing more" : d.expected
        let g = d.got == OutputComparator.endOfOutput ? "nothing" : d.got
        return "Not quite: expected \(e), got \(g). \(help)"
    }
}
