import Foundation
import NNBookLanguage
import NNBookNotebook

/// The session journal: every executed cell and its output, appended to
/// `$NNBOOK_HOME/journal/session-DATE-PID.md` as it completes and flushed to
/// disk, in the notebook format. A `kill -9` or a closed terminal loses no
/// cell; `nnbook resume` replays the latest journal. Each process writes its
/// own file, so two sessions never mix.
final class Journal {
    let path: String
    private let stamp: String
    private let folder: URL
    /// Opened with the first cell, so a session that runs nothing leaves no file
    /// (and starting nnbook pays nothing for it).
    private var fd: Int32 = -1

    init(home: URL) {
        folder = home.appendingPathComponent("journal")
        stamp = Journal.stampFormatter.string(from: Date())
        path = folder.appendingPathComponent("session-\(stamp)-\(getpid()).md").path
    }

    private func openIfNeeded() -> Bool {
        if fd >= 0 { return true }
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        prune()
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { return false }
        append("# nnbook session journal\n\nStarted \(stamp). `nnbook resume` replays the cells below.\n\n")
        return true
    }

    deinit { if fd >= 0 { close(fd) } }

    private static let stampFormatter: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyyMMdd-HHmmss"
        return f
    }()

    /// Appends one cell with its output and forces it to disk.
    func record(source: String, output: [String]) {
        guard openIfNeeded() else { return }
        let cell = Cell(source: source, line: 1, expected: output.isEmpty ? nil : output.joined(separator: "\n"))
        append(NotebookWriter.markdown(Notebook(blocks: [.cell(cell)])) + "\n")
    }

    private func append(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        fsync(fd)
    }

    /// When a journal was last written.
    static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    /// How many journals are kept: older ones are deleted when a new one starts.
    static let kept = 20

    /// Deletes all but the newest `kept - 1` journals, making room for this one.
    private func prune() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let files = names.filter { $0.hasPrefix("session-") && $0.hasSuffix(".md") }.map { folder.appendingPathComponent($0).path }
        let newestFirst = files.sorted { (Journal.modified($0) ?? .distantPast) > (Journal.modified($1) ?? .distantPast) }
        for old in newestFirst.dropFirst(Journal.kept - 1) { try? FileManager.default.removeItem(atPath: old) }
    }

    /// The most recent journal other than `excluding`, by modification time.
    static func latest(in home: URL, excluding: String?) -> String? {
        let folder = home.appendingPathComponent("journal")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let files = names.filter { $0.hasPrefix("session-") && $0.hasSuffix(".md") }.map { folder.appendingPathComponent($0).path }
            .filter { $0 != excluding }
        func modified(_ p: String) -> Date {
            ((try? FileManager.default.attributesOfItem(atPath: p))?[.modificationDate] as? Date) ?? .distantPast
        }
        return files.max { modified($0) < modified($1) }
    }
}
