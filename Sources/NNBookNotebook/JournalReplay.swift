import NNBookLanguage

/// What replaying a journal did, and where what came back differs from what
/// the learner had.
public struct ReplayReport: Sendable, Equatable {
    /// A cell Ctrl-C stopped during the replay, which ended it there.
    public struct Stop: Sendable, Equatable {
        /// The cell's number when it first ran.
        public var cell: Int
        /// Cells after it, not replayed.
        public var left: Int
    }

    /// A variable whose value after the replay is not the one the journal
    /// measured when the learner had it.
    public struct Difference: Sendable, Equatable {
        public var name: String
        /// False when the replay did not define it at all.
        public var defined: Bool
        /// The cell that last changed it when it ran (`In [n]`)…
        public var cell: Int
        /// …and whether the replay skipped that cell (Ctrl-C had stopped it).
        public var cellSkipped: Bool
    }

    /// The cells replayed, by their numbers when they ran.
    public var replayed: [Int] = []
    /// Cells Ctrl-C stopped when they ran: not replayed.
    public var skipped: [Int] = []
    public var stop: Stop?
    /// Files the replayed cells would have written again, not written.
    public var skippedWrites: [String] = []
    /// Variables that may differ from what the learner had, by name (none
    /// for a Markdown journal of an earlier version: it measured nothing).
    public var differences: [Difference] = []

    /// What the replay did, one line per fact, for the learner: the count,
    /// the damaged end of the journal left out, what was skipped, stopped and not written, the variables, and which
    /// of them may differ and why.
    public func summary(path: String, variables: [String], damage: JournalDamage? = nil) -> [String] {
        var lines = ["resumed \(replayed.count) cell\(replayed.count == 1 ? "" : "s") from \(path)"]
        if let damage { lines.append(damage.description) }
        if !skipped.isEmpty {
            let cells = Self.list(skipped.map { "In [\($0)]" })
            lines.append("skipped \(cells), stopped by Ctrl-C when \(skipped.count == 1 ? "it" : "they") ran")
        }
        if let stop {
            lines.append("Ctrl-C stopped the resume at In [\(stop.cell)]: the cells before it came back"
                         + (stop.left == 0 ? "" : "; \(stop.left) cell\(stop.left == 1 ? "" : "s") after it \(stop.left == 1 ? "was" : "were") not replayed"))
        }
        if !skippedWrites.isEmpty {
            lines.append("not written again while replaying: " + skippedWrites.joined(separator: ", "))
        }
        if !variables.isEmpty { lines.append("variables: " + variables.joined(separator: ", ")) }
        if !differences.isEmpty {
            lines.append("may differ from what you had: " + differences.map(\.explained).joined(separator: ", "))
        }
        return lines
    }

    /// "In [2] and In [5]", "In [2], In [3] and In [5]".
    static func list(_ items: [String]) -> String {
        guard items.count > 1, let last = items.last else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + last
    }
}

extension ReplayReport.Difference {
    /// `i (In [4] changed it and was skipped)`.
    var explained: String {
        let cell = "In [\(self.cell)]"
        switch (defined, cellSkipped) {
        case (true, true): return "\(name) (\(cell) changed it and was skipped)"
        case (true, false): return "\(name) (\(cell) gave a different value this time)"
        case (false, true): return "\(name) (\(cell) defined it and was skipped)"
        case (false, false): return "\(name) (\(cell) defined it, but not this time)"
        }
    }
}

/// `nnbook resume`: a journal's cells run again into a session, without
/// surprises —
///
/// - cells that Ctrl-C stopped when they ran are skipped (a `while True` would
///   run forever again, an interrupted training would train to the end);
/// - a replayed cell can be stopped with Ctrl-C: the replay ends there;
/// - afterwards each variable the journal measured is measured again
///   (`JournalState`): the ones whose fingerprint differs, or that are gone,
///   are named with the cell that last changed them.
public enum JournalReplay {
    /// Replays `records` into `session`.
    /// - Parameters:
    ///   - execute: runs one cell's source in `session` (the caller adds what
    ///     running needs, such as Ctrl-C as a signal).
    ///   - each: called with every replayed cell and its result.
    public static func replay(_ records: [JournalRecord], in session: Session,
                              execute: (String) -> CellResult,
                              each: (String, CellResult) -> Void = { _, _ in }) -> ReplayReport {
        var report = ReplayReport()
        // Replayed cells write no files (a model saved then edited by hand is
        // not overwritten); what they would have written is listed.
        let access = session.fileAccess
        session.fileAccess = .replay
        defer { session.fileAccess = access }
        var expected: [String: (fingerprint: Fingerprint, cell: Int, skipped: Bool)] = [:]
        func measured(_ record: JournalRecord, skipped: Bool) {
            if record.complete { expected = [:] }
            for (name, fingerprint) in record.state { expected[name] = (fingerprint, record.count, skipped) }
        }
        for (i, record) in records.enumerated() {
            if record.outcome == .interrupted {
                report.skipped.append(record.count)
                measured(record, skipped: true)
                continue
            }
            let result = execute(record.source)
            report.skippedWrites += result.skippedWrites.filter { !report.skippedWrites.contains($0) }
            each(record.source, result)
            if result.interrupted {
                report.stop = .init(cell: record.count, left: records.count - i - 1)
                break
            }
            report.replayed.append(record.count)
            measured(record, skipped: false)
        }
        for name in expected.keys.sorted() {
            guard let e = expected[name] else { continue }
            guard let value = session.value(named: name) else {
                report.differences.append(.init(name: name, defined: false, cell: e.cell, cellSkipped: e.skipped))
                continue
            }
            if !JournalState.digest(of: value, in: session).matches(e.fingerprint) {
                report.differences.append(.init(name: name, defined: true, cell: e.cell, cellSkipped: e.skipped))
            }
        }
        return report
    }
}
