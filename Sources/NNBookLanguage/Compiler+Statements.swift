import NeuralCore

/// Statements, compiled as expressions are (`Compiler.swift`): assignment,
/// definitions, loops, `if`, commands.
extension Interpreter {
    func compile(_ s: Stmt, in scope: Resolver) -> StmtCode {
        switch s {
        case .expression(let e):
            let c = compile(e, in: scope)
            return { interp throws(Diagnostic) in _ = try c(interp); return .normal }
        case .assign(.name(let n, let targetSpan), let op, let e, let span):
            return compileAssign(n.text, targetSpan, op, e, span, scope)
        case .assign(.index(let n, let i, let targetSpan), let op, let e, let span):
            return compileIndexAssign(n.text, targetSpan, i, op, e, span, scope)
        case .assign(.attribute(let base, let field, let targetSpan), let op, let e, let span):
            return compileAttributeAssign(base, field, targetSpan, op, e, span, scope)
        case .assign(.unpack(let targets, let targetSpan), _, let e, _):
            return compileUnpack(targets, targetSpan, e, scope)
        case .define(let name, let parameters, let body, let span):
            return { interp throws(Diagnostic) in try interp.define(name, parameters, body, span); return .normal }
        case .forLoop(let name, let iterable, let body, let span):
            return compileFor(scope.slot(name.text), iterable, compileBlock(body, in: scope), span, scope)
        case .whileLoop(let condition, let body, let span):
            let c = compile(condition, in: scope), conditionSpan = condition.span
            let block = compileBlock(body, in: scope)
            return { interp throws(Diagnostic) in
                let check = interp.interruptCheck(at: span)
                while try interp.truth(try c(interp), at: conditionSpan) {
                    try check()
                    if try block(interp) == .breakLoop { break }
                }
                return .normal
            }
        case .ifElse(let branches, let elseBody, _):
            let compiled = branches.map { (compile($0.0, in: scope), $0.0.span, compileBlock($0.1, in: scope)) }
            let otherwise = elseBody.map { compileBlock($0, in: scope) }
            return { interp throws(Diagnostic) in
                for (c, span, block) in compiled where try interp.truth(try c(interp), at: span) { return try block(interp) }
                return try otherwise?(interp) ?? .normal
            }
        case .breakLoop: return { _ throws(Diagnostic) in .breakLoop }
        case .continueLoop: return { _ throws(Diagnostic) in .continueLoop }
        case .pass: return { _ throws(Diagnostic) in .normal }
        case .assertion(let condition, let message, let span):
            let c = compile(condition, in: scope), m = message.map { compile($0, in: scope) }
            return { interp throws(Diagnostic) in
                let value = try c(interp)
                if case .array(let a) = value, a.count > 1 {
                    throw Diagnostic(.type, "assert needs one True or False, and \(Printer.print(condition)) gives \(a.count) of them, element by element",
                                     at: condition.span, hint: "close(a, b) is True when every element agrees (within 1e-6)")
                }
                guard try !interp.truth(value, at: condition.span) else { return .normal }
                try interp.assertionFailed(condition, message: try m?(interp), scope: scope, span: span)
                return .normal
            }
        case .command(let c, let span):
            return { interp throws(Diagnostic) in try interp.command(c, span); return .normal }
        case .meta(_, let span):
            return { _ throws(Diagnostic) in throw Diagnostic(.syntax, "meta-commands go on a line of their own", at: span) }
        }
    }

    /// A block's statements in order; `break` and `continue` end it early.
    /// Chained closure to closure, not kept in an array: a closure taken out
    /// of an array is called through a conversion thunk (perf: 7 % of a loop).
    func compileBlock(_ body: [Stmt], in scope: Resolver) -> StmtCode {
        guard let first = body.first else { return { _ throws(Diagnostic) in .normal } }
        var code = compile(first, in: scope)
        for s in body.dropFirst() {
            let before = code, next = compile(s, in: scope)
            code = { interp throws(Diagnostic) in
                let flow = try before(interp)
                return flow == .normal ? try next(interp) : flow
            }
        }
        return code
    }

    /// `x = e`, `x += e`. An autograd value takes the variable's name, for the graph.
    private func compileAssign(_ name: String, _ targetSpan: SourceSpan, _ op: BinaryOp?, _ e: Expr, _ span: SourceSpan,
                               _ scope: Resolver) -> StmtCode {
        let slot = scope.slot(name)
        let c = (op == nil ? compilePredictValue(e, scope) : nil) ?? compile(e, in: scope), valueSpan = e.span
        guard let op else {
            return { interp throws(Diagnostic) in
                let v = try c(interp)
                if case .scalar(let node) = v, node.label == nil { node.label = name }
                interp.state.variables.values[slot] = v
                return .normal
            }
        }
        let pixelScale = op == .divide && Self.isPixelScale(e)
        return { interp throws(Diagnostic) in
            let v = try c(interp)
            guard let old = interp.state.variables.values[slot] else { throw interp.unknownName(name, at: targetSpan) }
            if pixelScale { interp.warnIfAlreadyScaled(old, .name(Name(name), targetSpan)) }
            let new = try interp.operate(op, old, v, span: span, lhsSpan: targetSpan, rhsSpan: valueSpan)
            if case .scalar(let node) = new, node.label == nil { node.label = name }
            interp.state.variables.values[slot] = new
            return .normal
        }
    }

    /// `v[i] = e`, `v[i] += e`: a new vector with one row replaced.
    private func compileIndexAssign(_ name: String, _ targetSpan: SourceSpan, _ indexExpr: Expr, _ op: BinaryOp?, _ e: Expr,
                                    _ span: SourceSpan, _ scope: Resolver) -> StmtCode {
        let slot = scope.slot(name)
        let ci = compile(indexExpr, in: scope), c = compile(e, in: scope)
        let (indexSpan, valueSpan) = (indexExpr.span, e.span)
        return { interp throws(Diagnostic) in
            guard let old = interp.state.variables.values[slot] else { throw interp.unknownName(name, at: targetSpan) }
            guard case .array(let a) = old else {
                throw Diagnostic(.type, "only vectors and matrices can be assigned by index; \(name) is \(old.typeName)", at: targetSpan)
            }
            let i = try Coerce.integer(try ci(interp), at: indexSpan)
            var v = try c(interp)
            if let op {
                let current: NDArray
                do { current = try a.element(at: i) } catch { throw Coerce.diagnostic(error, at: indexSpan) }
                v = try interp.operate(op, Aggregates.wrap(current), v, span: span, lhsSpan: targetSpan, rhsSpan: valueSpan)
            }
            let newValue = try Coerce.array(v, at: valueSpan, limit: interp.elementLimit)
            do { interp.state.variables.values[slot] = .array(try a.replacing(at: i, with: newValue)) } catch {
                throw Coerce.diagnostic(error, at: span)
            }
            return .normal
        }
    }

    /// `net.layers[0].weights = e` (and `+=` …): a dense layer's weights or
    /// biases, in place, so every name of the model sees them (`Models.assign`).
    private func compileAttributeAssign(_ baseExpr: Expr, _ field: String, _ targetSpan: SourceSpan, _ op: BinaryOp?, _ e: Expr,
                                        _ span: SourceSpan, _ scope: Resolver) -> StmtCode {
        let cb = compile(baseExpr, in: scope), c = compile(e, in: scope)
        let valueSpan = e.span
        return { interp throws(Diagnostic) in
            let base = try cb(interp)
            var v = try c(interp)
            if let op {
                let current = try interp.attribute(base, field, span: targetSpan)
                v = try interp.operate(op, current, v, span: span, lhsSpan: targetSpan, rhsSpan: valueSpan)
            }
            try Models.assign(base, field, v, target: Printer.print(baseExpr, precision: interp.state.settings.precision) + "." + field,
                              targetSpan: targetSpan, valueSpan: valueSpan, interp: interp)
            return .normal
        }
    }

    /// `for x in range(…)` (no number is allocated), a vector's rows or a
    /// string's characters; each pass checks for Ctrl-C first.
    private func compileFor(_ slot: Int, _ iterable: Expr, _ block: @escaping StmtCode, _ span: SourceSpan,
                            _ scope: Resolver) -> StmtCode {
        let seq = compile(iterable, in: scope), iterableSpan = iterable.span
        return { interp throws(Diagnostic) in
            let check = interp.interruptCheck(at: span)
            try interp.forEachItem(of: try seq(interp), at: iterableSpan) { v throws(Diagnostic) in
                try check()
                interp.state.variables.values[slot] = v
                return try block(interp) == .breakLoop
            }
            return .normal
        }
    }

    /// Each item of what a `for` or a list comprehension loops over: a
    /// range's numbers, a vector's elements (a matrix's rows), a string's
    /// characters; `body` returns true to stop.
    func forEachItem(of sequence: Value, at span: SourceSpan, _ body: (Value) throws(Diagnostic) -> Bool) throws(Diagnostic) {
        switch sequence {
        case .range(let r):
            var i = r.start
            while r.step > 0 ? i < r.stop : i > r.stop {
                if try body(.number(Double(i))) { return }
                i += r.step
            }
        case .array(let a) where a.rank >= 1:
            for k in 0..<a.shape[0] {
                let item: NDArray
                do { item = try a.element(at: k) } catch { throw Coerce.diagnostic(error, at: span) }
                if try body(Aggregates.wrap(item)) { return }
            }
        case .string(let s):
            for ch in s { if try body(.string(String(ch))) { return } }
        case let other:
            throw Diagnostic(.type, "cannot loop over \(other.typeName)", at: span,
                             hint: "loop over range(n) or a vector: for i in range(3):")
        }
    }
}
