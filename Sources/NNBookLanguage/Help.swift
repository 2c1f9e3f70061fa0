/// `:help` and `:help TOPIC`: every builtin, command and meta-command with an example.
enum Help {
    typealias Topic = HelpTopic

    /// Every command's topics, from the commands themselves (`CommandRegistry`).
    static let commands: [String: Topic] = CommandRegistry.helpTopics

    static let language: [String: Topic] = [
        "functions": Topic(usage: "NAME(x) = EXPR", summary: "defines a function; nnbook echoes it and its derivative, worked out symbolically. f'(a) evaluates the derivative exactly; g(x, y) = … gives partial derivatives, and g'(a, b) the gradient",
                           example: "f(x) = x^2        # f'(x) = 2*x\nf'(0.8)           # 1.6"),
        "derivatives": Topic(usage: "F'(a)", summary: "a prime after a function's name is its derivative, exact (symbolic, not finite differences); two primes, the second derivative",
                             example: "sigmoid'(2)   # 0.104994\nf''(1)"),
        "vectors": Topic(usage: "[a, b, …]", summary: "vectors and nested lists (matrices) with element-wise arithmetic and NumPy broadcasting; v[0] is the first element, v[-1] the last",
                         example: "v = [1, 2, 3]\nsum(v * [0.1, 0.2, 0.3]) + [0.4, 0.5, 0.6]"),
        "assert": Topic(usage: "assert CONDITION[, \"message\"]",
                        summary: "stops the cell with an error (AssertionError in Jupyter) when CONDITION is false, saying the message, or the condition, "
                            + "and for a comparison or close(…) the values it compared; for tests a teacher writes (nbgrader's hidden tests)",
                        example: "w = 1 - 0.1 * 2\nassert close(w, 0.8), \"one step from 1 with rate 0.1 gives 0.8\"\nassert w < 1"),
        "for": Topic(usage: "for NAME in range(…):", summary: "repeats an indented block, as in Python; a blank line ends it at the prompt. while, if/elif/else, break and continue work too",
                     example: "for i in range(3):\n    v = v * 2"),
        "operators": Topic(usage: "+ - * / // % ^ ** == != < <= > >= and or not", summary: "Python's precedence: ^ and ** are both powers and bind tighter than a minus on their left (-2^2 is -4); x += 1 and friends work",
                           example: "-2^2      # -4\n2 ** -1   # 0.5"),
        "constants": Topic(usage: "e  pi", summary: "Euler's number e = 2.718282 (the article writes e^-2) and π = 3.141593; a variable of the same name hides one until :reset",
                           example: "e^-2      # 0.135335\n1/(1 + e^-2)"),
        "weights": Topic(usage: "MODEL.layers[i].weights = MATRIX  ·  MODEL.layers[i].biases = VECTOR",
                         summary: "sets a dense layer's weights or biases, in place (every name of the model sees them). The weights are "
                             + "Keras's layout, inputs × neurons: one row per input, one column per neuron, so weights[i][j] joins input i to "
                             + "neuron j; the biases, one per neuron. The shape must match; +=, -= work too. Kept as 32-bit floats, as training does",
                         example: "net = network([2, 2, 1], activation: sigmoid)\nnet.layers[0].weights = [[0.15, 0.25], [0.20, 0.30]]\n"
                             + "net.layers[1].weights = [[0.40], [0.45]]    # 2 inputs × 1 neuron\nnet.layers[1].biases = [0.60]"),
        "results": Topic(usage: "_  Out[n]", summary: "_ is the last result, Out[n] the result of cell n, as in IPython", example: "Out[3] * 2"),
    ]

    /// IPython's help spellings, `?sigmoid`, `sigmoid?` (and `??`): the topic
    /// and the column it starts at; `""` for a lone `?`. Nil for any other line.
    static func query(_ line: String) -> (topic: String, column: Int)? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.first == "?" || trimmed.last == "?", !trimmed.contains("\n") else { return nil }
        let lead = line.prefix { $0 == " " || $0 == "\t" }.count
        let leading = trimmed.prefix { $0 == "?" }.count
        if leading == trimmed.count { return leading <= 2 ? ("", lead + 1) : nil }
        let trailing = trimmed.reversed().prefix { $0 == "?" }.count
        guard (leading > 0) != (trailing > 0), max(leading, trailing) <= 2 else { return nil }
        let topic = trimmed.dropFirst(leading).dropLast(trailing).trimmingCharacters(in: .whitespaces)
        guard !topic.isEmpty, !topic.contains(where: { $0 == "?" || $0.isWhitespace }) else { return nil }
        return (topic, lead + 1 + leading + trimmed.dropFirst(leading).prefix { $0 == " " || $0 == "\t" }.count)
    }

    /// The text for `:help` (no topic) or one topic; unknown topics are errors with a suggestion.
    static func text(topic: String?, span: SourceSpan) throws(Diagnostic) -> String {
        guard let raw = topic else { return overview() }
        let t = raw.hasPrefix(":") ? String(raw.dropFirst()) : raw
        // `:help :save` is the meta-command; `:help save` the language's command of that name.
        if raw.hasPrefix(":"), let m = MetaCommand.catalog.first(where: { $0.name == t }) { return "\(m.usage) — \(m.summary)" }
        if let b = Builtins.table[t] {
            var s = "\(b.name)(\(b.parameterNames)) — \(b.summary)\n  example: \(b.example)"
            if b.scalarDerivative != nil { s += "\n  derivative: \(b.name)'(x) is exact" }
            if let step = commands[t + " step"] {  // a long summary is its own topic's
                s += "\n  then: \(step.usage) — " + (step.summary.count <= 160 ? step.summary : ":help \(t) step tells all")
            }
            return s
        }
        if let c = commands[t] ?? language[t] ?? (Builtins.constants[t] != nil ? language["constants"] : nil) { return "\(c.usage) — \(c.summary)\n" + c.example.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") }
        if let m = MetaCommand.catalog.first(where: { $0.name == t }) { return "\(m.usage) — \(m.summary)" }
        let all = Builtins.names + Array(commands.keys) + Array(language.keys) + MetaCommand.catalog.map(\.name)
        throw Diagnostic(.name, "no help on '\(raw)'", at: span,
                         hint: Spelling.closest(to: t, among: all).map { "did you mean :help \($0)?" } ?? ":help lists every topic")
    }

    /// `label` then `text` broken at spaces into lines of at most 78 columns, later lines indented under the first.
    static func wrapped(_ label: String, _ text: String, width: Int = 78) -> [String] {
        var lines: [String] = [], current = label
        for word in text.split(separator: " ") {
            if current.count + word.count + 1 > width, current.count > label.count {
                lines.append(current)
                current = String(repeating: " ", count: label.count)
            }
            current += (current.count > label.count && !current.hasSuffix(" ") ? " " : "") + word
        }
        return lines + [current]
    }

    static func overview() -> String {
        var lines = ["nnbook: type an expression and press Enter. :help TOPIC tells more about any name below.", ""]
        lines += wrapped("Functions:  ", Builtins.names.joined(separator: ", "))
        lines += wrapped("Commands:   ", commands.keys.filter { !$0.contains(" ") }.sorted().joined(separator: ", "))
        lines += wrapped("Language:   ", language.keys.sorted().joined(separator: ", "))
        lines += wrapped("Meta:       ", MetaCommand.catalog.map { ":" + $0.name }.joined(separator: " "))
        lines.append("")
        lines.append("Try:  sigmoid(2)   f(x) = x^2   f'(0.8)   explain sigmoid(2)   descend f from 1 rate 0.1 steps 2")
        return lines.joined(separator: "\n")
    }
}
