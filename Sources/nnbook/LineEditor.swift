import CLibEdit
import CTerminal
import Foundation

/// libedit through its readline-compatible API: editing, history persisted
/// in `$NNBOOK_HOME/history`, Tab completion from a provider, and Ctrl-C
/// reported as `.interrupted` rather than killing the process.
final class LineEditor {
    enum Input { case line(String), interrupted, endOfInput }

    private let historyPath: String
    /// Supplies completions for the word being typed.
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
        _ = read_history(historyPath)
        if let breaks = strdup(LineEditor.wordBreaks) { nnbook_set_word_breaks(breaks) }  // kept for the process's life
        nnbook_set_completion(LineEditor.complete)
    }

    /// Characters that end a word for completion; ':' and '_' stay inside words.
    private static let wordBreaks = " \t\n\"\\`@$><=;|&{([,+-*/^%)]}"

    /// Reads one line. Ctrl-C (the SIGINT flag) gives `.interrupted`; Ctrl-D `.endOfInput`.
    func read(prompt: String) -> Input {
        nnbook_reset_interrupts()
        guard let raw = readline(prompt) else {
            return nnbook_interrupt_count() > 0 ? .interrupted : .endOfInput
        }
        defer { free(raw) }
        if nnbook_interrupt_count() > 0 { return .interrupted }
        return .line(String(cString: raw))
    }

    /// Adds a whole cell (perhaps several lines) to the history and saves it at once,
    /// so a closed terminal loses nothing.
    func remember(_ cell: String) {
        guard !cell.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        add_history(cell)
        save()
    }

    func save() {
        _ = write_history(historyPath)
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
