import Foundation
import NNBookLanguage

extension LessonLoop {
    enum Input { case text(String), cancelled, end }

    /// Reads one answer: a line, a block typed over several lines with the
    /// continuation prompt, or a paste (`CellReader`; an empty line runs a
    /// block or a paste). An empty line at the prompt is "type it for me";
    /// a line starting with `:` is a meta-command.
    func readInput(prompt: String, continuation: String) -> Input {
        var reader = CellReader()
        var done: [String] = []
        while true {
            let raw: LineEditor.Input
            let shown = reader.isContinuing ? continuation : prompt
            if let editor { raw = editor.read(prompt: shown) } else { raw = Terminal.readLineOrEnd().map { .line($0) } ?? .endOfInput }
            if case .line(let line) = raw, !reader.isContinuing, done.isEmpty {
                let t = line.trimmingCharacters(in: .whitespaces)
                if t.isEmpty { return .text("") }
                if t.hasPrefix(":") { return remembered(line) }
            }
            if case .paste(let text) = raw { terminal.echoPaste(text, prompt: shown, continuation: continuation) }
            switch reader.take(raw) {
            case .waiting: continue
            case .cancelled: return .cancelled
            case .end(let last):
                if let last { done.append(last) }
                return done.isEmpty ? .end : remembered(done.joined(separator: "\n"))
            case .cells(let cells):
                done += cells
                if !reader.isContinuing { return remembered(done.joined(separator: "\n")) }
            }
        }
    }

    private func remembered(_ text: String) -> Input {
        editor?.remember(text)
        return .text(text)
    }
}
