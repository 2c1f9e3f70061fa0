import Foundation

/// Which files the cells of a session may read and write. Every file the
/// language touches — `save … to`, `plot … to`, `graph … to`, `load`,
/// `load_csv`, `mnist`, and the executable's `:load`, `:save`, `:export` —
/// is resolved here first (`Session.fileAccess`).
///
/// A notebook from someone else is a guest, as a web page is in a browser:
/// it may touch only its own folder, and never replaces a file.
public enum FileAccess: Sendable, Equatable {
    /// What the learner types at the prompt: any file, `~` expanded; an
    /// existing file is replaced only when the command says so (`save!`,
    /// `plot!`, `graph!`, `:save!`, `:export!`).
    case typed
    /// Cells of a notebook in `folder` (`:load`, `nnbook run`, `check`,
    /// `lesson`, `demo`): reads and writes only inside `folder` (relative
    /// paths start there; `..`, absolute paths and symbolic links that lead
    /// out are refused), never replaces an existing file, and cannot run
    /// `:save` or `:export`. With `writes: false` (a lesson) it writes nothing.
    case guest(folder: String, writes: Bool = true)
    /// Replaying a journal (`nnbook resume`): reads as typed; writes are not
    /// performed, only listed in `CellResult.skippedWrites`.
    case replay

    /// A guest of the folder that holds the notebook file `path`.
    public static func guest(ofNotebook path: String, writes: Bool = true) -> FileAccess {
        .guest(folder: URL(fileURLWithPath: path).deletingLastPathComponent().path, writes: writes)
    }

    /// What to do with a file a cell wants to write.
    public enum WriteTarget: Sendable, Equatable {
        /// Write `path`; replace a file already there only when `replacing`.
        case write(path: String, replacing: Bool)
        /// Replaying: do not write (the caller lists the file as skipped).
        case skip
    }

    /// The path to read for `typed` (a file or folder name as the cell gave it).
    public func readable(_ typed: String) throws(FileRefusal) -> String {
        try Self.check(typed)
        switch self {
        case .typed, .replay:
            return Self.expandingTilde(typed)
        case .guest(let folder, _):
            return try Self.inside(folder, typed).path
        }
    }

    /// Where to write `typed`; `replacing` is true when the command says `!`.
    public func target(forWriting typed: String, replacing: Bool) throws(FileRefusal) -> WriteTarget {
        try Self.check(typed)
        switch self {
        case .typed:
            return .write(path: Self.expandingTilde(typed), replacing: replacing)
        case .replay:
            return .skip
        case .guest(let folder, let writes):
            guard writes else { throw FileRefusal(path: typed, reason: .readOnly) }
            let found = try Self.inside(folder, typed)
            if found.exists { throw FileRefusal(path: typed, reason: .exists) }
            return .write(path: found.path, replacing: false)
        }
    }

    /// Whether a cell may run `:save` or `:export`: only typed input may.
    public var mayWriteSession: Bool {
        if case .guest = self { return false }
        return true
    }

    /// True for a guest: the one case that never replaces a file.
    var isGuest: Bool {
        if case .guest = self { return true }
        return false
    }

    // MARK: - paths

    /// A name the system can take: not empty, no NUL (which would cut it short).
    static func check(_ typed: String) throws(FileRefusal) {
        if typed.isEmpty || typed.utf8.contains(0) { throw FileRefusal(path: typed, reason: .badName) }
    }

    /// `~` and `~/…` with the user's home (`$HOME`, as a shell does); any other path unchanged.
    public static func expandingTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        let env = ProcessInfo.processInfo.environment["HOME"] ?? ""
        let home = env.isEmpty ? NSHomeDirectory() : env
        return home + path.dropFirst()
    }

    /// `path` made absolute against `base` with `.` and `..` worked out on
    /// the text alone, following no symbolic link.
    static func lexical(_ path: String, base: String) -> [Substring] {
        let full = path.hasPrefix("/") ? path : base + "/" + path
        var parts: [Substring] = []
        for part in full.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return parts
    }

    static func joined(_ parts: some Sequence<Substring>) -> String {
        "/" + parts.joined(separator: "/")
    }

    /// The components of `parts` below `root`, or nil when it is not inside.
    static func below(_ parts: [Substring], _ root: [Substring]) -> ArraySlice<Substring>? {
        guard parts.count >= root.count, Array(parts.prefix(root.count)) == root else { return nil }
        return parts.dropFirst(root.count)
    }

    /// The canonical path of an existing file or folder (symbolic links followed), else nil.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `typed` resolved inside `folder`, walking it one component at a time:
    /// a symbolic link is followed only when it stays inside the folder.
    static func inside(_ folder: String, _ typed: String) throws(FileRefusal) -> (path: String, exists: Bool) {
        let cwd = FileManager.default.currentDirectoryPath
        let given = lexical(folder.isEmpty ? "." : folder, base: cwd)
        let real = lexical(realPath(joined(given)) ?? joined(given), base: "/")
        let wanted = lexical(expandingTilde(typed), base: joined(given))
        guard let rest = below(wanted, given) ?? below(wanted, real) else {
            throw FileRefusal(path: typed, reason: .outside(folder: joined(real)))
        }
        var here = real
        var status = stat()
        for (k, name) in rest.enumerated() {
            let next = here + [name]
            guard lstat(joined(next), &status) == 0 else {
                // Nothing there: the rest of the path cannot lead anywhere else.
                return (joined(next + rest.dropFirst(k + 1)), false)
            }
            guard (status.st_mode & S_IFMT) == S_IFLNK else { here = next; continue }
            let resolved = realPath(joined(next)).map { lexical($0, base: "/") }
            guard let resolved, below(resolved, real) != nil else {
                let link = rest.prefix(k + 1).joined(separator: "/")
                throw FileRefusal(path: typed, reason: .link(link, folder: joined(real)))
            }
            here = resolved
        }
        return (joined(here), true)
    }
}

/// Why the file access of a session refused a path: the path as the cell
/// typed it, and the reason, in words for a learner.
public struct FileRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        /// Empty, or holding a NUL character (which would cut it short).
        case badName
        /// Outside a guest's folder (given as an absolute path).
        case outside(folder: String)
        /// Through the symbolic link `link` (the typed path up to it), which leads outside `folder`.
        case link(String, folder: String)
        /// A guest asked to write a file that is already there.
        case exists
        /// A guest that writes nothing (a lesson).
        case readOnly
    }

    public var path: String
    public var reason: Reason

    public var description: String {
        let quoted = "\"\(path)\""
        switch reason {
        case .badName: return path.isEmpty ? "the file name is empty" : "the file name \(quoted) contains a NUL character"
        case .outside: return "\(quoted) is outside this notebook's folder"
        case .link(let link, _): return "\(quoted) goes through the symbolic link \(link), which leads outside this notebook's folder"
        case .exists: return "\(quoted) already exists — a notebook never replaces a file"
        case .readOnly: return "\(quoted) was not written: a lesson writes no files"
        }
    }

    /// What to do instead.
    public var hint: String? {
        switch reason {
        case .badName: return "give a file name in quotes, e.g. \"model.json\""
        case .outside(let folder), .link(_, let folder):
            return "a notebook reads and writes only files in its own folder, \(folder)"
        case .exists: return "give a new file name, or delete the old file yourself"
        case .readOnly: return "after the lesson, at the REPL's prompt, you can write files"
        }
    }
}
