import Foundation

/// Where a learner is in one lesson.
public struct LessonProgress: Sendable, Equatable, Codable {
    /// Index of the next cell to do (0-based).
    public var cell: Int
    public var completed: Bool
    /// What the learner did at each cell so far (absent in older files).
    public var records: [CellRecord]?
    /// When this was last saved (absent in older files).
    public var updated: Date?

    public init(cell: Int, completed: Bool, records: [CellRecord]? = nil, updated: Date? = nil) {
        self.cell = cell
        self.completed = completed
        self.records = records
        self.updated = updated
    }
}

/// The learner's progress through lessons, kept in `<home>/progress.json` as
/// `{"<lesson key>": {"cell": 3, "completed": false, "records": […], "updated": "…"}, …}`
/// and rewritten
/// atomically after every change, so `nnbook lesson` resumes where the
/// learner left off. A missing or corrupt file means no progress yet: the
/// store starts fresh and never crashes (the corrupt file is replaced on the
/// next change). Keys are the paths exactly as given; pass a stable one,
/// such as `LessonInfo.path`.
public final class LessonProgressStore {
    public let home: String
    public private(set) var entries: [String: LessonProgress]

    /// `<home>/progress.json`.
    public var file: String { URL(fileURLWithPath: home).appendingPathComponent("progress.json").path }

    /// Reads `<home>/progress.json` if there is one that makes sense.
    public init(home: String) {
        self.home = home
        self.entries = [:]
        if let data = FileManager.default.contents(atPath: file),
           let decoded = try? Self.decoder.decode([String: LessonProgress].self, from: data) {
            entries = decoded
        }
    }

    private static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()

    /// The saved progress of a lesson, nil when it was never started.
    public func progress(for lesson: String) -> LessonProgress? { entries[lesson] }

    /// Records where the learner is, and saves. Throws a `NotebookError`
    /// (the progress is still kept in memory) when the file cannot be written.
    public func set(_ lesson: String, cell: Int, completed: Bool, records: [CellRecord]? = nil, updated: Date? = nil) throws {
        entries[lesson] = LessonProgress(cell: max(0, cell), completed: completed, records: records, updated: updated)
        try save()
    }

    /// The lesson saved most recently with a cell to go on at (one done before
    /// and walked again counts too), with its progress.
    public var latestUnfinished: (lesson: String, progress: LessonProgress)? {
        entries.filter { $0.value.cell > 0 }
            .max { ($0.value.updated ?? .distantPast) < ($1.value.updated ?? .distantPast) }
            .map { ($0.key, $0.value) }
    }

    /// Forgets a lesson's progress, and saves.
    public func reset(_ lesson: String) throws {
        entries[lesson] = nil
        try save()
    }

    /// Writes every entry atomically, creating `home` when it is missing.
    public func save() throws {
        do {
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        } catch {
            throw NotebookError(path: home, line: 0, message: "cannot create the folder for lesson progress")
        }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(entries), let text = String(data: data, encoding: .utf8) else {
            throw NotebookError(path: file, line: 0, message: "cannot encode lesson progress")
        }
        try NotebookFile.write(text + "\n", to: file, overwrite: true)
    }
}
