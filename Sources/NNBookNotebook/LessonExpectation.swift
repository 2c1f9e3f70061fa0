import NNBookLanguage

/// What a lesson cell does, worked out once by running it on a copy of the
/// learner's session: its effect after each of its top-level statements (so
/// a learner may type a cell of several lines one line at a time), and what
/// it changes, to say so in messages.
struct LessonExpectation {
    /// The cell's top-level statements (a block is one), comments folded into the next.
    let steps: [String]
    /// The effect after steps 0…k, for each k run. A step that fails ends the
    /// list: what the cell teaches is that error, with the state it left.
    let effects: [CellEffect]
    /// Names whose value the cell changes or creates.
    let changes: [String]
    let outline: CodeOutline?

    var final: CellEffect? { effects.last }

    /// Runs `source` step by step on a silent fork of `base`, with the lesson's
    /// file access; nil when Ctrl-C stopped it (in a step, or between two: no
    /// step runs after a Ctrl-C).
    init?(cell source: String, from base: Session, files: FileAccess) {
        let before = base.fingerprints()
        let work = base.fork()
        work.fileAccess = files
        work.liveOutput = nil
        work.trainingProgress = nil
        steps = Self.split(source)
        var results: [CellResult] = []
        var effects: [CellEffect] = []
        for step in steps {
            if work.isCancelled() { return nil }
            let r = work.execute(step)
            if r.interrupted { return nil }
            results.append(r)
            effects.append(CellEffect(of: results, in: work))
            if r.failed { break }
        }
        if effects.isEmpty { effects = [CellEffect(of: [], in: work)] }
        self.effects = effects
        let after = effects[effects.count - 1].variables
        changes = after.keys.filter { name in before[name].map { !$0.matches(after[name] ?? .text("")) } ?? true }.sorted()
        outline = CodeOutline(source)
    }

    /// A cell's top-level statements: what `CellSplitter` makes of it as a file.
    static func split(_ source: String) -> [String] {
        var splitter = CellSplitter(mode: .file)
        var cells: [String] = []
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            cells += splitter.feed(String(line)).map(\.source)
        }
        if let last = splitter.finish() { cells.append(last.source) }
        // A comment on its own line belongs to the statement after it.
        var steps: [String] = []
        var comments: [String] = []
        for c in cells {
            if c.split(separator: "\n").allSatisfy({ $0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }) {
                comments.append(c)
            } else {
                steps.append((comments + [c]).joined(separator: "\n"))
                comments = []
            }
        }
        if !comments.isEmpty {
            if steps.isEmpty { steps = [comments.joined(separator: "\n")] } else { steps[steps.count - 1] += "\n" + comments.joined(separator: "\n") }
        }
        return steps.isEmpty ? [source] : steps
    }

    /// True when `input` looks like an answer to this cell rather than a try
    /// on the side: it sets a name the cell sets, uses the cell's command, or
    /// — where the cell shows a value — shows one the same way: calling the
    /// same function (`f'` is not `f`), or with no call, using the cell's
    /// names or none (`2*0.8`). An input that `failed` needs only the same
    /// shape (`v * 2` for `w * 2` is a slip, not a try on the side). Input
    /// that does not parse counts as an answer (its error is shown either way).
    func isAttempt(_ input: String, failed: Bool) -> Bool {
        guard let mine = CodeOutline(input), let cell = outline else { return true }
        if !mine.assigned.isDisjoint(with: changes) { return true }
        if let c = cell.command, mine.command == c { return true }
        guard cell.endsWithExpression || cell.command == "explain", mine.endsWithExpression || mine.command == "explain",
              mine.finalCall == cell.finalCall else { return false }
        return failed || mine.finalCall != nil || mine.isPureArithmetic || !mine.names.isDisjoint(with: cell.names)
    }
}
