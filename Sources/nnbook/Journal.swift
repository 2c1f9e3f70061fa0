import Foundation
import NNBookLanguage
import NNBookNotebook

/// The session journal: every cell an interactive session runs, with its
/// output, how it ended and what it changed, appended to
/// `$NNBOOK_HOME/journal/session-DATE-PID.journal` (`JournalFormat`) and
/// forced to disk as it completes. A `kill -9` or a closed terminal loses no
/// cell; `nnbook resume` replays the latest journal (`JournalReplay`). Each
/// process writes its own file, so two sessions never mix. This type only
/// decides what to journal; the format and the writing are NNBookNotebook's.
final class Journal {
    let path: String
    private let writer: JournalWriter

    init(home: URL) {
        let folder = JournalFolder(home: home.path)
        let path = folder.newJournalPath(started: Date(), pid: getpid())
        self.path = path
        writer = JournalWriter { () throws(JournalWriteFailure) -> JournalSink in try folder.create(path) }
    }

    /// Journals a cell that just ran in `session`. Returns the problem the
    /// first time the journal cannot be written (after that it journals nothing).
    func record(_ source: String, result: CellResult, in session: Session) -> JournalProblem? {
        guard writer.problem == nil else { return nil }
        return writer.append(JournalRecord(source: source, result: result, state: .after(source, in: session)))
    }

    /// Journals cells that ran elsewhere (a lesson's, handed to the REPL),
    /// measured as `session` holds them now; the last one lists every variable.
    func record(adopted sources: [String], in session: Session) -> JournalProblem? {
        let first = max(1, session.nextCount - sources.count)
        for (i, source) in sources.enumerated() {
            let state = i == sources.count - 1 ? JournalState.of(session.variableNames, in: session, complete: true)
                                               : JournalState.after(source, in: session)
            let record = JournalRecord(count: first + i, source: source, output: [], outcome: .ran,
                                       state: state.fingerprints, complete: state.complete)
            if let problem = writer.append(record) { return problem }
        }
        return nil
    }

    /// The most recent journal in `home` other than `excluding`.
    static func latest(in home: URL, excluding: String?) -> String? {
        JournalFolder(home: home.path).latest(excluding: excluding)
    }
}
