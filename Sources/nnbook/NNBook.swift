import ArgumentParser
import Foundation
import NNBookLanguage
import NNBookNotebook
import NeuralCore

/// The `nnbook` command. Each subcommand hands its work to a library; this
/// target only parses arguments and talks to the terminal.
@main
struct NNBook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nnbook",
        abstract: "A notebook-style REPL for learning how neural networks work.",
        discussion: """
        Type expressions such as sigmoid(2), define functions with f(x) = x^2, ask \
        for every step with explain sigmoid(2), and run gradient descent with \
        descend f from 1 rate 0.1 steps 2. Inside the REPL, :help lists everything.
        When standard input is not a terminal, nnbook runs the lines it reads and \
        prints only their outputs; the exit status is 1 if any line failed.
        """,
        version: NNBookVersion.string,
        subcommands: [Repl.self, Run.self, Check.self, Lesson.self, Demo.self, PlaygroundStart.self, Resume.self, Export.self, Import.self, Kernel.self, Class.self],
        defaultSubcommand: Repl.self
    )

    /// Clears what a killed nnbook left half-written, then runs the command.
    static func main() {
        BLASThreads.useOne()  // before anything else: OpenBLAS's idle pool would spin a core for 100 ms
        // The folders nnbook writes to by default: one listing each.
        for folder in [FileManager.default.currentDirectoryPath, Terminal.home.path] {
            AtomicFile.removeStaleTemporaries(in: folder)
        }
        main(nil)
    }
}

enum NNBookVersion {
    static let string = "nnbook \(JupyterKernelInfo.version)"
}

/// `nnbook` / `nnbook repl`: the interactive session.
struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repl", abstract: "Start the interactive REPL (the default).")

    @Flag(name: .long, help: "Never use colour, even on a terminal (NO_COLOR does the same).")
    var noColor = false

    func run() throws {
        let terminal = Terminal(forceNoColour: noColor)
        if terminal.interactive && !terminal.checkHome() { throw ExitCode(1) }
        let status = BigStack.run { ReplLoop(terminal: terminal).run() }
        if status != 0 { throw ExitCode(status) }
    }
}

/// `nnbook playground [SETTINGS…]`: the REPL, starting with the playground.
struct PlaygroundStart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playground",
        abstract: "Open the playground: TensorFlow Playground in the terminal, with the arithmetic behind it.",
        discussion: """
        Space plays, → steps one epoch, q leaves it; :help playground inside lists every key. The settings are those of \
        the REPL's playground command, e.g. nnbook playground 'data: spiral layers: [8, 8] rate: 0.03'. After q you are \
        in the REPL with the playground's model and data as variables and its settings as a cell (↑ brings it back).
        """)

    @Argument(parsing: .captureForPassthrough, help: "Settings, as KEY: VALUE words (quote brackets for the shell).")
    var settings: [String] = []

    @Flag(name: .long, help: "Never use colour (NO_COLOR does the same).")
    var noColor = false

    func run() throws {
        let terminal = Terminal(forceNoColour: noColor)
        guard terminal.interactive, terminal.unicode else {
            terminal.writeError("nnbook playground draws on the whole terminal and reads keys: "
                                + (terminal.interactive ? "TERM=dumb says this terminal cannot move the cursor" : "input or output is not a terminal") + "\n")
            throw ExitCode(1)
        }
        guard terminal.checkHome() else { throw ExitCode(1) }
        let cell = ([PlaygroundText.command] + settings).joined(separator: " ")
        let status = BigStack.run {
            let loop = ReplLoop(terminal: terminal)
            loop.firstCell = cell
            return loop.run()
        }
        if status != 0 { throw ExitCode(status) }
    }
}
