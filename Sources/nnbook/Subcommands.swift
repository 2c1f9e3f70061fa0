import ArgumentParser
import CTerminal
import Foundation
import NNBookLanguage
import NNBookNotebook

/// `nnbook run FILE.md`: runs every cell in one session and prints the
/// notebook again with the outputs nnbook actually produced.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a notebook's cells and print it with their outputs.")
    @ArgumentParser.Argument(help: "A Markdown notebook (```nnbook cells).") var file: String

    func run() throws {
        let terminal = Terminal(forceNoColour: true)
        let nb: Notebook
        do { nb = try NotebookFile.load(file) } catch {
            terminal.writeError("\(error)\n")
            throw ExitCode(1)
        }
        var failed = false
        let status = BigStack.run {
            let session = Session(options: ReplLoop.options(for: terminal))
            var outputs: [String?] = []
            for run in NotebookRunner.run(nb, session: session) {
                failed = failed || run.failed
                outputs.append(run.output.isEmpty ? nil : run.output.joined(separator: "\n"))
            }
            var k = 0
            let blocks = nb.blocks.map { block -> Block in
                guard case .cell(var cell) = block else { return block }
                cell.expected = k < outputs.count ? outputs[k] : nil
                k += 1
                return .cell(cell)
            }
            terminal.write(NotebookWriter.markdown(Notebook(blocks: blocks)))
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
    @ArgumentParser.Argument(help: "Notebook files or folders.") var paths: [String]

    func run() throws {
        let terminal = Terminal(forceNoColour: true)
        let report = BigStack.runValue { NotebookChecker.check(paths: paths) }
        for line in report.render() { terminal.write(line + "\n") }
        if !report.succeeded { throw ExitCode(1) }
    }
}

/// `nnbook lesson [N|NAME]`.
struct Lesson: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the lessons, or step through one (progress is saved).")
    @ArgumentParser.Argument(help: "A lesson's number or name; none lists them.") var lesson: String?

    func run() throws {
        let terminal = Terminal()
        let status = BigStack.run {
            nnbook_install_sigint()
            let editor = terminal.interactive ? LineEditor(home: Terminal.home) : nil
            let loop = LessonLoop(terminal: terminal, editor: editor)
            return lesson.map { loop.run(query: $0) } ?? loop.list()
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// `nnbook resume`: the last session's variables, restored from its journal.
struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Restore the last session by replaying its journal, then continue in the REPL.")

    func run() throws {
        let terminal = Terminal()
        let status = BigStack.run {
            let loop = ReplLoop(terminal: terminal)
            guard let path = Journal.latest(in: Terminal.home, excluding: loop.journalPath) else {
                terminal.writeError("no earlier session to resume (journals live in \(Terminal.home.path)/journal)\n")
                return 1
            }
            guard loop.resume(from: path) else { return 1 }
            return loop.run()
        }
        if status != 0 { throw ExitCode(status) }
    }
}
