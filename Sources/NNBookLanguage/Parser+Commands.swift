/// The English commands: explain, descend, step, plot, summary, train, evaluate,
/// confusion, predict, save, backward, zero_grad, graph.
extension Parser {
    // MARK: commands

    mutating func command(_ typed: String) throws(Diagnostic) -> Stmt {
        let start = advance().span
        let replacing = typed.hasSuffix("!")  // `save!`: replace the file (the lexer adds ! only to writing commands)
        let word = replacing ? String(typed.dropLast()) : typed
        // `to "file"` after a plot or graph; `plot!` and `graph!` need one.
        func outputFile() throws(Diagnostic) -> OutputFile? {
            if case .identifier("to") = peek.kind {
                advance()
                return OutputFile(path: try expression(), replacing: replacing)
            }
            if replacing {
                throw Diagnostic(.syntax, "\(typed) replaces a file, so it needs one", at: start,
                                 hint: word == "plot" ? "plot! sigmoid from -6 to 6 to \"sigmoid.svg\"" : "graph! g to \"g.dot\"")
            }
            return nil
        }
        func requireWord(_ w: String, example: String) throws(Diagnostic) {
            guard case .identifier(let got) = peek.kind, got == w else {
                throw Diagnostic(.syntax, "expected '\(w)' here", at: peek.span, hint: "for example: \(example)")
            }
            advance()
        }
        switch word {
        case "explain":
            if atLineEnd { throw Diagnostic(.syntax, "explain needs an expression", at: start, hint: "explain sigmoid(2)") }
            if case .identifier("backward") = peek.kind, current + 1 < tokens.count, tokens[current + 1].kind != .leftParen {
                advance()
                if atLineEnd { throw Diagnostic(.syntax, "explain backward needs a value", at: start, hint: "explain backward g") }
                let e = try expression()
                return .command(.explainBackward(e), start.merged(with: e.span))
            }
            let e = try expression()
            return .command(.explain(e), start.merged(with: e.span))
        case "descend":
            let example = "descend f from 1 rate 0.1 steps 2"
            if atLineEnd { throw Diagnostic(.syntax, "descend needs a function", at: start, hint: example) }
            let f = try expression()
            try requireWord("from", example: example)
            let a = try expression()
            try requireWord("rate", example: example)
            let r = try expression()
            var steps: Expr?
            if case .identifier("steps") = peek.kind { advance(); steps = try expression() }
            return .command(.descend(function: f, from: a, rate: r, steps: steps), start.merged(with: (steps ?? r).span))
        case "step":
            if atLineEnd { return .command(.step(nil), start) }
            let n = try expression()
            guard case .identifier("input") = peek.kind else { return .command(.step(n), start.merged(with: n.span)) }
            advance()
            let x = try expression()
            try requireWord("target", example: "step n input [1, 2, 3] target 1 rate 0.1")
            let t = try expression()
            var rate: Expr?
            if case .identifier("rate") = peek.kind { advance(); rate = try expression() }
            return .command(.neuronStep(neuron: n, input: x, target: t, rate: rate), start.merged(with: (rate ?? t).span))
        case "plot":
            let example = "plot sigmoid from -6 to 6"
            if atLineEnd { throw Diagnostic(.syntax, "plot needs a function", at: start, hint: example + " (or plot descent, plot loss, plot boundary model on data)") }
            let target: PlotTarget
            if case .identifier(let w) = peek.kind, ["descent", "loss"].contains(w), isPlotWordAlone(after: 1) {
                advance()
                target = w == "descent" ? .descent : .loss
            } else if case .identifier("boundary") = peek.kind, isBoundaryCommand() {
                advance()
                if atLineEnd { throw Diagnostic(.syntax, "plot boundary needs a model and a data set", at: start.merged(with: previous.span), hint: "plot boundary net on data") }
                let m = try expression()
                try requireWord("on", example: "plot boundary model on data")
                target = .boundary(model: m, data: try expression())
            } else {
                var fs = [try expression()]
                while match(.comma) { fs.append(try expression()) }
                try requireWord("from", example: example)
                let a = try expression()
                try requireWord("to", example: example)
                target = .functions(fs, from: a, to: try expression())
            }
            let file = try outputFile()
            return .command(.plot(target, file: file), start.merged(with: previous.span))
        case "train":
            let example = "train model on data epochs 5 batch 32 rate 0.001"
            if atLineEnd { throw Diagnostic(.syntax, "train needs a model", at: start, hint: example) }
            let m = try expression()
            try requireWord("on", example: example)
            let d = try expression()
            var options: [TrainOption] = []
            while case .identifier(let name) = peek.kind {
                let nameSpan = advance().span
                switch name {
                case "epochs", "batch", "rate", "momentum", "steps":
                    let v = try expression()
                    options.append(TrainOption(name: name, value: .expression(v), span: nameSpan.merged(with: v.span)))
                case "optimizer", "loss":
                    let t = advance()
                    switch t.kind {
                    case .identifier(let w), .string(let w): options.append(TrainOption(name: name, value: .word(w), span: nameSpan.merged(with: t.span)))
                    default: throw Diagnostic(.syntax, "expected a name after '\(name)'", at: t.span,
                                              hint: name == "optimizer" ? "optimizer adam, or optimizer sgd" : "loss sparse_categorical_crossentropy, mse or binary_crossentropy")
                    }
                default:
                    let known = ["epochs", "batch", "rate", "momentum", "optimizer", "loss", "steps"]
                    throw Diagnostic(.syntax, "train has no option '\(name)'", at: nameSpan,
                                     hint: Spelling.closest(to: name, among: known).map { "did you mean \($0)?" } ?? "options: " + known.joined(separator: ", "))
                }
            }
            return .command(.train(model: m, data: d, options: options), start.merged(with: previous.span))
        case "backward", "zero_grad":
            if atLineEnd { throw Diagnostic(.syntax, "\(word) needs a value", at: start, hint: "\(word) g") }
            let e = try expression()
            return .command(word == "backward" ? .backward(e) : .zeroGrad(e), start.merged(with: e.span))
        case "graph":
            if atLineEnd { throw Diagnostic(.syntax, "graph needs a value", at: start, hint: "graph g, or graph g to \"g.dot\"") }
            let e = try expression()
            let file = try outputFile()
            return .command(.graph(e, to: file), start.merged(with: (file?.path ?? e).span))
        case "evaluate", "confusion":
            let example = "\(word) model on data.test"
            if atLineEnd { throw Diagnostic(.syntax, "\(word) needs a model", at: start, hint: example) }
            let m = try expression()
            try requireWord("on", example: example)
            let d = try expression()
            return .command(word == "evaluate" ? .evaluate(model: m, data: d) : .confusion(model: m, data: d), start.merged(with: d.span))
        case "predict":
            if atLineEnd { throw Diagnostic(.syntax, "predict needs a model and an input", at: start, hint: "predict model x") }
            // `predict m [0, 0.5]`: a bracket after the model's name starts the input, not an index.
            let m: Expr
            if case .identifier(let name) = peek.kind, current + 1 < tokens.count, tokens[current + 1].kind == .leftBracket {
                m = .name(Name(name), advance().span)
            } else {
                m = try expression()
            }
            if atLineEnd { throw Diagnostic(.syntax, "predict needs an input after the model", at: peek.span, hint: "predict model [0.5, 0.2]") }
            let x = try expression()
            return .command(.predict(model: m, input: x), start.merged(with: x.span))
        case "save":
            let example = "save model to \"model.json\""
            if atLineEnd { throw Diagnostic(.syntax, "save needs a model", at: start, hint: example) }
            let m = try expression()
            try requireWord("to", example: example)
            let p = try expression()
            return .command(.save(value: m, to: OutputFile(path: p, replacing: replacing)), start.merged(with: p.span))
        default:  // summary
            if atLineEnd { throw Diagnostic(.syntax, "summary needs a model", at: start, hint: "summary model") }
            let m = try expression()
            return .command(.summary(m), start.merged(with: m.span))
        }
    }

    /// `plot boundary …` unless `boundary` is a function being plotted (`plot boundary from …`, `plot boundary, f …`).
    func isBoundaryCommand() -> Bool {
        guard current + 1 < tokens.count else { return true }
        switch tokens[current + 1].kind {
        case .comma, .identifier("from"), .prime, .leftParen: return false
        default: return true
        }
    }

    /// `plot loss` (the command) rather than `plot loss_fn from …` or `plot loss, f …`.
    func isPlotWordAlone(after k: Int) -> Bool {
        guard current + k < tokens.count else { return true }
        switch tokens[current + k].kind {
        case .newline, .end, .dedent: return true
        case .identifier("to"): return true
        default: return false
        }
    }

    var atLineEnd: Bool { check(.newline) || check(.end) || check(.dedent) }
}
