import Foundation
import NNBookLanguage

/// Answers requests from a front-end against one `Session`, without sockets:
/// `handle` gets a request's type and content, publishes what the request
/// produces (streams, results, errors) through `publish` and returns the
/// reply's content. The socket loop adds headers, signatures and status.
public final class KernelHandler {
    public let session: Session
    /// `In [n]` of the last numbered cell: only cells run with `store_history`
    /// and not `silent` take a number, the session's own (so `Out[n]` is the
    /// cell Jupyter shows as `[n]`).
    public var executionCount: Int { session.nextCount - 1 }
    /// The numbered cells, for `history_request`: count, input, and the text of its result if it had one.
    public private(set) var history: [(count: Int, input: String, output: String?)] = []

    public init(session: Session = Session()) {
        self.session = session
        session.options.fullScreen = .unavailable("in Jupyter there is none (the front-end shows a cell's output)")
    }

    /// The reply's message type for a request's, e.g. `execute_reply`; nil for a type that is not a request.
    public static func replyType(for requestType: String) -> String? {
        guard requestType.hasSuffix("_request") else { return nil }
        return String(requestType.dropLast("_request".count)) + "_reply"
    }

    /// The reply's content to a shell request; nil when the kernel does not answer this type.
    public func handle(_ type: String, _ content: JSON, publish: @escaping (String, JSON) -> Void) -> JSON? {
        switch type {
        case "execute_request": return execute(content, publish: publish)
        case "complete_request": return complete(content)
        case "inspect_request": return inspect(content)
        case "history_request": return historyReply(content)
        default: return Self.answer(type, content)
        }
    }

    /// The replies that need no session (and so may come on the control socket too).
    public static func answer(_ type: String, _ content: JSON) -> JSON? {
        switch type {
        case "kernel_info_request": return KernelInfo.reply
        case "is_complete_request": return isComplete(content["code"]?.string ?? "")
        case "comm_info_request": return ["status": "ok", "comms": [:]]
        case "shutdown_request": return ["status": "ok", "restart": .bool(content["restart"]?.bool ?? false)]
        case "interrupt_request": return ["status": "ok"]
        default: return nil
        }
    }

    // MARK: execute

    private func execute(_ content: JSON, publish: @escaping (String, JSON) -> Void) -> JSON {
        let code = content["code"]?.string ?? ""
        let silent = content["silent"]?.bool ?? false
        let numbered = (content["store_history"]?.bool ?? true) && !silent
        let count = numbered ? session.nextCount : executionCount
        if !silent { publish("execute_input", ["code": .string(code), "execution_count": .int(count)]) }
        var failure: JSON?
        var shown: String?
        let display = KernelDisplay(publish: silent ? { _, _ in } : publish)
        // Each item goes out as soon as it is final (`Session.liveOutput`), so a long cell shows its prints as it runs.
        let deliver = { (item: OutputItem) in
            switch item {
            case .text(let text, let style) where display.text(text, style): break
            case .result(_, let text):
                display.finishTraining()
                shown = text
                if !silent { publish("execute_result", ["execution_count": .int(count), "data": ["text/plain": .string(text)], "metadata": [:]]) }
            case .text, .elided:  // the REPL's wording for an elision
                display.finishTraining()
                let text = CellResult(count: count, outputs: [item]).plainLines.joined(separator: "\n") + "\n"
                // A warning (a descent that diverges, training stopped) is stderr, which front-ends tint as Python's warnings.
                var name = "stdout"
                if case .text(_, .warning) = item { name = "stderr" }
                if !silent { publish("stream", ["name": .string(name), "text": .string(text)]) }
            case .error(let diagnostic, let lines):
                failure = failure ?? Self.error(ename: diagnostic.kind == .assertion ? "AssertionError" : diagnostic.kind.rawValue,
                                                evalue: diagnostic.message, traceback: lines)
            }
        }
        session.liveOutput = deliver
        session.richOutput = display.rich
        session.trainingProgress = display.progress
        let result = session.execute(code, numbered: numbered)
        (session.liveOutput, session.richOutput, session.trainingProgress) = (nil, nil, nil)
        if !result.streamed { result.outputs.forEach(deliver) }
        display.finishTraining()
        if numbered { history.append((count, code, shown)) }
        switch result.request {
        case nil: break
        case .clear?:
            if !silent { publish("clear_output", ["wait": false]) }
        case .quit?:
            // A terminal front-end (jupyter console) leaves on the `ask_exit` payload; a notebook shows the line.
            if !silent { publish("stream", ["name": "stdout", "text": .string(Self.unavailable(.quit) + "\n")]) }
            var reply = Self.ok(count)
            reply["payload"] = [["source": "ask_exit", "keepkernel": false]]
            return reply
        case let request?:
            failure = Self.error(ename: "not in Jupyter", evalue: Self.unavailable(request), traceback: [Self.unavailable(request)])
        }
        guard var failure else {
            var reply = Self.ok(count)
            reply["payload"] = .array(display.pages.map { ["source": "page", "data": ["text/plain": .string($0)], "start": 0] })
            return reply
        }
        if !silent { publish("error", failure) }
        failure["status"] = "error"
        failure["execution_count"] = .int(count)
        return failure
    }

    static func ok(_ count: Int) -> JSON {
        ["status": "ok", "execution_count": .int(count), "payload": [], "user_expressions": [:]]
    }

    static func error(ename: String, evalue: String, traceback: [String]) -> JSON {
        ["ename": .string(ename), "evalue": .string(evalue), "traceback": .array(traceback.map { .string($0) })]
    }

    /// What to use in Jupyter instead of a meta-command only the terminal can carry out.
    static func unavailable(_ request: MetaCommand) -> String {
        switch request {
        case .quit: return ":quit leaves jupyter console; in a notebook use the front-end's Shut Down (or Restart) for the kernel"
        case .save, .export: return "saving from a cell does not apply in Jupyter: the notebook itself is saved by the front-end (File ▸ Save)"
        case .load: return ":load does not apply in Jupyter: open the notebook in a terminal with nnbook run, or paste its cells"
        default: return "lesson commands do not apply in Jupyter: run nnbook lesson in a terminal"
        }
    }

    // MARK: is_complete, complete, inspect

    /// `incomplete` with the indent for the next line when a block or a
    /// bracket is open (the REPL's own `CellSplitter` decides), `invalid` when
    /// the language's parser finds a syntax error, `complete` otherwise.
    public static func isComplete(_ code: String) -> JSON {
        var splitter = CellSplitter(mode: .interactive)
        for line in code.split(separator: "\n", omittingEmptySubsequences: false) { _ = splitter.feed(String(line)) }
        if splitter.isContinuing { return ["status": "incomplete", "indent": .string(splitter.suggestedIndent)] }
        return Session.syntaxError(in: code) == nil ? ["status": "complete"] : ["status": "invalid"]
    }

    /// The word the cursor ends or sits in: its start and end, in characters.
    static func word(in code: String, at cursor: Int, extendRight: Bool) -> (start: Int, end: Int, text: String) {
        let chars = Array(code)
        let c = max(0, min(cursor, chars.count))
        func isWord(_ ch: Character) -> Bool { ch.isLetter || ch.isNumber || ch == "_" }
        var start = c
        while start > 0, isWord(chars[start - 1]) { start -= 1 }
        if start > 0, chars[start - 1] == ":" { start -= 1 }
        var end = c
        while extendRight, end < chars.count, isWord(chars[end]) { end += 1 }
        return (start, end, String(chars[start..<end]))
    }

    private func complete(_ content: JSON) -> JSON {
        let code = content["code"]?.string ?? ""
        let cursor = content["cursor_pos"]?.int ?? code.count
        let w = Self.word(in: code, at: cursor, extendRight: false)
        let matches = w.text.isEmpty ? [] : session.completions(prefix: w.text)
        return ["status": "ok", "matches": .array(matches.map { .string($0) }), "cursor_start": .int(w.start),
                "cursor_end": .int(w.end), "metadata": [:]]
    }

    private func inspect(_ content: JSON) -> JSON {
        let code = content["code"]?.string ?? ""
        let cursor = content["cursor_pos"]?.int ?? code.count
        let w = Self.word(in: code, at: cursor, extendRight: true)
        guard !w.text.isEmpty, let text = session.help(on: w.text) else {
            return ["status": "ok", "found": false, "data": [:], "metadata": [:]]
        }
        return ["status": "ok", "found": true, "data": ["text/plain": .string(text)], "metadata": [:]]
    }

    // MARK: history

    private func historyReply(_ content: JSON) -> JSON {
        var chosen = history
        switch content["hist_access_type"]?.string ?? "tail" {
        case "range":
            let start = content["start"]?.int ?? 0
            let stop = content["stop"]?.int ?? Int.max
            chosen = history.filter { $0.count >= start && $0.count < stop }
        case "search":
            let pattern = content["pattern"]?.string ?? "*"
            chosen = history.filter { Self.glob(pattern, matches: $0.input) }
            if content["unique"]?.bool ?? false {
                var seen = Set<String>()
                chosen = chosen.reversed().filter { seen.insert($0.input).inserted }.reversed()
            }
            if let n = content["n"]?.int, n > 0 { chosen = Array(chosen.suffix(n)) }
        default:
            if let n = content["n"]?.int, n >= 0 { chosen = Array(history.suffix(n)) }
        }
        // Entries are (session, line, input), or (session, line, (input, output)) when outputs are asked for; session 0 is this one, as in IPython.
        let withOutput = content["output"]?.bool ?? false
        return ["status": "ok", "history": .array(chosen.map { entry in
            [0, .int(entry.count), withOutput ? [.string(entry.input), entry.output.map { .string($0) } ?? .null] : .string(entry.input)]
        })]
    }

    /// Shell-style `*` and `?` matching, as IPython's history search.
    static func glob(_ pattern: String, matches text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var memo = [[Bool?]](repeating: [Bool?](repeating: nil, count: t.count + 1), count: p.count + 1)
        func match(_ i: Int, _ j: Int) -> Bool {
            if let known = memo[i][j] { return known }
            let r: Bool
            if i == p.count { r = j == t.count }
            else if p[i] == "*" { r = match(i + 1, j) || (j < t.count && match(i, j + 1)) }
            else { r = j < t.count && (p[i] == "?" || p[i] == t[j]) && match(i + 1, j + 1) }
            memo[i][j] = r
            return r
        }
        return match(0, 0)
    }
}
