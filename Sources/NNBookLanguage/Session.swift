import Foundation
import NeuralCore

/// What the session needs to know about where its output goes.
public struct SessionOptions: Sendable {
    /// Columns available for plots and tables.
    public var width: Int = 80
    /// Rows available for plots.
    public var height: Int = 24
    /// Longest output of one cell before the middle is elided.
    public var maxOutputLines: Int = 60
    /// Box-drawing and braille characters allowed (false for `TERM=dumb`).
    public var unicode: Bool = true
    /// ANSI colour allowed in plots (the terminal decides; never when piped).
    public var colour: Bool = false
    /// The most heap memory the session may hold, in bytes, all values,
    /// strings, graphs and files read together (see `WorkGuard.reserve`); what
    /// would pass it is refused before anything is allocated, and so is any
    /// one vector or model larger than it. Default: half of physical memory.
    /// `:limits` shows and changes it.
    public var memoryLimit: Int = Int(min(ProcessInfo.processInfo.physicalMemory / 2, UInt64(Int.max / 2)))
    /// Whether the caller can show a full-screen view (`explore`), and if
    /// not, why: the refusal says it, with what to type instead. Only the
    /// REPL at a terminal sets `.available`.
    public var fullScreen = FullScreen.unavailable("this session runs a notebook's cells (nnbook run or check, :load, a lesson or the demo)")
    public init() {}

    public enum FullScreen: Sendable, Equatable {
        case available
        case unavailable(String)
    }
}

/// One learner's session: variables, functions, past results and settings.
/// `execute` runs a cell (one line, or a block) and returns its output as
/// values; nothing here prints.
public final class Session {
    public var options: SessionOptions
    /// Ctrl-C: true stops the cell with every variable as it was at that
    /// moment. The cell's `WorkGuard` asks it on every loop iteration, every
    /// call of a learner's function, every part of a derivative, every step
    /// of `explain`, every training batch and every row of a file read. The
    /// session never resets it: whoever sets it decides when a press is handled.
    public var isCancelled: () -> Bool = { false }
    /// When set, each output item is handed over as soon as it is final, so
    /// long cells print as they run; the cell's result still lists them all.
    public var liveOutput: ((OutputItem) -> Void)?
    /// Called after every training batch, for a live progress bar.
    public var trainingProgress: ((TrainingProgress) -> Void)?
    /// When set, each chart, table or `graph` tree is handed over in a richer
    /// form (`RichForm`) with its text, just before that text's output item.
    public var richOutput: ((String, RichForm) -> Void)?
    /// Which files cells may read and write: `.typed` for the prompt, a
    /// notebook's `.guest(folder:)`, or `.replay` (see `FileAccess`).
    public var fileAccess = FileAccess.typed
    let interpreter: Interpreter

    public init(options: SessionOptions = SessionOptions()) {
        self.options = options
        self.interpreter = Interpreter()
    }

    init(options: SessionOptions, interpreter: Interpreter) {
        self.options = options
        self.interpreter = interpreter
    }

    /// The number the next cell will get (`In [n]`).
    public var nextCount: Int { interpreter.state.cells.count + 1 }
    /// Every cell run so far, in order.
    public var inputs: [String] { interpreter.state.cells.inputs }
    public var precision: Precision { interpreter.state.settings.precision }

    /// Runs one cell. Errors come back as `.error` output items, never thrown.
    /// A cell that is not `numbered` (Jupyter's silent or `store_history:
    /// false` cells) takes no `In [n]`: the count stays, `:history` does not
    /// list it, and its value is neither `Out[n]` nor `_`, as in IPython.
    public func execute(_ source: String, firstLine: Int = 1, numbered: Bool = true) -> CellResult {
        interpreter.options = options
        interpreter.liveOutput = liveOutput
        interpreter.trainingProgress = trainingProgress
        interpreter.richOutput = richOutput
        interpreter.fileAccess = fileAccess
        let work = WorkGuard(isCancelled: isCancelled, memoryLimit: { [interpreter] in interpreter.options.memoryLimit })
        let result = WorkGuard.run(work) { interpreter.executeCell(source, firstLine: firstLine, numbered: numbered) }
        options.memoryLimit = interpreter.options.memoryLimit  // :limits may have changed it
        options.unicode = interpreter.options.unicode  // and :plots
        return result
    }

    /// The meta-command a line spells the Python way (`quit()`, `exit`,
    /// `help(sigmoid)`), nil for any other line or when a variable of the
    /// session has that name.
    public func pythonMeta(_ line: String) -> MetaCommand? { interpreter.pythonMeta(line) }

    /// The value of a variable or function, nil when the name is not set.
    public func value(named name: String) -> Value? {
        interpreter.state.variables.value(named: name)
    }

    /// A value as one short line, as `:vars` shows it (`0.8`, `[1, 2, 3]`, `f(x) = x^2`).
    public func describe(_ value: Value) -> String {
        ValueFormatter.inline(value, precision: interpreter.state.settings.precision)
    }

    /// The session's variables and functions, sorted (not `_`).
    public var variableNames: [String] { interpreter.state.variables.definedNames.filter { $0 != "_" }.sorted() }

    /// The text `:help NAME` shows, nil when there is no help on `name`.
    public func help(on name: String) -> String? {
        try? Help.text(topic: name, span: SourceSpan(line: 1, column: 1, length: name.count))
    }

    /// The syntax error a cell would stop at, nil when it parses; nothing runs.
    /// A line starting with ':' is checked as a meta-command.
    public static func syntaxError(in source: String) -> Diagnostic? {
        let text = source.precomposedStringWithCanonicalMapping
        if Help.query(text) != nil { return nil }
        if text.trimmingCharacters(in: .whitespaces).hasPrefix(":") {
            if case .failure(let error) = MetaCommand.parse(text.components(separatedBy: "\n").first ?? text) { return error }
            return nil
        }
        do throws(Diagnostic) { _ = try Parser.parse(text) } catch { return error }
        return nil
    }

    /// Names that complete `prefix`: builtins, commands, meta-commands (when
    /// `prefix` starts with ':') and the session's variables, sorted.
    public func completions(prefix: String) -> [String] {
        if prefix.hasPrefix(":") {
            return MetaCommand.catalog.map { ":" + $0.name }.filter { $0.hasPrefix(prefix) }
        }
        let names = Set(Builtins.names + Builtins.constants.keys + Interpreter.commandWords + interpreter.state.variables.definedNames + ExportFormat.allCases.map(\.rawValue) + ["for", "in", "range", "if", "else", "elif", "while", "True", "False"])
        return names.filter { $0.hasPrefix(prefix) }.sorted()
    }
}
