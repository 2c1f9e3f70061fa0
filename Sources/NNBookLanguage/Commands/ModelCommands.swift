/// The commands on models: summary, train, evaluate, confusion, predict, save.

/// `summary MODEL`: a Keras-style table.
struct SummaryCommand: OneArgumentCommand {
    let argument: Expr

    static let word = "summary"
    static let argumentName = "a model"
    static let argumentExample = "summary model"
    static let help: [String: HelpTopic] = [
        "summary": HelpTopic(usage: "summary MODEL", summary: "a Keras-style table of a model's layers, output shapes and parameter counts",
                  example: "model = sequential(dense(128, relu, input: 784), dense(10, softmax))\nsummary model"),
    ]

    func run(in i: Interpreter, span: SourceSpan) throws(Diagnostic) { try i.summary(argument) }
}

/// `train MODEL on DATA epochs 5 batch 32 rate 0.001 optimizer adam loss …`.
struct TrainCommand: LanguageCommand {
    let model: Expr, data: Expr
    let options: [TrainOption]

    static let word = "train"
    /// Its options, each followed by a number or (`nameOptions`) a name.
    static let optionNames = ["epochs", "batch", "rate", "momentum", "optimizer", "loss", "steps"]
    static let nameOptions = ["optimizer", "loss"]
    static let argumentWords = ["on"] + optionNames
    static let help: [String: HelpTopic] = [
        "train": HelpTopic(usage: "train MODEL on DATA [epochs N] [batch N] [rate R] [optimizer adam|sgd] [momentum M] [loss NAME]  ·  train NET on DATA steps N",
                  summary: "trains a model with Keras's defaults (Adam, rate 0.001, batch 32, the loss its output layer calls for), one line per epoch; Ctrl-C stops after the current batch and keeps the weights. An mlp trains micrograd's way, in steps",
                  example: "data = digits()\nmodel = sequential(dense(128, relu, input: 64), dense(10, softmax))\ntrain model on data epochs 5"),
    ]

    static func parse(_ p: inout Parser, _ head: CommandHead) throws(Diagnostic) -> (Self, SourceSpan) {
        let example = "train model on data epochs 5 batch 32 rate 0.001"
        let m = try p.commandArgument(head, "train needs a model", hint: example)
        try p.requireWord("on", example: example)
        let d = try p.expression()
        var given: [TrainOption] = []
        while case .identifier(let name) = p.peek.kind {
            let nameSpan = p.advance().span
            guard optionNames.contains(name) else {
                throw Diagnostic(.syntax, "train has no option '\(name)'", at: nameSpan,
                                 hint: Spelling.closest(to: name, among: optionNames).map { "did you mean \($0)?" } ?? "options: " + optionNames.joined(separator: ", "))
            }
            if !nameOptions.contains(name) {
                let v = try p.expression()
                given.append(TrainOption(name: name, value: .expression(v), span: nameSpan.merged(with: v.span)))
            } else {
                let t = p.advance()
                switch t.kind {
                case .identifier(let w), .string(let w): given.append(TrainOption(name: name, value: .word(w), span: nameSpan.merged(with: t.span)))
                default: throw Diagnostic(.syntax, "expected a name after '\(name)'", at: t.span,
                                          hint: name == "optimizer" ? "optimizer adam, or optimizer sgd" : "loss sparse_categorical_crossentropy, mse or binary_crossentropy")
                }
            }
        }
        return (Self(model: m, data: d, options: given), head.span.merged(with: p.previous.span))
    }

    func run(in i: Interpreter, span: SourceSpan) throws(Diagnostic) {
        try i.train(model, on: data, options: options, span: span)
    }
}

/// `evaluate MODEL on DATA`: loss and accuracy.
struct EvaluateCommand: ModelOnDataCommand {
    let model: Expr, data: Expr

    static let word = "evaluate"
    static let help: [String: HelpTopic] = [
        "evaluate": HelpTopic(usage: "evaluate MODEL on DATA", summary: "loss and accuracy on a data set (a split's .test half by default)",
                  example: "evaluate model on data.test"),
    ]

    func run(in i: Interpreter, span: SourceSpan) throws(Diagnostic) { try i.evaluate(model, on: data, span: span) }
}

/// `confusion MODEL on DATA`: true class against predicted class.
struct ConfusionCommand: ModelOnDataCommand {
    let model: Expr, data: Expr

    static let word = "confusion"
    static let help: [String: HelpTopic] = [
        "confusion": HelpTopic(usage: "confusion MODEL on DATA", summary: "a table of true class against predicted class; the diagonal is what the model gets right",
                  example: "confusion model on data.test"),
    ]

    func run(in i: Interpreter, span: SourceSpan) throws(Diagnostic) { try i.confusion(model, on: data, span: span) }
}

/// `predict MODEL X`.
struct PredictCommand: LanguageCommand {
    let model: Expr, input: Expr

    static let word = "predict"
    static let help: [String: HelpTopic] = [
        "predict": HelpTopic(usage: "predict MODEL X", summary: "the model's outputs for one example (a vector) or several (a matrix); for softmax models, the most likely class, and for one example each class's probability as a bar",
                  example: "predict model data.test[0]"),
    ]

    static func parse(_ p: inout Parser, _ head: CommandHead) throws(Diagnostic) -> (Self, SourceSpan) {
        if p.atLineEnd { throw Diagnostic(.syntax, "predict needs a model and an input", at: head.span, hint: "predict model x") }
        // `predict m [0, 0.5]`: a bracket after the model's name starts the input, not an index.
        let m: Expr
        if case .identifier(let name) = p.peek.kind, p.current + 1 < p.tokens.count, p.tokens[p.current + 1].kind == .leftBracket {
            m = .name(Name(name), p.advance().span)
        } else {
            m = try p.expression()
        }
        if p.atLineEnd { throw Diagnostic(.syntax, "predict needs an input after the model", at: p.peek.span, hint: "predict model [0.5, 0.2]") }
        let x = try p.expression()
        return (Self(model: m, input: x), head.span.merged(with: x.span))
    }

    func run(in i: Interpreter, span: SourceSpan) throws(Diagnostic) { try i.predict(model, input: input, span: span) }
}

/// `save MODEL to "m.json"`; `save! MODEL to "m.json"` replaces the file.
struct SaveCommand: LanguageCommand {
    let value: Expr
    let file: OutputFile

    static let word = "save"
    static let replacesFiles = true
    static let argumentWords = ["to"]
    static let help: [String: HelpTopic] = [
        "save": HelpTopic(usage: "save MODEL to \"FILE.json\"  ·  save! MODEL to \"FILE.json\"",
                  summary: "writes a model's layers, weights and biases as JSON (load(\"FILE.json\") reads it back exactly); an existing file is kept unless you write save!, which replaces it. A notebook's cells write only new files in the notebook's own folder",
                  example: "save model to \"model.json\"\nm2 = load(\"model.json\")\nsave! model to \"model.json\"    # replaces it"),
    ]

    static func parse(_ p: inout Parser, _ head: CommandHead) throws(Diagnostic) -> (Self, SourceSpan) {
        let example = "save model to \"model.json\""
        let m = try p.commandArgument(head, "save needs a model", hint: example)
        try p.requireWord("to", example: example)
        let path = try p.expression()
        return (Self(value: m, file: OutputFile(path: path, replacing: head.replacing)), head.span.merged(with: path.span))
    }

    func run(in i: Interpreter, span: SourceSpan) throws(Diagnostic) { try i.save(value, to: file, span: span) }
}
