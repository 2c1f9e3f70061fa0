import ArgumentParser
import CTerminal
import Foundation
import NNBookLanguage
import NNBookNotebook

/// `nnbook demo FILE|LESSON`: the classroom mode. Each key press shows one
/// more piece — a block of prose, a cell's input, then its output — large
/// and clear, fitted to the terminal. Piped, it prints everything in order.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classroom mode: reveal a notebook or lesson one key press at a time.",
        discussion: """
        NOTEBOOK is a Markdown file, or a lesson's number or name (nnbook demo 2). Each key shows \
        one more piece: a block of prose, a cell's input (so the class can predict), then on the \
        next key its output.

        Keys: Right, Down, Space, Enter or PageDown: next. Left, Up, PageUp, b or Backspace: back \
        (what was shown comes back; nothing runs again). Home / End: first / last piece. \
        e: edit the current cell, each of its lines in turn ready to change (Enter keeps the line \
        and goes to the next, Ctrl-C cancels, a line cleared to nothing is removed), then run it. \
        r: run the current cell again. ?: the keys. q, Esc, Ctrl-C or Ctrl-D: quit.

        When standard input is not a terminal it prints every piece in order, without colour.
        """)

    @Argument(help: "A Markdown notebook, or a lesson's number or name.") var notebook: String
    @Option(name: .long, help: "The demo's language, en or zh (also the language of a lesson given by number or name). Default: NNBOOK_LANG, else the locale.")
    var lang: String?
    @Flag(name: .long, help: "Never use colour (NO_COLOR does the same).") var noColor = false

    func run() throws {
        let terminal = Terminal(forceNoColour: noColor)
        var language = LessonLanguage.from(environment: ProcessInfo.processInfo.environment)
        if let lang {
            guard let chosen = LessonLanguage(code: lang) else {
                terminal.writeError(DemoPhrase.unknownLanguage(lang).text(language) + "\n")
                throw ExitCode(2)
            }
            language = chosen
        }
        let nb: Notebook
        let title: String
        let files: FileAccess
        switch Self.open(notebook, language: language) {
        case .success(let (loaded, name, access)): (nb, title, files) = (loaded, name, access)
        case .failure(let problem):
            terminal.writeError(problem.phrase.text(language) + "\n")
            throw ExitCode(1)
        }
        let status: Int32 = BigStack.run {
            nnbook_install_sigint()
            return DemoLoop(terminal: terminal, notebook: nb, title: title, language: language, files: files).run()
        }
        if status != 0 { throw ExitCode(status) }
    }

    struct Problem: Error { let phrase: DemoPhrase }

    /// The notebook a file names, else the lesson a number or name finds (in
    /// `language`'s lessons), with the title to show and what its cells may
    /// touch: a notebook its own folder, a lesson its folder without writing.
    static func open(_ query: String, language: LessonLanguage) -> Result<(Notebook, String, FileAccess), Problem> {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: query, isDirectory: &isFolder), !isFolder.boolValue {
            do {
                return .success((try NotebookFile.load(query), URL(fileURLWithPath: query).lastPathComponent, .guest(ofNotebook: query)))
            } catch {
                return .failure(Problem(phrase: .cannotOpen(path: query, reason: "\(error)")))
            }
        }
        guard let folder = LessonsFolder.locate(language: language) else { return .failure(Problem(phrase: .noLessons)) }
        guard let info = LessonCatalog.find(query, in: folder) else {
            let names = LessonCatalog.lessons(in: folder).map { "\($0.number) \($0.name)" }.joined(separator: ", ")
            return .failure(Problem(phrase: .noLesson(query: query, lessons: names)))
        }
        do {
            return .success((try NotebookFile.load(info.path), info.title, .guest(ofNotebook: info.path, writes: false)))
        } catch {
            return .failure(Problem(phrase: .cannotOpen(path: info.path, reason: "\(error)")))
        }
    }
}
