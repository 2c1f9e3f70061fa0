import NeuralCore

/// The article's section 5.2 program, line by line: Keras's `x, y`
/// arguments to fit and evaluate, and a message for each line nnbook asks a
/// learner to change (`mnist.load_data()`, `tf.keras…`), saying what to type
/// instead and why.
extension Interpreter {
    /// `model.fit(data)` or Keras's `model.fit(x_train, y_train)`: the data set
    /// they name, checked against the model (row counts, labels a class of its
    /// last layer, as many inputs per row as its first layer takes).
    func kerasData(_ box: ModelBox, _ positional: [KerasArgument], _ method: String, span: SourceSpan) throws(Diagnostic) -> KerasArgument {
        let example = method == "fit" ? "model.fit(x_train, y_train, epochs=5), or model.fit(data, epochs=5)"
            : "model.evaluate(x_test, y_test), or model.evaluate(data.test)"
        if positional.count == 1, case .array = positional[0].value {
            throw Diagnostic(.value, "model.\(method) needs the labels too: the inputs, then the labels", at: positional[0].span, hint: example)
        }
        if positional.count == 1 { return positional[0] }
        guard positional.count == 2 else {
            throw Diagnostic(.value, "model.\(method) takes the inputs and the labels (Keras's x and y), or a data set", at: span, hint: example)
        }
        let (xArg, yArg) = (positional[0], positional[1])
        guard case .array(let x) = xArg.value, x.rank == 1 || x.rank == 2 else {
            throw Diagnostic(.type, "the inputs are a matrix, one row per example, got \(xArg.value.typeName)", at: xArg.span,
                             hint: "(x_train, y_train), (x_test, y_test) = digits(), then \(example)")
        }
        let inputs = box.model.inputSize
        let rows = x.rank == 1 ? 1 : x.shape[0], width = x.shape[x.rank - 1]
        guard width == inputs else {
            throw Diagnostic(.value, "the model's first layer takes \(inputs) inputs (input_shape=(\(inputs),)) but each row here has \(width)", at: xArg.span,
                             hint: width == 64 ? "digits() images are 8×8 = 64 pixels: build the first layer with input_shape=(64,)"
                                 : "build the first layer with input_shape=(\(width),)")
        }
        let labels: [Double]
        switch yArg.value {
        case .number(let n) where rows == 1: labels = [n]
        case .array(let y) where y.rank == 1: labels = y.data
        case let v:
            throw Diagnostic(.type, "the labels are a vector, one class number per example, got \(v.typeName)", at: yArg.span, hint: example)
        }
        guard labels.count == rows else {
            throw Diagnostic(.value, "\(NumberFormat.grouped(rows)) rows of inputs but \(NumberFormat.grouped(labels.count)) labels: they pair up, one label per row",
                             at: xArg.span.merged(with: yArg.span), hint: "take both from the same half: x_train with y_train, x_test with y_test")
        }
        let units = box.model.outputSize, classes = max(units, 2)
        if let k = labels.firstIndex(where: { !($0 == $0.rounded() && $0 >= 0 && $0 < Double(classes)) }) {
            throw Diagnostic(.value, "the label at index \(k) is \(format(labels[k])), not a class of the model: its last layer has \(units) unit\(units == 1 ? "" : "s"), "
                             + "for the labels 0 to \(classes - 1)", at: yArg.span, hint: "labels are class numbers, e.g. y_train from digits()")
        }
        guard x.data.allSatisfy({ abs($0) <= Double(Float.greatestFiniteMagnitude) }) else {
            throw Diagnostic(.value, "an input is beyond what the model's 32-bit numbers hold (about ±3.4e38)", at: xArg.span)
        }
        try Coerce.reserve(x.count * MemoryLayout<Float>.stride + rows * MemoryLayout<Int32>.stride, for: "these examples", at: span)
        do {
            let data = try Dataset(name: "these inputs", featureCount: width, classCount: classes, features: .floats(x.data.map(Float.init)),
                                   labels: labels.map { Int32($0) })
            return KerasArgument(label: nil, value: .data(data), strings: nil, span: xArg.span.merged(with: yArg.span), labelSpan: xArg.span)
        } catch { throw Coerce.diagnostic(error, at: span) }
    }

    /// The line that stands in for `mnist.load_data()`.
    static let digitsLine = "(x_train, y_train), (x_test, y_test) = digits() makes them: the bundled 8×8 digits, so the first layer takes input_shape=(64,)"

    /// `tf.keras.datasets.mnist`'s names, from the first (a module of Keras's: tf, keras, tensorflow).
    static func modulePath(_ e: Expr) -> [String]? {
        switch e {
        case .name(let n, _): return ["tf", "keras", "tensorflow"].contains(n.text) ? [n.text] : nil
        case .attribute(let a, let field, _): return modulePath(a).map { $0 + [field] }
        default: return nil
        }
    }

    /// What to type instead of a TensorFlow name (nnbook has no TensorFlow, and downloads nothing).
    func kerasPathError(_ path: [String], at span: SourceSpan) -> Diagnostic {
        let written = path.joined(separator: ".") + (path.last == "load_data" ? "()" : "")
        if path.contains("mnist") || path.contains("datasets") || path.last == "load_data" {
            return Diagnostic(.name, "\(written) downloads MNIST in Keras; nnbook downloads nothing", at: span,
                              hint: "type (x_train, y_train), (x_test, y_test) = digits() for the bundled 8×8 digits (then the first layer takes "
                                  + "input_shape=(64,)), or = mnist(\"folder\") for MNIST's IDX files you downloaded")
        }
        if path.contains("Sequential") || path.contains("models") {
            return Diagnostic(.name, "\(written) is TensorFlow's; nnbook has Keras's Sequential built in", at: span,
                              hint: "Sequential([Dense(128, activation='relu', input_shape=(64,)), Dense(10, activation='softmax')])")
        }
        if path.contains("Dense") || path.contains("layers") {
            return Diagnostic(.name, "\(written) is TensorFlow's; nnbook has Keras's Dense built in", at: span,
                              hint: "Dense(128, activation='relu', input_shape=(64,))")
        }
        return Diagnostic(.name, "\(written) is TensorFlow's, and nnbook has no TensorFlow: what the article uses of it is built in", at: span,
                          hint: "Sequential([Dense(…), Dense(…)]), digits(), model.compile(…), model.fit(…); :help lists everything")
    }

    /// True for the literal 255 of `x / 255.0`.
    static func isPixelScale(_ e: Expr) -> Bool {
        if case .number(let v, _) = e { return v == 255 }
        return false
    }

    /// `x / 255` where every value of x already lies in [0, 1] (digits() and
    /// mnist(…) scale their pixels): the arithmetic stays as written, and a
    /// warning says what it does to the inputs and which line to leave out.
    func warnIfAlreadyScaled(_ v: Value, _ e: Expr) {
        guard case .array(let a) = v, a.count > 1, let top = a.data.max(), top > 0, top <= 1, a.data.allSatisfy({ $0 >= 0 }) else { return }
        let whose: String
        if case .name(let n, _) = e { whose = "\(n.text)'s values" } else { whose = "these values" }
        emit("\(whose) already lie between 0 and 1 (digits() and mnist(…) scale their pixels): / 255 leaves them at most "
             + "\(format(top / 255)), and a model learns far more slowly. The article divides because mnist.load_data() gives 0…255; "
             + "with digits(), leave this line out.", .warning)
    }

    /// `p = model.predict(x)`: as in Python, the assignment keeps the
    /// probabilities (what `model(x)` gives) and prints nothing, while
    /// `model.predict(x)` alone prints them. Nil when `e` is no such call.
    func compilePredictValue(_ e: Expr, _ scope: Resolver) -> Code? {
        guard case .call(.attribute(let baseExpr, "predict", _), let args, let span) = e, args.count == 1, args[0].label == nil else { return nil }
        let base = compile(baseExpr, in: scope), input = compile(args[0].value, in: scope), inputSpan = args[0].value.span
        let whole = compile(e, in: scope)
        return { interp throws(Diagnostic) in
            guard case .model(let box) = try base(interp) else { return try whole(interp) }
            return try interp.modelOutput(box, try input(interp), at: inputSpan, span: span)
        }
    }
}
