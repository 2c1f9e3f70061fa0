import Foundation
import NNBookLanguage

extension LessonLoop {
    enum Input { case text(String), cancelled, end }

    /// Reads one answer: a line, a block typed over several lines with the
    /// continuation prompt (an empty line ends it), or a bracketed paste,
    /// which is one answer however many lines and blank lines it has. An
    /// empty line at the prompt is "type it for me"; a line starting with
    /// `:` is a meta-command.
    func readInput(prompt: String, continuation: String) -> Input {
        var splitter = CellSplitter()
        var typed: [String] = []
        var done: [String] = []
        while true {
            let raw: LineEditor.Input
            let shown = splitter.isContinuing ? continuation : prompt
            if let editor { raw = editor.read(prompt: shown) } else { raw = readLine(strippingNewline: true).map { .line($0) } ?? .endOfInput }
            switch raw {
            case .interrupted: return .cancelled
            case .endOfInput:
                if let last = splitter.finish() { done.append(last.source) }
                return done.isEmpty ? .end : remembered((done).joined(separator: "\n"))
            case .paste(let text):
                echoPaste(text, continuation: continuation)
                let whole = (typed + [text]).joined(separator: "\n")
                return remembered(whole)
            case .line(let line):
                let blank = line.trimmingCharacters(in: .whitespaces).isEmpty
                if !splitter.isContinuing && done.isEmpty && (blank || line.trimmingCharacters(in: .whitespaces).hasPrefix(":")) {
                    return blank ? .text("") : remembered(line)
                }
                typed.append(line)
                done += splitter.feed(line).map(\.source)
                if !splitter.isContinuing && !done.isEmpty { return remembered(done.joined(separator: "\n")) }
            }
        }
    }

    private func remembered(_ text: String) -> Input {
        editor?.remember(text)
        return .text(text)
    }

    /// A paste arrives unechoed: show its lines as if typed at the continuation prompt.
    private func echoPaste(_ text: String, continuation: String) {
        let bare = continuation.replacingOccurrences(of: "\u{01}", with: "").replacingOccurrences(of: "\u{02}", with: "")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() { terminal.write((i == 0 ? "" : bare) + line + "\n") }
    }
}
