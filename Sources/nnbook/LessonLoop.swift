import Foundation
import NNBookLanguage
import NNBookNotebook

/// Where the lessons are: $NNBOOK_LESSONS, ./Lessons, or a Lessons folder
/// beside (or above) the executable; Chinese ones in Lessons/zh when the
/// locale (or NNBOOK_LANG) asks for Chinese.
enum LessonsFolder {
    static func locate() -> String? {
        let env = ProcessInfo.processInfo.environment
        if let p = env["NNBOOK_LESSONS"], !p.isEmpty { return p }
        var candidates = [FileManager.default.currentDirectoryPath + "/Lessons"]
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(dir.appendingPathComponent("Lessons").path)
            dir.deleteLastPathComponent()
        }
        guard let base = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else { return nil }
        let language = env["NNBOOK_LANG"] ?? env["LC_ALL"] ?? env["LANG"] ?? ""
        if language.hasPrefix("zh"), FileManager.default.fileExists(atPath: base + "/zh") { return base + "/zh" }
        return base
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

    init(terminal: Terminal, editor: LineEditor?) {
        self.terminal = terminal
        self.editor = editor
    }

    /// Lists the lessons with the learner's progress.
    @discardableResult
    func list() -> Int32 {
        guard let folder = LessonsFolder.locate() else { return complain("no Lessons folder found (set NNBOOK_LESSONS to its path)") }
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
        guard let folder = LessonsFolder.locate() else { return complain("no Lessons folder found (set NNBOOK_LESSONS to its path)") }
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
