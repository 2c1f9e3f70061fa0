import ArgumentParser
import CTerminal
import Foundation
import NNBookLanguage
import NNBookNotebook

/// `nnbook demo FILE.md`: the classroom mode. Each key press reveals the next
/// piece — a paragraph of prose, a cell, the cell's output — shown large and
/// clear; `b` goes back, `q` leaves. Nothing to type. Piped, it prints
/// everything in order.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Classroom mode: reveal a notebook one key press at a time (b: back, q: quit).")
    @ArgumentParser.Argument(help: "A Markdown notebook.") var file: String

    func run() throws {
        let terminal = Terminal()
        let nb: Notebook
        do { nb = try NotebookFile.load(file) } catch {
            terminal.writeError("\(error)\n")
            throw ExitCode(1)
        }
        let status = BigStack.run {
            nnbook_install_sigint()
            return DemoLoop(terminal: terminal, notebook: nb).run()
        }
        if status != 0 { throw ExitCode(status) }
    }
}

final class DemoLoop {
    enum Piece { case prose(String), cell(source: String, index: Int) }
    let terminal: Terminal
    let pieces: [Piece]
    let session: Session
    private var outputs: [Int: [String]] = [:]

    init(terminal: Terminal, notebook: Notebook) {
        self.terminal = terminal
        var pieces: [Piece] = []
        var k = 0
        for block in notebook.blocks {
            switch block {
            case .prose(let text, _):
                // One paragraph per key press.
                for paragraph in text.components(separatedBy: "\n\n") where !paragraph.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    pieces.append(.prose(paragraph.trimmingCharacters(in: .newlines)))
                }
            case .cell(let c):
                pieces.append(.cell(source: c.source, index: k))
                k += 1
            }
        }
        self.pieces = pieces
        var options = ReplLoop.options(for: terminal)
        options.maxOutputLines = 200
        session = Session(options: options)
    }

    func run() -> Int32 {
        guard terminal.interactive else {
            for i in pieces.indices { show(i) }
            return 0
        }
        var i = 0
        terminal.write("\u{1B}[2J\u{1B}[H")
        terminal.write(terminal.paint("classroom demo — any key: next   b: back   q: quit", .dim) + "\n\n")
        while i < pieces.count {
            show(i)
            switch RawKey.read() {
            case "q", "\u{03}", "\u{04}": return 0
            case "b":
                i = max(0, i - 1)
                terminal.write("\u{1B}[2J\u{1B}[H")  // redraw from the top, the step before
                for j in 0..<i { show(j) }
            default: i += 1
            }
        }
        terminal.write(terminal.paint("— end of demo —", .dim) + "\n")
        return 0
    }

    /// Shows piece `i`; a cell runs the first time only (going back shows what it printed).
    private func show(_ i: Int) {
        switch pieces[i] {
        case .prose(let text):
            terminal.write(MarkdownText.render(text, terminal) + "\n\n")
        case .cell(let source, let index):
            let out: [String]
            if let cached = outputs[index] { out = cached } else {
                nnbook_reset_interrupts()
                out = session.execute(source).plainLines
                outputs[index] = out
            }
            for line in source.split(separator: "\n") { terminal.write("  " + terminal.paint("» " + line, .boldGreen) + "\n") }
            if !out.isEmpty {
                terminal.write("\n" + out.map { "    " + terminal.paint($0, .bold) }.joined(separator: "\n") + "\n")
            }
            terminal.write("\n")
        }
    }
}

/// One key press from a terminal, without echo or waiting for Enter.
enum RawKey {
    static func read() -> String {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return readLine() ?? "q" }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        var byte: UInt8 = 0
        let n = Glibc.read(STDIN_FILENO, &byte, 1)
        return n == 1 ? String(UnicodeScalar(byte)) : "q"
    }
}
