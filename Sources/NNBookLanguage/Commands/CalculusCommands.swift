/// The commands of the first lessons: explain, descend, step and plot.

/// `explain EXPR`: every arithmetic step; `explain backward Z`: each chain-rule step.
struct ExplainCommand: LanguageCommand {
    enum Target: Sendable { case value(Expr), backward(Expr) }
    let target: Target

    static let word = "explain"
    static let argumentWords = ["backward"]
    static let help: [String: HelpTopic] = [
        "explain": HelpTopic(usage: "explain EXPR", summary: "shows every arithmetic step with the numbers filled in, ending with the value rounded as the article rounds it",
                  example: "explain sigmoid(2)\n  sigmoid(2) = 1/(1+e^-2) = 1/(1+0.135335) = 1/1.135335 = 0.880797 ≈ 0.88"),
    ]

    static func parse(_ p: inout Parser, _ head: CommandHead) throws(Diagnostic) -> (Self, SourceSpan) {
        if p.atLineEnd { throw Diagnostic(.syntax, "explain needs an expression", at: head.span, hint: "explain sigmoid(2)") }
        if case .identifier("backward") = p.peek.kind, p.current + 1 < p.tokens.count, p.tokens[p.current + 1].kind != .leftParen {
            p.advance()
            let e = try p.commandArgument(head, "explain backward needs a value", hint: "explain backward g")
            return (Self(target: .backward(e)), head.span.merged(with: e.span))
        }
        let e = try p.expression()
        return (Self(target: .value(e)), head.span.merged(with: e.span))
    }

    func run(in i: Interpreter, span: SourceSpan) throws(Diagnostic) {
        switch target {
        case .value(let e): try i.explain(e, span: span)
        case .backward(let e): try i.explainBackward(e)
        }
    }

    var outlineName: String {
        if case .backward = target { return "explain backward" }
        return Self.word
    }
}

/// `descend F from A rate R [steps N]`.
struct DescendCommand: LanguageCommand {
    let function: Expr, from: Expr, rate: Expr, steps: Expr?

    static let word = "descend"
    static let argumentWords = ["from", "rate", "steps"]
    static let help: [String: HelpTopic] = [
        "descend": HelpTopic(usage: "descend F from A rate R [steps N]", summary: "gradient descent on a function of one variable: each step prints the gradient with its arithmetic and the update w − α·f'(w); a diverging descent stops and says why",
                  example: "f(x) = x^2\ndescend f from 1 rate 0.1 steps 2"),
    ]

    static func parse(_ p: inout Parser, _ head: CommandHead) throws(Diagnostic) -> (Self, SourceSpan) {
        try parseDescent(&p, head, needs: "descend needs a function", example: "descend f from 1 rate 0.1 steps 2", Self.init)
    }

    /// `F from A rate R [steps N]`, for descend and explore descend.
    static func parseDescent<C>(_ p: inout Parser, _ head: CommandHead, needs: String, example: String,
                                _ make: (Expr, Expr, Expr, Expr?) -> C) throws(Diagnostic) -> (C, SourceSpan) {
        let f = try p.commandArgument(head, needs, hint: example)
        try p.requireWord("from", example: example)
        let a = try p.expression()
        try p.requireWord("rate", example: example)
        let r = try p.expression()
        var steps: Expr?
        if p.matchWord("steps") { steps = try p.expression() }
        return (make(f, a, r, steps), head.span.merged(with: (steps ?? r).span))
    }

    func run(in i: Interpreter, span: SourceSpan) throws(Diagnostic) {
        try i.descend(function: function, from: from, rate: rate, steps: steps, span: span)
    }
}

/// `step [N]`: continue the last descent (or repeat the last neuron or network step);
/// `step n input [1, 2, 3] target 1 rate 0.1`: one learning step of a neuron or a network.
struct StepCommand: LanguageCommand {
    enum Form: Sendable {
        case again(count: Expr?)
        /// A neuron's or a network's step on one example.
        case learn(Expr, input: Expr, target: Expr, rate: Expr?)
    }
    let form: Form

    static let word = "step"
    static let argumentWords = ["input", "target", "rate"]
    static let help: [String: HelpTopic] = [
        "step": HelpTopic(usage: "step [N]", summary: "continues the last descent by one step, or N steps; after a neuron's or a network's step (:help neuron step, :help network step), repeats it", example: "step 5"),
        "neuron step": HelpTopic(usage: "step NEURON input X target T [rate R]", summary: "one forward pass, backward pass and update of a neuron, every intermediate value shown; step repeats it",
                  example: "n = neuron([0.1, 0.2, 0.3], bias: 0.4, activation: sigmoid)\nstep n input [1, 2, 3] target 1 rate 0.1"),
        "network step": HelpTopic(usage: "step NETWORK input X target T [rate R]",
                  summary: "one forward pass, backward pass and update of a small network of dense layers (at most 6 neurons and "
                      + "24 weights and biases), every number filled in, layer by layer: each neuron's z = w·x + b and output, "
                      + "the loss ½Σ(y − t)², each δ (at the output (y − t)·f'(z), in a hidden layer (Σ w·δ of the next layer)·f'(z)), "
                      + "each weight's gradient δ·input and its update w − rate·gradient. T is a number, or a vector with one per output. "
                      + "Names: inputs x1, x2 …; hidden neurons h1, h2 … (h2_1 is neuron 1 of hidden layer 2 when there are several); "
                      + "outputs y1 … with targets t1 …; weights w1, w2 … layer by layer, each neuron's incoming weights in turn, "
                      + "so w1 … w4 are layers[0].weights read down each column (w1 x1→h1, w2 x2→h1, w3 x1→h2, w4 x2→h2), "
                      + "as in Matt Mazur's step-by-step example; one bias per neuron, b1, b2 …. The first step prints where each name sits. "
                      + "step and step N repeat it",
                  example: "net = network([2, 2, 1], activation: sigmoid)\n"
                      + "net.layers[0].weights = [[0.15, 0.25], [0.20, 0.30]]\nnet.layers[0].biases = [0.35, 0.35]\n"
                      + "net.layers[1].weights = [[0.40], [0.45]]\nnet.layers[1].biases = [0.60]\n"
                      + "step net input [0.05, 0.10] target 0.01 rate 0.5"),
    ]

    static func parse(_ p: inout Parser, _ head: CommandHead) throws(Diagnostic) -> (Self, SourceSpan) {
        if p.atLineEnd { return (Self(form: .again(count: nil)), head.span) }
        let n = try p.expression()
        guard p.matchWord("input") else { return (Self(form: .again(count: n)), head.span.merged(with: n.span)) }
        let x = try p.expression()
        try p.requireWord("target", example: "step n input [1, 2, 3] target 1 rate 0.1")
        let t = try p.expression()
        var rate: Expr?
        if p.matchWord("rate") { rate = try p.expression() }
        return (Self(form: .learn(n, input: x, target: t, rate: rate)), head.span.merged(with: (rate ?? t).span))
    }

    func run(in i: Interpreter, span: SourceSpan) throws(Diagnostic) {
        switch form {
        case .again(let n): try i.step(n, span: span)
        case .learn(let n, let x, let t, let r): try i.learningStep(n, input: x, target: t, rate: r, span: span)
        }
    }
}

/// `plot f, g from A to B`, `plot descent`, `plot loss`, `plot boundary MODEL on DATA`,
/// each `[to "FILE.svg"]`; `plot! … to "FILE.svg"` replaces the file.
struct PlotCommand: LanguageCommand {
    let target: PlotTarget
    let file: OutputFile?

    static let word = "plot"
    static let replacesFiles = true
    static let argumentWords = ["from", "to", "descent", "loss", "boundary", "on"]
    static let help: [String: HelpTopic] = [
        "plot": HelpTopic(usage: "plot F[, G …] from A to B  ·  plot descent  ·  plot loss  ·  plot boundary MODEL on DATA  [to \"FILE.svg\"]",
                  summary: "draws in the terminal (braille dots; ASCII when TERM=dumb or after :plots ascii): functions, the last descent's path, the last training run's loss and accuracy, or a 2-D classifier's decision regions with the points over them; to \"FILE.svg\" writes SVG instead, never over an existing file unless you write plot!",
                  example: "plot sigmoid, tanh from -4 to 4\nplot boundary net on data to \"moons.svg\"\nplot! boundary net on data to \"moons.svg\"    # replaces it"),
    ]

    static func parse(_ p: inout Parser, _ head: CommandHead) throws(Diagnostic) -> (Self, SourceSpan) {
        let example = "plot sigmoid from -6 to 6"
        if p.atLineEnd { throw Diagnostic(.syntax, "plot needs a function", at: head.span, hint: example + " (or plot descent, plot loss, plot boundary model on data)") }
        let target: PlotTarget
        if case .identifier(let w) = p.peek.kind, ["descent", "loss"].contains(w), p.isPlotWordAlone(after: 1) {
            p.advance()
            target = w == "descent" ? .descent : .loss
        } else if case .identifier("boundary") = p.peek.kind, p.isBoundaryCommand() {
            p.advance()
            if p.atLineEnd { throw Diagnostic(.syntax, "plot boundary needs a model and a data set", at: head.span.merged(with: p.previous.span), hint: "plot boundary net on data") }
            let m = try p.expression()
            try p.requireWord("on", example: "plot boundary model on data")
            target = .boundary(model: m, data: try p.expression())
        } else {
            var fs = [try p.expression()]
            while p.match(.comma) { fs.append(try p.expression()) }
            try p.requireWord("from", example: example)
            let a = try p.expression()
            try p.requireWord("to", example: example)
            target = .functions(fs, from: a, to: try p.expression())
        }
        let file = try p.outputFile(head, hint: "plot! sigmoid from -6 to 6 to \"sigmoid.svg\"")
        return (Self(target: target, file: file), head.span.merged(with: p.previous.span))
    }

    func run(in i: Interpreter, span: SourceSpan) throws(Diagnostic) {
        try i.plot(target, file: file, span: span)
    }
}
