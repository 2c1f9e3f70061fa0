import CTerminal
import Foundation
import NNBookLanguage
import NNBookNotebook

/// What the terminal can do, decided once at start-up: interactive only when
/// both standard input and output are terminals; colour only then, and not
/// under NO_COLOR or TERM=dumb.
struct Terminal {
    let interactive: Bool
    let colour: Bool
    let unicode: Bool

    init(forceNoColour: Bool = false) {
        let env = ProcessInfo.processInfo.environment
        interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let term = env["TERM"] ?? ""
        colour = interactive && !forceNoColour && env["NO_COLOR"].map(\.isEmpty) ?? true && term != "dumb"
        unicode = term != "dumb"
    }

    var width: Int { let c = Int(nnbook_terminal_columns()); return c > 0 ? c : 80 }
    var height: Int { let r = Int(nnbook_terminal_rows()); return r > 0 ? r : 24 }

    /// Where nnbook keeps what it remembers for a user: $NNBOOK_HOME, or ~/.nnbook.
    static var home: URL {
        if let h = ProcessInfo.processInfo.environment["NNBOOK_HOME"], !h.isEmpty { return URL(fileURLWithPath: h) }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".nnbook")
    }

    /// True when `home` comes from NNBOOK_HOME rather than the default.
    static var homeFromEnvironment: Bool { !(ProcessInfo.processInfo.environment["NNBOOK_HOME"] ?? "").isEmpty }

    /// At the start of a command that keeps things in `home`: makes sure it is
    /// a folder nnbook can write (creating it), or says what is wrong and
    /// returns false, so nothing is lost silently later.
    func checkHome() -> Bool {
        guard let problem = NNBookHome.prepare(Terminal.home.path, fromEnvironment: Terminal.homeFromEnvironment) else { return true }
        writeError("nnbook: " + problem + "\n")
        return false
    }

    func write(_ text: String) {
        nnbook_write_out(text)
    }

    /// `:clear`: the screen emptied and the cursor home, on a terminal; piped output is left alone.
    func clearScreen() {
        if interactive { write("\u{1B}[H\u{1B}[2J") }
    }

    /// How many `running` spans are open (a `:load` runs its cells inside one).
    // unsafe: only the REPL's thread opens and closes spans (cells run on it).
    nonisolated(unsafe) private static var runningDepth = 0

    /// Runs a cell with Ctrl-C as a signal (at the prompt it is read as a key).
    /// Spans nest: cells run one after another inside one span keep Ctrl-C a
    /// signal between them too.
    func running<T>(_ body: () -> T) -> T {
        Self.runningDepth += 1
        if Self.runningDepth == 1 { nnbook_cell_running(1) }
        defer {
            Self.runningDepth -= 1
            if Self.runningDepth == 0 { nnbook_cell_running(0) }
        }
        return body()
    }

    /// Runs `body` (which reads from the keyboard: a lesson started from a
    /// cell) as between cells, with Ctrl-C a key again, inside a `running` span.
    func prompting<T>(_ body: () -> T) -> T {
        let depth = Self.runningDepth
        Self.runningDepth = 0
        if depth > 0 { nnbook_cell_running(0) }
        defer {
            Self.runningDepth = depth
            if depth > 0 { nnbook_cell_running(1) }
        }
        return body()
    }

    /// A line of standard input read without libedit (piped input, a yes/no
    /// question), or why there is none.
    enum InputLine: Equatable { case line(String), interrupted, end }

    /// Reads one line (see `nnbook_read_line`), after writing `prompt` (a
    /// question's): a Ctrl-C while waiting gives `.interrupted` at once, never a retry loop.
    static func readInputLine(prompt: String = "") -> InputLine {
        var raw: UnsafeMutablePointer<CChar>?
        let length = nnbook_read_line(prompt, &raw)
        if length == -2 { return .interrupted }
        guard length >= 0, let raw else { return .end }
        return .line(String(decoding: UnsafeRawBufferPointer(start: raw, count: length), as: UTF8.self))
    }

    /// `readInputLine`, with Ctrl-C counted as the end of input.
    static func readLineOrEnd(prompt: String = "") -> String? {
        if case .line(let l) = readInputLine(prompt: prompt) { return l }
        return nil
    }

    func writeError(_ text: String) {
        nnbook_write_error(text)
    }

    // MARK: colour

    enum Paint: String {
        case red = "31", green = "32", yellow = "33", blue = "34", magenta = "35", cyan = "36"
        case bold = "1", dim = "2", boldRed = "1;31", boldGreen = "1;32"
    }

    func paint(_ s: String, _ p: Paint) -> String {
        colour ? "\u{1B}[\(p.rawValue)m\(s)\u{1B}[0m" : s
    }

    /// A prompt for libedit: escape codes wrapped in \001…\002 so that they
    /// take no columns.
    /// libedit does not write an invisible sequence that ends the prompt, so
    /// the reset would be lost and the line typed after it would take the
    /// prompt's colour: trailing spaces stay outside the paint, last.
    func promptPaint(_ s: String, _ p: Paint) -> String {
        guard colour else { return s }
        let trail = s.reversed().prefix { $0 == " " }.count
        return "\u{01}\u{1B}[\(p.rawValue)m\u{02}\(s.dropLast(trail))\u{01}\u{1B}[0m\u{02}" + String(repeating: " ", count: trail)
    }
}
