import NeuralCore

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

/// `save MODEL to "m.json"`; `save! MODEL to "m.json"` replaces the file;
/// `save MODEL to "m.py" as keras|pytorch` writes a script and its weights (`ModelExportCommand.swift`).
struct SaveCommand: LanguageCommand {
    let value: Expr
    let file: OutputFile
    /// `as keras`: the framework a script is written for.
    let format: ExportFormat?

    static let word = "save"
    static let replacesFiles = true
    static let argumentWords = ["to", "as"] + ExportFormat.allCases.map(\.rawValue)
    static let help: [String: HelpTopic] = [
        "save": HelpTopic(usage: "save MODEL to \"FILE.json\"  ·  save! MODEL to \"FILE.json\"  ·  save MODEL to \"FILE.onnx\"  ·  save MODEL to \"FILE.py\" as keras|pytorch",
                  summary: "writes a model's layers, weights and biases as JSON (load(\"FILE.json\") reads it back exactly), or as a standard ONNX model when the name ends in .onnx (load(\"FILE.onnx\") reads it back exactly, and onnxruntime runs it); an existing file is kept unless you write save!, which replaces it. A notebook's cells write only new files in the notebook's own folder. "
                    + "With as keras or as pytorch it writes a Python script that rebuilds the model in that framework, and its weights in a .npz of the same name beside it",
                  example: "save model to \"model.json\"\nm2 = load(\"model.json\")\nsave! model to \"model.json\"    # replaces it\nsave model to \"model.py\" as keras    # model.py and model.npz"),
    ]

    static func parse(_ p: inout Parser, _ head: CommandHead) throws(Diagnostic) -> (Self, SourceSpan) {
        let example = "save model to \"model.json\""
        let m = try p.commandArgument(head, "save needs a model", hint: example)
        if case .identifier("as") = p.peek.kind {
            throw Diagnostic(.syntax, "'as' comes after the file name", at: p.peek.span, hint: "save model to \"model.py\" as keras")
        }
        try p.requireWord("to", example: example)
        let path = try p.expression()
        let format = try exportFormat(&p)
        if case .string(let name, let span) = path { try checkScriptName(name, format, at: span) }
        return (Self(value: m, file: OutputFile(path: path, replacing: head.replacing), format: format),
                head.span.merged(with: p.previous.span))
    }

    /// `as keras` or `as pytorch` after the file name, if there.
    private static func exportFormat(_ p: inout Parser) throws(Diagnostic) -> ExportFormat? {
        guard p.matchWord("as") else { return nil }
        let names = ExportFormat.allCases.map(\.rawValue)
        let t = p.advance()
        let word: String
        switch t.kind {
        case .identifier(let w), .string(let w): word = w
        default:
            throw Diagnostic(.syntax, "expected keras or pytorch after 'as', found \(t.describe)", at: t.span,
                             hint: "save model to \"model.py\" as keras")
        }
        guard let format = ExportFormat(rawValue: word.lowercased()) else {
            throw Diagnostic(.value, "save … as writes a script for keras or pytorch, not '\(word)'", at: t.span,
                             hint: Spelling.closest(to: word.lowercased(), among: names).map { "did you mean as \($0)?" }
                                ?? "save model to \"model.py\" as keras; without as, save writes nnbook's own file (\"model.json\") or ONNX (\"model.onnx\")")
        }
        return format
    }

    /// A script is a `.py` file, and a `.py` file is a script: `as` and the name must agree.
    static func checkScriptName(_ name: String, _ format: ExportFormat?, at span: SourceSpan) throws(Diagnostic) {
        let isPython = name.lowercased().hasSuffix(".py")
        if let format, !isPython {
            let stem = name.split(separator: "/").last.map { String($0.split(separator: ".").first ?? $0) } ?? "model"
            throw Diagnostic(.value, "as \(format.rawValue) writes a Python script, so its file name must end in .py", at: span,
                             hint: "save model to \"\(stem.isEmpty ? "model" : stem).py\" as \(format.rawValue) (the weights go beside it in a .npz); "
                                + "without as, save writes nnbook's own file (.json) or ONNX (.onnx)")
        }
        if format == nil, isPython {
            throw Diagnostic(.value, "\(name) is a Python file: say which framework its script is for", at: span,
                             hint: "save model to \"\(name)\" as keras, or as pytorch; nnbook's own file is save model to \"model.json\"")
        }
    }

    func run(in i: Interpreter, span: SourceSpan) throws(Diagnostic) {
        if let format { return try i.export(value, to: file, as: format, span: span) }
        try i.save(value, to: file, span: span)
    }
}
