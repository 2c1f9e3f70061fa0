/// Turns syntax trees into nested closures before running them, so that a
/// loop pays for name lookup and tree walking once, not on every iteration
/// (a million-iteration `for` loop runs at CPython's speed or better).
/// Names are resolved to slots here; the common cases — numbers, variables,
/// arithmetic, calls, assignments, loops — get closures of their own, and
/// everything else falls back to `Interpreter.eval` and `exec`, so the
/// language has one meaning whichever path runs it.
typealias Code = (Interpreter) throws(Diagnostic) -> Value
typealias StmtCode = (Interpreter) throws(Diagnostic) -> Interpreter.Flow

extension Interpreter {
    func compile(_ e: Expr, parameters: [String]) -> Code {
        switch e {
        case .number(let v, _):
            let value = Value.number(v)
            return { _ throws(Diagnostic) in value }
        case .name(let n, let span):
            if let i = parameters.firstIndex(of: n.text) { return { interp throws(Diagnostic) in interp.locals[i] } }
            if n.text == "Out" || n.text == "_" { return { interp throws(Diagnostic) in try interp.eval(e) } }
            let slot = state.variables.slot(n.text)
            return { interp throws(Diagnostic) in
                if let v = interp.state.variables.values[slot] { return v }
                return try interp.lookup(n, span)
            }
        case .binary(let op, let a, let b, let span) where op != .and && op != .or:
            let ca = compile(a, parameters: parameters), cb = compile(b, parameters: parameters)
            let (sa, sb) = (a.span, b.span)
            return { interp throws(Diagnostic) in
                let l = try ca(interp), r = try cb(interp)
                if case .number(let x) = l, case .number(let y) = r, let fast = Arithmetic.fast(op, x, y) { return .number(fast) }
                return try Arithmetic.binary(op, l, r, span: span, lhsSpan: sa, rhsSpan: sb, limit: interp.elementLimit)
            }
        case .unary(.negate, let u, let span):
            let cu = compile(u, parameters: parameters)
            return { interp throws(Diagnostic) in
                let v = try cu(interp)
                if case .number(let x) = v { return .number(-x) }
                return try Arithmetic.unary(.negate, v, span: span)
            }
        case .call(let callee, let args, let span) where args.allSatisfy({ $0.label == nil }) && !Interpreter.isMethodCall(callee):
            var cf = compile(callee, parameters: parameters)
            if case .name(let n, _) = callee, !parameters.contains(n.text) {  // an unknown name here is an unknown *function*
                let plain = cf
                cf = { interp throws(Diagnostic) in
                    do throws(Diagnostic) { return try plain(interp) } catch { throw interp.unknownFunction(error, n.text) }
                }
            }
            let cargs = args.map { compile($0.value, parameters: parameters) }
            let spans = args.map(\.value.span)
            return { interp throws(Diagnostic) in
                let f = try cf(interp)
                var values: [Value] = []
                values.reserveCapacity(cargs.count)
                for c in cargs { values.append(try c(interp)) }
                if case .function(let fv) = f { return try interp.apply(fv, values, spans: spans, span: span) }
                return try interp.callValue(f, values, spans: spans, calleeExpr: callee, span: span)
            }
        default:
            return { interp throws(Diagnostic) in try interp.eval(e) }
        }
    }

    func compile(_ s: Stmt) -> StmtCode {
        switch s {
        case .expression(let e):
            let c = compile(e, parameters: [])
            return { interp throws(Diagnostic) in _ = try c(interp); return .normal }
        case .assign(.name(let n, _), nil, let e, _):
            let slot = state.variables.slot(n.text)
            let c = compile(e, parameters: [])
            return { interp throws(Diagnostic) in
                let v = try c(interp)
                if case .scalar(let node) = v, node.label == nil { node.label = n.text }  // the graph shows variable names
                interp.state.variables.values[slot] = v
                return .normal
            }
        case .forLoop(let name, let iterable, let body, let span):
            let slot = state.variables.slot(name.text)
            let seq = compile(iterable, parameters: [])
            let block = compileBlock(body)
            return { interp throws(Diagnostic) in
                let v = try seq(interp)
                guard case .range(let r) = v else { return try interp.forLoop(slot: slot, over: v, iterableSpan: iterable.span, block, span) }
                var i = r.start
                let stop = interp.stopCheck
                while r.step > 0 ? i < r.stop : i > r.stop {
                    if stop() { throw Interpreter.interruption(at: span) }
                    interp.state.variables.values[slot] = .number(Double(i))
                    if try block(interp) == .breakLoop { break }
                    i += r.step
                }
                return .normal
            }
        case .whileLoop(let condition, let body, let span):
            let c = compile(condition, parameters: [])
            let block = compileBlock(body)
            return { interp throws(Diagnostic) in
                let stop = interp.stopCheck
                while try interp.truth(try c(interp), at: condition.span) {
                    if stop() { throw Interpreter.interruption(at: span) }
                    if try block(interp) == .breakLoop { break }
                }
                return .normal
            }
        case .ifElse(let branches, let elseBody, _):
            let compiled = branches.map { (compile($0.0, parameters: []), $0.0.span, compileBlock($0.1)) }
            let otherwise = elseBody.map(compileBlock)
            return { interp throws(Diagnostic) in
                for (c, span, block) in compiled where try interp.truth(try c(interp), at: span) { return try block(interp) }
                return try otherwise?(interp) ?? .normal
            }
        default:
            return { interp throws(Diagnostic) in try interp.exec(s) }
        }
    }

    /// A block's statements in order; `break` and `continue` end it early.
    func compileBlock(_ body: [Stmt]) -> StmtCode {
        let codes = body.map(compile)
        return { interp throws(Diagnostic) in
            for c in codes {
                let flow = try c(interp)
                if flow != .normal { return flow }
            }
            return .normal
        }
    }
}
