import NeuralCore

/// What `model.compile(…)` chose, used by the model's later `model.fit(…)`.
struct KerasCompiled: Sendable {
    var optimizer: Optimizer.Kind
    var loss: Loss
}

/// One argument of a Keras method call, evaluated; a list of strings
/// (`metrics=['accuracy']`), which is no vector, is kept as its strings.
struct KerasArgument {
    var label: String?
    var value: Value
    var strings: [String]?
    var span: SourceSpan
    var labelSpan: SourceSpan
}

/// Keras's method spellings of nnbook's commands on a sequential model, so
/// the article's program reads nearly as printed: `model.summary()`,
/// `model.compile(optimizer='adam', loss='sparse_categorical_crossentropy',
/// metrics=['accuracy'])`, `model.fit(x_train, y_train, epochs=5)` or
/// `model.fit(data, epochs=5)`, `model.evaluate(x_test, y_test)` or
/// `model.evaluate(data.test)`, `model.predict(x)` (inputs and labels are
/// checked and made a data set in `KerasArticle.swift`). Each runs the command it
/// spells (same output); a keyword nnbook does not take is an error naming
/// what it does take, never dropped.
extension Interpreter {
    static let kerasMethods: Set<String> = ["summary", "compile", "fit", "evaluate", "predict"]

    func kerasMethod(_ box: ModelBox, _ method: String, model modelSpan: SourceSpan, _ args: [KerasArgument],
                     span: SourceSpan) throws(Diagnostic) -> Value {
        let model = Expr.literal(.model(box), modelSpan)
        let positional = args.filter { $0.label == nil }
        var named: [String: KerasArgument] = [:]
        for a in args { if let label = a.label { named[label] = a } }
        switch method {
        case "summary":
            try accept(named, [], in: method)
            try expectNoArguments(positional, method, span: span)
            try summary(model)
        case "compile":
            try accept(named, ["optimizer", "loss", "metrics"], in: method)
            try expectNoArguments(positional, method, span: span)
            box.keras = try kerasCompile(box, named, span: span)
        case "fit":
            try accept(named, ["epochs", "batch_size"], in: method)
            let data = try kerasData(box, positional, method, span: span)
            var options: [TrainOption] = []
            if let e = named["epochs"] { options.append(TrainOption(name: "epochs", value: .expression(.literal(e.value, e.span)), span: e.labelSpan)) }
            if let b = named["batch_size"] { options.append(TrainOption(name: "batch", value: .expression(.literal(b.value, b.span)), span: b.labelSpan)) }
            if let compiled = box.keras {
                options.append(TrainOption(name: "optimizer", value: .word(compiled.optimizer.rawValue), span: span))
                options.append(TrainOption(name: "loss", value: .word(compiled.loss.rawValue), span: span))
            }
            try train(model, on: .literal(data.value, data.span), options: options, span: span)
        case "evaluate":
            try accept(named, [], in: method)
            let data = try kerasData(box, positional, method, span: span)
            try evaluate(model, on: .literal(data.value, data.span), span: span)
        default:  // predict
            try accept(named, [], in: method)
            guard positional.count == 1 else {
                throw Diagnostic(.value, "model.predict takes one input: a vector of \(box.model.inputSize) numbers, or a matrix of such rows",
                                 at: span, hint: "model.predict(data.test[0])")
            }
            try predict(model, input: .literal(positional[0].value, positional[0].span), span: span)
        }
        return .none
    }

    /// Refuses a keyword the method does not take in nnbook, naming what it does take.
    private func accept(_ named: [String: KerasArgument], _ allowed: [String], in method: String) throws(Diagnostic) {
        for (label, arg) in named.sorted(by: { $0.key < $1.key }) where !allowed.contains(label) {
            let takes = allowed.isEmpty ? "it takes no keywords" : "it takes " + allowed.map { $0 + "=" }.joined(separator: ", ")
            let why: String
            switch label {
            case "validation_split", "validation_data":
                why = "nnbook keeps a test half in every data set: after fit, model.evaluate(data.test)"
            case "verbose": why = method == "fit" ? "nnbook always shows one line per epoch" : "nnbook always prints its one line"
            case "x", "y": why = "give them in order, without keywords: model.\(method)(x_train, y_train), or a data set: model.\(method)(data)"
            default: why = "Keras has more options than nnbook teaches"
            }
            throw Diagnostic(.name, "model.\(method) has no keyword '\(label)' in nnbook; \(takes)", at: arg.labelSpan, hint: why)
        }
    }

    /// No positional arguments (summary, compile).
    private func expectNoArguments(_ positional: [KerasArgument], _ method: String, span: SourceSpan) throws(Diagnostic) {
        guard positional.isEmpty else {
            throw Diagnostic(.value, "model.\(method)() takes no arguments", at: span, hint: "model.\(method)()")
        }
    }

    private func kerasCompile(_ box: ModelBox, _ named: [String: KerasArgument], span: SourceSpan) throws(Diagnostic) -> KerasCompiled {
        var optimizer = Optimizer.Kind.adam
        if let o = named["optimizer"] {
            guard case .string(let name) = o.value, let kind = Optimizer.Kind(rawValue: name.lowercased()) else {
                throw Diagnostic(.value, "optimizer must be one of " + Optimizer.Kind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "),
                                 at: o.span, hint: "optimizer='adam', with Keras's defaults (rate 0.001)")
            }
            optimizer = kind
        }
        let loss = try named["loss"].map { (l: KerasArgument) throws(Diagnostic) -> Loss in
            guard case .string(let name) = l.value, let loss = Loss(rawValue: name) else {
                throw Diagnostic(.value, "loss must be one of " + Loss.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "), at: l.span,
                                 hint: "loss='sparse_categorical_crossentropy' for a softmax classifier, as the article's")
            }
            if loss == .meanSquaredError, box.model.outputActivation == .softmax {
                throw Diagnostic(.value, "loss='mse' compares the softmax's \(box.model.outputSize) probabilities with a label number; "
                                 + "a softmax classifier learns with loss='sparse_categorical_crossentropy'", at: l.span,
                                 hint: "mse fits a linear or sigmoid output to numbers (train model on data loss mse, if you mean it)")
            }
            return loss
        } ?? box.model.resolvedLoss(nil)
        if let m = named["metrics"] {
            var names = m.strings ?? []
            if case .string(let s) = m.value { names = [s] }
            guard !names.isEmpty, names.allSatisfy({ $0 == "accuracy" || $0 == "acc" }) else {
                throw Diagnostic(.value, "nnbook reports accuracy (and the loss) after every epoch: metrics=['accuracy'] is the one it takes",
                                 at: m.span, hint: "metrics=['accuracy']")
            }
        }
        emit("compiled: optimizer \(optimizer.rawValue) (rate \(format(optimizer.defaultRate))), loss \(loss.rawValue), metrics accuracy; "
             + "model.fit(x_train, y_train, epochs=5) or model.fit(data, epochs=5) trains with them", .note)
        return KerasCompiled(optimizer: optimizer, loss: loss)
    }
}
