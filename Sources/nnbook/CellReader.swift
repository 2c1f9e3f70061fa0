import NNBookLanguage

/// Turns what the line editor reads into cells, for the REPL and the lesson
/// stepper alike: typed lines grouped by `CellSplitter` (a block ends with an
/// empty line), and a bracketed paste kept whole — blank lines and all, with
/// any lines typed before it — until an empty line runs it, as a typed block
/// would be. More lines may be typed or pasted after it first.
struct CellReader {
    private var splitter = CellSplitter()
    private var paste: [String]?

    enum Event {
        /// Complete cells, to run in order.
        case cells([String])
        /// More lines are needed: show the continuation prompt.
        case waiting
        /// Ctrl-C: whatever was open is dropped.
        case cancelled
        /// Ctrl-D: the cell still open, if any, and then the end.
        case end(String?)
    }

    /// True while a cell is open (the continuation prompt is due).
    var isContinuing: Bool { paste != nil || splitter.isContinuing }

    mutating func take(_ input: LineEditor.Input) -> Event {
        switch input {
        case .line(let line):
            if var lines = paste {
                if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                    paste = nil
                    return .cells([lines.joined(separator: "\n")])
                }
                lines.append(line)
                paste = lines
                return .waiting
            }
            let cells = splitter.feed(line).map(\.source)
            return cells.isEmpty ? .waiting : .cells(cells)
        case .paste(let text):
            paste = (paste ?? splitter.pendingLines) + [text]
            splitter.discard()
            return .waiting
        case .interrupted:
            paste = nil
            splitter.discard()
            return .cancelled
        case .endOfInput:
            if let lines = paste {
                paste = nil
                return .end(lines.joined(separator: "\n"))
            }
            return .end(splitter.finish()?.source)
        }
    }
}

extension Terminal {
    /// A paste arrives unechoed: its lines are shown as if typed — the first
    /// on the prompt's line (libedit has moved below it: go back up and draw
    /// the prompt again), the rest after `continuation`.
    func echoPaste(_ text: String, prompt: String, continuation: String) {
        func visible(_ s: String) -> String { s.replacingOccurrences(of: "\u{01}", with: "").replacingOccurrences(of: "\u{02}", with: "") }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() {
            write((i == 0 ? "\u{1B}[1A\r\u{1B}[2K" + visible(prompt) : visible(continuation)) + line + "\n")
        }
    }
}
