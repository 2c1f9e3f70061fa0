import Foundation
import NNBookRender
import NeuralCore

/// The network commands: train, evaluate, confusion, predict, save.
extension Interpreter {
    func model(_ e: Expr) throws(Diagnostic) -> ModelBox {
        guard case .model(let box) = try eval(e) else {
            throw Diagnostic(.type, "expected a model here", at: e.span,
                             hint: "model = sequential(dense(128, relu, input: 64), dense(10, softmax))")
        }
        return box
    }

    /// A data set argument: a split's training half, or a set itself.
    func dataset(_ e: Expr, preferTest: Bool = false) throws(Diagnostic) -> Dataset {
        switch try eval(e) {
        case .dataset(let split): return preferTest ? split.test : split.train
        case .data(let d): return d
        case let v:
            throw Diagnostic(.type, "expected a data set here, got \(v.typeName)", at: e.span,
                             hint: "data = digits(), then use data (its training half) or data.test")
        }
    }

    func train(_ mExpr: Expr, on dExpr: Expr, options: [TrainOption], span: SourceSpan) throws(Diagnostic) {
        if case .mlp(let net) = try eval(mExpr) { return try trainScalar(net, on: dExpr, options: options, span: span) }
        let box = try model(mExpr)
        let data = try dataset(dExpr)
        var epochs = 1, batch = 32
        var rate: Double?, momentum = 0.0
        var optimizer = Optimizer.Kind.adam
        var loss: Loss?
        for option in options {
            switch (option.name, option.value) {
            case ("epochs", .expression(let e)): epochs = try positiveInteger(e, "epochs", max: 100_000)
            case ("steps", _):
                throw Diagnostic(.syntax, "steps is for mlp(…) networks; a sequential model trains in epochs", at: option.span, hint: "train model on data epochs 5")
            case ("batch", .expression(let e)): batch = try positiveInteger(e, "batch", max: 1_000_000)
            case ("rate", .expression(let e)):
                let r = try Coerce.number(try eval(e), at: e.span)
                guard r > 0, r.isFinite else { throw Diagnostic(.value, "the learning rate must be positive", at: e.span, hint: "rate 0.001 is Adam's usual rate") }
                rate = r
            case ("momentum", .expression(let e)):
                momentum = try Coerce.number(try eval(e), at: e.span)
                guard (0..<1).contains(momentum) else { throw Diagnostic(.value, "momentum must be in [0, 1)", at: e.span, hint: "momentum 0.9 is common") }
            case ("optimizer", .word(let w)):
                guard let kind = Optimizer.Kind(rawValue: w) else {
                    throw Diagnostic(.value, "unknown optimizer '\(w)'", at: option.span,
                                     hint: Optimizer.Kind.allCases.map { "optimizer \($0.rawValue)" }.joined(separator: ", or "))
                }
                optimizer = kind
            case ("loss", .word(let w)):
                guard let l = Loss(rawValue: w) ?? Loss.allCases.first(where: { "\($0)" == w }) else {
                    throw Diagnostic(.value, "unknown loss '\(w)'", at: option.span,
                                     hint: "loss " + Loss.allCases.map(\.rawValue).joined(separator: ", loss "))
                }
                loss = l
            default: break
            }
        }
        var opts = TrainingOptions(epochs: epochs)
        opts.batchSize = batch
        opts.loss = loss
        opts.optimizer = optimizer.optimizer(rate: rate, momentum: momentum)
        guard data.featureCount == box.model.inputSize else {
            throw Diagnostic(.value, "the model expects \(box.model.inputSize) inputs but \(data.name) has \(data.featureCount) features", at: dExpr.span,
                             hint: "build the first layer with input: \(data.featureCount)")
        }
        let lossName = box.model.resolvedLoss(loss).rawValue
        emit("training on \(NumberFormat.grouped(data.count)) examples: \(epochs) epoch\(epochs == 1 ? "" : "s"), batch \(batch), "
             + "\(optimizer.rawValue) (rate \(format(rate ?? optimizer.defaultRate))), loss \(lossName)", .heading)
        var model = box.model
        let result: TrainingResult
        var explosion: String?
        do {
            // A loss that explodes (far above where it started) is divergence even
            // before it reaches infinity: stop there, as a Ctrl-C would.
            var startLoss: Double?
            var exploded: (epoch: Int, batch: Int, loss: Double)?
            result = try model.train(on: data, options: opts, progress: { [self] p in
                self.trainingProgress?(p)
                if p.epoch == 1 && p.batch == 1 { startLoss = p.loss }  // scored with the initial weights
                if let s = startLoss, exploded == nil, p.loss > max(50 * s, 10) { exploded = (p.epoch, p.batch, p.loss) }
                if p.epochFinished {
                    // No timing here: a transcript (and a lesson's expected output) must be the same on every run.
                    self.emit("Epoch \(p.epoch)/\(p.epochs)  loss \(Self.fixed(p.loss, 4))  accuracy \(Self.percent(p.accuracy))", .plain)
                }
            }, isCancelled: { [self] in exploded != nil || self.isCancelled })
            if let e = exploded, let s = startLoss {
                explosion = "training stopped at epoch \(e.epoch), batch \(e.batch): the loss grew from \(Self.fixed(s, 4)) to "
                    + "\(Self.fixed(e.loss, 4)) — it is diverging. The weights of its last complete batch are kept, but they are far off: build the model again to start afresh. "
                    + "The learning rate is too large; try rate \(format((rate ?? 0.001) / 10))."
            }
        } catch { throw Coerce.diagnostic(error, at: span) }
        box.model = model  // the weights of the last complete batch, whatever happened
        state.last.training = result.history
        state.last.trainingUnit = .epoch
        if let d = result.divergedAt {
            emit("training stopped at epoch \(d.epoch), batch \(d.batch): the loss became infinite or NaN. The model keeps the weights "
                 + "from before that batch. The learning rate is too large; try rate \(format((rate ?? 0.001) / 10)).", .warning)
        } else if let explosion {
            emit(explosion, .warning)
        } else if result.cancelled {
            emit("stopped by Ctrl-C: the model keeps the weights of its last complete batch", .warning)
        }
    }

    /// micrograd's demo: full-batch steps of the max-margin loss with a decaying rate.
    private func trainScalar(_ box: MLPBox, on dExpr: Expr, options: [TrainOption], span: SourceSpan) throws(Diagnostic) {
        let data = try dataset(dExpr)
        guard data.featureCount == box.net.sizes.first, box.net.sizes.last == 1, data.classCount == 2 else {
            throw Diagnostic(.value, "an mlp trains on 2-class data with \(box.net.sizes.first ?? 0) features and one output; this data has "
                             + "\(data.featureCount) features and \(data.classCount) classes", at: dExpr.span, hint: "net = mlp([2, 16, 16, 1]); data = moons()")
        }
        var steps = 100
        for option in options {
            guard option.name == "steps", case .expression(let e) = option.value else {
                throw Diagnostic(.syntax, "an mlp trains with steps only (micrograd's schedule)", at: option.span, hint: "train net on data steps 100")
            }
            steps = try positiveInteger(e, "steps", max: 100_000)
        }
        state.last.training = []
        state.last.trainingUnit = .step
        emit("training \(box.net.parameterCount) parameters on \(data.count) points: \(steps) full-batch steps of the max-margin loss, "
             + "rate 1.0 falling to 0.1 (as micrograd's demo)", .heading)
        let start = DispatchTime.now().uptimeNanoseconds
        for k in 0..<steps {
            try checkInterrupt(span)
            let r: (loss: Double, accuracy: Double)
            do { r = try box.net.trainStep(on: data, step: k, totalSteps: steps) } catch { throw Coerce.diagnostic(error, at: span) }
            box.steps += 1
            state.last.training.append(EpochRecord(loss: r.loss, accuracy: r.accuracy))
            if let report = trainingProgress {
                // One epoch whose batches are the steps (a front-end's progress display; the REPL prints only the lines below).
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                report(TrainingProgress(epoch: 1, epochs: 1, batch: k + 1, batches: steps, loss: r.loss, accuracy: r.accuracy, elapsed: elapsed,
                                        remaining: elapsed / Double(k + 1) * Double(steps - k - 1), epochFinished: k == steps - 1, unit: .step))
            }
            guard r.loss.isFinite else {
                emit("stopped at step \(k): the loss is no longer finite", .warning)
                return
            }
            if steps <= 20 || k % 10 == 0 || k == steps - 1 {
                emit("step \(k) loss \(Self.fixed(r.loss, 4)) accuracy \(Self.fixed(r.accuracy * 100, 1))%", .plain)
            }
        }
    }

    private func positiveInteger(_ e: Expr, _ what: String, max: Int) throws(Diagnostic) -> Int {
        let n = try Coerce.integer(try eval(e), at: e.span)
        guard n >= 1, n <= max else { throw Diagnostic(.value, "\(what) must be between 1 and \(NumberFormat.grouped(max))", at: e.span) }
        return n
    }

    static func fixed(_ x: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", x) }
    static func percent(_ x: Double) -> String { String(format: "%.2f%%", x * 100) }

    func evaluate(_ mExpr: Expr, on dExpr: Expr, span: SourceSpan) throws(Diagnostic) {
        if case .mlp(let net) = try eval(mExpr) {
            let data = try dataset(dExpr, preferTest: true)
            guard data.featureCount == net.net.sizes.first, data.classCount == 2 else {
                throw Diagnostic(.value, "this mlp scores 2-class data with \(net.net.sizes.first ?? 0) features", at: dExpr.span)
            }
            emit("accuracy \(Self.percent(net.net.accuracy(on: data)))  on \(NumberFormat.grouped(data.count)) examples (score > 0 is class 1)", .plain)
            return
        }
        let box = try model(mExpr)
        let data = try dataset(dExpr, preferTest: true)
        do {
            let e = try box.model.evaluate(on: data)
            emit("loss \(Self.fixed(e.loss, 4))  accuracy \(Self.percent(e.accuracy))  on \(NumberFormat.grouped(e.count)) example\(e.count == 1 ? "" : "s")", .plain)
        } catch { throw Coerce.diagnostic(error, at: span) }
    }

    func confusion(_ mExpr: Expr, on dExpr: Expr, span: SourceSpan) throws(Diagnostic) {
        let box = try model(mExpr)
        let data = try dataset(dExpr, preferTest: true)
        let m: [[Int]]
        do { m = try box.model.confusionMatrix(on: data) } catch { throw Coerce.diagnostic(error, at: span) }
        let header = ["true ↓ predicted →"] + m.indices.map(String.init)
        let rows = m.enumerated().map { i, row in [String(i)] + row.map(String.init) }
        let correct = m.indices.reduce(0) { $0 + m[$1][$1] }, total = m.joined().reduce(0, +)
        let footer = ["\(NumberFormat.grouped(correct)) of \(NumberFormat.grouped(total)) on the diagonal (correct)"]
        emit(([Table.render(header: header, rows: rows, rightAligned: Set(1...max(1, m.count)), unicode: options.unicode)] + footer)
             .joined(separator: "\n"), .plain, rich: .table(header: header, rows: rows, footer: footer))
    }

    func predict(_ mExpr: Expr, input xExpr: Expr, span: SourceSpan) throws(Diagnostic) {
        if case .mlp = try eval(mExpr) {
            let score = try callValue(try eval(mExpr), [try eval(xExpr)], spans: [xExpr.span], calleeExpr: mExpr, span: span)
            if case .number(let s) = score { emit("score \(format(s))   → class \(s > 0 ? 1 : 0)", .plain) } else {
                emit(ValueFormatter.format(score, precision: state.settings.precision), .plain)
            }
            return
        }
        let box = try model(mExpr)
        let (out, count) = try outputs(box, try eval(xExpr), at: xExpr.span, span: span, textPerExample: 80)
        let k = box.model.outputSize
        // Probabilities (a softmax or sigmoid output) print with the session's decimals, all alike:
        // 0.000000, not 7.91069e-10 beside 0.955009.
        let probabilities = [.softmax, .sigmoid].contains(box.model.outputActivation)
        var lines: [String] = []
        for r in 0..<count {
            let row = out[(r * k)..<((r + 1) * k)].map(Double.init)
            var line: String
            if probabilities, case .decimals(let d) = state.settings.precision {
                line = "[" + row.map { String(format: "%.\(d)f", $0) }.joined(separator: ", ") + "]"
            } else {
                line = ValueFormatter.vector(Array(row), state.settings.precision)
            }
            if k > 1, box.model.outputActivation == .softmax, let best = row.indices.max(by: { row[$0] < row[$1] }) {
                line += "   → class \(best) (\(Self.percent(row[best])))"
            }
            lines.append(line)
        }
        emit(lines.joined(separator: "\n"), .plain)
        // One example of a softmax model: its probabilities as bars, one per class.
        if count == 1, k > 1, box.model.outputActivation == .softmax {
            let row = out.map(Double.init)
            let bars = row.enumerated().map { BarChart.Bar(label: "\($0.offset)", value: $0.element, text: Self.percent($0.element)) }
            let best = row.indices.max { row[$0] < row[$1] }
            let style = ChartStyle(width: options.width, height: options.height, unicode: options.unicode, colour: options.colour)
            emit(BarChart.render(bars, marked: best, barWidth: max(10, min(40, options.width - 30)), style: style).joined(separator: "\n"), .chart)
        }
    }

    /// The model's outputs for one input vector or a matrix of rows (Float32, as training computes them), and how many examples.
    func outputs(_ box: ModelBox, _ input: Value, at xSpan: SourceSpan, span: SourceSpan, textPerExample: Int = 0) throws(Diagnostic) -> ([Float], Int) {
        let x = try Coerce.array(input, at: xSpan, limit: elementLimit)
        let n = box.model.inputSize
        guard x.rank >= 1, x.shape[x.rank - 1] == n else {
            throw Diagnostic(.value, "the model expects \(n) input values per example, got shape [\(x.shape.map(String.init).joined(separator: ", "))]",
                             at: xSpan, hint: "data.test[0] is one example")
        }
        let count = x.count / n
        guard x.data.allSatisfy({ abs($0) <= Double(Float.greatestFiniteMagnitude) }) else {
            throw Diagnostic(.value, "an input is beyond what the model's 32-bit numbers hold (about ±3.4e38)", at: xSpan)
        }
        // The inputs as Float32, then what is made of the outputs (text, or a value).
        try Coerce.reserve(x.count * MemoryLayout<Float>.stride + count * textPerExample, for: "these predictions", at: span)
        let out: [Float]
        do { out = try box.model.predict(x.data.map(Float.init), count: count) } catch { throw Coerce.diagnostic(error, at: span) }
        guard out.allSatisfy(\.isFinite) else {
            throw Diagnostic(.math, "predict overflows: the model's outputs are too large for its 32-bit numbers", at: span,
                             hint: "the model's weights or the inputs are too large; smaller inputs (scaled to about -1…1) keep it finite")
        }
        return (out, count)
    }

    /// `model(x)`, as Keras's: the output layer's values as a value (a vector for one example, a matrix for rows), to compute with.
    func modelOutput(_ box: ModelBox, _ input: Value, at xSpan: SourceSpan, span: SourceSpan) throws(Diagnostic) -> Value {
        let (out, count) = try outputs(box, input, at: xSpan, span: span, textPerExample: box.model.outputSize * MemoryLayout<Double>.stride)
        let single: Bool
        if case .array(let a) = input, a.rank >= 2 { single = false } else { single = true }
        let values = out.map(Double.init)
        if single { return .array(NDArray(vector: values)) }
        do { return .array(try NDArray(shape: [count, box.model.outputSize], data: values)) } catch { throw Coerce.diagnostic(error, at: span) }
    }

    /// `save MODEL to "m.json"` (nnbook's JSON) or `"m.onnx"` (ONNX), by the file's extension.
    func save(_ vExpr: Expr, to file: OutputFile, span: SourceSpan) throws(Diagnostic) {
        let box = try model(vExpr)
        let path = try filePath(file.path, example: "save model to \"model.json\"")
        let format = ModelFileFormat(path: path)
        let contents: AtomicFile.Contents?
        do {
            switch format {
            case .json?:
                // Each weight as text (about 12 bytes), in a list of strings, then joined.
                try Coerce.reserve(box.model.parameterCount * 48, for: "the model's file text", at: span)
                contents = .text(try box.model.jsonText())
            case .onnx?:
                // Four bytes a weight, copied as each message is wrapped in the next (tensor, graph, model, file).
                try Coerce.reserve(box.model.parameterCount * 20, for: "the model's ONNX file", at: span)
                contents = .bytes([UInt8](try box.model.onnxData()))
            case nil:
                contents = nil  // refused below, once the file's place is known to be allowed
            }
        } catch { throw Coerce.diagnostic(error, at: span) }
        guard try writeFile(contents, to: file, typed: path, command: span, refusing: {
            Diagnostic(.value, "nnbook cannot save a model as \"\(path)\": it writes \(ModelFileFormat.listed)", at: file.path.span,
                       hint: "save model to \"model.json\", or save model to \"model.onnx\"")
        }) else { return }
        emit("saved the model (\(NumberFormat.grouped(box.model.parameterCount)) parameters) to \(path)"
             + (format == .onnx ? " as ONNX (opset \(SequentialModel.onnxOpset), input \"input\" of [batch, \(box.model.inputSize)])" : ""), .note)
    }
}
