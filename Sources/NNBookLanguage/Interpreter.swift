import Foundation
import NNBookRender
import NeuralCore

/// Evaluates cells against a session: one exhaustive switch over statements
/// and one over expressions. Output goes to a limiter, never to a terminal.
final class Interpreter {
    static let takesNamedArguments: Set<String> = Set(["dense", "neuron", "load_csv"] + TwoDKind.allCases.map(\.rawValue))
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
    var locals: [Value] = []
    var callDepth = 0

    enum Flow { case normal, breakLoop, continueLoop }

    init(state: SessionState = SessionState()) {
        self.state = state
    }

    // MARK: cells

    func executeCell(_ typed: String, firstLine: Int) -> CellResult {
        // café typed as e + combining accent is the same name as café: compare in NFC, as Python does.
        let source = typed.precomposedStringWithCanonicalMapping
        state.cells.count += 1
        let count = state.cells.count
        state.cells.inputs.append(source)
        work = WorkGuard.current
        defer { work = nil }
        var result = CellResult(count: count)
        output = OutputLimiter(maxLines: options.maxOutputLines, live: liveOutput)
        explained = nil
        figures = []
        skippedWrites = []
        cellSource = source
        result.streamed = liveOutput != nil
        let trimmed = source.trimmingCharacters(in: .whitespaces)
        do throws(Diagnostic) {
            if trimmed.hasPrefix(":") {
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
                    result.request = try meta(source, firstLine: firstLine)
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
        result.skippedWrites = skippedWrites
        return result
    }

    /// Parses and runs a cell of code; a final expression's value becomes `Out[count]` and `_`,
    /// and is returned.
    private func runCode(_ source: String, count: Int) throws(Diagnostic) -> Value? {
        let statements: [Stmt]
        do { statements = try Parser.parse(source) } catch { throw unknownCommand(source, error) }
        if let value = try run(statements) {
            state.cells.results[count] = value
            state.variables.values[state.variables.slot("_")] = value
            output.append(.result(count: count, text: ValueFormatter.format(value, precision: state.settings.precision)))
            return value
        }
        return nil
    }

    /// Runs top-level statements; the value of a final expression statement is the cell's result.
    func run(_ statements: [Stmt]) throws(Diagnostic) -> Value? {
        for (i, s) in statements.enumerated() {
            if i == statements.count - 1, case .expression(let e) = s {
                let v = try compile(e, parameters: [])(self)
                if case .none = v { return nil }
                // A string result is shown in quotes: a copy.
                if case .string(let text) = v { try Coerce.reserve(text.utf8.count + 2, for: "showing this string", at: e.span) }
                return v
            }
            _ = try compile(s)(self)
        }
        return nil
    }

    func emit(_ text: String, _ style: OutputStyle) {
        output.append(.text(text, style))
    }

    /// Stops the cell, pointing at `span`, once Ctrl-C was pressed. Called on
    /// every loop iteration and every call of a learner's function, so cheap:
    /// one closure call that reads a counter.
    func checkInterrupt(_ span: SourceSpan) throws(Diagnostic) {
        if let work, work.isCancelled { throw Self.interruption(at: span) }
    }

    /// True once Ctrl-C was pressed (for NeuralCore loops that take a closure).
    var isCancelled: Bool { work?.isCancelled ?? false }

    /// `isCancelled` as a closure to keep in a local for a tight loop: reading
    /// `work` on every pass retains and releases it, which made the check
    /// twice as dear (callgrind: 69 instructions a pass, now 34, on a
    /// loop pass of about 1,000).
    var stopCheck: () -> Bool {
        guard let work else { return { false } }
        return { work.isCancelled }
    }

    /// The error of a cell stopped by Ctrl-C.
    static func interruption(at span: SourceSpan) -> Diagnostic {
        Diagnostic(.interrupted, "stopped by Ctrl-C; every variable keeps the value it had at that moment", at: span)
    }

    // MARK: statements

    func exec(_ s: Stmt) throws(Diagnostic) -> Flow {
        switch s {
        case .expression, .forLoop, .whileLoop, .ifElse, .assign(.name, nil, _, _):
            return try compile(s)(self)
        case .assign(let target, let op, let e, let span):
            try assign(target, op, e, span)
        case .define(let name, let parameters, let body, let span):
            try define(name, parameters, body, span)
        case .breakLoop: return .breakLoop
        case .continueLoop: return .continueLoop
        case .pass: break
        case .command(let c, let span): try command(c, span)
        case .meta(_, let span):
            throw Diagnostic(.syntax, "meta-commands go on a line of their own", at: span)
        }
        return .normal
    }

    /// The global slot of an assignment target, looked up once per name in the tree.
    func globalSlot(_ name: Name) -> Int {
        if case .global(let slot)? = name.resolution { return slot }
        let slot = state.variables.slot(name.text)
        name.resolution = .global(slot)
        return slot
    }

    /// A `for` over a vector's rows or a string's characters (ranges take the
    /// compiled fast path).
    func forLoop(slot: Int, over seq: Value, iterableSpan: SourceSpan, _ block: StmtCode, _ span: SourceSpan) throws(Diagnostic) -> Flow {
        func each(_ v: Value) throws(Diagnostic) -> Bool {
            try checkInterrupt(span)
            state.variables.values[slot] = v
            return try block(self) == .breakLoop
        }
        switch seq {
        case .array(let a) where a.rank >= 1:
            for k in 0..<a.shape[0] {
                let item: NDArray
                do { item = try a.element(at: k) } catch { throw Coerce.diagnostic(error, at: iterableSpan) }
                if try each(Aggregates.wrap(item)) { break }
            }
        case .string(let s):
            for ch in s { if try each(.string(String(ch))) { break } }
        default:
            throw Diagnostic(.type, "cannot loop over \(seq.typeName)", at: iterableSpan,
                             hint: "loop over range(n) or a vector: for i in range(3):")
        }
        return .normal
    }

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

    func assign(_ target: AssignTarget, _ op: BinaryOp?, _ e: Expr, _ span: SourceSpan) throws(Diagnostic) {
        switch target {
        case .name(let name, let s):
            let slot = globalSlot(name)
            var v = try eval(e)
            if let op {
                guard let old = state.variables.values[slot] else { throw unknownName(name.text, at: s) }
                v = try Arithmetic.binary(op, old, v, span: span, lhsSpan: s, rhsSpan: e.span, limit: elementLimit)
            }
            if case .scalar(let node) = v, node.label == nil { node.label = name.text }
            state.variables.values[slot] = v
        case .index(let name, let indexExpr, let s):
            let slot = state.variables.slot(name.text)
            guard let old = state.variables.values[slot] else { throw unknownName(name.text, at: s) }
            guard case .array(let a) = old else {
                throw Diagnostic(.type, "only vectors and matrices can be assigned by index; \(name.text) is \(old.typeName)", at: s)
            }
            let i = try Coerce.integer(try eval(indexExpr), at: indexExpr.span)
            var v = try eval(e)
            if let op {
                let current: NDArray
                do { current = try a.element(at: i) } catch { throw Coerce.diagnostic(error, at: indexExpr.span) }
                v = try Arithmetic.binary(op, Aggregates.wrap(current), v, span: span, lhsSpan: s, rhsSpan: e.span, limit: elementLimit)
            }
            let newValue = try Coerce.array(v, at: e.span, limit: elementLimit)
            do { state.variables.values[slot] = .array(try a.replacing(at: i, with: newValue)) } catch {
                throw Coerce.diagnostic(error, at: span)
            }
        }
    }

    func define(_ name: String, _ parameters: [String], _ body: Expr, _ span: SourceSpan) throws(Diagnostic) {
        let f = UserFunction(name: name, parameters: parameters, body: body)
        let replacesBuiltin = Builtins.table[name] != nil && state.variables.slots[name].flatMap({ state.variables.values[$0] }) == nil
        state.variables.values[state.variables.slot(name)] = .function(FunctionValue(base: .user(f), order: 0))
        var lines = ["\(name)(\(parameters.joined(separator: ", "))) = \(Printer.print(body))"]
        if Self.calls(name, in: body) {
            emit(lines[0], .echo)
            emit("note: \(name) is defined in terms of itself; with no condition to stop it, calling it never ends", .warning)
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

    /// True when `e` calls the function `name` (directly).
    static func calls(_ name: String, in e: Expr) -> Bool {
        switch e {
        case .call(let f, let args, _):
            if case .name(let n, _) = f, n.text == name { return true }
            if case .prime(.name(let n, _), _, _) = f, n.text == name { return true }
            return calls(name, in: f) || args.contains { calls(name, in: $0.value) }
        case .unary(_, let u, _), .prime(let u, _, _), .attribute(let u, _, _): return calls(name, in: u)
        case .binary(_, let a, let b, _), .index(let a, let b, _): return calls(name, in: a) || calls(name, in: b)
        case .list(let items, _): return items.contains { calls(name, in: $0) }
        case .number, .string, .bool, .name, .literal: return false
        }
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
