import Foundation
import NNBookRender
import NeuralCore

/// The meta-commands a session carries out itself: help, vars, history,
/// reset, precision. The others go back to the caller as a request.
extension Interpreter {
    func meta(_ source: String, firstLine: Int, numbered: Bool) throws(Diagnostic) -> MetaCommand? {
        try meta(try MetaCommand.parse(source.components(separatedBy: "\n").first ?? source).get(), source: source, numbered: numbered)
    }

    /// A meta-command as Python spells it, when the line is one and the
    /// session has no variable of that name: `quit`, `exit`, `quit()`,
    /// `exit()` leave; `help`, `help()`, `help(sigmoid)`, `help("sigmoid")` are `:help`.
    static let pythonMetaWords = ["quit", "exit", "help"]

    func pythonMeta(_ line: String) -> MetaCommand? {
        let t = line.trimmingCharacters(in: .whitespaces)
        let word = String(t.prefix { $0.isLetter })
        guard Self.pythonMetaWords.contains(word), state.variables.value(named: word) == nil else { return nil }
        let rest = t.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
        guard rest.isEmpty || (rest.hasPrefix("(") && rest.hasSuffix(")")) else { return nil }
        let argument = rest.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
            .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        if word != "help" { return argument.isEmpty ? .quit : nil }
        guard !argument.contains(where: { $0 == "(" || $0 == " " || $0 == "," }) else { return nil }
        return .help(topic: argument.isEmpty ? nil : argument)
    }

    func meta(_ command: MetaCommand, source: String, numbered: Bool) throws(Diagnostic) -> MetaCommand? {
        switch command {
        case .help(let topic):
            let span = topic.map { argumentSpan($0, in: source) } ?? SourceSpan(line: 1, column: 1, length: source.count)
            emit(try Help.text(topic: topic, span: span), .plain)
        case .vars: emit(variablesTable(), .plain)
        case .history:
            // Not this cell itself, when it took a number (`executeCell`).
            let earlier = state.cells.inputs.prefix(numbered ? state.cells.count - 1 : state.cells.count)
            let lines = earlier.enumerated().map { i, s in
                "In [\(i + 1)]: " + s.replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: "In [\(i + 1)]: ".count))
            }
            emit(lines.isEmpty ? "(no inputs yet)" : lines.joined(separator: "\n"), .plain)
        case .reset:
            state.reset()
            emit("session reset: every variable, function and result is forgotten", .note)
        case .precision(let p):
            if let p {
                state.settings.precision = p
                switch p {
                case .full: emit("numbers now print in full (shortest exact form)", .note)
                case .decimals(let d): emit("numbers now print with up to \(d) decimals", .note)
                }
            } else {
                switch state.settings.precision {
                case .full: emit("precision: full", .note)
                case .decimals(let d): emit("precision: up to \(d) decimals (:precision N or :precision full changes it)", .note)
                }
            }
        case .plots(let unicode):
            options.unicode = unicode
            emit(unicode ? "plots use braille dots and box characters" : "plots and tables use plain ASCII", .note)
        case .limits(let memory):
            if let memory { options.memoryLimit = max(memory, Self.smallestMemoryLimit) }
            emit("""
                memory   \(NumberFormat.bytes(options.memoryLimit)) for the whole session, \(NumberFormat.bytes(WorkGuard.heapInUse)) in use now: every value, string, autograd graph and file read counts; what would pass it is refused before it is allocated
                calls    \(Interpreter.maxCallDepth) nested function calls (runaway recursion stops there)
                nesting  \(Lexer.maxNesting) brackets, \(Parser.maxDepth) levels of expression
                output   \(options.maxOutputLines) lines per cell shown; the middle of longer output is elided
                """ + (memory == nil ? "\n(:limits memory 2GB changes the memory limit)" : ""), .plain)
        case .save(let path, _), .export(let path, _):
            if case .replay = fileAccess {
                skippedWrites.append(path)
                return nil
            }
            guard fileAccess.mayWriteSession else {
                let line = source.components(separatedBy: "\n").first ?? source
                let name = line.trimmingCharacters(in: .whitespaces).prefix { $0 != " " }
                throw Diagnostic(.value, "\(name) is not allowed in a notebook: only what you type at the prompt can save or export the session",
                                 at: SourceSpan(line: 1, column: leadingColumn(line), length: name.unicodeScalars.count))
            }
            return command
        case .load(let path):
            _ = try readablePath(path, at: argumentSpan(path, in: source))
            return command
        default: return command
        }
        return nil
    }

    /// The column of the first character after leading spaces.
    private func leadingColumn(_ line: String) -> Int {
        line.unicodeScalars.prefix { $0 == " " || $0 == "\t" }.count + 1
    }

    /// Where a meta-command's file name is on its line.
    private func argumentSpan(_ path: String, in source: String) -> SourceSpan {
        let line = source.components(separatedBy: "\n").first ?? source
        guard !path.isEmpty, let found = line.range(of: path, options: .backwards) else {
            return SourceSpan(line: 1, column: leadingColumn(line), length: line.unicodeScalars.count)
        }
        return SourceSpan(line: 1, column: line.unicodeScalars.distance(from: line.startIndex, to: found.lowerBound) + 1,
                          length: path.unicodeScalars.count)
    }

    /// The lowest memory limit `:limits` sets: nnbook itself holds a few
    /// megabytes, and below what it holds every new value would be refused.
    static let smallestMemoryLimit = 16_000_000

    private func variablesTable() -> String {
        let names = state.variables.definedNames.filter { $0 != "_" }.sorted()
        if names.isEmpty { return "(no variables yet: x = 2 makes one)" }
        let rows: [[String]] = names.compactMap { n in
            guard let v = state.variables.value(named: n) else { return nil }
            var shown = ValueFormatter.inline(v, precision: state.settings.precision)
            if TextWidth.of(shown) > 60 { shown = String(shown.prefix(57)) + "…" }
            return [n, kindName(v), shown]
        }
        return Table.render(header: ["name", "type", "value"], rows: rows, unicode: options.unicode)
    }

    private func kindName(_ v: Value) -> String {
        switch v {
        case .array(let a): return a.rank == 1 ? "vector[\(a.count)]" : "matrix[\(a.shape.map(String.init).joined(separator: "×"))]"
        case .number: return "number"
        case .bool: return "bool"
        case .string: return "string"
        case .function: return "function"
        case .range: return "range"
        case .layer: return "layer"
        case .model: return "model"
        case .neuron: return "neuron"
        case .dataset, .data: return "data"
        case .modelLayers, .modelLayer: return "layers"
        case .scalar: return "value"
        case .mlp: return "mlp"
        case .outputs: return "Out"
        case .none: return "None"
        }
    }
}
