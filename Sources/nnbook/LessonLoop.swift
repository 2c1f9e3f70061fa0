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

/// `nnbook lesson [N|NAME]` and `:lesson`: a learner walks through a lesson,
/// typing each cell (Enter alone types it for them); answers are accepted
/// when their output matches, however they were written. Progress is saved
/// after every step and resumed next time.
final class LessonLoop {
    let terminal: Terminal
    let editor: LineEditor?
    let store = LessonProgressStore(home: Terminal.home.path)
    var language = LessonLanguage.from(environment: ProcessInfo.processInfo.environment)

    init(terminal: Terminal, editor: LineEditor?) {
        self.terminal = terminal
        self.editor = editor
    }

    /// Lists the lessons with the learner's progress.
    @discardableResult
    func list() -> Int32 {
        guard let folder = LessonsFolder.locate(language: language) else { return complain(LessonsFolder.missing) }
        let lessons = LessonCatalog.lessons(in: folder)
        let rows: [[String]] = lessons.map { l in
            let p = store.progress(for: l.path)
            let state = p.map { $0.completed ? "done ✓" : "cell \($0.cell + 1) of \(l.cellCount)" } ?? "not started"
            return [String(l.number), l.title, "\(l.cellCount) cells", state]
        }
        terminal.write(Table.render(header: ["#", "lesson", "length", "progress"], rows: rows, unicode: terminal.unicode) + "\n")
        terminal.write(terminal.paint("nnbook lesson 1 (or :lesson 1 in the REPL) starts the first; progress is kept in \(store.file)", .dim) + "\n")
        return 0
    }

    func run(query: String) -> Int32 {
        guard let folder = LessonsFolder.locate(language: language) else { return complain(LessonsFolder.missing) }
        guard let info = LessonCatalog.find(query, in: folder) else {
            let names = LessonCatalog.lessons(in: folder).map { "\($0.number) \($0.name)" }.joined(separator: ", ")
            return complain("no lesson '\(query)'; the lessons are: \(names)")
        }
        let notebook: Notebook
        do { notebook = try NotebookFile.load(info.path) } catch { return complain("\(error)") }
        var session = Session(options: ReplLoop.options(for: terminal))
        var start = 0
        if let p = store.progress(for: info.path), !p.completed, p.cell > 0 {
            start = min(p.cell, notebook.cells.count)
            for cell in notebook.cells.prefix(start) { _ = session.execute(cell.source) }  // rebuild the variables
            say("welcome back: resuming \(info.title) at cell \(start + 1) of \(info.cellCount)", .dim)
        }
        var stepper = LessonStepper(notebook: notebook, startAt: start)
        var shownProseFor = -1
        while let step = stepper.current {
            if shownProseFor != step.index {
                showProse(step.prose)
                shownProseFor = step.index
            }
            let prompt = terminal.promptPaint("[\(step.index + 1)/\(stepper.cells.count)] ", .cyan) + terminal.promptPaint("› ", .boldGreen)
            let input: String
            switch readAnswer(prompt: prompt) {
            case .text(let t): input = t
            case .cancelled: terminal.write("^C\n"); continue
            case .end:
                save(info, stepper)
                say("\nprogress saved: nnbook lesson \(info.number) resumes at cell \(stepper.index + 1)", .dim)
                return 0
            }
            switch input.trimmingCharacters(in: .whitespaces) {
            case ":quit", ":q", ":exit":
                save(info, stepper)
                say("progress saved: nnbook lesson \(info.number) resumes at cell \(stepper.index + 1)", .dim)
                return 0
            case ":hint": say("hint: " + stepper.hint(), .cyan)
            case ":skip": show(stepper.skip(in: session))
            case ":back": if !stepper.back() { say("this is the first cell", .dim) } else { shownProseFor = -1 }
            case ":next": if !stepper.next() { say("this is the last cell", .dim) }
            case ":restart":
                session = Session(options: ReplLoop.options(for: terminal))
                stepper.restart(session: session)
                shownProseFor = -1
                say("starting \(info.title) again", .dim)
            default: show(stepper.answer(input, in: session))
            }
            save(info, stepper)
        }
        showProse(stepper.closingProse)
        let next = LessonCatalog.lessons(in: folder).first { $0.number > info.number }
        say("lesson complete ✓" + (next.map { " — next: nnbook lesson \($0.number) (\($0.title))" } ?? " — that was the last lesson"), .boldGreen)
        return 0
    }

    private func save(_ info: LessonInfo, _ stepper: LessonStepper) {
        try? store.set(info.path, cell: stepper.index, completed: stepper.isFinished)
    }

    private enum Answer { case text(String), cancelled, end }

    private func readAnswer(prompt: String) -> Answer {
        if let editor {
            switch editor.read(prompt: prompt) {
            case .line(let l):
                editor.remember(l)
                return .text(l)
            case .interrupted: return .cancelled
            case .endOfInput: return .end
            }
        }
        return readLine(strippingNewline: true).map(Answer.text) ?? .end
    }

    private func show(_ outcome: AnswerOutcome) {
        if let typed = outcome.typed {
            terminal.write(terminal.paint(typed.split(separator: "\n").map { "» " + $0 }.joined(separator: "\n"), .dim) + "\n")
        }
        if !outcome.output.isEmpty { terminal.write(outcome.output.joined(separator: "\n") + "\n") }
        if !outcome.message.isEmpty { say(outcome.message, outcome.accepted ? .green : .yellow) }
    }

    /// Markdown prose for a terminal: headings bold, the rest as written.
    private func showProse(_ blocks: [String]) {
        for block in blocks {
            let text = MarkdownText.render(block, terminal).trimmingCharacters(in: .newlines)
            if !text.isEmpty { terminal.write(text + "\n\n") }
        }
    }

    private func say(_ text: String, _ paint: Terminal.Paint) {
        terminal.write(terminal.paint(text, paint) + "\n")
    }

    private func complain(_ message: String) -> Int32 {
        terminal.writeError(message + "\n")
        return 1
    }
}
