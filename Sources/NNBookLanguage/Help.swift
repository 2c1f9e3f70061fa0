/// `:help` and `:help TOPIC`: every builtin, command and meta-command with an example.
public enum Help {
    struct Topic { let usage: String; let summary: String; let example: String }

    static let commands: [String: Topic] = [
        "explain": Topic(usage: "explain EXPR", summary: "shows every arithmetic step with the numbers filled in, ending with the value rounded as the article rounds it",
                         example: "explain sigmoid(2)\n  sigmoid(2) = 1/(1+e^-2) = 1/(1+0.135335) = 1/1.135335 = 0.880797 ≈ 0.88"),
        "descend": Topic(usage: "descend F from A rate R [steps N]", summary: "gradient descent on a function of one variable: each step prints the gradient with its arithmetic and the update w − α·f'(w); a diverging descent stops and says why",
                         example: "f(x) = x^2\ndescend f from 1 rate 0.1 steps 2"),
        "step": Topic(usage: "step [N]", summary: "continues the last descent by one step, or N steps", example: "step 5"),
        "plot": Topic(usage: "plot F[, G …] from A to B  ·  plot descent  ·  plot loss  ·  plot boundary MODEL on DATA  [to \"FILE.svg\"]",
                      summary: "draws in the terminal (braille dots; ASCII when TERM=dumb or after :plots ascii): functions, the last descent's path, the last training run's loss and accuracy, or a 2-D classifier's decision regions with the points over them; to \"FILE.svg\" writes SVG instead, never over an existing file unless you write plot!",
                      example: "plot sigmoid, tanh from -4 to 4\nplot boundary net on data to \"moons.svg\"\nplot! boundary net on data to \"moons.svg\"    # replaces it"),
        "train": Topic(usage: "train MODEL on DATA [epochs N] [batch N] [rate R] [optimizer adam|sgd] [momentum M] [loss NAME]  ·  train NET on DATA steps N",
                       summary: "trains a model with Keras's defaults (Adam, rate 0.001, batch 32, the loss its output layer calls for), one line per epoch; Ctrl-C stops after the current batch and keeps the weights. An mlp trains micrograd's way, in steps",
                       example: "data = digits()\nmodel = sequential(dense(128, relu, input: 64), dense(10, softmax))\ntrain model on data epochs 5"),
        "evaluate": Topic(usage: "evaluate MODEL on DATA", summary: "loss and accuracy on a data set (a split's .test half by default)",
                          example: "evaluate model on data.test"),
        "confusion": Topic(usage: "confusion MODEL on DATA", summary: "a table of true class against predicted class; the diagonal is what the model gets right",
                           example: "confusion model on data.test"),
        "predict": Topic(usage: "predict MODEL X", summary: "the model's outputs for one example (a vector) or several (a matrix); for softmax models, the most likely class",
                         example: "predict model data.test[0]"),
        "save": Topic(usage: "save MODEL to \"FILE.json\"  ·  save! MODEL to \"FILE.json\"",
                      summary: "writes a model's layers, weights and biases as JSON (load(\"FILE.json\") reads it back exactly); an existing file is kept unless you write save!, which replaces it. A notebook's cells write only new files in the notebook's own folder",
                      example: "save model to \"model.json\"\nm2 = load(\"model.json\")\nsave! model to \"model.json\"    # replaces it"),
        "backward": Topic(usage: "backward Z  ·  Z.backward()", summary: "fills .grad of every autograd value Z depends on (chain rule, in reverse topological order). Gradients accumulate, as in PyTorch: a second backward adds to them, so zero_grad Z first",
                          example: "a = value(2)\nb = a * a + a\nbackward b\na.grad    # 5"),
        "zero_grad": Topic(usage: "zero_grad Z", summary: "sets .grad back to 0 for Z and everything it depends on", example: "zero_grad b"),
        "graph": Topic(usage: "graph Z [to \"FILE.dot\"]", summary: "draws the computation graph of an autograd value as a tree (each node's operation, data and grad), or writes Graphviz DOT (graph! replaces an existing file)",
                       example: "graph b\ngraph b to \"b.dot\"\ngraph! b to \"b.dot\""),
        "neuron step": Topic(usage: "step NEURON input X target T [rate R]", summary: "one forward pass, backward pass and update of a neuron, every intermediate value shown; step repeats it",
                             example: "n = neuron([0.1, 0.2, 0.3], bias: 0.4, activation: sigmoid)\nstep n input [1, 2, 3] target 1 rate 0.1"),
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
        // `:help :save` is the meta-command; `:help save` the language's command of that name.
        if raw.hasPrefix(":"), let m = MetaCommand.catalog.first(where: { $0.name == t }) { return "\(m.usage) — \(m.summary)" }
        if let b = Builtins.table[t] {
            var s = "\(b.name)(\(b.parameterNames)) — \(b.summary)\n  example: \(b.example)"
            if b.scalarDerivative != nil { s += "\n  derivative: \(b.name)'(x) is exact" }
            if t == "neuron", let step = commands["neuron step"] { s += "\n  then: \(step.usage) — \(step.summary)" }
            return s
        }
        if let c = commands[t] ?? language[t] { return "\(c.usage) — \(c.summary)\n" + c.example.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") }
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
