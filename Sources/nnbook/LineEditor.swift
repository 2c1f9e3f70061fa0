import CLibEdit
import CTerminal
import Foundation

/// libedit through its readline-compatible API: editing, history persisted
/// in `$NNBOOK_HOME/history`, Tab completion from a provider, and Ctrl-C
/// reported as `.interrupted` rather than killing the process.
final class LineEditor {
    /// A typed line; a bracketed paste (with whatever was typed before it on
    /// the line), which is one cell however many lines and blank lines it has;
    /// Ctrl-C; Ctrl-D.
    enum Input { case line(String), paste(String), interrupted, endOfInput }

    private let historyPath: String
    /// Supplies completions for the word being typed.
    // unsafe: libedit's completion callback is a C function with no context
    // pointer, so it reaches these through statics; only the REPL's thread
    // (inside readline) touches them.
    nonisolated(unsafe) static var provider: (String) -> [String] = { _ in [] }
    nonisolated(unsafe) private static var matches: [String] = []

    init(home: URL) {
        setlocale(LC_CTYPE, "")
        try? FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        historyPath = home.appendingPathComponent("history").path
        nnbook_no_signal_catching()
        nnbook_set_getc(nnbook_getc)
        rl_initialize()
        nnbook_install_sigint()  // again: ours must be the handler libedit sees, without SA_RESTART
        using_history()
        stifle_history(2000)
        if read_history(historyPath) != 0 { _ = write_history(historyPath) }  // a new file, with libedit's header
        if let breaks = strdup(LineEditor.wordBreaks) { nnbook_set_word_breaks(breaks) }  // kept for the process's life
        nnbook_set_completion(LineEditor.complete)
    }

    /// Characters that end a word for completion; ':' and '_' stay inside words.
    private static let wordBreaks = " \t\n\"\\`@$><=;|&{([,+-*/^%)]}"

    /// Reads one line. Ctrl-C (the SIGINT flag) gives `.interrupted`; Ctrl-D `.endOfInput`.
    /// The terminal marks pastes (bracketed paste mode, on from the first read to the end of the process).
    func read(prompt: String) -> Input {
        nnbook_reset_interrupts()
        _ = nnbook_take_paste().map { free($0) }
        nnbook_bracketed_paste(1)
        let raw = readline(prompt)
        let pasted = nnbook_take_paste().map { p -> String in
            defer { free(p) }
            return String(cString: p)
        }
        guard let raw else {
            return Interrupts.pending ? .interrupted : .endOfInput
        }
        defer { free(raw) }
        if Interrupts.pending { return .interrupted }
        let line = String(cString: raw)
        if let pasted {
            var text = line + pasted
            while text.hasSuffix("\n") { text.removeLast() }
            return .paste(text)
        }
        return .line(line)
    }

    /// Reads one line that starts out as `prefill`, ready to edit (as if
    /// typed; tabs become spaces and control characters are left out, so
    /// nothing but text is typed).
    func read(prompt: String, prefill: String) -> Input {
        let text = String(String.UnicodeScalarView(prefill.replacingOccurrences(of: "\t", with: "    ")
            .unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
        nnbook_queue_input(text)
        defer { nnbook_clear_queued_input() }
        return read(prompt: prompt)
    }

    /// Adds a whole cell (perhaps several lines) to the history and appends it to
    /// the file at once, so a closed terminal loses nothing, and two nnbook
    /// processes add their entries side by side instead of overwriting each other.
    func remember(_ cell: String) {
        guard !cell.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        add_history(cell)
        // libedit's append_history repeats earlier entries; one O_APPEND write of
        // the entry, encoded as libedit encodes it, is exact and safe between processes.
        let fd = open(historyPath, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { return }
        let line = Array((LineEditor.encode(cell) + "\n").utf8)
        _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// libedit's history file encoding (strvis with VIS_WHITE): white space and
    /// control characters as octal escapes, backslash doubled.
    static func encode(_ entry: String) -> String {
        var out = ""
        for u in entry.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case " ", "\t", "\n", "\r": out += "\\" + String(format: "%03o", u.value)
            default:
                if u.value < 0x20 || u.value == 0x7F { out += "\\" + String(format: "%03o", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    /// Keeps the file from growing without end (called when leaving).
    func save() {
        _ = history_truncate_file(historyPath, 2000)
    }

    private static let complete: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, _, _ in
        nnbook_completion_over()
        guard let text else { return nil }
        LineEditor.matches = LineEditor.provider(String(cString: text))
        return rl_completion_matches(text, LineEditor.generate)
    }

    private static let generate: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
        let i = Int(state)
        guard i < LineEditor.matches.count else { return nil }
        return strdup(LineEditor.matches[i])
    }
}
