/// `:help` and `:help TOPIC`: every builtin, command and meta-command with an example.
public enum Help {
    struct Topic { let usage: String; let summary: String; let example: String }

    static let commands: [String: Topic] = [
        "explain": Topic(usage: "explain EXPR", summary: "shows every arithmetic step with the numbers filled in, ending with the value rounded as the article rounds it",
                         example: "explain sigmoid(2)\n  sigmoid(2) = 1/(1+e^-2) = 1/(1+0.135335) = 1/1.135335 = 0.880797 ≈ 0.88"),
        "descend": Topic(usage: "descend F from A rate R [steps N]", summary: "gradient descent on a function of one variable: each step prints the gradient with its arithmetic and the update w − α·f'(w); a diverging descent stops and says why",
                         example: "f(x) = x^2\ndescend f from 1 rate 0.1 steps 2"),
        "step": Topic(usage: "step [N]", summary: "continues the last descent by one step, or N steps", example: "step 5"),
        "plot": Topic(usage: "plot F[, G …] from A to B", summary: "draws functions in the terminal (braille dots; ASCII when TERM=dumb)",
                      example: "plot sigmoid, tanh from -4 to 4"),
        "summary": Topic(usage: "summary MODEL", summary: "a Keras-style table of a model's layers, output shapes and parameter counts",
                         example: "model = sequential(dense(128, relu, input: 784), dense(10, softmax))\nsummary model"),
    ]

    static let language: [String: Topic] = [
        "functions": Topic(usage: "NAME(x) = EXPR", summary: "defines a function; nnbook echoes it and its derivative, worked out symbolically. f'(a) evaluates the derivative exactly; g(x, y) = … gives partial derivatives, and g'(a, b) the gradient",
                           example: "f(x) = x^2        # f'(x) = 2*x\nf'(0.8)           # 1.6"),
        "derivatives": Topic(usage: "F'(a)", summary: "a prime after a function's name is its derivative, exact (symbolic, not finite differences); two primes, the second derivative",
                             example: "sigmoid'(2)   # 0.104994\nf''(1)"),
        "vectors": Topic(usage: "[a, b, …]", summary: "vectors and nested lists (matrices) with element-wise arithmetic and NumPy broadcasting; v[0] is the first element, v[-1] the last",
                         example: "v = [1, 2, 3]\nsum(v * [0.1, 0.2, 0.3]) + [0.4, 0.5, 0.6]"),
        "for": Topic(usage: "for NAME in range(…):", summary: "repeats an indented block, as in Python; a blank line ends it at the prompt. while, if/elif/else, break and continue work too",
                     example: "for i in range(3):\n    v = v * 2"),
        "operators": Topic(usage: "+ - * / // % ^ ** == != < <= > >= and or not", summary: "Python's precedence: ^ and ** are both powers and bind tighter than a minus on their left (-2^2 is -4); x += 1 and friends work",
                           example: "-2^2      # -4\n2 ** -1   # 0.5"),
        "results": Topic(usage: "_  Out[n]", summary: "_ is the last result, Out[n] the result of cell n, as in IPython", example: "Out[3] * 2"),
    ]

    /// The text for `:help` (no topic) or one topic; unknown topics are errors with a suggestion.
    static func text(topic: String?, span: SourceSpan) throws(Diagnostic) -> String {
        guard let raw = topic else { return overview() }
        let t = raw.hasPrefix(":") ? String(raw.dropFirst()) : raw
        if let b = Builtins.table[t] {
            var s = "\(b.name)(\(b.parameterNames)) — \(b.summary)\n  example: \(b.example)"
            if b.scalarDerivative != nil { s += "\n  derivative: \(b.name)'(x) is exact" }
            return s
        }
        if let c = commands[t] ?? language[t] { return "\(c.usage) — \(c.summary)\n" + c.example.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") }
        if let m = MetaCommand.catalog.first(where: { $0.name == t }) { return "\(m.usage) — \(m.summary)" }
        let all = Builtins.names + Array(commands.keys) + Array(language.keys) + MetaCommand.catalog.map(\.name)
        throw Diagnostic(.name, "no help on '\(raw)'", at: span,
                         hint: Spelling.closest(to: t, among: all).map { "did you mean :help \($0)?" } ?? ":help lists every topic")
    }

    static func overview() -> String {
        var lines = ["nnbook: type an expression and press Enter. :help TOPIC tells more about any name below.", ""]
        lines.append("Functions:  " + Builtins.names.joined(separator: ", "))
        lines.append("Commands:   " + commands.keys.sorted().map { commands[$0]?.usage ?? $0 }.joined(separator: " · "))
        lines.append("Language:   " + language.keys.sorted().joined(separator: ", "))
        lines.append("Meta:       " + MetaCommand.catalog.map { ":" + $0.name }.joined(separator: " "))
        lines.append("")
        lines.append("Try:  sigmoid(2)   f(x) = x^2   f'(0.8)   explain sigmoid(2)   descend f from 1 rate 0.1 steps 2")
        return lines.joined(separator: "\n")
    }
}
