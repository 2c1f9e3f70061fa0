import CTerminal
import Foundation
import NNBookLanguage
import NNBookNotebook
import NeuralCore

/// The read–evaluate–print loop. Interactive: numbered prompts, libedit,
/// Ctrl-C handling. Piped: lines from standard input, outputs only.
/// Every cell is recorded (for `:save`/`:export`) and journaled (for `nnbook resume`).
final class ReplLoop {
    let terminal: Terminal
    private(set) var session: Session
    let renderer: Renderer
    private var recorder = NotebookRecorder()
    private var journal: Journal?
    var journalPath: String? { journal?.path }
    private var editor: LineEditor?
    private var failed = false
    /// The language `:lesson` teaches in (`:lang` changes it).
    var lessonLanguage = LessonLanguage.from(environment: ProcessInfo.processInfo.environment)
    /// `nnbook lesson --report`: lessons started with `:lesson` go in the same report.
    var lessonReport: LessonReportFile?
    /// `nnbook lesson --assignment`: so are lessons started with `:lesson`.
    var lessonAssignment = false
    private let bar: ProgressBar
    /// The notebooks `:load` is running, outermost first: each one's real
    /// path and its name as its `:load` gave it.
    private var loading: [(real: String, shown: String)] = []
    /// How deep notebooks may load one another.
    static let maxLoadDepth = 8

    /// A session of its own, or one to continue (a finished lesson's). Only an
    /// interactive session is journaled: a piped run leaves nothing behind.
    init(terminal: Terminal, session: Session? = nil) {
        self.terminal = terminal
        self.session = session ?? Session(options: Self.options(for: terminal))
        renderer = Renderer(terminal: terminal)
        bar = ProgressBar(terminal: terminal)
        nnbook_install_sigint()
        wire(self.session)
        if terminal.interactive { journal = Journal(home: Terminal.home) }
    }

    /// Live output, the progress bar and Ctrl-C for `session`.
    private func wire(_ session: Session) {
        session.isCancelled = { Interrupts.pending }
        session.liveOutput = { [renderer, bar, unowned session] item in
            bar.clear()
            renderer.render(item, count: session.nextCount - 1)
        }
        session.trainingProgress = terminal.interactive ? { [bar] in bar.show($0) } : nil
        session.options.fullScreen = fullScreen
    }

    /// Whether `explore` may take the screen: at a terminal that can move the cursor.
    private var fullScreen: SessionOptions.FullScreen {
        if !terminal.interactive { return .unavailable("input or output is not a terminal (a pipe or a file)") }
        if !terminal.unicode { return .unavailable("TERM=dumb says this terminal cannot move the cursor") }
        return .available
    }

    /// Continues with `other` (a lesson's session), journaling the cells that
    /// made it, so `nnbook resume` brings them back too.
    func adopt(_ other: Session, inputs: [String]) {
        other.absorb(session)  // the learner's own variables come along
        session = other
        wire(other)
        if let problem = journal?.record(adopted: inputs, in: other) { warn(problem.description) }
        LineEditor.provider = { [other] word in other.completions(prefix: word) }
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
    func run(greeting: Bool = true) -> Int32 {
        terminal.interactive ? interactive(greeting: greeting) : piped()
    }

    private var status: Int32 { failed ? 1 : 0 }

    /// Piped input: a Ctrl-C while a cell runs stops that cell, which then
    /// counts as an error (exit status 1 at the end) and the next line runs;
    /// a Ctrl-C while waiting for input stops nnbook with status 130, as
    /// Python does.
    private func piped() -> Int32 {
        var splitter = CellSplitter(mode: .file)
        while true {
            let input = Terminal.readInputLine()
            if input == .interrupted || Interrupts.pending {  // also one that came as a line or the end arrived
                terminal.writeError("stopped by Ctrl-C while waiting for input\n")
                return 130
            }
            guard case .line(let line) = input else { break }
            for cell in splitter.feed(line) where executePiped(cell) == .quit { return status }
        }
        if let cell = splitter.finish() { _ = executePiped(cell) }
        return status
    }

    /// One cell of piped input; a Ctrl-C that came while it ran is handled
    /// here (the cell stopped, or had just finished): it counts as an error.
    private func executePiped(_ cell: CellSplitter.Cell) -> Outcome {
        let outcome = execute(cell.source, firstLine: cell.firstLine)
        if Interrupts.pending {
            failed = true
            nnbook_reset_interrupts()
        }
        return outcome
    }

    /// A cell to run at the first prompt, as if typed (`nnbook playground`).
    var firstCell: String?

    private func interactive(greeting: Bool) -> Int32 {
        let editor = LineEditor(home: Terminal.home)
        self.editor = editor
        LineEditor.provider = { [unowned self] word in self.session.completions(prefix: word) }
        if greeting {
            terminal.write(terminal.paint(NNBookVersion.string, .bold) + " — learn neural networks one line at a time.\n"
                           + ":help lists everything, :lesson starts a lesson, Ctrl-D leaves.\n\n")
        }
        if let cell = firstCell {
            firstCell = nil
            terminal.write(terminal.paint("In [", .green) + terminal.paint("\(session.nextCount)", .boldGreen) + terminal.paint("]: ", .green) + cell + "\n")
            editor.remember(cell)
            if runCells([(cell, 1)], after: { [terminal] in if $0 != .quit { terminal.write("\n") } }) == .quit { editor.save(); return 0 }
        }
        var reader = CellReader()
        while true {
            let number = session.nextCount
            let continuation = String(repeating: " ", count: "In [\(number)]: ".count - 5) + "...: "
            let prompt = reader.isContinuing
                ? terminal.promptPaint(continuation, .green)
                : terminal.promptPaint("In [", .green) + terminal.promptPaint("\(number)", .boldGreen) + terminal.promptPaint("]: ", .green)
            let input = editor.read(prompt: prompt)
            if case .paste(let text) = input { terminal.echoPaste(text, prompt: prompt, continuation: terminal.paint(continuation, .green)) }
            switch reader.take(input) {
            case .waiting: continue
            case .end(let cell):
                if let cell { editor.remember(cell); _ = execute(cell, firstLine: 1) }
                editor.save()
                terminal.write("\n")
                return 0
            case .cancelled: terminal.write("^C\n")
            case .cells(let cells):
                for cell in cells { editor.remember(cell) }
                let outcome = runCells(cells.map { ($0, 1) }, after: { [terminal] in if $0 != .quit { terminal.write("\n") } })
                if case .stopped(let notRun) = outcome {
                    note("stopped by Ctrl-C: \(notRun) more cell\(notRun == 1 ? "" : "s") not run")
                }
                if outcome == .quit { editor.save(); return 0 }
            }
        }
    }

    enum Outcome: Equatable {
        case ran, quit
        /// Ctrl-C stopped a run of cells; this many were left.
        case stopped(notRun: Int)
    }

    /// Runs cells one after another with Ctrl-C a signal throughout (also
    /// between them), calling `before` with each cell's source and `after`
    /// with its outcome; `:quit` ends the run when `quitEnds`. A Ctrl-C
    /// stops the cell it came in and every cell after it: the pending
    /// interrupt is left for the caller's prompt, never reset here.
    private func runCells(_ cells: [(source: String, firstLine: Int)], quitEnds: Bool = true, before: (String) -> Void = { _ in },
                          after: (Outcome) -> Void = { _ in }) -> Outcome {
        terminal.running {
            for (k, cell) in cells.enumerated() {
                if Interrupts.pending { return .stopped(notRun: cells.count - k) }
                before(cell.source)
                let outcome = execute(cell.source, firstLine: cell.firstLine)
                after(outcome)
                if outcome == .quit && quitEnds { return .quit }
            }
            return .ran
        }
    }

    /// Runs one cell, shows its output, records and journals it, and carries
    /// out a meta-command the session handed back. A Ctrl-C pending from
    /// before is not forgotten here: it stops the cell at its first check.
    func execute(_ source: String, firstLine: Int) -> Outcome {
        let result = terminal.running { session.execute(source, firstLine: firstLine) }
        renderer.render(result)
        if result.failed { failed = true }
        if let view = result.view {  // not recorded: the settings cell it hands back is what replays it
            show(view)
            return .ran
        }
        guard let request = result.request else {
            recorder.record(source: source, result: result)
            journalCell(source, result)
            return .ran
        }
        return carryOut(request)
    }

    /// A full-screen view; on leaving it, its settings as a cell, printed and put in the line history (↑ brings it back).
    private func show(_ view: FullScreenView) {
        switch view {
        case .descent(let start):
            let loop = ExploreLoop(terminal: terminal, unicode: session.options.unicode, colour: session.options.colour)
            let explorer = terminal.prompting { loop.run(start) }
            note("explore: the last settings, as a cell (↑ brings it back, Enter runs it):")
            terminal.write(explorer.cell + "\n")
            editor?.remember(explorer.cell)
        case .playground(let start):
            let loop = PlaygroundLoop(terminal: terminal, colour: session.options.colour) { [session] in session.writeNew($0) }
            let view = terminal.prompting { loop.run(start) }
            if !view.lastExplanation.isEmpty {
                note("playground: the last explanation e showed")
                terminal.write(view.lastExplanation.joined(separator: "\n") + "\n\n")
            }
            for line in session.keep(view) { note(line) }
            note("playground: the last settings, as a cell (↑ brings it back, Enter runs it):")
            terminal.write(view.cell + "\n")
            editor?.remember(view.cell)
        }
    }

    private func carryOut(_ request: MetaCommand) -> Outcome {
        switch request {
        case .quit: return .quit
        case .clear: terminal.clearScreen()
        case .save(let typed, let overwrite):
            guard let (path, overwrite) = sessionFile(typed, replacing: overwrite) else { return .ran }
            if path.lowercased().hasSuffix(".ipynb") {
                report(":save writes a Markdown notebook; for Jupyter use :export \(path)")
                return .ran
            }
            attempt(replacing: ":save! \(path)") {
                try recorder.save(to: path, overwrite: overwrite)
                return "saved \(recorder.count) cell\(recorder.count == 1 ? "" : "s") to \(path) (nnbook check \(path) re-runs them)"
            }
        case .export(let typed, let overwrite):
            guard let (path, overwrite) = sessionFile(typed, replacing: overwrite) else { return .ran }
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
            return terminal.prompting { lesson(query) }
        case .lang(let code):
            guard let code else { note(StepperPhrase.languageIs(lessonLanguage.name).text(lessonLanguage)); return .ran }
            guard let wanted = LessonLanguage(code: code) else {
                report(StepperPhrase.unknownLanguage(code).text(lessonLanguage))
                return .ran
            }
            lessonLanguage = wanted
            note(StepperPhrase.language(wanted.name).text(wanted))
        case .next, .back, .hint, .skip, .restart, .show, .recap, .scratch, .keep:
            report("not in a lesson: :lesson lists the lessons, :lesson 1 starts the first")
        default: break
        }
        return .ran
    }

    /// Where `:save` or `:export` writes `typed` (`~` expanded), as the
    /// session's file access says; nil when it says no (reported) or the
    /// session is replaying.
    private func sessionFile(_ typed: String, replacing: Bool) -> (String, Bool)? {
        do {
            guard case .write(let path, let replacing) = try session.fileAccess.target(forWriting: typed, replacing: replacing) else { return nil }
            return (path, replacing)
        } catch {
            report("\(error)")
            return nil
        }
    }

    /// `:lesson [N]`: lists the lessons, or walks through one and continues with its session.
    private func lesson(_ query: String?) -> Outcome {
        let lessons = LessonLoop(terminal: terminal, editor: editor, language: lessonLanguage, fromREPL: true)
        lessons.report = lessonReport
        lessons.assignment = lessonAssignment
        guard let query else { lessons.list(); return .ran }
        let ending = lessons.run(query: query)
        lessonLanguage = lessons.language
        if let s = ending.session {
            adopt(s, inputs: ending.inputs)
            note(lessons.say(.backInTheREPL(variables: s.variableNames)))
        }
        return .ran
    }

    /// Runs a notebook's cells into this session, showing each as it runs.
    /// They run as guests of the notebook's folder (`FileAccess.guest`); a
    /// notebook that loads itself, directly or through others, is refused,
    /// and so is nesting deeper than `maxLoadDepth`. One Ctrl-C stops the
    /// whole load.
    private func load(_ typed: String) {
        let path: String
        do { path = try session.fileAccess.readable(typed) } catch {
            report("\(error)")
            return
        }
        let real = FileAccess.realPath(path) ?? path
        if let first = loading.firstIndex(where: { $0.real == real }) {
            let chain = loading[first...].map(\.shown) + [typed]
            report("\(loading[first].shown) loads itself: \(chain.joined(separator: " → ")) (not loaded again)")
            return
        }
        guard loading.count < Self.maxLoadDepth else {
            let chain = loading.map(\.shown) + [typed]
            report("\(typed) was not loaded: notebooks may load one another at most \(Self.maxLoadDepth) deep (\(chain.joined(separator: " → ")))")
            return
        }
        let nb: Notebook
        let limit = session.options.memoryLimit
        do { nb = try Interrupts.guarded { try NotebookFile.load(path, memoryLimit: limit) } } catch {
            if case NeuralError.interrupted = error { note("stopped by Ctrl-C while reading \(typed); no cell ran"); return }
            report("\(error)")
            return
        }
        let host = session
        let outer = host.fileAccess
        host.fileAccess = .guest(ofNotebook: path)
        let screen = host.options.fullScreen
        host.options.fullScreen = .unavailable("these are the cells of \(typed), which :load runs")
        loading.append((real, typed))
        defer {
            loading.removeLast()
            host.fileAccess = outer
            host.options.fullScreen = screen
        }
        // A notebook's :quit does not end the session (it never did).
        let outcome = runCells(nb.cells.map { ($0.source, $0.line) }, quitEnds: false, before: { [terminal] source in
            terminal.write(terminal.paint(source.split(separator: "\n").map { "» " + $0 }.joined(separator: "\n"), .dim) + "\n")
        })
        if case .stopped(let notRun) = outcome {
            note("stopped by Ctrl-C: \(notRun) of the \(nb.cells.count) cells of \(typed) not run")
        } else {
            note("ran \(nb.cells.count) cell\(nb.cells.count == 1 ? "" : "s") from \(typed)")
        }
    }

    /// Journals a cell that ran; says so, once, when the journal cannot be written.
    private func journalCell(_ source: String, _ result: CellResult) {
        if let problem = journal?.record(source, result: result, in: session) { warn(problem.description) }
    }

    /// Replays a journal silently (for `nnbook resume`) and says what came
    /// back, what was skipped and which variables may differ. Each replayed
    /// cell runs with Ctrl-C as a signal, so a long one can be stopped.
    func resume(from path: String) -> Bool {
        let contents: JournalContents
        do { contents = try JournalReader.read(path) } catch {
            report("cannot read the journal: \(error)")
            return false
        }
        let live = (session.liveOutput, session.trainingProgress)
        session.liveOutput = nil
        session.trainingProgress = nil
        nnbook_reset_interrupts()
        let replay = JournalReplay.replay(contents.records, in: session, execute: { [terminal, session] source in
            terminal.running { session.execute(source) }
        }, each: { source, result in
            guard result.request == nil else { return }
            recorder.record(source: source, result: result)
            journalCell(source, result)
        })
        nnbook_reset_interrupts()
        (session.liveOutput, session.trainingProgress) = live
        note(replay.summary(path: path, variables: session.variableNames, damage: contents.damage).joined(separator: "\n"))
        return true
    }

    private func attempt(replacing command: String, _ body: () throws -> String) {
        do { note(try body()) } catch let e as NotebookError where e.writeError == .exists {
            report("\(e) — \(command) replaces it")
        } catch {
            report("\(error)")
        }
    }

    private func note(_ message: String) {
        terminal.write(terminal.paint(message, .dim) + "\n")
    }

    /// Something the learner should know that is not an error of theirs (the session goes on).
    private func warn(_ message: String) {
        let text = "warning: " + message
        if terminal.interactive { terminal.write(terminal.paint(text, .yellow) + "\n") } else { terminal.writeError(text + "\n") }
    }

    /// A file or lesson problem: not at a line of the cell, so no location — but labelled like every error.
    private func report(_ message: String) {
        failed = true
        let text = "file error: " + message
        if terminal.interactive { terminal.write(terminal.paint(text, .yellow) + "\n") } else { terminal.writeError(text + "\n") }
    }
}
