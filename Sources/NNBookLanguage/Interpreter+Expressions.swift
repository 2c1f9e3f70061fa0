import Foundation
import NeuralCore

/// What expressions do with values (indexing, attributes, lists) and the
/// messages for unknown names; `Compiler.swift` evaluates them.
extension Interpreter {
    // MARK: expressions

    /// `frobnicate 3` reads as a name followed by a stray value; when the name
    /// is unknown, that is the better message ("unknown name").
    func unknownCommand(_ source: String, _ error: Diagnostic) -> Diagnostic {
        // `sigmoid 2`: a function written like a command; say how to call it.
        if error.message.hasSuffix("after a complete statement"), !source.contains("\n"),
           let tokens = try? Lexer.tokenize(source), tokens.count > 2, case .identifier(let word) = tokens[0].kind,
           tokens[1].span == error.span, isFunction(word) {
            let rest = String(source.unicodeScalars.dropFirst(tokens[1].span.start.column - 1)).trimmingCharacters(in: .whitespaces)
            var d = error
            d.hint = "to call \(word), put what it works on in parentheses: \(word)(\(rest))"
            return d
        }
        guard error.message.hasSuffix("after a complete statement"),
              let tokens = try? Lexer.tokenize(source), tokens.count > 2,
              case .identifier(let word) = tokens[0].kind, tokens[1].span == error.span,
              state.variables.slots[word].flatMap({ state.variables.values[$0] }) == nil, Builtins.table[word] == nil,
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

    /// True when `name` is a builtin function or one of the session's.
    func isFunction(_ name: String) -> Bool {
        if let v = state.variables.slots[name].flatMap({ state.variables.values[$0] }) {
            if case .function = v { return true }
            return false
        }
        return Builtins.table[name] != nil
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
        let candidates = state.variables.definedNames + Builtins.names + ["True", "False"]
        if let guess = Spelling.closest(to: name, among: candidates) {
            return Diagnostic(.name, "unknown name '\(name)'", at: span, hint: "did you mean \(guess)?")
        }
        let pythonic = ["np": "nnbook has vectors built in: [1, 2, 3]", "math": "exp, log, sqrt … are built in",
                        "learning_rate": "set it first, e.g. learning_rate = 0.1",
                        "x_train": Self.digitsLine, "y_train": Self.digitsLine, "x_test": Self.digitsLine, "y_test": Self.digitsLine,
                        "true": "write True", "σ": "the article's σ is sigmoid: write sigmoid(x)", "false": "write False", "None": "nnbook has no None"]
        return Diagnostic(.name, "unknown name '\(name)'", at: span, hint: pythonic[name] ?? "assign it first, e.g. \(name) = 1")
    }

    /// One item of a list `[…]`: a number, a boolean or a vector.
    func vectorItem(_ v: Value, at span: SourceSpan) throws(Diagnostic) -> NDArray {
        switch v {
        case .number, .bool, .array: return try Coerce.array(v, at: span, limit: elementLimit)
        default: throw Diagnostic(.type, "a vector holds numbers (or vectors), not \(v.typeName)", at: span)
        }
    }

    /// The items of a list `[…]` as one vector or matrix (`span`: the whole list).
    func stack(_ arrays: [NDArray], span: SourceSpan) throws(Diagnostic) -> Value {
        do { return .array(try NDArray.stack(arrays)) } catch NeuralError.raggedList {
            throw Diagnostic(.value, "the rows of a matrix must all have the same length", at: span,
                             hint: "each inner list needs as many numbers as the first")
        } catch { throw Coerce.diagnostic(error, at: span) }
    }

    /// NumPy's `v[1:3]`, `m[0, :]`, `v[::-1]` on vectors and matrices, and a
    /// slice of a string's characters.
    func subscripted(_ base: Value, _ parts: [(SubscriptPart, [Value])], span: SourceSpan) throws(Diagnostic) -> Value {
        var subscripts: [NDArray.Subscript] = []
        for (part, values) in parts {
            var numbers: [Int] = []
            for (e, v) in zip(part.expressions, values) { numbers.append(try Coerce.integer(v, at: e.span)) }
            switch part {
            case .index: subscripts.append(.index(numbers[0]))
            case .slice(let x, let y, _):
                var it = numbers.makeIterator()
                let start = x == nil ? nil : it.next(), stop = y == nil ? nil : it.next()
                subscripts.append(.slice(start: start, stop: stop, step: it.next()))
            }
        }
        switch base {
        case .array(let a):
            do { return Aggregates.wrap(try a.subscripted(subscripts)) } catch { throw Coerce.diagnostic(error, at: span) }
        case .string(let s):
            guard subscripts.count == 1, case .slice(let start, let stop, let step) = subscripts[0] else {
                throw Diagnostic(.type, "a string takes one slice, e.g. s[0:3]", at: span)
            }
            let chars = Array(s)
            do { return .string(String(try NDArray.positions(chars.count, start, stop, step ?? 1).map { chars[$0] })) }
            catch { throw Coerce.diagnostic(error, at: span) }
        case .data(let d):  // data.test[0:1]: those examples, as a data set of their own
            guard subscripts.count == 1, case .slice(let start, let stop, let step) = subscripts[0] else {
                throw Diagnostic(.type, "a data set takes one slice of its examples, e.g. data.test[0:5]", at: span)
            }
            do {
                let picked = try NDArray.positions(d.count, start, stop, step ?? 1)
                guard !picked.isEmpty else {
                    throw Diagnostic(.value, "this slice holds none of the \(NumberFormat.grouped(d.count)) examples", at: span, hint: "data.test[0:1] is the first example")
                }
                return .data(try d.subset(picked, name: d.name))
            } catch { throw Coerce.diagnostic(error, at: span) }
        case .dataset:
            throw Diagnostic(.type, "a data set of two halves is sliced one half at a time", at: span, hint: "data.train[0:5] or data.test[0:5]")
        default:
            throw Diagnostic(.type, "slices work on vectors, matrices, strings and data sets, not on \(base.typeName)", at: span,
                             hint: "v[0:2] is the first two elements of v")
        }
    }

    func index(_ base: Value, _ i: Value, span: SourceSpan, indexSpan: SourceSpan) throws(Diagnostic) -> Value {
        switch base {
        case .outputs:
            let n = try Coerce.integer(i, at: indexSpan)
            if let v = state.cells.results[n] { return v }
            let known = state.cells.results.keys.sorted().map(String.init).joined(separator: ", ")
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

    func attribute(_ base: Value, _ field: String, span: SourceSpan) throws(Diagnostic) -> Value {
        switch (base, field) {
        case (.array(let a), "shape"): return .array(NDArray(vector: a.shape.map(Double.init)))
        case (.array(let a), "T"):
            guard a.rank == 2 else { break }
            let (r, c) = (a.shape[0], a.shape[1])
            try Coerce.reserve(a.count * MemoryLayout<Double>.stride, for: "the transpose", at: span)
            var t = [Double](repeating: 0, count: a.count)
            for i in 0..<r { for j in 0..<c { t[j * r + i] = a.data[i * c + j] } }
            do { return .array(try NDArray(shape: [c, r], data: t)) } catch { throw Coerce.diagnostic(error, at: span) }
        case (.model(let m), "parameters"): return .number(Double(m.model.parameterCount))
        case (.function(let f), "name"): return .string(f.displayName)
        case (.function(let f), "load_data") where f.name == "mnist": throw kerasPathError(["mnist", "load_data"], at: span)
        case (.model(let m), "layers"): return .modelLayers(m)
        case (.scalar(let s), "data"): return .number(s.data)
        case (.scalar(let s), "grad"): return .number(s.grad)
        case (.mlp(let m), "parameters"): return .number(Double(m.net.parameterCount))
        case (.modelLayer(let m, let i), _):
            if let v = try Models.attribute(m.model.layers[i], field, span: span) { return v }
        case (.dataset(let s), "train"): return .data(s.train)
        case (.dataset(let s), "test"): return .data(s.test)
        case (.data(let d), "count"): return .number(Double(d.count))
        case (.data(let d), "labels"):
            try Coerce.reserve(d.count * MemoryLayout<Double>.stride, for: "the labels as a vector", at: span)
            return .array(NDArray(vector: d.labels.map(Double.init)))
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
        case .model: fields = "parameters, layers; and Keras's methods summary(), compile(…), fit(…), evaluate(…), predict(…)"
        case .function: fields = "name"
        case .neuron: fields = "weights, bias"
        case .scalar: fields = "data, grad"
        case .mlp: fields = "parameters"
        case .dataset: fields = "train, test"
        case .data: fields = "count, labels; data[i] is one example"
        case .modelLayer(let m, let i): fields = Models.attributeNames(m.model.layers[i])
        default: fields = "none"
        }
        throw Diagnostic(.name, "\(base.typeName) has no attribute '\(field)'", at: span, hint: "its attributes: \(fields)")
    }
}
