import ArgumentParser
import CTerminal
import Foundation
import NNBookLanguage
import NNBookNotebook

/// `nnbook run FILE.md`: runs every cell in one session and prints the
/// notebook again with the outputs nnbook actually produced.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a notebook's cells and print it with their outputs.")
    @Argument(help: "A Markdown notebook (```nnbook cells).") var file: String

    func run() throws {
        let terminal = Terminal(forceNoColour: true)
        nnbook_install_sigint()
        let nb: Notebook
        do { nb = try Interrupts.guarded { try NotebookFile.load(file) } } catch {
            terminal.writeError("\(error)\n")
            throw ExitCode(Interrupts.pending ? 130 : 1)
        }
        var failed = false
        var stopped = false
        let status: Int32 = BigStack.run {
            let session = Session(options: ReplLoop.options(for: terminal))
            session.fileAccess = .guest(ofNotebook: file)
            session.isCancelled = { Interrupts.pending }
            var outputs: [String?] = []
            for run in NotebookRunner.run(nb, session: session) {
                failed = failed || run.failed
                outputs.append(run.output.isEmpty ? nil : run.output.joined(separator: "\n"))
            }
            stopped = Interrupts.pending
            var k = 0
            let blocks = nb.blocks.map { block -> Block in
                guard case .cell(var cell) = block else { return block }
                cell.expected = k < outputs.count ? outputs[k] : nil
                k += 1
                return .cell(cell)
            }
            terminal.write(NotebookWriter.markdown(Notebook(blocks: blocks, frontMatter: nb.frontMatter)))
            if stopped {
                let notRun = nb.cells.count - outputs.count
                terminal.writeError("stopped by Ctrl-C: \(notRun) of the \(nb.cells.count) cells of \(file) not run\n")
                return 130
            }
            return failed ? 1 : 0
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// `nnbook check FILE_OR_FOLDER…`: every cell's output against the expected one.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run notebooks and compare each output with the expected one.",
        discussion: "Numbers are compared to the precision printed in the expected output (0.88 matches 0.880797). "
            + "Folders mean every .md file directly inside. Exits 1 if any cell differs.")
    @Argument(help: "Notebook files or folders.") var paths: [String]
    /// Unlisted, for the Jupyter test: compare one notebook's expected outputs with this one's, running nothing.
    @Option(name: .customLong("expected-from"), help: .hidden) var expectedFrom: String?

    func validate() throws {
        if expectedFrom != nil && paths.count != 1 { throw ValidationError("--expected-from takes exactly one notebook") }
    }

    func run() throws {
        let terminal = Terminal(forceNoColour: true)
        nnbook_install_sigint()
        let report = BigStack.run {
            Interrupts.guarded {
                if let expectedFrom, let path = paths.first { return NotebookChecker.compareExpected(file: path, against: expectedFrom) }
                return NotebookChecker.check(paths: paths, isCancelled: { Interrupts.pending })
            }
        }
        for line in report.render() { terminal.write(line + "\n") }
        if report.stopped != nil { throw ExitCode(130) }
        if !report.succeeded { throw ExitCode(1) }
    }
}

/// `nnbook lesson [N|NAME] [--lang zh]`.
struct Lesson: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the lessons, or step through one (progress is saved).",
        discussion: "Read the text, type the cell it asks for (Enter alone types it for you); :help inside a lesson lists "
            + "what you can do. After the last cell you stay in the REPL with the lesson's variables.")
    @Argument(help: "A lesson's number or name; none lists them.") var lesson: String?
    @Option(name: .long, help: "The lessons' language: en or zh (default: NNBOOK_LANG, else the locale).") var lang: String?
    @Option(name: .long, help: ArgumentHelp("Write what you did in each lesson (tries, hints, wrong answers, time) to this JSON file, "
                                             + "after every step, to hand in.", valueName: "file.json"))
    var report: String?
    @Flag(name: .long, help: "An assignment: no :skip, no :show, Enter does not type the cell, hints stop at the answer's shape.")
    var assignment = false

    func validate() throws {
        if let lang, LessonLanguage(code: lang) == nil { throw ValidationError("--lang takes en or zh, not '\(lang)'") }
        if lesson == nil && (report != nil || assignment) { throw ValidationError("--report and --assignment need a lesson: nnbook lesson N") }
    }

    func run() throws {
        let terminal = Terminal()
        guard terminal.checkHome() else { throw ExitCode(1) }
        let language = lang.flatMap(LessonLanguage.init(code:)) ?? .from(environment: ProcessInfo.processInfo.environment)
        var file: LessonReportFile?
        if let report {
            do { file = try LessonReportFile(path: report) } catch {
                terminal.writeError("\(error)\n")
                throw ExitCode(1)
            }
        }
        let status = BigStack.run { Self.start(lesson, language: language, terminal: terminal, report: file, assignment: assignment) }
        if status != 0 { throw ExitCode(status) }
    }

    /// Lists the lessons, or runs one and, after its last cell, continues in the
    /// REPL with its variables. Also how `nnbook resume` resumes a lesson.
    static func start(_ lesson: String?, language: LessonLanguage, terminal: Terminal,
                      report: LessonReportFile? = nil, assignment: Bool = false) -> Int32 {
        nnbook_install_sigint()
        let editor = terminal.interactive ? LineEditor(home: Terminal.home) : nil
        let loop = LessonLoop(terminal: terminal, editor: editor, language: language)
        loop.report = report
        loop.assignment = assignment
        guard let lesson else { return loop.list() }
        let ending = loop.run(query: lesson)
        switch ending.kind {
        case .failed: return 1
        case .left: editor?.save(); return 0
        case .finished:
            guard terminal.interactive, let session = ending.session else { return 0 }
            terminal.write(terminal.paint(loop.say(.inTheREPL(variables: session.variableNames, nextLesson: ending.next?.number)), .dim) + "\n\n")
            let repl = ReplLoop(terminal: terminal)
            repl.lessonLanguage = loop.language
            repl.lessonReport = report
            repl.lessonAssignment = assignment
            repl.adopt(session, inputs: ending.inputs)
            return repl.run(greeting: false)
        }
    }
}

/// `nnbook resume`: an unfinished lesson, or the last session's variables,
/// restored from its journal.
struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Resume an unfinished lesson, or restore the last session by replaying its journal, then continue in the REPL.")

    func run() throws {
        let terminal = Terminal()
        guard terminal.checkHome() else { throw ExitCode(1) }
        let status: Int32 = BigStack.run {
            let loop = ReplLoop(terminal: terminal)
            let journal = Journal.latest(in: Terminal.home, excluding: loop.journalPath)
            if let lesson = LessonResume.offer(terminal: terminal, language: loop.lessonLanguage) {
                return Lesson.start(lesson, language: loop.lessonLanguage, terminal: terminal)
            }
            guard let path = journal else {
                terminal.writeError("no earlier session to resume (journals live in \(Terminal.home.path)/journal)\n")
                return 1
            }
            guard loop.resume(from: path) else { return 1 }
            return loop.run()
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// `nnbook resume` first offers the lesson the learner left unfinished most
/// recently (however they left it: from `nnbook lesson` or from the REPL);
/// "n" restores the last REPL session instead.
enum LessonResume {
    /// The file of the lesson to resume, when the learner says yes.
    static func offer(terminal: Terminal, language: LessonLanguage) -> String? {
        guard terminal.interactive else { return nil }
        let store = LessonProgressStore(home: Terminal.home.path)
        guard let (file, progress) = store.latestUnfinished, let folder = LessonsFolder.locate(language: language),
              let info = LessonCatalog.find(file, in: folder), progress.cell < info.cellCount else { return nil }
        let question = StepperPhrase.resumeOffer(number: info.number, title: info.title, cell: progress.cell + 1, of: info.cellCount)
        guard let answer = Terminal.readLineOrEnd(prompt: question.text(language)) else { return nil }
        let a = answer.trimmingCharacters(in: .whitespaces).lowercased()
        return a.isEmpty || a.hasPrefix("y") || a == "是" ? file : nil
    }
}

/// `nnbook class report FOLDER`: the reports learners handed in, summed up.
struct Class: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Teacher's tools: sum up the lesson reports a class handed in.", subcommands: [ClassReportCommand.self])
}

struct ClassReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Per lesson and cell: how many finished, median tries and time, the most common wrong answers.",
        discussion: "Reads every .json file directly in FOLDER (files from nnbook lesson --report). A file that is not a "
            + "report is named with the reason and the rest are still reported; nothing in a report is run.")
    @Argument(help: "A folder of report files.") var folder: String
    @Option(name: .long, help: ArgumentHelp("Also write the report as an SVG chart.", valueName: "file.svg")) var svg: String?
    @Option(name: .long, help: ArgumentHelp("Also write the report as a self-contained HTML page.", valueName: "file.html")) var html: String?

    func run() throws {
        let terminal = Terminal(forceNoColour: true)
        let summary: ClassReport
        switch ClassReport.read(folder: folder) {
        case .success(let s): summary = s
        case .failure(let e):
            terminal.writeError("\(e)\n")
            throw ExitCode(1)
        }
        for line in summary.lines(unicode: terminal.unicode) { terminal.write(line + "\n") }
        var failed = false
        for (path, text) in [(svg, summary.svg()), (html, summary.html())] {
            guard let path else { continue }
            do { try NotebookFile.write(text, to: path, overwrite: true) } catch {
                terminal.writeError("\(error)\n")
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}
