import CTerminal
import Foundation
import NNBookLanguage
import NNBookNotebook

/// The read–evaluate–print loop. Interactive: numbered prompts, libedit,
/// Ctrl-C handling. Piped: lines from standard input, outputs only.
/// Every cell is recorded (for `:save`/`:export`) and journaled (for `nnbook resume`).
final class ReplLoop {
    let terminal: Terminal
    let session: Session
    let renderer: Renderer
    private var recorder = NotebookRecorder()
    private var journal: Journal?
    var journalPath: String? { journal?.path }
    private var editor: LineEditor?
    private var failed = false

    init(terminal: Terminal, journaling: Bool = true) {
        self.terminal = terminal
        session = Session(options: Self.options(for: terminal))
        renderer = Renderer(terminal: terminal)
        nnbook_install_sigint()
        session.isCancelled = { nnbook_interrupt_count() > 0 }
        let bar = ProgressBar(terminal: terminal)
        session.liveOutput = { [renderer, session] item in
            bar.clear()
            renderer.render(item, count: session.nextCount - 1)
        }
        if terminal.interactive { session.trainingProgress = { bar.show($0) } }
        if journaling { journal = Journal(home: Terminal.home) }
    }

    static func options(for terminal: Terminal) -> SessionOptions {
        var options = SessionOptions()
        options.unicode = terminal.unicode
        options.colour = terminal.colour
        if terminal.interactive {
            options.width = terminal.width
            options.height = terminal.height
            options.maxOutputLines = max(24, terminal.height)
        }
        return options
    }

    /// Returns the process's exit status.
    func run() -> Int32 {
        terminal.interactive ? interactive() : piped()
    }

    private var status: Int32 { failed ? 1 : 0 }

    private func piped() -> Int32 {
        var splitter = CellSplitter()
        while let line = readLine(strippingNewline: true) {
            for cell in splitter.feed(line) where execute(cell.source, firstLine: cell.firstLine) == .quit { return status }
        }
        if let cell = splitter.finish() { _ = execute(cell.source, firstLine: cell.firstLine) }
        return status
    }

    private func interactive() -> Int32 {
        let editor = LineEditor(home: Terminal.home)
        self.editor = editor
        LineEditor.provider = { [session] word in session.completions(prefix: word) }
        terminal.write(terminal.paint(NNBookVersion.string, .bold)
                       + " — learn neural networks one line at a time. :help lists everything, :lesson starts a lesson, Ctrl-D leaves.\n\n")
        var splitter = CellSplitter()
        while true {
            let number = session.nextCount
            let prompt = splitter.isContinuing
                ? terminal.promptPaint(String(repeating: " ", count: "In [\(number)]: ".count - 5) + "...: ", .green)
                : terminal.promptPaint("In [", .green) + terminal.promptPaint("\(number)", .boldGreen) + terminal.promptPaint("]: ", .green)
            switch editor.read(prompt: prompt) {
            case .endOfInput:
                if let cell = splitter.finish() { editor.remember(cell.source); _ = execute(cell.source, firstLine: 1) }
                editor.save()
                terminal.write("\n")
                return 0
            case .interrupted:
                splitter.discard()
                terminal.write("^C\n")
            case .line(let line):
                for cell in splitter.feed(line) {
                    editor.remember(cell.source)
                    if execute(cell.source, firstLine: 1) == .quit { editor.save(); return 0 }
                    terminal.write("\n")
                }
            }
        }
    }

    enum Outcome { case ran, quit }

    /// Runs one cell, shows its output, records and journals it, and carries
    /// out a meta-command the session handed back.
    func execute(_ source: String, firstLine: Int) -> Outcome {
        nnbook_reset_interrupts()
        let result = session.execute(source, firstLine: firstLine)
        renderer.render(result)
        if result.failed { failed = true }
        guard let request = result.request else {
            recorder.record(source: source, result: result)
            journal?.record(source: source, output: result.plainLines)
            return .ran
        }
        return carryOut(request)
    }

    private func carryOut(_ request: MetaCommand) -> Outcome {
        switch request {
        case .quit: return .quit
        case .save(let path, let overwrite):
            if path.lowercased().hasSuffix(".ipynb") {
                report(":save writes a Markdown notebook; for Jupyter use :export \(path)")
                return .ran
            }
            attempt(replacing: ":save! \(path)") {
                try recorder.save(to: path, overwrite: overwrite)
                return "saved \(recorder.count) cell\(recorder.count == 1 ? "" : "s") to \(path) (nnbook check \(path) re-runs them)"
            }
        case .export(let path, let overwrite):
            guard path.lowercased().hasSuffix(".ipynb") else {
                report(":export writes a Jupyter notebook, whose name ends in .ipynb (:save \(path) writes Markdown)")
                return .ran
            }
            attempt(replacing: ":export! \(path)") {
                try JupyterExport.write(recorder.notebook, to: path, overwrite: overwrite)
                return "exported \(recorder.count) cell\(recorder.count == 1 ? "" : "s") to \(path) (Jupyter, VS Code and GitHub open it)"
            }
        case .load(let path): load(path)
        case .lesson(let query):
            let lessons = LessonLoop(terminal: terminal, editor: editor)
            _ = query.map { lessons.run(query: $0) } ?? lessons.list()
        case .next, .back, .hint, .skip, .restart:
            report("not in a lesson: :lesson lists the lessons, :lesson 1 starts the first")
        default: break
        }
        return .ran
    }

    /// Runs a notebook's cells into this session, showing each as it runs.
    private func load(_ path: String) {
        let nb: Notebook
        do { nb = try NotebookFile.load(path) } catch {
            report("\(error)")
            return
        }
        for cell in nb.cells {
            terminal.write(terminal.paint(cell.source.split(separator: "\n").map { "» " + $0 }.joined(separator: "\n"), .dim) + "\n")
            _ = execute(cell.source, firstLine: cell.line)
        }
        note("ran \(nb.cells.count) cells from \(path)")
    }

    /// Replays a journal silently (for `nnbook resume`) and says what came back.
    func resume(from path: String) -> Bool {
        guard let nb = try? NotebookFile.load(path) else {
            report("cannot read the journal \(path)")
            return false
        }
        let live = session.liveOutput
        session.liveOutput = nil
        for cell in nb.cells {
            let result = session.execute(cell.source)
            if result.request == nil {
                recorder.record(source: cell.source, result: result)
                journal?.record(source: cell.source, output: result.plainLines)
            }
        }
        session.liveOutput = live
        let names = session.variableNames
        note("resumed \(nb.cells.count) cell\(nb.cells.count == 1 ? "" : "s") from \(path)"
             + (names.isEmpty ? "" : "\nvariables: " + names.joined(separator: ", ")))
        return true
    }

    private func attempt(replacing command: String, _ body: () throws -> String) {
        do { note(try body()) } catch {
            let text = "\(error)"
            report(text.contains("already exists") ? text + " — \(command) replaces it" : text)
        }
    }

    private func note(_ message: String) {
        terminal.write(terminal.paint(message, .dim) + "\n")
    }

    /// A file or lesson problem: not at a line of the cell, so no location — but labelled like every error.
    private func report(_ message: String) {
        failed = true
        let text = "file error: " + message
        if terminal.interactive { terminal.write(terminal.paint(text, .yellow) + "\n") } else { terminal.writeError(text + "\n") }
    }
}
