import ArgumentParser
import CTerminal
import Foundation
import NNBookNotebook

/// `nnbook export FILE.md FILE.ipynb`: a notebook or lesson as a Jupyter
/// notebook that opens with the nnbook kernel chosen.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a Markdown notebook or lesson as a Jupyter notebook (.ipynb) for the nnbook kernel.",
        discussion: "Expected outputs become the cells' outputs; nnbook import goes back.")
    @Argument(help: "A Markdown notebook or lesson (.md).") var input: String
    @Argument(help: "The Jupyter notebook to write (.ipynb).") var output: String
    @Flag(name: .long, help: "Replace OUTPUT if it exists.") var force = false

    func run() throws {
        let terminal = Terminal(forceNoColour: true)
        try FileConversion.run(terminal: terminal, input: input, ".md", output: output, ".ipynb", force: force) {
            let nb = try NotebookFile.load(input)
            try JupyterExport.write(nb, to: output, overwrite: force)
            return "exported \(FileConversion.cells(nb.cells.count)) to \(output)"
        }
    }
}

/// `nnbook import FILE.ipynb FILE.md`: a Jupyter notebook as a Markdown
/// notebook whose expected outputs are the outputs it was saved with.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a Jupyter notebook (.ipynb, nbformat 4) as a Markdown notebook; its outputs become expected outputs.",
        discussion: "Markdown cells become prose and code cells nnbook cells; nnbook check then compares the outputs.")
    @Argument(help: "A Jupyter notebook (.ipynb).") var input: String
    @Argument(help: "The Markdown notebook to write (.md).") var output: String
    @Flag(name: .long, help: "Replace OUTPUT if it exists.") var force = false

    func run() throws {
        let terminal = Terminal(forceNoColour: true)
        try FileConversion.run(terminal: terminal, input: input, ".ipynb", output: output, ".md", force: force) {
            let imported = try JupyterImport.read(input)
            try JupyterImport.write(imported, to: output, overwrite: force)
            let left = imported.skipped.sorted { $0.key < $1.key }.map { "\($1) \($0)\($1 == 1 ? "" : "s")" }
            return "imported \(FileConversion.cells(imported.notebook.cells.count)) to \(output)"
                + (left.isEmpty ? "" : " (left out: \(left.joined(separator: ", ")))")
        }
    }
}

/// What export and import share: the extension checks, Ctrl-C, one line of
/// report or one error and exit status 1.
enum FileConversion {
    static func run(terminal: Terminal, input: String, _ inputExtension: String, output: String, _ outputExtension: String,
                    force: Bool, convert: () throws -> String) throws {
        for (path, ext) in [(input, inputExtension), (output, outputExtension)] where !path.lowercased().hasSuffix(ext) {
            terminal.writeError("\(path): expected a \(ext) file\n")
            throw ExitCode(1)
        }
        nnbook_install_sigint()
        do {
            terminal.write(try Interrupts.guarded(convert) + "\n")
        } catch let error as NotebookError where error.writeError == .exists {
            terminal.writeError("\(error) (--force replaces it)\n")
            throw ExitCode(1)
        } catch {
            terminal.writeError("\(error)\n")
            throw ExitCode(Interrupts.pending ? 130 : 1)
        }
    }

    static func cells(_ n: Int) -> String { "\(n) cell\(n == 1 ? "" : "s")" }
}
