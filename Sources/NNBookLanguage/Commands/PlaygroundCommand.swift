import NeuralCore

/// `playground [on DATA] [KEY: VALUE …]`: the TensorFlow Playground full
/// screen. The settings are the words of a `PlaygroundText` cell, read from
/// the command's own tokens (so an error points into the line as typed);
/// the session builds the run and hands the caller a `PlaygroundView`
/// (`CellResult.view`); only a terminal shows it.
struct PlaygroundCommand: LanguageCommand {
    let data: Expr?
    /// The settings as `PlaygroundText` reads them, and where each character came from.
    let settings: String
    let places: [SourceSpan]

    static let word = "playground"
    static let argumentWords = ["on"] + PlaygroundText.keys
    static let help: [String: HelpTopic] = [
        "playground": HelpTopic(
            usage: "playground [on DATA] [data: circle noise: 0.1 split: 0.5 batch: 10 features: [x1, x2] layers: [4, 2] activation: tanh rate: 0.1 regularization: none regularization_rate: 0 seed: 42]",
            summary: "TensorFlow Playground in the terminal: the points over the decision regions (● training, ○ test; blue class 1, "
                + "orange class 0), each neuron's map and weights, the loss over time. Space plays, → steps one epoch, and the screen lists "
                + "every key; Tab and w select a neuron or a weight, e shows its arithmetic. q returns with model and data as variables and "
                + "the settings as a cell (↑ brings it back). on DATA: your own points (2 features, 2 classes). Needs a terminal",
            example: "playground\nplayground data: spiral layers: [8, 8] rate: 0.03\nplayground on moons(size: 300, noise: 0.2) features: [x1, x2, x1_times_x2]"),
    ]

    static func parse(_ p: inout Parser, _ head: CommandHead) throws(Diagnostic) -> (Self, SourceSpan) {
        var data: Expr?
        if p.matchWord("on") {
            data = try p.commandArgument(head, "playground on needs a data set of 2 features and 2 classes", hint: "playground on moons(size: 300)")
        }
        var text = PlaygroundText.command, places = [SourceSpan](repeating: head.span, count: text.count)
        var end = head.span
        while true {
            let token = p.peek
            let piece: String
            switch token.kind {
            case .newline, .end, .dedent: return (Self(data: data, settings: text, places: places), head.span.merged(with: end))
            case .identifier(let s): piece = s
            case .number(let v): piece = PlaygroundText.number(v)
            case .op(let s) where s == "-" || s == "+":
                piece = s
                p.advance()  // a sign and the number after it are one word: -1
                if case .number(let v) = p.peek.kind, p.peek.span.start == token.span.end {
                    let number = p.advance()
                    text += " " + s + PlaygroundText.number(v)
                    places += [SourceSpan](repeating: token.span.merged(with: number.span), count: piece.count + PlaygroundText.number(v).count + 1)
                    end = number.span
                    continue
                }
                text += " " + piece
                places += [SourceSpan](repeating: token.span, count: piece.count + 1)
                end = token.span
                continue
            case .colon: piece = ":"
            case .comma: piece = ","
            case .leftBracket: piece = "["
            case .rightBracket: piece = "]"
            default:
                throw Diagnostic(.syntax, "a playground setting is KEY: VALUE, found \(token.describe)", at: token.span,
                                 hint: "for example: playground data: xor layers: [4] rate: 0.03")
            }
            p.advance()
            text += " " + piece
            places += [SourceSpan](repeating: token.span, count: piece.count + 1)
            end = token.span
        }
    }

    func run(in i: Interpreter, span: SourceSpan) throws(Diagnostic) {
        try i.playground(self, span: span)
    }
}

extension Interpreter {
    func playground(_ command: PlaygroundCommand, span: SourceSpan) throws(Diagnostic) {
        let settings: PlaygroundSettings
        do { settings = try PlaygroundText.parse(command.settings) } catch {
            let places = command.places
            let at = places.isEmpty ? span : places[min(error.start, places.count - 1)].merged(with: places[min(max(error.end - 1, error.start), places.count - 1)])
            throw Diagnostic(.value, "playground: \(error.message)", at: at, hint: error.hint)
        }
        let points = try command.data.map { e throws(Diagnostic) in try playgroundPoints(try eval(e), at: e.span) }
        let source = command.data.map { Printer.print($0) }
        let replay = source.map { PlaygroundText.format(settings, on: $0) } ?? PlaygroundText.format(settings)
        if case .unavailable(let reason) = options.fullScreen {
            throw Diagnostic(.value, "playground draws on the whole terminal and reads keys, so it needs nnbook's prompt in a terminal: \(reason)",
                             at: span, hint: "run nnbook in a terminal and type: \(replay)")
        }
        guard pendingView == nil else {
            throw Diagnostic(.value, "one playground or explore per cell: each takes the whole screen", at: span,
                             hint: "put each in a cell of its own")
        }
        let run: Playground
        do { run = try Playground(settings: settings, points: points) } catch {
            throw Coerce.diagnostic(error, at: command.data?.span ?? span)
        }
        pendingView = .playground(PlaygroundView(run: run, source: source))
    }

    /// Every example of a data set of 2 features and 2 classes, train then test, as points.
    private func playgroundPoints(_ value: Value, at span: SourceSpan) throws(Diagnostic) -> [PlaygroundPoint] {
        let sets: [Dataset]
        switch value {
        case .dataset(let split): sets = [split.train, split.test]
        case .data(let set): sets = [set]
        default:
            throw Diagnostic(.type, "playground on takes a data set, got \(value.typeName)", at: span, hint: "playground on moons(size: 300)")
        }
        guard let first = sets.first, first.featureCount == 2, first.classCount == 2 else {
            let f = sets.first?.featureCount ?? 0, c = sets.first?.classCount ?? 0
            throw Diagnostic(.value, "playground draws points on a plane of two classes: it takes a data set of 2 features and 2 classes, "
                             + "this one has \(f) feature\(f == 1 ? "" : "s") and \(c) class\(c == 1 ? "" : "es")",
                             at: span, hint: "circle(), xor(), gauss(), spiral() and moons() are such sets, and so is a CSV of x1, x2 and a label of two values")
        }
        var points: [PlaygroundPoint] = []
        for set in sets where set.count > 0 {
            guard set.count <= Playground.maxPoints - points.count else {
                throw Diagnostic(.value, "playground trains and draws at most \(NumberFormat.grouped(Playground.maxPoints)) points live", at: span,
                                 hint: "take fewer points, e.g. moons(size: 1000)")
            }
            var x: [Float] = [], y: [Int32] = []
            set.batch(Array(0..<set.count)[...], x: &x, y: &y)
            for k in 0..<set.count {
                points.append(PlaygroundPoint(x1: Double(x[2 * k]), x2: Double(x[2 * k + 1]), label: Int(y[k])))
            }
        }
        return points
    }
}

extension Session {
    /// After `q`: the playground's network as `model` (a sequential model of
    /// dense layers and one sigmoid output, `evaluate` and `predict` take it),
    /// its points as `data` (x1, x2 and the label, split as the playground
    /// split them) and, when the inputs are other features, those features
    /// as `inputs` (what the model reads). Returns what to tell the learner.
    public func keep(_ view: PlaygroundView) -> [String] {
        let run = view.run, state = interpreter.state  // a class: setting a variable changes the session's
        func set(_ name: String, _ value: Value) { state.variables.values[state.variables.slot(name)] = value }
        func dataset(_ name: String, _ points: [PlaygroundPoint], features: [PlaygroundFeature]) throws -> Dataset {
            try Dataset(name: name, featureCount: features.count, classCount: 2,
                        features: .floats(points.flatMap { p in features.map { Float($0.value(x1: p.x1, x2: p.x2)) } }),
                        labels: points.map { Int32($0.label) })
        }
        var lines: [String] = []
        let name = run.customPoints == nil ? "playground \(run.settings.data.rawValue)" : "playground points"
        do {
            set("data", .dataset(DatasetSplit(train: try dataset(name, run.train, features: [.x1, .x2]), test: try dataset(name, run.test, features: [.x1, .x2]))))
            if run.settings.features != [.x1, .x2] {
                let features = run.settings.features
                set("inputs", .dataset(DatasetSplit(train: try dataset(name + " features", run.train, features: features),
                                                    test: try dataset(name + " features", run.test, features: features))))
            }
        } catch {
            return ["playground: the points could not be kept: \(error)"]
        }
        let evaluateOn = run.settings.features == [.x1, .x2] ? "data" : "inputs"
        do {
            set("model", .model(ModelBox(try Self.model(of: run))))
            lines.append("model: the network at epoch \(run.epoch) (summary model; evaluate model on \(evaluateOn).test gives the test loss shown)")
        } catch {
            lines.append("model was not kept: \(error)")
        }
        lines.append("data: its \(run.train.count) training and \(run.test.count) test points (x1, x2, label)")
        if evaluateOn == "inputs" {
            lines.append("inputs: the same points as the model reads them (\(run.settings.features.map(\.label).joined(separator: ", ")))")
        }
        return lines
    }

    /// Writes `file` under a name no file has yet (`BASE.EXT`, else `BASE-2.EXT` …),
    /// where the session's file access allows. The name written, or why not.
    public func writeNew(_ file: PlaygroundView.File) -> Result<String, FileProblem> {
        for k in 1...1000 {
            let name = file.base + (k == 1 ? "" : "-\(k)") + "." + file.ext
            let target: FileAccess.WriteTarget
            do { target = try fileAccess.target(forWriting: name, replacing: false) } catch {
                return .failure(FileProblem(description: error.description))
            }
            guard case .write(let path, _) = target else { return .failure(FileProblem(description: "files are not written while a journal replays")) }
            do {
                try AtomicFile.write(file.text, to: path, overwrite: false)
                return .success(name)
            } catch {
                if error == .exists { continue }
                return .failure(FileProblem(description: "could not write \(name): \(error.description)"))
            }
        }
        return .failure(FileProblem(description: "\(file.base)-2 … \(file.base)-1000.\(file.ext) all exist already"))
    }

    /// Why a file was not written, in words.
    public struct FileProblem: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The run's layers as a `SequentialModel`: weights in Keras's inputs × units layout.
    static func model(of run: Playground) throws -> SequentialModel {
        let widths = run.layers.map(\.biases.count)
        var specs: [any LayerSpec] = []
        for (l, width) in widths.enumerated() {
            let last = l == widths.count - 1
            specs.append(try DenseSpec(units: width, activation: last ? .sigmoid : run.settings.activation,
                                       inputSize: l == 0 ? run.settings.features.count : nil))
        }
        var model = try SequentialModel.build(specs, seed: run.settings.seed)
        for (l, layer) in run.layers.enumerated() {
            let fanIn = layer.weights.first?.count ?? 0, units = layer.weights.count
            var flat = [Double](repeating: 0, count: fanIn * units)
            for j in 0..<units { for i in 0..<fanIn { flat[i * units + j] = layer.weights[j][i] } }
            try model.setAttribute("weights", ofLayer: l, to: try NDArray(shape: [fanIn, units], data: flat))
            try model.setAttribute("biases", ofLayer: l, to: NDArray(vector: layer.biases))
        }
        return model
    }
}
