import Foundation

/// What `nnbook lesson` lists about one lesson file, `NN-topic.md`.
public struct LessonInfo: Sendable, Equatable {
    /// From the `NN-` prefix of the file name.
    public var number: Int
    /// The topic part of the file name: `gradient-descent` in `02-gradient-descent.md`.
    public var name: String
    /// The first `# ` heading, or the name when there is none.
    public var title: String
    public var path: String
    /// Input cells in the lesson (0 when the file does not parse).
    public var cellCount: Int

    public init(number: Int, name: String, title: String, path: String, cellCount: Int) {
        self.number = number
        self.name = name
        self.title = title
        self.path = path
        self.cellCount = cellCount
    }
}

/// The lessons of a folder: every `NN-topic.md` directly inside it, in
/// number order. Other files are ignored; nothing here throws.
public enum LessonCatalog {
    public static func lessons(in folder: String) -> [LessonInfo] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.compactMap { name -> LessonInfo? in
            guard let (number, topic) = parseName(name) else { return nil }
            let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
            let text = (try? NotebookFile.read(path)) ?? ""
            let cells = (try? NotebookParser.parse(text, path: path))?.cells.count ?? 0
            return LessonInfo(number: number, name: topic, title: title(of: text) ?? topic, path: path, cellCount: cells)
        }
        .sorted { ($0.number, $0.name) < ($1.number, $1.name) }
    }

    /// The lesson `query` names: a number (`2`, `02`), a name (`gradient-descent`),
    /// a prefix of a name (`gradient`) or a file name (`02-gradient-descent.md`).
    /// Exact matches win over prefixes; the lowest number wins among equals.
    public static func find(_ query: String, in folder: String) -> LessonInfo? {
        let q = query.trimmingCharacters(in: .whitespaces).lowercased()
        guard !q.isEmpty else { return nil }
        let all = lessons(in: folder)
        if let n = Int(q) { return all.first { $0.number == n } }
        let file = q.hasSuffix(".md") ? String(q.dropLast(3)) : q
        return all.first { "\(String(format: "%02d", $0.number))-\($0.name)".lowercased() == file }
            ?? all.first { $0.name.lowercased() == q }
            ?? all.first { $0.name.lowercased().hasPrefix(q) }
            ?? all.first { $0.title.lowercased().contains(q) }
    }

    /// `("02", "gradient-descent")` from `02-gradient-descent.md`, as (2, name).
    static func parseName(_ file: String) -> (Int, String)? {
        guard file.hasSuffix(".md") else { return nil }
        let stem = file.dropLast(3)
        let digits = stem.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let number = Int(digits), stem.dropFirst(digits.count).first == "-" else { return nil }
        let topic = stem.dropFirst(digits.count + 1)
        return topic.isEmpty ? nil : (number, String(topic))
    }

    /// The text of the first `# ` heading outside fenced blocks.
    static func title(of text: String) -> String? {
        var fence: Fence?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let open = fence {
                if open.isClosed(by: line) { fence = nil }
                continue
            }
            if let f = Fence(line) { fence = f; continue }
            if line.hasPrefix("# ") {
                return line.dropFirst(2).trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        return nil
    }
}
