import CTerminal
import Foundation
import NeuralCore
import NNBookLanguage
import NNBookLessons
import NNBookNotebook

/// Where the lessons are: `$NNBOOK_LESSONS` when set (a folder of
/// `NN-topic.md` files, Chinese ones in its `zh/`), else the lessons bundled
/// beside the binary (`nnbook_NNBookLessons.resources`), so `nnbook lesson`
/// works from any folder and from an installed copy.
enum LessonsFolder {
    /// The folder of lessons in `language`, falling back to English when that
    /// language has none; nil when there are no lessons at all.
    static func locate(language: LessonLanguage) -> String? {
        guard let base = base() else { return nil }
        if let sub = language.subfolder {
            let path = URL(fileURLWithPath: base).appendingPathComponent(sub).path
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return base
    }

    /// `$NNBOOK_LESSONS`, or the bundled lessons.
    static func base() -> String? {
        if let p = ProcessInfo.processInfo.environment["NNBOOK_LESSONS"], !p.isEmpty { return p }
        return ResourceBundle.folder(named: NNBookLessons.bundleName)?.path
    }

    /// What to tell a learner when `locate` finds nothing.
    static var missing: String {
        "no lessons found: they are bundled beside the nnbook binary (\(NNBookLessons.bundleName)); "
            + "install nnbook with scripts/install.sh, or set NNBOOK_LESSONS to a lessons folder"
    }
}

/// `nnbook lesson [N|NAME]` and `:lesson`: a learner reads each step's prose
/// and types the cell it asks for (Enter alone types it for them). Answers
/// are judged by what they do (`LessonStepper`); progress, with what the
/// learner typed, is saved after every step and resumed next time.
final class LessonLoop {
    let terminal: Terminal
    let editor: LineEditor?
    let store = LessonProgressStore(home: Terminal.home.path)
    var language: LessonLanguage
    /// Started with `:lesson` from the REPL: `:quit` goes back there.
    let fromREPL: Bool
    let renderer: Renderer
    /// `--report FILE.json`: the learner's report, rewritten after every step.
    var report: LessonReportFile?
    /// `--assignment`: nothing is typed or shown for the learner, hints stop at the shape.
    var assignment = false
    /// The report could not be written: said once, not at every step.
    private var reportFailed = false

    /// How a lesson ended, and the session it leaves for the REPL.
    struct Ending {
        enum Kind { case finished, left, failed }
        var kind: Kind
        var session: Session?
        /// The cells done, as run (the learner's inputs or the lesson's own), for the REPL's journal.
        var inputs: [String] = []
        var next: LessonInfo?
    }

    init(terminal: Terminal, editor: LineEditor?, language: LessonLanguage, fromREPL: Bool = false) {
        self.terminal = terminal
        self.editor = editor
        self.language = language
        self.fromREPL = fromREPL
        var r = Renderer(terminal: terminal)
        r.showsCounts = false
        renderer = r
    }

    /// Lists the lessons with the learner's progress.
    @discardableResult
    func list() -> Int32 {
        guard let folder = LessonsFolder.locate(language: language) else { return complain(LessonsFolder.missing) }
        let lessons = LessonCatalog.lessons(in: folder)
        let rows: [[String]] = lessons.map { l in
            let p = store.progress(for: key(l))
            let state = p.map { p -> String in
                let inside = p.cell > 0 && p.cell < l.cellCount
                if p.completed { return inside ? say(.doneAgainAt(p.cell + 1, l.cellCount)) : say(.done) }
                return say(.cellOf(p.cell + 1, l.cellCount))
            } ?? say(.notStarted)
            return [String(l.number), l.title, say(.cells(l.cellCount)), state]
        }
        // A Markdown table, drawn fitted to the terminal (long titles wrap within their column).
        func row(_ cells: [String]) -> String { "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |" }
        let header = say(.listHeader).split(separator: "\t").map(String.init)
        let table = ([row(header), row(header.map { _ in "---" })] + rows.map(row)).joined(separator: "\n")
        let width = terminal.interactive ? terminal.width : 100
        for line in TerminalMarkdown.render(table, width: width, colour: terminal.colour, unicode: terminal.unicode) {
            terminal.write(line + "\n")
        }
        // The first lesson not done yet: where to go on.
        let next = lessons.first { store.progress(for: key($0))?.completed != true }
        let at = next.flatMap { store.progress(for: key($0)) }.map(\.cell).flatMap { $0 > 0 ? $0 + 1 : nil }
        message(say(.listFooter(next: next?.number, at: at, file: store.file)), .dim)
        return 0
    }

    /// Walks through the lesson `query` names, from where the learner left it.
    func run(query: String) -> Ending {
        guard let folder = LessonsFolder.locate(language: language) else {
            complain(LessonsFolder.missing)
            return Ending(kind: .failed)
        }
        guard let info = LessonCatalog.find(query, in: folder) else {
            let names = LessonCatalog.lessons(in: folder).map { "\($0.number) \($0.name)" }.joined(separator: ", ")
            complain(say(.noLesson(query: query, names: names)))
            return Ending(kind: .failed)
        }
        let notebook: Notebook
        do { notebook = try NotebookFile.load(info.path) } catch {
            complain("\(error)")
            return Ending(kind: .failed)
        }
        // A lesson whose front matter says `assignment: true` is one, whatever the command line said.
        let commandLine = assignment
        assignment = assignment || notebook.isAssignment
        defer { assignment = commandLine }
        let session = Session(options: ReplLoop.options(for: terminal))
        wire(session)
        let stepper = LessonStepper(notebook: notebook, session: session, files: .guest(ofNotebook: info.path, writes: false))
        stepper.assignment = assignment
        let saved = store.progress(for: key(info))
        if let p = saved, p.cell > 0, p.cell < info.cellCount {
            stepper.replay(upTo: p.cell, records: p.records ?? [])
            note(say(.welcomeBack(title: info.title, cell: stepper.index + 1, of: info.cellCount)))
        } else if saved?.completed == true {
            note(say(.doneBefore(title: info.title)))
        }
        everCompleted = saved?.completed == true
        let previousProvider = LineEditor.provider
        LineEditor.provider = { [stepper] word in stepper.activeSession.completions(prefix: word) }
        defer { LineEditor.provider = previousProvider }
        let next = LessonCatalog.lessons(in: folder).first { $0.number > info.number }
        var current = info
        if let leaving = walk(stepper, info: &current, folder: folder) { return leaving }
        terminal.write("\n")
        showProse(stepper.closingProse)
        message(say(.complete(next: next.map { ($0.number, $0.title) })), .boldGreen)
        return Ending(kind: .finished, session: stepper.session, inputs: inputs(of: stepper), next: next)
    }

    /// The step loop; returns an ending when the learner leaves before the last cell.
    private func walk(_ stepper: LessonStepper, info: inout LessonInfo, folder: String) -> Ending? {
        var shownProseFor = -1
        var legendShown = false
        while let step = stepper.current {
            if shownProseFor != step.index {
                if shownProseFor >= 0 || stepper.index > 0 { terminal.write("\n") }
                showProse(step.prose)
                shownProseFor = step.index
                message(say(assignment ? .assignmentLegend : legendShown ? .legendShort : .legendFull), .dim)
                legendShown = true
            }
            let scratch = stepper.scratch != nil
            let label = scratch ? "[scratch] " : "[\(step.index + 1)/\(stepper.cells.count)] "
            let prompt = terminal.promptPaint(label, scratch ? .magenta : .cyan) + terminal.promptPaint("› ", .boldGreen)
            let continuation = terminal.promptPaint(String(repeating: " ", count: label.count - 1) + "… ", .dim)
                + terminal.promptPaint("› ", .green)
            let text: String
            switch readInput(prompt: prompt, continuation: continuation) {
            case .cancelled: terminal.write("^C\n"); continue
            case .end:
                save(info, stepper)
                note("\n" + say(.progressSaved(lesson: info.number, cell: stepper.index + 1)))
                return Ending(kind: .left, session: stepper.session, inputs: inputs(of: stepper))
            case .text(let t): text = t
            }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            nnbook_reset_interrupts()
            if trimmed.isEmpty, stepper.scratch == nil {
                if assignment { message(say(.assignmentNoTyping), .yellow) } else { terminal.running { typeCell(stepper, skipped: false) } }
            } else if (trimmed.hasPrefix(":") && !trimmed.contains("\n")) || stepper.activeSession.pythonMeta(trimmed) != nil {
                switch meta(trimmed, stepper, info: &info, folder: folder) {
                case .stay: break
                case .redraw: shownProseFor = -1
                case .leave:
                    save(info, stepper)
                    if !fromREPL { note(say(.progressSaved(lesson: info.number, cell: stepper.index + 1))) }
                    return Ending(kind: .left, session: stepper.session, inputs: inputs(of: stepper))
                }
            } else if !trimmed.isEmpty {
                show(terminal.running { stepper.answer(text) }, changes: stepper.currentChanges)
            }
            save(info, stepper)
        }
        save(info, stepper)
        return nil
    }

    private enum MetaEffect { case stay, redraw, leave }

    /// A meta-command typed in a lesson, as `:quit` or as Python's `quit()`.
    private func meta(_ line: String, _ stepper: LessonStepper, info: inout LessonInfo, folder: String) -> MetaEffect {
        guard case .success(let command) = stepper.activeSession.pythonMeta(line).map({ .success($0) }) ?? MetaCommand.parse(line) else {
            renderer.render(stepper.activeSession.execute(line))  // the error, with its suggestion
            return .stay
        }
        switch command {
        case .quit: return .leave
        case .hint:
            if let h = stepper.hint() {
                let assignmentShape = assignment && h.tier == 2
                message(say(assignmentShape ? .assignmentNoAnswer(h.text) : .hint(tier: h.tier, text: h.text)), .cyan)
            }
        case .show:
            if assignment { message(say(.assignmentNoShow), .yellow); return .stay }
            if let code = stepper.show() { message(say(.showCode(code)), .cyan) }
        case .skip, .next:
            if assignment { message(say(.assignmentNoSkip), .yellow); return .stay }
            terminal.running { typeCell(stepper, skipped: true) }
        case .back:
            if stepper.back() { return .redraw }
            note(say(.firstCell))
        case .restart, .reset:
            guard confirm(say(.confirmRestart(info.title))) else { return .stay }
            stepper.restart()
            note(say(.restarting(info.title)))
            return .redraw
        case .recap: recap(stepper, title: info.title)
        case .scratch: note(say(stepper.toggleScratch() ? .scratchOn : .scratchOff))
        case .keep:
            let (kept, input) = stepper.keep()
            note(say(kept ? .kept(input) : .nothingToKeep))
        case .lang(let code):
            guard let code else { note(say(.languageIs(language.name))); return .stay }
            guard let wanted = LessonLanguage(code: code) else { note(say(.unknownLanguage(code))); return .stay }
            language = wanted
            let file = URL(fileURLWithPath: info.path).lastPathComponent
            if let other = LessonsFolder.locate(language: wanted), let path = Optional(URL(fileURLWithPath: other).appendingPathComponent(file).path),
               let nb = try? NotebookFile.load(path), stepper.switchNotebook(to: nb) {
                info.path = path
                stepper.files = .guest(ofNotebook: path, writes: false)
                info.title = LessonCatalog.lessons(in: other).first { $0.path == path }?.title ?? info.title
            }
            note(say(.language(wanted.name)))
            return .redraw
        case .clear:
            terminal.clearScreen()
            return .redraw
        case .help(nil):
            terminal.write(say(.stepperHelp) + "\n")
            if assignment { message(say(.assignmentLegend), .yellow) }
        case .save, .load, .export, .lesson: note(say(.fileCommandsInLesson))
        case .time: show(terminal.running { stepper.answer(line) })
        default: renderer.render(terminal.running { stepper.activeSession.execute(line) })
        }
        return .stay
    }

    /// Enter or `:skip`: shows the cell's code, then runs it for the learner.
    private func typeCell(_ stepper: LessonStepper, skipped: Bool) {
        guard let source = stepper.current?.cell.source else { return }
        message(say(.typedForYou), .dim)
        terminal.write(terminal.paint(source.split(separator: "\n", omittingEmptySubsequences: false).map { "» " + $0 }.joined(separator: "\n"), .dim) + "\n")
        show(skipped ? stepper.skip() : stepper.typeForLearner())
    }

    /// Asks a yes/no question; no unless the answer starts with y (or 是).
    private func confirm(_ question: String) -> Bool {
        let answer: String?
        if let editor, case .line(let l) = editor.read(prompt: question) { answer = l } else if editor == nil {
            answer = Terminal.readLineOrEnd(prompt: question)
        } else { answer = nil }
        let a = (answer ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        return a.hasPrefix("y") || a == "是"
    }

    private func show(_ outcome: AnswerOutcome, changes: [String] = []) {
        for r in outcome.results { renderer.render(r) }
        switch outcome.verdict {
        case .correct:
            message(say(.correct), .boldGreen)
            if !outcome.steps.isEmpty {
                message(say(.theSteps), .dim)
                for line in outcome.steps { renderer.render(.text(line, .explain), count: 0) }
            }
        case .partial(let done, let of): message(say(.partial(done: done, of: of)), .green)
        case .notQuite(let why):
            message(say(outcome.mistake.map { .mistake($0) } ?? phrase(for: why)), .yellow)
            note(say(assignment ? .assignmentTryAgain : .tryAgain))
        case .explored(let failed): note(say(.explored(failed: failed, sets: changes)))
        case .interrupted: note(say(.interrupted))
        case .finished: note(say(.lessonFinished))
        case .withheld: message(say(.assignmentNoTyping), .yellow)
        case .scratch, .typed, .nothing: break
        }
    }

    private func phrase(for m: Mismatch) -> StepperPhrase {
        switch m {
        case .missingError(let e, let g): return .notQuiteMissingError(expected: e, got: g)
        case .error: return .notQuiteError
        case .value(let e, let g): return .notQuiteValue(expected: e, got: g)
        case .variable(let n, let e, let g): return .notQuiteVariable(name: n, expected: e, got: g)
        case .figure: return .notQuiteFigure
        case .output(let e, let g): return .notQuiteOutput(expected: e, got: g)
        }
    }

    private func recap(_ stepper: LessonStepper, title: String) {
        let entries = stepper.recap()
        guard !entries.isEmpty else { note(say(.recapEmpty)); return }
        message(say(.recapTitle(title)), .bold)
        var section: String?
        for e in entries {
            if let s = e.section, s != section {
                terminal.write(terminal.paint("  " + s, .bold) + "\n")
                section = s
            }
            let lines = e.input.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
            terminal.write(lines + (e.typedForLearner ? " " + terminal.paint(say(.recapTyped), .dim) : "") + "\n")
        }
    }

    // MARK: - plumbing

    /// Progress is kept by file name: the same in both languages (their cells are
    /// the same), and it survives a rebuild or a reinstall.
    func key(_ info: LessonInfo) -> String {
        URL(fileURLWithPath: info.path).lastPathComponent
    }

    /// Once done, a lesson stays done, even while walked through again.
    private var everCompleted = false

    private func save(_ info: LessonInfo, _ stepper: LessonStepper) {
        stepper.tick()
        try? store.set(key(info), cell: stepper.isFinished ? 0 : stepper.index, completed: everCompleted || stepper.isFinished,
                       records: stepper.records, updated: Date())
        guard let report, !reportFailed else { return }
        do {
            try report.record(LessonReport.Lesson(lesson: key(info), title: info.title, assignment: assignment,
                                                  records: stepper.records, done: stepper.index))
        } catch {
            reportFailed = true
            complain(say(.reportNotWritten("\(error)")))
        }
    }

    private func inputs(of stepper: LessonStepper) -> [String] {
        zip(stepper.cells, stepper.records).prefix(stepper.index).map { cell, record in
            record.inputs.isEmpty ? cell.source : record.inputs.joined(separator: "\n")
        }
    }

    /// The session's live output, progress bar and Ctrl-C, as in the REPL.
    private func wire(_ session: Session) {
        session.isCancelled = { Interrupts.pending }
        let bar = ProgressBar(terminal: terminal)
        session.liveOutput = { [renderer, terminal] item in
            bar.clear()
            // Not the language's "every variable keeps the value it had": in a lesson a
            // stopped input keeps nothing, and the stepper says so.
            if case .error(let d, _) = item, d.kind == .interrupted {
                terminal.write("\n")
                return
            }
            renderer.render(item, count: 0)
        }
        if terminal.interactive { session.trainingProgress = { bar.show($0) } }
    }

    /// Markdown prose for a terminal.
    private func showProse(_ blocks: [String]) {
        for block in blocks {
            let text = MarkdownText.render(block, terminal).trimmingCharacters(in: .newlines)
            if !text.isEmpty { terminal.write(text + "\n\n") }
        }
    }

    func say(_ phrase: StepperPhrase) -> String { phrase.text(language) }

    private func note(_ text: String) { message(text, .dim) }

    /// A message of nnbook's own, each line wrapped at spaces to the terminal's width and painted.
    private func message(_ text: String, _ paint: Terminal.Paint) {
        let width = terminal.interactive ? terminal.width : Int.max / 2
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            for piece in TerminalText.wrap(String(line), width: width, indent: 2) { terminal.write(terminal.paint(piece, paint) + "\n") }
        }
    }

    @discardableResult
    private func complain(_ message: String) -> Int32 {
        terminal.writeError(message + "\n")
        return 1
    }
}
