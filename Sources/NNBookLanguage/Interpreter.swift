import Foundation
import NeuralCore

/// Everything a session remembers between cells.
final class SessionState {
    var slots: [String: Int] = [:]
    var values: [Value?] = []
    var executionCount = 0
    var inputs: [String] = []
    var results: [Int: Value] = [:]
    var precision: Precision = .decimals(6)
    var lastDescent: DescentState?
    var lastStep: LastStep?
    var lastTraining: [EpochRecord] = []
    /// "epoch" for sequential models, "step" for mlp networks.
    var lastTrainingUnit = "epoch"

    func slot(_ name: String) -> Int {
        if let s = slots[name] { return s }
        values.append(nil)
        slots[name] = values.count - 1
        return values.count - 1
    }

    var definedNames: [String] { slots.compactMap { values[$0.value] == nil ? nil : $0.key } }
}

/// Evaluates cells against a session: one exhaustive switch over statements
/// and one over expressions. Output goes to a limiter, never to a terminal.
final class Interpreter {
    static let takesNamedArguments: Set<String> = Set(["dense", "neuron", "load_csv"] + TwoDKind.allCases.map(\.rawValue))
    static let commandWords: [String] = ["explain", "descend", "step", "plot", "summary", "train", "evaluate", "confusion", "predict", "save", "backward", "zero_grad", "graph"]
    /// Deepest chain of user-function calls before "runaway recursion".
    static let maxCallDepth = 500

    let state = SessionState()
    var options = SessionOptions()
    var isCancelled: () -> Bool = { false }
    var liveOutput: ((OutputItem) -> Void)?
    var trainingProgress: ((TrainingProgress) -> Void)?
    /// Largest vector or matrix a cell may create, in elements (8 bytes each).
    var elementLimit: Int { max(1, options.memoryLimit / 8) }
    /// Largest model, in parameters: each needs 16 bytes while training
    /// (the weight, its gradient and Adam's two moments, as Float32).
    var parameterLimit: Int { max(1, options.memoryLimit / 16) }

    private var output = OutputLimiter(maxLines: 60)
    var locals: [Value] = []
    private var callDepth = 0

    enum Flow { case normal, breakLoop, continueLoop }

    // MARK: cells

    func executeCell(_ typed: String, firstLine: Int) -> CellResult {
        // café typed as e + combining accent is the same name as café: compare in NFC, as Python does.
        let source = typed.precomposedStringWithCanonicalMapping
        state.executionCount += 1
        let count = state.executionCount
        state.inputs.append(source)
        var result = CellResult(count: count)
        output = OutputLimiter(maxLines: options.maxOutputLines, live: liveOutput)
        result.streamed = liveOutput != nil
        let trimmed = source.trimmingCharacters(in: .whitespaces)
        do throws(Diagnostic) {
            if trimmed.hasPrefix(":") {
                result.request = try meta(source, firstLine: firstLine)
            } else {
                let statements: [Stmt]
                do { statements = try Parser.parse(source) } catch { throw unknownCommand(source, error) }
                let value = try run(statements)
                if let value {
                    state.results[count] = value
                    state.values[state.slot("_")] = value
                    output.append(.result(count: count, text: ValueFormatter.format(value, precision: state.precision)))
                }
            }
        } catch {
            result.failed = true
            result.interrupted = error.kind == .interrupted
            output.append(.error(error, lines: DiagnosticRenderer.render(error, source: source, lineOffset: firstLine - 1)))
        }
        locals = []
        callDepth = 0
        result.outputs = output.finish()
        return result
    }

    /// Runs top-level statements; the value of a final expression statement is the cell's result.
    private func run(_ statements: [Stmt]) throws(Diagnostic) -> Value? {
        for (i, s) in statements.enumerated() {
            if i == statements.count - 1, case .expression(let e) = s {
                let v = try compile(e, parameters: [])(self)
                if case .none = v { return nil }
                return v
            }
            _ = try compile(s)(self)
        }
        return nil
    }

    func emit(_ text: String, _ style: OutputStyle) {
        output.append(.text(text, style))
    }

    func checkInterrupt(_ span: SourceSpan) throws(Diagnostic) {
        if isCancelled() {
            throw Diagnostic(.interrupted, "stopped by Ctrl-C; every variable keeps the value it had at that moment", at: span)
        }
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
    private func globalSlot(_ name: Name) -> Int {
        if case .global(let slot)? = name.resolution { return slot }
        let slot = state.slot(name.text)
        name.resolution = .global(slot)
        return slot
    }

    /// A `for` over a vector's rows or a string's characters (ranges take the
    /// compiled fast path).
    func forLoop(slot: Int, over seq: Value, iterableSpan: SourceSpan, _ block: StmtCode, _ span: SourceSpan) throws(Diagnostic) -> Flow {
        func each(_ v: Value) throws(Diagnostic) -> Bool {
            try checkInterrupt(span)
            state.values[slot] = v
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

    private func assign(_ target: AssignTarget, _ op: BinaryOp?, _ e: Expr, _ span: SourceSpan) throws(Diagnostic) {
        switch target {
        case .name(let name, let s):
            let slot = globalSlot(name)
            var v = try eval(e)
            if let op {
                guard let old = state.values[slot] else { throw unknownName(name.text, at: s) }
                v = try Arithmetic.binary(op, old, v, span: span, lhsSpan: s, rhsSpan: e.span, limit: elementLimit)
            }
            if case .scalar(let node) = v, node.label == nil { node.label = name.text }
            state.values[slot] = v
        case .index(let name, let indexExpr, let s):
            let slot = state.slot(name.text)
            guard let old = state.values[slot] else { throw unknownName(name.text, at: s) }
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
            do { state.values[slot] = .array(try a.replacing(at: i, with: newValue)) } catch {
                throw Coerce.diagnostic(error, at: span)
            }
        }
    }

    private func define(_ name: String, _ parameters: [String], _ body: Expr, _ span: SourceSpan) throws(Diagnostic) {
        let f = UserFunction(name: name, parameters: parameters, body: body)
        let replacesBuiltin = Builtins.table[name] != nil && state.slots[name].flatMap({ state.values[$0] }) == nil
        state.values[state.slot(name)] = .function(FunctionValue(base: .user(f), order: 0))
        var lines = ["\(name)(\(parameters.joined(separator: ", "))) = \(Printer.print(body))"]
        if Self.calls(name, in: body) {
            emit(lines[0], .echo)
            emit("note: \(name) is defined in terms of itself; with no condition to stop it, calling it never ends", .warning)
            return
        }
        for (i, p) in parameters.enumerated() {
            guard case .success(let d) = f.derivative(order: 1, parameter: i) else { break }
            let head = parameters.count == 1 ? "\(name)'(\(p))" : "∂\(name)/∂\(p)"
            lines.append("\(head) = \(Printer.print(d))")
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

    // MARK: expressions

    func eval(_ e: Expr) throws(Diagnostic) -> Value {
        switch e {
        case .number(let v, _): return .number(v)
        case .string(let s, _): return .string(s)
        case .bool(let b, _): return .bool(b)
        case .literal(let v, _): return v
        case .name(let n, let span): return try lookup(n, span)
        case .list(let items, let span): return try list(items, span)
        case .unary(let op, let u, let span):
            return try Arithmetic.unary(op, try eval(u), span: span)
        case .binary(.and, let a, let b, _):
            let l = try eval(a)
            return try truth(l, at: a.span) ? try eval(b) : l
        case .binary(.or, let a, let b, _):
            let l = try eval(a)
            return try truth(l, at: a.span) ? l : try eval(b)
        case .binary(let op, let a, let b, let span):
            let l = try eval(a), r = try eval(b)
            if case .number(let x) = l, case .number(let y) = r, let fast = Arithmetic.fast(op, x, y) { return .number(fast) }
            return try Arithmetic.binary(op, l, r, span: span, lhsSpan: a.span, rhsSpan: b.span, limit: elementLimit)
        case .call(let callee, let args, let span):
            return try call(callee, args, span)
        case .prime(let f, let order, let span):
            guard case .function(var fv) = try eval(f) else {
                throw Diagnostic(.type, "only functions have derivatives", at: span)
            }
            fv.order += order
            return .function(fv)
        case .index(let a, let i, let span):
            return try index(try eval(a), try eval(i), span: span, indexSpan: i.span)
        case .attribute(let a, let field, let span):
            return try attribute(try eval(a), field, span: span)
        }
    }

    func lookup(_ n: Name, _ span: SourceSpan) throws(Diagnostic) -> Value {
        let resolution: Name.Resolution
        if let r = n.resolution { resolution = r } else {
            if n.text == "Out" { return .outputs }
            if let b = Builtins.table[n.text], state.slots[n.text].flatMap({ state.values[$0] }) == nil {
                return .function(FunctionValue(base: .builtin(b), order: 0))
            }
            resolution = .global(state.slot(n.text))
            n.resolution = resolution
        }
        switch resolution {
        case .parameter(let i): return locals[i]
        case .global(let slot):
            if let v = state.values[slot] { return v }
            throw unknownName(n.text, at: span)
        }
    }

    /// `frobnicate 3` reads as a name followed by a stray value; when the name
    /// is unknown, that is the better message ("unknown name").
    private func unknownCommand(_ source: String, _ error: Diagnostic) -> Diagnostic {
        guard error.message.hasSuffix("after a complete statement"),
              let tokens = try? Lexer.tokenize(source), tokens.count > 2,
              case .identifier(let word) = tokens[0].kind, tokens[1].span == error.span,
              state.slots[word].flatMap({ state.values[$0] }) == nil, Builtins.table[word] == nil,
              !Parser.keywords.contains(word) else { return error }
        switch tokens[1].kind {
        case .number, .string, .leftBracket: break
        default: return error
        }
        let command = Spelling.closest(to: word, among: Interpreter.commandWords)
        return Diagnostic(.name, "unknown name '\(word)'", at: tokens[0].span,
                          hint: command.map { "did you mean the command \($0)?" }
                              ?? "commands are " + Interpreter.commandWords.joined(separator: ", ") + "; a function is called as \(word)(…)")
    }

    /// An unknown name in a call: suggest defining a function rather than assigning a number.
    func unknownFunction(_ error: Diagnostic, _ name: String) -> Diagnostic {
        guard error.kind == .name, error.message == "unknown name '\(name)'", error.hint == "assign it first, e.g. \(name) = 1" else { return error }
        var d = error
        d.hint = "define it first, e.g. \(name)(x) = x^2"
        return d
    }

    func unknownName(_ name: String, at span: SourceSpan) -> Diagnostic {
        if Interpreter.commandWords.contains(name) {
            return Diagnostic(.syntax, "'\(name)' is a command and must start the line", at: span,
                              hint: ":help \(name) shows how to use it")
        }
        if name == "_" { return Diagnostic(.name, "'_' is the last result, and there is none yet", at: span) }
        let candidates = state.definedNames + Builtins.names + ["True", "False"]
        if let guess = Spelling.closest(to: name, among: candidates) {
            return Diagnostic(.name, "unknown name '\(name)'", at: span, hint: "did you mean \(guess)?")
        }
        let pythonic = ["np": "nnbook has vectors built in: [1, 2, 3]", "math": "exp, log, sqrt … are built in",
                        "pi": "write 3.141593", "e": "write exp(1)", "learning_rate": "set it first, e.g. learning_rate = 0.1",
                        "true": "write True", "σ": "the article's σ is sigmoid: write sigmoid(x)", "false": "write False", "None": "nnbook has no None"]
        return Diagnostic(.name, "unknown name '\(name)'", at: span, hint: pythonic[name] ?? "assign it first, e.g. \(name) = 1")
    }

    private func list(_ items: [Expr], _ span: SourceSpan) throws(Diagnostic) -> Value {
        var arrays: [NDArray] = []
        arrays.reserveCapacity(items.count)
        for item in items {
            let v = try eval(item)
            switch v {
            case .number, .bool, .array: arrays.append(try Coerce.array(v, at: item.span, limit: elementLimit))
            default:
                throw Diagnostic(.type, "a vector holds numbers (or vectors), not \(v.typeName)", at: item.span)
            }
        }
        do { return .array(try NDArray.stack(arrays)) } catch {
            throw Diagnostic(.value, "the rows of a matrix must all have the same length", at: span,
                             hint: "each inner list needs as many numbers as the first")
        }
    }

    private func index(_ base: Value, _ i: Value, span: SourceSpan, indexSpan: SourceSpan) throws(Diagnostic) -> Value {
        switch base {
        case .outputs:
            let n = try Coerce.integer(i, at: indexSpan)
            if let v = state.results[n] { return v }
            let known = state.results.keys.sorted().map(String.init).joined(separator: ", ")
            throw Diagnostic(.value, "Out[\(n)] does not exist", at: span,
                             hint: known.isEmpty ? "no cell has produced a result yet" : "results so far: \(known)")
        case .array(let a):
            let k = try Coerce.integer(i, at: indexSpan)
            do { return Aggregates.wrap(try a.element(at: k)) } catch { throw Coerce.diagnostic(error, at: indexSpan) }
        case .modelLayers(let m):
            var k = try Coerce.integer(i, at: indexSpan)
            if k < 0 { k += m.model.layers.count }
            guard k >= 0 && k < m.model.layers.count else {
                throw Diagnostic(.value, "the model has \(m.model.layers.count) layers, numbered 0 to \(m.model.layers.count - 1)", at: indexSpan)
            }
            return .modelLayer(m, k)
        case .data(let d):
            var k = try Coerce.integer(i, at: indexSpan)
            if k < 0 { k += d.count }
            guard k >= 0 && k < d.count else {
                throw Diagnostic(.value, "index \(k) is out of range: \(d.name) has \(d.count) examples", at: indexSpan)
            }
            var x: [Float] = [], y: [Int32] = []
            d.batch([k], x: &x, y: &y)
            return .array(NDArray(vector: x.map(Double.init)))
        case .range(let r):
            var k = try Coerce.integer(i, at: indexSpan)
            if k < 0 { k += r.count }
            guard k >= 0 && k < r.count else {
                throw Diagnostic(.value, "index \(k) is out of range for \(r.count) numbers", at: indexSpan)
            }
            return .number(Double(r.element(k)))
        case .string(let s):
            var k = try Coerce.integer(i, at: indexSpan)
            if k < 0 { k += s.count }
            guard k >= 0 && k < s.count else { throw Diagnostic(.value, "index \(k) is out of range for a string of \(s.count) characters", at: indexSpan) }
            return .string(String(s[s.index(s.startIndex, offsetBy: k)]))
        default:
            throw Diagnostic(.type, "\(base.typeName) cannot be indexed", at: span)
        }
    }

    private func attribute(_ base: Value, _ field: String, span: SourceSpan) throws(Diagnostic) -> Value {
        switch (base, field) {
        case (.array(let a), "shape"): return .array(NDArray(vector: a.shape.map(Double.init)))
        case (.array(let a), "T"):
            guard a.rank == 2 else { break }
            let (r, c) = (a.shape[0], a.shape[1])
            var t = [Double](repeating: 0, count: a.count)
            for i in 0..<r { for j in 0..<c { t[j * r + i] = a.data[i * c + j] } }
            do { return .array(try NDArray(shape: [c, r], data: t)) } catch { throw Coerce.diagnostic(error, at: span) }
        case (.model(let m), "parameters"): return .number(Double(m.model.parameterCount))
        case (.function(let f), "name"): return .string(f.displayName)
        case (.model(let m), "layers"): return .modelLayers(m)
        case (.scalar(let s), "data"): return .number(s.data)
        case (.scalar(let s), "grad"): return .number(s.grad)
        case (.mlp(let m), "parameters"): return .number(Double(m.net.parameterCount))
        case (.modelLayer(let m, let i), "weights"):
            let l = m.model.layers[i]
            do { return .array(try NDArray(shape: [l.fanIn, l.units], data: l.weights.map(Double.init))) } catch { throw Coerce.diagnostic(error, at: span) }
        case (.modelLayer(let m, let i), "biases"): return .array(NDArray(vector: m.model.layers[i].biases.map(Double.init)))
        case (.modelLayer(let m, let i), "units"): return .number(Double(m.model.layers[i].units))
        case (.modelLayer(let m, let i), "activation"): return .string(m.model.layers[i].activation.rawValue)
        case (.dataset(let s), "train"): return .data(s.train)
        case (.dataset(let s), "test"): return .data(s.test)
        case (.data(let d), "count"): return .number(Double(d.count))
        case (.data(let d), "labels"): return .array(NDArray(vector: d.labels.map(Double.init)))
        case (.neuron(let n), "weights"): return .array(NDArray(vector: n.neuron.weights))
        case (.neuron(let n), "bias"): return .number(n.neuron.bias)
        default: break
        }
        if field == "grad" || field == "data" {
            throw Diagnostic(.type, "only autograd values have .\(field); this is \(base.typeName)", at: span,
                             hint: "make one with value(…), e.g. n = value(3), then backward and n.grad")
        }
        let fields: String
        switch base {
        case .array: fields = "shape, T (matrices)"
        case .model: fields = "parameters, layers"
        case .function: fields = "name"
        case .neuron: fields = "weights, bias"
        case .scalar: fields = "data, grad"
        case .mlp: fields = "parameters"
        case .dataset: fields = "train, test"
        case .data: fields = "count, labels; data[i] is one example"
        case .modelLayer: fields = "weights, biases, units, activation"
        default: fields = "none"
        }
        throw Diagnostic(.name, "\(base.typeName) has no attribute '\(field)'", at: span, hint: "its attributes: \(fields)")
    }

    // MARK: calls

    /// micrograd's methods on values: `(b + a).relu()`, `g.backward()`.
    static let scalarMethods: Set<String> = ["relu", "tanh", "sigmoid", "exp", "log", "backward", "zero_grad"]

    static func isMethodCall(_ callee: Expr) -> Bool {
        if case .attribute(_, let m, _) = callee { return scalarMethods.contains(m) }
        return false
    }

    private func call(_ calleeExpr: Expr, _ args: [Argument], _ span: SourceSpan) throws(Diagnostic) -> Value {
        if case .attribute(let baseExpr, let method, _) = calleeExpr, Self.scalarMethods.contains(method),
           case .scalar(let s) = try eval(baseExpr) {
            guard args.isEmpty else { throw Diagnostic(.type, ".\(method)() takes no arguments", at: span) }
            switch method {
            case "backward": s.backward(); return .none
            case "zero_grad": s.zeroGrad(); return .none
            default: return try ScalarArithmetic.apply(method, s, span: span)
            }
        }
        let callee = try eval(calleeExpr)
        guard case .function(let f) = callee else {
            var values: [Value] = []
            for a in args { values.append(try eval(a.value)) }
            return try callValue(callee, values, spans: args.map(\.value.span), calleeExpr: calleeExpr, span: span)
        }
        var values: [Value] = [], spans: [SourceSpan] = [], named: [String: (value: Value, span: SourceSpan)] = [:]
        for a in args {
            let v = try eval(a.value)
            if let label = a.label { named[label] = (v, a.labelSpan ?? a.value.span) } else { values.append(v); spans.append(a.value.span) }
        }
        return try apply(f, values, spans: spans, named: named, span: span)
    }

    /// Calls any value: a function, or a neuron (`n([1, 2, 3])` is its output).
    func callValue(_ callee: Value, _ values: [Value], spans: [SourceSpan], calleeExpr: Expr, span: SourceSpan) throws(Diagnostic) -> Value {
        switch callee {
        case .function(let f): return try apply(f, values, spans: spans, span: span)
        case .mlp(let box) where values.count == 1:  // net([0.5, 0.2]): its output(s), as numbers
            let x = try Coerce.array(values[0], at: spans[0], limit: elementLimit)
            guard x.rank <= 1, x.count == box.net.sizes.first else {
                throw Diagnostic(.value, "this mlp takes \(box.net.sizes.first ?? 0) inputs, got \(x.count)", at: spans[0])
            }
            let out = box.net(x.data.map { Scalar($0) }).map(\.data)
            return out.count == 1 ? .number(out[0]) : .array(NDArray(vector: out))
        case .neuron(let n) where values.count == 1:
            let x = try Coerce.array(values[0], at: spans[0], limit: elementLimit)
            do { return .number(try n.neuron.output(x.data)) } catch { throw Coerce.diagnostic(error, at: span) }
        default: throw notCallable(callee, calleeExpr)
        }
    }

    func notCallable(_ v: Value, _ calleeExpr: Expr) -> Diagnostic {
        if case .name(let n, _) = calleeExpr, Builtins.table[n.text] != nil {
            return Diagnostic(.type, "'\(n.text)' is now \(v.typeName), not the builtin function", at: calleeExpr.span,
                              hint: "an assignment to \(n.text) hid the builtin; :reset brings it back (or use another variable name)")
        }
        return Diagnostic(.type, "\(v.typeName) cannot be called", at: calleeExpr.span,
                          hint: v.isNumeric ? "to multiply, write '*': \(Printer.print(calleeExpr))*(…)" : nil)
    }

    func apply(_ f: FunctionValue, _ values: [Value], spans: [SourceSpan], named: [String: (value: Value, span: SourceSpan)] = [:],
               span: SourceSpan) throws(Diagnostic) -> Value {
        switch f.base {
        case .builtin(let b):
            if !named.isEmpty && !Self.takesNamedArguments.contains(b.name) {
                let label = named.keys.sorted()[0]
                throw Diagnostic(.name, "\(b.name) takes no named argument '\(label)'", at: named[label]?.span ?? span)
            }
            guard b.arity.contains(values.count) || (b.name == "dense" && values.count >= 1 && values.count <= 2) else {
                throw arityError(f.displayName, expected: b.arity, got: values.count, example: b.example, span: span)
            }
            if let scalar = b.scalar {
                return try elementwise(b, order: f.order, scalar, values[0], span: spans[0], callSpan: span)
            }
            if f.order > 0 {
                throw Diagnostic(.math, "\(b.name) has no derivative", at: span, hint: "derivatives exist for functions of one number")
            }
            guard let body = b.body else { return .none }
            return try body(CallContext(args: values, spans: spans, named: named, span: span, interpreter: self))
        case .user(let u):
            if let label = named.keys.sorted().first {
                throw Diagnostic(.name, "\(u.name) takes no named argument '\(label)'", at: named[label]?.span ?? span,
                                 hint: "call it as \(u.name)(\(u.parameters.joined(separator: ", ")))")
            }
            guard values.count == u.parameters.count else {
                throw arityError(f.displayName, expected: u.parameters.count...u.parameters.count, got: values.count,
                                 example: "\(u.name)(\(u.parameters.joined(separator: ", ")))", span: span)
            }
            if f.order == 0 || u.parameters.count == 1 { return try invoke(u, order: f.order, parameter: 0, values, span: span) }
            // Several parameters: the gradient, one partial derivative per parameter.
            var grads: [Double] = []
            for p in u.parameters.indices {
                let v = try invoke(u, order: f.order, parameter: p, values, span: span)
                grads.append(try Coerce.number(v, at: span))
            }
            return .array(NDArray(vector: grads))
        }
    }

    /// Calls a user function (or its derivative) with its body compiled once and kept.
    func invoke(_ u: UserFunction, order: Int, parameter: Int, _ values: [Value], span: SourceSpan) throws(Diagnostic) -> Value {
        let key = order * 1024 + parameter
        let code: Code
        if let c = u.compiled[key] { code = c } else {
            let body = order == 0 ? u.body : try u.derivative(order: order, parameter: parameter).get()
            bindParameters(body, u.parameters)
            code = compile(body, parameters: u.parameters)
            u.compiled[key] = code
        }
        callDepth += 1
        defer { callDepth -= 1 }
        if callDepth > Interpreter.maxCallDepth {
            throw Diagnostic(.limit, "runaway recursion: \(u.name) called itself more than \(Interpreter.maxCallDepth) times", at: span,
                             hint: "a function defined in terms of itself never stops; define it with other functions")
        }
        let saved = locals
        locals = values
        defer { locals = saved }
        do { return try code(self) } catch {
            // The body's text is not on screen: point at the call that was typed, and say where it failed.
            var relocated = error
            if relocated.hint == nil, error.kind != .interrupted {
                relocated.hint = "it happened inside \(u.name)(\(u.parameters.joined(separator: ", "))) = \(Printer.print(u.body))"
            }
            relocated.span = span
            throw relocated
        }
    }

    /// Resolves the names of a body once: parameters to their position, the rest to global slots.
    private func bindParameters(_ e: Expr, _ parameters: [String]) {
        switch e {
        case .name(let n, _):
            guard n.resolution == nil else { return }
            if let i = parameters.firstIndex(of: n.text) { n.resolution = .parameter(i) }
        case .number, .string, .bool, .literal: break
        case .list(let items, _): items.forEach { bindParameters($0, parameters) }
        case .unary(_, let u, _), .prime(let u, _, _), .attribute(let u, _, _): bindParameters(u, parameters)
        case .binary(_, let a, let b, _), .index(let a, let b, _): bindParameters(a, parameters); bindParameters(b, parameters)
        case .call(let f, let args, _): bindParameters(f, parameters); args.forEach { bindParameters($0.value, parameters) }
        }
    }

    private func arityError(_ name: String, expected: ClosedRange<Int>, got: Int, example: String, span: SourceSpan) -> Diagnostic {
        let want = expected.count == 1 ? "\(expected.lowerBound)" : expected.upperBound > 16 ? "at least \(expected.lowerBound)" : "\(expected.lowerBound) to \(expected.upperBound)"
        let noun = expected.lowerBound == 1 && (expected.count == 1 || expected.upperBound > 16) ? "argument" : "arguments"
        return Diagnostic(.type, "\(name) takes \(want) \(noun), but \(got) \(got == 1 ? "was" : "were") given", at: span,
                          hint: "for example \(example)")
    }

    /// Applies a one-number builtin (or its derivative) to a number or every element of an array.
    private func elementwise(_ b: Builtin, order: Int, _ f: @escaping (Double) -> Double, _ v: Value, span: SourceSpan,
                             callSpan: SourceSpan) throws(Diagnostic) -> Value {
        let g: (Double) throws(Diagnostic) -> Double
        switch order {
        case 0:
            g = { x throws(Diagnostic) in
                if let message = b.domain?(x) { throw Diagnostic(.math, message, at: span) }
                let y = f(x)
                guard y.isFinite else {
                    throw Diagnostic(.math, "\(b.name)(\(NumberFormat.format(x))) is too large for a 64-bit float (about 1.8e308 at most)", at: callSpan)
                }
                return y
            }
        case 1 where b.scalarDerivative != nil:
            let d = b.scalarDerivative ?? { _ in 0 }
            g = { x throws(Diagnostic) in
                let y = d(x)
                guard y.isFinite else { throw Diagnostic(.math, "\(b.name)'(\(NumberFormat.format(x))) has no finite value", at: callSpan) }
                return y
            }
        default:
            let helper = UserFunction(name: b.name, parameters: ["x"], body: Symbolic.call(b.name, .name(Name("x"), span)))
            g = { x throws(Diagnostic) in
                try Coerce.number(try self.invoke(helper, order: order, parameter: 0, [.number(x)], span: callSpan), at: callSpan)
            }
        }
        if case .scalar(let s) = v, order == 0 { return try ScalarArithmetic.apply(b.name, s, span: callSpan) }
        switch v {
        case .number(let x): return .number(try g(x))
        case .bool(let x): return .number(try g(x ? 1 : 0))
        case .array(let a):
            var out = [Double](repeating: 0, count: a.count)
            for i in 0..<a.count { out[i] = try g(a.data[i]) }
            do { return .array(try NDArray(shape: a.shape, data: out)) } catch { throw Coerce.diagnostic(error, at: span) }
        case .range:
            return try elementwise(b, order: order, f, .array(try Coerce.array(v, at: span, limit: elementLimit)), span: span, callSpan: callSpan)
        default:
            throw Diagnostic(.type, "\(b.name) needs a number or a vector, got \(v.typeName)", at: span)
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
