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

/// What the stepper made of something the learner did.
public struct AnswerOutcome {
    public enum Verdict: Equatable {
        /// The input does what the cell does: the lesson moved on.
        case correct
        /// The input does the first `done` of the cell's `of` statements: go on.
        case partial(done: Int, of: Int)
        /// An answer to this cell, but not the right one; nothing was kept.
        case notQuite(Mismatch)
        /// Not an answer to this cell (a try on the side); nothing was kept,
        /// `keep()` keeps it. `failed` when it stopped with an error.
        case explored(failed: Bool)
        /// Run in scratch mode, never judged.
        case scratch
        /// The lesson's own input was run for the learner (Enter, `:skip`): moved on.
        case typed
        /// Ctrl-C stopped it; nothing was kept.
        case interrupted
        /// The lesson is over.
        case finished
        /// Only comments: nothing ran, nothing changed.
        case nothing
        /// An assignment: the lesson's code is not typed for the learner (Enter, `:skip`); nothing ran.
        case withheld
    }

    public var verdict: Verdict
    /// What ran, in order, to show.
    public var results: [CellResult]
    /// The source run on the learner's behalf, to show it.
    public var typed: String?
    /// The cell's own step-by-step lines, when the answer was right by its value
    /// alone (`f'(0.8)` where the cell is `explain f'(0.8)`): the steps are what
    /// the cell teaches, so they are shown anyway.
    public var steps: [String] = []
    /// For a wrong answer, the common mistake it was found to be (`MistakeCatalog`).
    public var mistake: DetectedMistake?
}

/// A hint at some tier: 1 the lesson's nudge, 2 the shape of the answer, 3 the answer.
public struct LessonHint: Sendable, Equatable {
    public var tier: Int
    /// The lesson's words (tier 1) or code (tiers 2 and 3).
    public var text: String
    /// True when the answer (tier 3) was asked for in an assignment and the
    /// shape (tier 2) was given again instead.
    public var withheld = false

    public init(tier: Int, text: String, withheld: Bool = false) {
        self.tier = tier
        self.text = text
        self.withheld = withheld
    }
}

/// `nnbook lesson N` as a state machine that prints nothing: which cell the
/// learner is at, the lesson's session, and what each input does to it.
///
/// State you can trust: every input runs on a *copy* of the lesson's session
/// (`Session.fork`). The copy becomes the lesson's session only when the input
/// is right (judged by `AnswerJudge` against the cell run from the same
/// state), when the learner asks for the cell to be typed (Enter, `:skip`),
/// or when they `keep()` a try. A wrong or exploratory input changes nothing.
/// The session before each cell is kept, so `back()` returns to exactly it.
public final class LessonStepper {
    public private(set) var notebook: Notebook
    public private(set) var cells: [Cell]
    /// The cell the learner is at; `cells.count` when the lesson is finished.
    public private(set) var index: Int
    /// The lesson's session: the state before the current cell (after the last, when finished).
    public private(set) var session: Session
    /// What the learner did at each cell.
    public private(set) var records: [CellRecord]
    /// The scratch session while scratch mode is on.
    public private(set) var scratch: Session?
    /// What the lesson's own cells may touch: a guest of the lesson's folder
    /// that writes nothing. What the learner types runs as typed at a prompt.
    public var files: FileAccess
    /// The learner's file access: `.typed`, and `.replay` while saved progress
    /// is replayed (a file the learner wrote is not written again).
    private var learnerFiles = FileAccess.typed
    /// An assignment: the lesson's code is never given (no `:skip`, no Enter
    /// typing the cell, no answer tier of `hint()`, no `show()`).
    public var assignment = false
    /// Seconds on a clock that only goes forward (injected in tests); time
    /// between two events is added to the cell the learner was at.
    private let clock: () -> Double
    /// The clock's reading when time was last added to a cell.
    private var lastTick: Double

    /// The default clock: seconds since the machine started (never goes back).
    public static let uptime: @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }

    /// before[k]: the session before cell k, for `back()`. Never run in.
    private var before: [Session] = []
    private var expectation: LessonExpectation?
    /// Steps of a several-line cell typed so far, one input at a time.
    private var partial: (session: Session, inputs: [String], results: [CellResult], done: Int)?
    /// The last input that was not kept, for `keep()`.
    private var lastTry: (session: Session, input: String)?

    public init(notebook: Notebook, session: Session, files: FileAccess = .guest(folder: ".", writes: false),
                clock: @escaping () -> Double = LessonStepper.uptime) {
        self.clock = clock
        self.lastTick = clock()
        self.notebook = notebook
        self.files = files
        self.cells = notebook.cells
        self.index = 0
        self.session = session
        self.records = Array(repeating: CellRecord(), count: notebook.cells.count)
    }

    public var isFinished: Bool { index >= cells.count }

    /// The current cell with the prose before it; nil when finished.
    public var current: LessonStep? {
        guard !isFinished else { return nil }
        return LessonStep(index: index, cell: cells[index], prose: prose(before: index))
    }

    /// The prose after the last cell, to show when the lesson is finished.
    public var closingProse: [String] { prose(before: cells.count) }

    /// The session to complete names from: scratch's, the partial cell's, or the lesson's.
    public var activeSession: Session { scratch ?? partial?.session ?? session }

    /// Names the current cell creates or changes (for "this cell sets w1").
    public var currentChanges: [String] { currentExpectation()?.changes ?? [] }

    // MARK: - answering

    /// Runs the learner's input on a copy of the lesson's session and judges it.
    public func answer(_ input: String) -> AnswerOutcome {
        guard !isFinished else { return AnswerOutcome(verdict: .finished, results: []) }
        defer { tick() }
        if let scratch {
            return AnswerOutcome(verdict: .scratch, results: [run(input, on: scratch, byLearner: true)])
        }
        if CodeOutline.isBlank(input) { return AnswerOutcome(verdict: .nothing, results: []) }
        let start = partial?.session ?? session
        let work = start.fork()
        let result = run(input, on: work, byLearner: true)
        if result.interrupted { return AnswerOutcome(verdict: .interrupted, results: [result]) }
        if partial == nil, let cell = current?.cell, Self.sameCode(input, cell.source) {
            // The cell's own code, run from the state before the cell, does what the cell does.
            records[index].attempts += 1
            accept(work, inputs: [input])
            return AnswerOutcome(verdict: .correct, results: [result])
        }
        guard let expected = currentExpectation() else {
            return AnswerOutcome(verdict: .interrupted, results: [result])  // the cell itself was stopped: try again
        }
        let inputs = (partial?.inputs ?? []) + [input]
        let results = (partial?.results ?? []) + [result]
        let effect = CellEffect(of: results, in: work)
        if let final = expected.final, AnswerJudge.mismatch(expected: final, got: effect) == nil {
            records[index].attempts += 1
            accept(work, inputs: inputs)
            var outcome = AnswerOutcome(verdict: .correct, results: [result])
            if final.explained != nil && effect.explained == nil { outcome.steps = final.traceText }
            return outcome
        }
        let done = partial?.done ?? 0
        // The earliest step it matches: the next statements may leave the state as it was
        // (running the same block twice), and the learner is most likely at the next one.
        if !result.failed, let step = (done..<max(done, expected.effects.count - 1)).first(where: {
            AnswerJudge.mismatch(expected: expected.effects[$0], got: effect) == nil
        }) {
            partial = (work, inputs, results, step + 1)
            return AnswerOutcome(verdict: .partial(done: step + 1, of: expected.effects.count), results: [result])
        }
        if !result.failed { lastTry = (work, input) }  // a try that failed leaves nothing worth keeping
        // A try that computes the cell with a known mistake (`sigmoid(2)` where the
        // cell is `tanh(2)`) is a wrong answer, named, not a try on the side.
        let attempt = expected.isAttempt(input, failed: result.failed)
        var mistake: DetectedMistake?
        if !result.failed, let cell = current?.cell, let final = expected.final {
            mistake = MistakeCatalog.detect(cell: cell, base: session, files: files, expected: final, got: effect,
                                            printed: results.flatMap(\.plainLines), input: attempt ? nil : input)
        }
        guard attempt || mistake != nil else {
            return AnswerOutcome(verdict: .explored(failed: result.failed), results: [result])
        }
        records[index].attempts += 1
        records[index].wrongAnswers.append(input)
        records[index].mistakes.append(mistake?.name ?? "")
        let target = expected.effects[min(done, expected.effects.count - 1)]
        let why = AnswerJudge.mismatch(expected: target, got: effect)
            ?? AnswerJudge.mismatch(expected: expected.final ?? target, got: effect) ?? .figure
        var outcome = AnswerOutcome(verdict: .notQuite(why), results: [result])
        outcome.mistake = mistake
        return outcome
    }

    /// Enter on an empty line: the lesson's own input runs, from the state before
    /// the cell, and counts. `skip()` does the same and notes it as skipped.
    public func typeForLearner() -> AnswerOutcome { runCell(skipped: false) }

    /// Shows and runs the cell for the learner, once, from the right state, and moves on.
    public func skip() -> AnswerOutcome { runCell(skipped: true) }

    private func runCell(skipped: Bool) -> AnswerOutcome {
        guard let cell = current?.cell else { return AnswerOutcome(verdict: .finished, results: []) }
        guard !assignment else { return AnswerOutcome(verdict: .withheld, results: []) }
        defer { tick() }
        let work = session.fork()
        let result = run(cell.source, on: work, byLearner: false)
        if result.interrupted { return AnswerOutcome(verdict: .interrupted, results: [result], typed: cell.source) }
        if skipped { records[index].skipped = true } else { records[index].typedForLearner = true }
        accept(work, inputs: [])
        return AnswerOutcome(verdict: .typed, results: [result], typed: cell.source)
    }

    private func accept(_ work: Session, inputs: [String]) {
        tick()
        records[index].inputs = inputs
        before.append(session)
        session = work
        index += 1
        clearCell()
    }

    private func clearCell() {
        expectation = nil
        partial = nil
        lastTry = nil
    }

    private func currentExpectation() -> LessonExpectation? {
        if let expectation { return expectation }
        guard let cell = current?.cell else { return nil }
        expectation = LessonExpectation(cell: cell.source, from: session, files: files)
        return expectation
    }

    // MARK: - moving around

    /// Back to the cell before, with the session exactly as it was before it;
    /// false at the first cell.
    @discardableResult
    public func back() -> Bool {
        guard index > 0, let previous = before.popLast() else { return false }
        tick()
        index -= 1
        session = previous
        records[index].inputs = []
        scratch = nil
        clearCell()
        return true
    }

    /// The first cell again, with the session the lesson started with; what
    /// the learner did is forgotten, but for an assignment's tries, hints and time.
    public func restart() {
        tick()
        if let first = before.first { session = first }
        before = []
        index = 0
        // An assignment's tries, wrong answers, hints and time stay: starting again does not wash them out.
        records = assignment ? records.map { var r = $0; r.inputs = []; return r } : Array(repeating: CellRecord(), count: cells.count)
        scratch = nil
        clearCell()
    }

    /// Replays a lesson done up to `cell` from saved records, silently: each
    /// cell with the learner's own inputs when they still give the cell's
    /// effect, else with the lesson's input. Stops early if Ctrl-C stops a cell.
    public func replay(upTo cell: Int, records saved: [CellRecord]) {
        let live = (session.liveOutput, session.trainingProgress)
        session.liveOutput = nil
        session.trainingProgress = nil
        learnerFiles = .replay
        defer {
            (session.liveOutput, session.trainingProgress) = live
            learnerFiles = .typed
        }
        let wasAssignment = assignment
        assignment = false  // replaying a cell typed for the learner before is not typing it now
        defer { assignment = wasAssignment }
        while index < min(cell, cells.count) {
            let k = index
            let record = k < saved.count ? saved[k] : CellRecord()
            for input in record.inputs where index == k { _ = answer(input) }
            if index == k {  // the learner's inputs no longer make the cell (or there were none): the lesson's own
                partial = nil
                guard case .typed = runCell(skipped: record.skipped).verdict else { return }
            }
            records[k] = record
        }
        // The saved cell the learner is at, with its tries and time so far; the replay's own time is not theirs.
        if index < records.count, index < saved.count { records[index] = saved[index] }
        lastTick = clock()
    }

    // MARK: - help

    /// The next hint: the lesson's own first, then the shape of the answer,
    /// then the answer; asking again repeats the answer.
    public func hint() -> LessonHint? {
        guard let cell = current?.cell else { return nil }
        tick()
        let tier = min(records[index].hintTier + 1, 3)
        if assignment && tier == 3 { return LessonHint(tier: 2, text: CodeOutline.masked(cell.source), withheld: true) }
        records[index].hintTier = tier
        switch tier {
        case 1:
            if let h = cell.hint?.trimmingCharacters(in: .whitespacesAndNewlines), !h.isEmpty { return LessonHint(tier: 1, text: h) }
            records[index].hintTier = 2
            return LessonHint(tier: 2, text: CodeOutline.masked(cell.source))
        case 2: return LessonHint(tier: 2, text: CodeOutline.masked(cell.source))
        default: return LessonHint(tier: 3, text: cell.source)
        }
    }

    /// The current cell's code (`:show`): noted like the last hint tier.
    public func show() -> String? {
        guard let cell = current?.cell, !assignment else { return nil }
        tick()
        records[index].shown = true
        return cell.source
    }

    /// What the lesson has covered: for each cell done, its section and what was typed.
    public func recap() -> [RecapEntry] {
        var entries: [RecapEntry] = []
        var heading: String?
        var k = 0
        for block in notebook.blocks {
            guard k < index else { break }
            switch block {
            case .prose(let text, _):
                for line in text.split(separator: "\n") where line.hasPrefix("#") {
                    heading = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                }
            case .cell(let c):
                let r = records[k]
                entries.append(RecapEntry(section: heading, input: r.inputs.isEmpty ? c.source : r.inputs.joined(separator: "\n"),
                                          typedForLearner: r.inputs.isEmpty))
                k += 1
            }
        }
        return entries
    }

    // MARK: - exploring

    /// Scratch mode on (a copy of the session to try anything in, never judged)
    /// or off (the copy is dropped). Returns true when it is now on.
    @discardableResult
    public func toggleScratch() -> Bool {
        scratch = scratch == nil ? (partial?.session ?? session).fork() : nil
        return scratch != nil
    }

    /// Keeps what scratch mode or the last try did: it becomes the lesson's
    /// session for this cell. Returns the input kept (or nil for scratch), or
    /// nil with `false` when there was nothing to keep.
    public func keep() -> (kept: Bool, input: String?) {
        if let s = scratch {
            session = s
            scratch = nil
            clearCell()
            return (true, nil)
        }
        guard let t = lastTry else { return (false, nil) }
        session = t.session
        clearCell()
        return (true, t.input)
    }

    /// The same lesson in another language (same cells, other prose): the
    /// learner stays where they are. False, and nothing changes, when the
    /// cells differ.
    public func switchNotebook(to other: Notebook) -> Bool {
        guard other.cells.map(\.source) == cells.map(\.source) else { return false }
        notebook = other
        cells = other.cells
        return true
    }

    // MARK: - time

    /// The most one gap between two events adds (15 minutes): a terminal left
    /// open over lunch is not time spent on the cell.
    public static let idleLimit: Double = 15 * 60

    /// Adds the time since the last event to the cell the learner is at (none
    /// when the lesson is finished). The stepper ticks at each answer, hint,
    /// skip and move; call it before saving, so time spent reading counts.
    public func tick() {
        let now = clock()
        if index < records.count { records[index].seconds += min(max(0, now - lastTick), Self.idleLimit) }
        lastTick = now
    }

    // MARK: - helpers

    /// Runs code on `work` with the file access of whoever wrote it.
    private func run(_ source: String, on work: Session, byLearner: Bool) -> CellResult {
        work.fileAccess = byLearner ? learnerFiles : files
        return work.execute(source)
    }

    /// The same code, but for trailing spaces and blank lines.
    static func sameCode(_ a: String, _ b: String) -> Bool {
        func lines(_ s: String) -> [String] {
            s.split(separator: "\n").map { $0.trimmingTrailingWhitespace() }.filter { !$0.isEmpty }
        }
        return lines(a) == lines(b)
    }

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
}

/// What the learner did at one cell: kept in progress, so a lesson resumes
/// with the learner's own variables, and for reports.
public struct CellRecord: Codable, Sendable, Equatable {
    /// The inputs that made the cell right, in order (several for a cell typed
    /// a line at a time); empty when the cell was typed for the learner.
    public var inputs: [String] = []
    public var typedForLearner = false
    public var skipped = false
    /// Answers judged, right or wrong (tries on the side do not count).
    public var attempts = 0
    /// The wrong answers, as typed.
    public var wrongAnswers: [String] = []
    /// The mistake each wrong answer was found to be (`DetectedMistake.name`,
    /// `uphill-step`), one for each of `wrongAnswers`; empty when none matched.
    public var mistakes: [String] = []
    /// The highest hint tier asked for (0: none).
    public var hintTier = 0
    /// True when the learner asked to see the code (`:show`).
    public var shown = false
    /// Seconds spent at the cell, reading, trying and asking, over every visit.
    public var seconds: Double = 0

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case inputs, typedForLearner, skipped, attempts, wrongAnswers, mistakes, hintTier, shown, seconds
    }

    /// Reads a record saved by any version: a field it lacks keeps its default.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        inputs = try c.decodeIfPresent([String].self, forKey: .inputs) ?? []
        typedForLearner = try c.decodeIfPresent(Bool.self, forKey: .typedForLearner) ?? false
        skipped = try c.decodeIfPresent(Bool.self, forKey: .skipped) ?? false
        attempts = try c.decodeIfPresent(Int.self, forKey: .attempts) ?? 0
        wrongAnswers = try c.decodeIfPresent([String].self, forKey: .wrongAnswers) ?? []
        mistakes = try c.decodeIfPresent([String].self, forKey: .mistakes) ?? []
        hintTier = try c.decodeIfPresent(Int.self, forKey: .hintTier) ?? 0
        shown = try c.decodeIfPresent(Bool.self, forKey: .shown) ?? false
        seconds = try c.decodeIfPresent(Double.self, forKey: .seconds) ?? 0
    }
}

/// One line of `:recap`.
public struct RecapEntry: Sendable, Equatable {
    /// The heading of the section the cell is in.
    public var section: String?
    /// What the learner typed, or the cell's code when it was typed for them.
    public var input: String
    public var typedForLearner: Bool
}

extension Substring {
    func trimmingTrailingWhitespace() -> String {
        var s = self
        while let last = s.last, last == " " || last == "\t" || last == "\r" { s.removeLast() }
        return String(s)
    }
}
