import CTerminal
import Foundation
import NNBookLanguage

/// The read–evaluate–print loop. Interactive: numbered prompts, libedit,
/// Ctrl-C handling. Piped: lines from standard input, outputs only.
final class ReplLoop {
    let terminal: Terminal
    let session: Session
    let renderer: Renderer
    private var failed = false

    init(terminal: Terminal) {
        self.terminal = terminal
        var options = SessionOptions()
        options.unicode = terminal.unicode
        if terminal.interactive {
            options.width = terminal.width
            options.height = terminal.height
            options.maxOutputLines = max(24, terminal.height)
        }
        session = Session(options: options)
        renderer = Renderer(terminal: terminal)
        nnbook_install_sigint()
        session.isCancelled = { nnbook_interrupt_count() > 0 }
        let bar = ProgressBar(terminal: terminal)
        session.liveOutput = { [renderer, session] item in
            bar.clear()
            renderer.render(item, count: session.nextCount - 1)
        }
        if terminal.interactive { session.trainingProgress = { bar.show($0) } }
    }

    /// Returns the process's exit status.
    func run() -> Int32 {
        terminal.interactive ? interactive() : piped()
    }

    private func piped() -> Int32 {
        var splitter = CellSplitter()
        while let line = readLine(strippingNewline: true) {
            for cell in splitter.feed(line) where execute(cell) == .quit { return status }
        }
        if let cell = splitter.finish() { _ = execute(cell) }
        return status
    }

    private var status: Int32 { failed ? 1 : 0 }

    private func interactive() -> Int32 {
        let editor = LineEditor(home: Terminal.home)
        LineEditor.provider = { [session] word in session.completions(prefix: word) }
        terminal.write(terminal.paint(NNBookVersion.string, .bold)
                       + " — learn neural networks one line at a time. :help lists everything, Ctrl-D leaves.\n\n")
        var splitter = CellSplitter()
        var pendingLines: [String] = []
        while true {
            let number = session.nextCount
            let prompt = splitter.isContinuing
                ? terminal.promptPaint(String(repeating: " ", count: "In [\(number)]: ".count - 5) + "...: ", .green)
                : terminal.promptPaint("In [", .green) + terminal.promptPaint("\(number)", .boldGreen) + terminal.promptPaint("]: ", .green)
            switch editor.read(prompt: prompt) {
            case .endOfInput:
                if let cell = splitter.finish() { editor.remember(cell.source); _ = execute(cell) }
                editor.save()
                terminal.write("\n")
                return 0
            case .interrupted:
                splitter.discard()
                pendingLines = []
                terminal.write("^C\n")
            case .line(let line):
                pendingLines.append(line)
                for cell in splitter.feed(line) {
                    editor.remember(cell.source)
                    if execute(cell) == .quit { editor.save(); return 0 }
                    terminal.write("\n")
                }
                if !splitter.isContinuing { pendingLines = [] }
            }
        }
    }

    enum Outcome { case ran, quit }

    private func execute(_ cell: CellSplitter.Cell) -> Outcome {
        nnbook_reset_interrupts()
        let result = session.execute(cell.source, firstLine: terminal.interactive ? 1 : cell.firstLine)
        if result.interrupted && terminal.interactive { terminal.write("\n") }  // after the terminal's own "^C"
        renderer.render(result)
        if result.failed { failed = true }
        switch result.request {
        case .quit?: return .quit
        case let request?:
            let message = "\(describe(request)) is not available in this version yet"
            if terminal.interactive { terminal.write(terminal.paint(message, .yellow) + "\n") } else { terminal.writeError(message + "\n") }
            failed = true
        case nil: break
        }
        return .ran
    }

    private func describe(_ m: MetaCommand) -> String {
        switch m {
        case .save: return ":save"
        case .load: return ":load"
        case .export: return ":export"
        case .lesson: return ":lesson"
        case .next: return ":next"
        case .back: return ":back"
        case .hint: return ":hint"
        case .skip: return ":skip"
        case .restart: return ":restart"
        default: return "this command"
        }
    }
}
