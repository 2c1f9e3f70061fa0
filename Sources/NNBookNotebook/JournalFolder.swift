import Foundation

/// `<home>/journal`: one journal per interactive session,
/// `session-DATE-PID.journal` (`JournalFormat`); earlier versions wrote
/// `session-DATE-PID.md` (Markdown), which are still found, resumed and pruned.
public struct JournalFolder: Sendable {
    public let path: String

    public init(home: String) {
        path = URL(fileURLWithPath: home).appendingPathComponent("journal").path
    }

    /// How many journals are kept: older ones are deleted when a new one starts.
    public static let kept = 20
    public static let fileExtension = "journal"

    /// The name of a new session's journal.
    public func newJournalPath(started: Date, pid: Int32) -> String {
        path + "/session-\(Self.stamp.string(from: started))-\(pid).\(Self.fileExtension)"
    }

    private static let stamp: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyyMMdd-HHmmss"
        return f
    }()

    /// Creates the folder if needed, deletes all but the newest `kept - 1`
    /// journals, and creates the journal `file` (see `newJournalPath`).
    public func create(_ file: String) throws(JournalWriteFailure) -> JournalFile {
        if let code = NNBookHome.makeFolder(path) { throw JournalWriteFailure(code: code) }
        prune(keeping: Self.kept - 1)
        return try JournalFile(creating: file)
    }

    /// Every journal in the folder (both formats), newest first by modification time.
    public var journals: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let files = names.filter { $0.hasPrefix("session-") && ($0.hasSuffix("." + Self.fileExtension) || $0.hasSuffix(".md")) }
            .map { path + "/" + $0 }
        let dated = files.map { ($0, Self.modified($0)) }
        return dated.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 > $1.0 }.map(\.0)
    }

    /// The most recent journal other than `excluding`.
    public func latest(excluding: String?) -> String? {
        journals.first { $0 != excluding }
    }

    /// Deletes all but the newest `keeping` journals.
    func prune(keeping: Int) {
        for old in journals.dropFirst(keeping) { try? FileManager.default.removeItem(atPath: old) }
    }

    private static func modified(_ path: String) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast
    }
}
