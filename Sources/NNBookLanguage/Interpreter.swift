import Foundation
import NNBookRender
import NeuralCore

/// Runs cells against a session: parses them, compiles them (`Compiler.swift`,
/// one exhaustive switch over statements and one over expressions) and runs
/// the result. Output goes to a limiter, never to a terminal.
final class Interpreter {
    static let takesNamedArguments: Set<String> = Set(["dense", "neuron", "network", "Dense", "load_csv", "close"] + TwoDKind.allCases.map(\.rawValue))
    static let commandWords = CommandRegistry.words
    /// Deepest chain of user-function calls before "runaway recursion".
    static let maxCallDepth = 500
    /// Longest derivative a definition echoes, in characters (about ten lines).
    static let maxEchoLength = 800

    let state: SessionState
    var options = SessionOptions()
    /// The guard `Session.execute` installed for the cell being run (Ctrl-C,
    /// the memory limit), kept so that the checks in loops and calls are cheap
    /// (set only as a cell starts and ends, so no exclusivity check on each read).
    @exclusivity(unchecked) var work: WorkGuard?
    var liveOutput: ((OutputItem) -> Void)?
    var trainingProgress: ((TrainingProgress) -> Void)?
    var richOutput: ((String, RichForm) -> Void)?
    /// Which files cells may read and write (`Session.fileAccess`).
    var fileAccess = FileAccess.typed
    /// Files the cell being run did not write because a journal is replayed.
    var skippedWrites: [String] = []
    /// The text of the cell being run, to quote a command from it.
    var cellSource = ""
    /// Largest vector or matrix a cell may create, in elements (8 bytes each):
    /// the whole limit. (What the session already holds is checked too, by
    /// `WorkGuard.reserve`.)
    var elementLimit: Int { max(1, options.memoryLimit / 8) }
    /// Largest model, in parameters: each needs 16 bytes while training
    /// (the weight, its gradient and Adam's two moments, as Float32).
    var parameterLimit: Int { max(1, options.memoryLimit / 16) }

    var output = OutputLimiter(maxLines: 60)
    /// What the cell being run explained and drew, for its `CellResult`.
    var explained: Value?
    var figures: [Figure] = []
    /// The full-screen view the cell being run asked for (`explore`).
    var pendingView: FullScreenView?
    /// The arguments of the learner's function being run, by parameter. Read
    /// on every use of a parameter; no access overlaps another, so it is not
    /// checked for exclusivity (docs/performance.md, "The evaluator").
    @exclusivity(unchecked) var locals: [Value] = []
    var callDepth = 0

    enum Flow { case normal, breakLoop, continueLoop }

    init(state: SessionState = SessionState()) {
        self.state = state
    }

    // MARK: cells

    func executeCell(_ typed: String, firstLine: Int, numbered: Bool = true) -> CellResult {
        // café typed as e + combining accent is the same name as café: compare in NFC, as Python does.
        let source = typed.precomposedStringWithCanonicalMapping
        if numbered {
            state.cells.count += 1
            state.cells.inputs.append(source)
        }
        let count = numbered ? state.cells.count : 0
        work = WorkGuard.current
        defer { work = nil }
        var result = CellResult(count: count)
        output = OutputLimiter(maxLines: options.maxOutputLines, live: liveOutput)
        explained = nil
        figures = []
        pendingView = nil
        skippedWrites = []
        cellSource = source
        result.streamed = liveOutput != nil
        let trimmed = source.trimmingCharacters(in: .whitespaces)
        do throws(Diagnostic) {
            if let query = Help.query(source) {
                // IPython's `sigmoid?`: the `:help` text, which a Jupyter front-end shows in its pager.
                emit(try helpText(query.topic, span: SourceSpan(line: 1, column: query.column, length: max(query.topic.count, 1))),
                     .plain, rich: .page)
            } else if let habit = pythonMeta(source) {
                result.request = try meta(habit, source: source, numbered: numbered)
            } else if trimmed.hasPrefix(":") {
                if case .time(let code) = try MetaCommand.parse(source.components(separatedBy: "\n").first ?? source).get() {
                    let start = DispatchTime.now().uptimeNanoseconds
                    defer {
                        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                        emit("wall time: \(NumberFormat.duration(seconds))", .note)
                    }
                    do { result.value = try runCode(code, count: count) } catch {
                        // The code sits after ":time " on the line: point at it there.
                        let shift = (source.components(separatedBy: "\n").first ?? "").unicodeScalars.count - code.unicodeScalars.count
                        var moved = error
                        if var span = moved.span, span.start.line == 1 {
                            span.start.column += shift
                            if span.end.line == 1 { span.end.column += shift }
                            moved.span = span
                        }
                        throw moved
                    }
                } else {
                    result.request = try meta(source, firstLine: firstLine, numbered: numbered)
                }
            } else {
                result.value = try runCode(source, count: count)
            }
        } catch {
            result.failed = true
            result.interrupted = error.kind == .interrupted
            output.append(.error(error, lines: DiagnosticRenderer.render(error, source: source, lineOffset: firstLine - 1)))
        }
        locals = []
        callDepth = 0
        result.outputs = output.finish()
        result.explained = explained
        result.figures = figures
        if !result.failed { result.view = pendingView }
        pendingView = nil
        result.skippedWrites = skippedWrites
        return result
    }

    /// Parses and runs a cell of code; a final expression's value becomes `Out[count]` and `_`,
    /// and is returned.
    private func runCode(_ source: String, count: Int) throws(Diagnostic) -> Value? {
        let statements: [Stmt]
        do { statements = try Parser.parse(source) } catch { throw unknownCommand(source, error) }
        if let value = try run(statements) {
            if count > 0 {  // a numbered cell (see `Session.execute`)
                state.cells.results[count] = value
                state.variables.values[state.variables.slot("_")] = value
            }
            output.append(.result(count: count, text: ValueFormatter.format(value, precision: state.settings.precision)))
            return value
        }
        return nil
    }

    /// Runs top-level statements, compiled first (`Compiler.swift`); the
    /// value of a final expression statement is the cell's result.
    func run(_ statements: [Stmt]) throws(Diagnostic) -> Value? {
        let scope = Resolver(state: state)
        var codes = statements.map { compile($0, in: scope) }
        var last: (Code, SourceSpan)?
        if case .expression(let e)? = statements.last {
            codes.removeLast()
            last = (compile(e, in: scope), e.span)
        }
        for c in codes { _ = try c(self) }
        guard let (code, span) = last else { return nil }
        let v = try code(self)
        if case .none = v { return nil }
        // A string result is shown in quotes: a copy.
        if case .string(let text) = v { try Coerce.reserve(text.utf8.count + 2, for: "showing this string", at: span) }
        return v
    }

    /// `:help`'s text on `topic`, or for a variable of the session, its value as `:vars` shows it.
    private func helpText(_ topic: String, span: SourceSpan) throws(Diagnostic) -> String {
        if topic.isEmpty { return try Help.text(topic: nil, span: span) }
        do { return try Help.text(topic: topic, span: span) } catch {
            guard let value = state.variables.value(named: topic) else { throw error }
            let shown = ValueFormatter.inline(value, precision: state.settings.precision)
            return (shown.hasPrefix(topic + "(") ? shown : "\(topic) = \(shown)") + "  (a variable of this session; :vars lists them all)"
        }
    }

    func emit(_ text: String, _ style: OutputStyle) {
        output.append(.text(text, style))
    }

    /// `emit`, first handing `richOutput` (when set) the richer form of the same text; `rich` is built only then.
    func emit(_ text: String, _ style: OutputStyle, rich: @autoclosure () -> RichForm) {
        richOutput?(text, rich())
        emit(text, style)
    }

    /// The evaluator's one Ctrl-C rule: every pass of a loop and every call
    /// of a learner's function asks once, and the cell stops there, pointing
    /// at `span`.
    func checkInterrupt(_ span: SourceSpan) throws(Diagnostic) {
        try interruptCheck(at: span)()
    }

    /// `checkInterrupt` for a loop, made once before its first pass: the
    /// guard is taken out of `work` once, not retained and released on every
    /// pass (perf: that retain was a fifth of a `for` pass).
    func interruptCheck(at span: SourceSpan) -> InterruptCheck { InterruptCheck(work: work, span: span) }

    /// True once Ctrl-C was pressed (for NeuralCore loops that take a closure).
    var isCancelled: Bool { work?.isCancelled ?? false }

    /// The error of a cell stopped by Ctrl-C.
    static func interruption(at span: SourceSpan) -> Diagnostic {
        Diagnostic(.interrupted, "stopped by Ctrl-C; every variable keeps the value it had at that moment", at: span)
    }

    // MARK: statements

    func truth(_ v: Value, at span: SourceSpan) throws(Diagnostic) -> Bool {
        switch v {
        case .bool(let b): return b
        case .number(let x): return x != 0
        case .string(let s): return !s.isEmpty
        case .none: return false
        case .array(let a) where a.count == 1: return a.data[0] != 0
        default:
            throw Diagnostic(.type, "\(v.typeName) is neither true nor false", at: span,
                             hint: "compare it, e.g. sum(v) > 0")
        }
    }

    func define(_ name: String, _ parameters: [String], _ body: Expr, _ span: SourceSpan) throws(Diagnostic) {
        let f = UserFunction(name: name, parameters: parameters, body: body)
        let replacesBuiltin = Builtins.table[name] != nil && state.variables.slots[name].flatMap({ state.variables.values[$0] }) == nil
        let slot = state.variables.slot(name)
        state.variables.values[slot] = .function(FunctionValue(base: .user(f), order: 0))
        var lines = ["\(name)(\(parameters.joined(separator: ", "))) = \(Printer.print(body))"]
        if Self.calls(name, in: body) {  // recursive: no derivative to write down
            emit(lines[0], .echo)
            if Self.calls(name, in: body, onEveryPath: true) {
                emit("note: \(name) is defined in terms of itself; with no condition to stop it, calling it never ends", .warning)
            }
            return
        }
        partials: for (i, p) in parameters.enumerated() {
            let head = parameters.count == 1 ? "\(name)'(\(p))" : "∂\(name)/∂\(p)"
            switch f.derivative(order: 1, parameter: i) {
            case .success(let d):
                let text = Printer.print(d)
                if text.count <= Self.maxEchoLength { lines.append("\(head) = \(text)"); continue }
                lines.append("\(head) is too long to show here (\(NumberFormat.grouped(text.count)) characters)"
                             + (parameters.count == 1 ? "; \(name)' shows it" : ""))
            case .failure(let e) where e.kind == .interrupted: throw Self.interruption(at: span)
            case .failure(let e) where e.kind == .limit:
                lines.append("\(head) is too large to write down (more than \(NumberFormat.grouped(Symbolic.maxSize)) parts); \(name) itself works as usual")
                break partials
            case .failure: break partials
            }
        }
        emit(lines.joined(separator: "\n"), .echo)
        if replacesBuiltin {
            emit("note: \(name) now means this definition in this session (:reset brings back the builtin)", .note)
        }
    }

    /// True when `e` calls the function `name` (directly); `onEveryPath`:
    /// whichever way its conditions go (`1 if n < 1 else n*f(n-1)` stops, `f(n-1)` never does).
    static func calls(_ name: String, in e: Expr, onEveryPath: Bool = false) -> Bool {
        func calls(_ e: Expr) -> Bool { Self.calls(name, in: e, onEveryPath: onEveryPath) }
        switch e {
        case .call(let f, let args, _):
            if case .name(let n, _) = f, n.text == name { return true }
            if case .prime(.name(let n, _), _, _) = f, n.text == name { return true }
            return calls(f) || args.contains { calls($0.value) }
        case .unary(_, let u, _), .prime(let u, _, _), .attribute(let u, _, _): return calls(u)
        case .binary(.and, let a, _, _) where onEveryPath, .binary(.or, let a, _, _) where onEveryPath: return calls(a)  // b may not run
        case .binary(_, let a, let b, _), .index(let a, let b, _): return calls(a) || calls(b)
        case .conditional(let a, let c, let b, _): return calls(c) || (onEveryPath ? calls(a) && calls(b) : calls(a) || calls(b))
        case .comprehension(let e, _, let i, let c, _): return calls(i) || (!onEveryPath && (calls(e) || c.map(calls) == true))
        case .subscripted(let a, let parts, _): return calls(a) || parts.flatMap(\.expressions).contains { calls($0) }
        case .list(let items, _): return items.contains { calls($0) }
        case .number, .string, .bool, .name, .literal: return false
        }
    }

}

/// Asks the cell's guard whether Ctrl-C was pressed, and stops the cell at
/// `span` if so (`Interpreter.checkInterrupt`).
struct InterruptCheck {
    let work: WorkGuard?
    let span: SourceSpan

    @inline(__always)
    func callAsFunction() throws(Diagnostic) {
        // Optional chaining: `if let work, work.isCancelled` retained and released the guard on every pass.
        if work?.isCancelled == true { throw Interpreter.interruption(at: span) }
    }
}

extension Value {
    var isNumeric: Bool {
        switch self {
        case .number, .bool, .array: return true
        default: return false
        }
    }
}
