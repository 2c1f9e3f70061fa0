import NeuralCore

/// The language's one evaluator. Every expression and statement is compiled,
/// once, into nested closures with its names already resolved (`Resolver`),
/// and the closures are what runs: a loop pays for tree walking and name
/// lookup once, not on every pass (docs/performance.md, "The evaluator").
/// Commands, `explain` and the builtins evaluate their sub-expressions the
/// same way (`eval`). Each rule of the language is written here once: the
/// operators, assignment, loops, calls (named arguments included) and the
/// Ctrl-C check (`checkInterrupt`, once per loop pass and per call of a
/// learner's function).
typealias Code = (Interpreter) throws(Diagnostic) -> Value
typealias StmtCode = (Interpreter) throws(Diagnostic) -> Interpreter.Flow

/// What `explain` learns from a run: the value of each sub-expression it
/// shows, numbered in the order `compile` meets them (a node, then the
/// children `explain` shows: list items, operands, arguments, an indexed or
/// attributed value). A sub-expression the run never reached (the right side
/// of a short-circuited `and`) has none.
final class StepRecorder {
    private(set) var values: [Value?] = []

    func newNode() -> Int {
        values.append(nil)
        return values.count - 1
    }

    func record(_ id: Int, _ v: Value) { values[id] = v }
}

/// An operand as `Interpreter.operand` compiled it.
enum Operand {
    case constant(Value)
    /// A session variable's slot; `otherwise` runs while it is empty (a builtin, or the unknown-name error).
    case global(Int, otherwise: Code)
    case code(Code)

    var isInPlace: Bool { if case .code = self { return false }; return true }

    @inline(__always)
    func value(_ interp: Interpreter) throws(Diagnostic) -> Value {
        switch self {
        case .constant(let v): return v
        case .global(let slot, let otherwise):
            if let v = interp.state.variables.values[slot] { return v }
            return try otherwise(interp)
        case .code(let c): return try c(interp)
        }
    }
}

extension Interpreter {
    /// Evaluates an expression of the cell being run (a command's operand).
    func eval(_ e: Expr) throws(Diagnostic) -> Value {
        try compile(e, in: Resolver(state: state))(self)
    }

    /// `e` as a closure. With `recording`, each sub-expression `explain`
    /// shows reports its value as it is computed.
    func compile(_ e: Expr, in scope: Resolver, recording: StepRecorder? = nil) -> Code {
        guard let recording else { return compileNode(e, scope, nil) }
        let id = recording.newNode()
        let code = compileNode(e, scope, recording)
        return { interp throws(Diagnostic) in
            let v = try code(interp)
            recording.record(id, v)
            return v
        }
    }

    private func compileNode(_ e: Expr, _ scope: Resolver, _ rec: StepRecorder?) -> Code {
        switch e {
        case .number(let v, _): return constant(.number(v))
        case .string(let s, _): return constant(.string(s))
        case .bool(let b, _): return constant(.bool(b))
        case .literal(let v, _): return constant(v)
        case .name(let n, let span): return compileName(n.text, span, scope)
        case .list(let items, let span):
            let codes = items.map { compile($0, in: scope, recording: rec) }
            let spans = items.map(\.span)
            return { interp throws(Diagnostic) in
                var arrays: [NDArray] = []
                arrays.reserveCapacity(codes.count)
                for (code, itemSpan) in zip(codes, spans) { arrays.append(try interp.vectorItem(try code(interp), at: itemSpan)) }
                return try interp.stack(arrays, span: span)
            }
        case .unary(let op, let u, let span):
            let cu = compile(u, in: scope, recording: rec)
            if op == .negate {
                return { interp throws(Diagnostic) in
                    let v = try cu(interp)
                    if case .number(let x) = v { return .number(-x) }
                    return try Arithmetic.unary(.negate, v, span: span)
                }
            }
            return { interp throws(Diagnostic) in try Arithmetic.unary(op, try cu(interp), span: span) }
        case .binary(let op, let a, let b, let span):
            return compileBinary(op, a, b, span, scope, rec)
        case .call(let callee, let args, let span):
            return compileCall(callee, args, span, scope, rec)
        case .prime(let f, let order, let span):
            let cf = compile(f, in: scope)
            return { interp throws(Diagnostic) in
                guard case .function(var fv) = try cf(interp) else {
                    throw Diagnostic(.type, "only functions have derivatives", at: span)
                }
                fv.order += order
                return .function(fv)
            }
        case .index(let a, let i, let span):
            let ca = compile(a, in: scope, recording: rec), ci = compile(i, in: scope, recording: rec)
            let indexSpan = i.span
            return { interp throws(Diagnostic) in
                let base = try ca(interp)
                return try interp.index(base, try ci(interp), span: span, indexSpan: indexSpan)
            }
        case .attribute(let a, let field, let span):
            let ca = compile(a, in: scope, recording: rec)
            if let path = Self.modulePath(e) {  // tf.keras.datasets.mnist: while no variable is named tf, what to type instead
                return { interp throws(Diagnostic) in
                    let base: Value
                    do throws(Diagnostic) { base = try ca(interp) } catch {
                        guard error.kind == .name, error.span?.start == span.start else { throw error }
                        throw interp.kerasPathError(path, at: span)
                    }
                    return try interp.attribute(base, field, span: span)
                }
            }
            return { interp throws(Diagnostic) in try interp.attribute(try ca(interp), field, span: span) }
        case .subscripted(let a, let parts, let span):
            let ca = compile(a, in: scope, recording: rec)
            let compiled = parts.map { part -> (SubscriptPart, [Code]) in (part, part.expressions.map { compile($0, in: scope, recording: rec) }) }
            return { interp throws(Diagnostic) in
                let base = try ca(interp)
                var values: [(SubscriptPart, [Value])] = []
                for (part, codes) in compiled {
                    var vs: [Value] = []
                    for c in codes { vs.append(try c(interp)) }
                    values.append((part, vs))
                }
                return try interp.subscripted(base, values, span: span)
            }
        case .comprehension(let element, let variable, let iterable, let condition, let span):
            // The variable is a local after the enclosing ones; the element's steps are not recorded (it runs once per item).
            let inner = scope.adding(local: variable.text), index = scope.parameters.count
            let seq = compile(iterable, in: scope, recording: rec), iterableSpan = iterable.span
            let ce = compile(element, in: inner), elementSpan = element.span
            let cc = condition.map { compile($0, in: inner) }, conditionSpan = condition?.span ?? span
            return { interp throws(Diagnostic) in
                let outer = interp.locals
                defer { interp.locals = outer }
                interp.locals = Array(outer.prefix(index)) + [.none]
                var items: [NDArray] = []
                let check = interp.interruptCheck(at: span)
                try interp.forEachItem(of: try seq(interp), at: iterableSpan) { v throws(Diagnostic) in
                    try check()
                    interp.locals[index] = v
                    if let cc, !(try interp.truth(try cc(interp), at: conditionSpan)) { return false }
                    items.append(try interp.vectorItem(try ce(interp), at: elementSpan))
                    return false
                }
                return try interp.stack(items, span: span)
            }
        case .conditional(let a, let c, let b, _):
            // Compiled in the order written (as `explainedChildren` numbers them); the condition runs first.
            let ca = compile(a, in: scope, recording: rec), cc = compile(c, in: scope, recording: rec)
            let cb = compile(b, in: scope, recording: rec)
            let conditionSpan = c.span
            return { interp throws(Diagnostic) in
                try interp.truth(try cc(interp), at: conditionSpan) ? try ca(interp) : try cb(interp)
            }
        }
    }

    private func constant(_ v: Value) -> Code {
        { _ throws(Diagnostic) in v }
    }

    private func compileName(_ name: String, _ span: SourceSpan, _ scope: Resolver) -> Code {
        switch scope.resolve(name) {
        case .local(let i): return { interp throws(Diagnostic) in interp.locals[i] }
        case .outputs: return constant(.outputs)
        case .global(let slot, let builtin):
            let stand = builtin.map { Value.function(FunctionValue(base: .builtin($0), order: 0)) } ?? Builtins.constants[name].map(Value.number)
            return { interp throws(Diagnostic) in
                if let v = interp.state.variables.values[slot] { return v }
                if let stand { return stand }
                throw interp.unknownName(name, at: span)
            }
        }
    }

    /// `a op b`: `and`/`or` look at the right side only when they need it;
    /// two plain numbers take the fast path; the rest is `Arithmetic.binary`.
    private func compileBinary(_ op: BinaryOp, _ a: Expr, _ b: Expr, _ span: SourceSpan, _ scope: Resolver,
                               _ rec: StepRecorder?) -> Code {
        let (sa, sb) = (a.span, b.span)
        switch op {
        case .and, .or:
            let ca = compile(a, in: scope, recording: rec), cb = compile(b, in: scope, recording: rec)
            let isOr = op == .or
            return { interp throws(Diagnostic) in
                let l = try ca(interp)
                return try interp.truth(l, at: sa) == isOr ? l : try cb(interp)
            }
        case .divide where Self.isPixelScale(b):
            // The article's x_train / 255.0, on values digits() already scaled: computed as written, with a warning.
            let ca = compile(a, in: scope, recording: rec), cb = compile(b, in: scope, recording: rec)
            return { interp throws(Diagnostic) in
                let l = try ca(interp), r = try cb(interp)
                interp.warnIfAlreadyScaled(l, a)
                return try interp.operate(op, l, r, span: span, lhsSpan: sa, rhsSpan: sb)
            }
        default:
            let oa = operand(a, scope, rec), ob = operand(b, scope, rec)
            return { interp throws(Diagnostic) in
                let l = try oa.value(interp), r = try ob.value(interp)
                return try interp.operate(op, l, r, span: span, lhsSpan: sa, rhsSpan: sb)
            }
        }
    }

    /// `l op r` for every operator but `and`/`or` (and for `x op= e`): two
    /// plain numbers on the fast path, anything else by `Arithmetic.binary`.
    @inline(__always)
    func operate(_ op: BinaryOp, _ l: Value, _ r: Value, span: SourceSpan, lhsSpan: SourceSpan,
                 rhsSpan: SourceSpan) throws(Diagnostic) -> Value {
        if case .number(let x) = l, case .number(let y) = r, let fast = Arithmetic.fast(op, x, y) { return .number(fast) }
        return try Arithmetic.binary(op, l, r, span: span, lhsSpan: lhsSpan, rhsSpan: rhsSpan, limit: elementLimit)
    }

    /// An operand of an operator: a number or a variable is read in place,
    /// not through a closure call of its own (`x = x + i` makes two calls
    /// fewer a pass); anything else, and anything `explain` records, is run.
    private func operand(_ e: Expr, _ scope: Resolver, _ rec: StepRecorder?) -> Operand {
        guard rec == nil else { return .code(compile(e, in: scope, recording: rec)) }
        switch e {
        case .number(let v, _): return .constant(.number(v))
        case .name(let n, _):
            if case .global(let slot, _) = scope.resolve(n.text) { return .global(slot, otherwise: compile(e, in: scope)) }
        default: break
        }
        return .code(compile(e, in: scope))
    }

    /// A call: micrograd's methods on an autograd value (`(a + b).relu()`),
    /// or a callee and its arguments, positional and named, in the order written.
    private func compileCall(_ callee: Expr, _ args: [Argument], _ span: SourceSpan, _ scope: Resolver,
                             _ rec: StepRecorder?) -> Code {
        let cargs = args.map { compile($0.value, in: scope, recording: rec) }
        let spans = args.map(\.value.span)
        let labels = args.map(\.label)
        let labelSpans = args.map { $0.labelSpan ?? $0.value.span }
        let named = labels.contains { $0 != nil }
        let call: (Interpreter, Value) throws(Diagnostic) -> Value = { interp, f throws(Diagnostic) in
            var values: [Value] = []
            values.reserveCapacity(cargs.count)
            for c in cargs { values.append(try c(interp)) }
            guard case .function(let fv) = f else {
                return try interp.callValue(f, values, spans: spans, calleeExpr: callee, span: span)
            }
            guard named else { return try interp.apply(fv, values, spans: spans, span: span) }
            var positional: [Value] = [], positionalSpans: [SourceSpan] = []
            var byLabel: [String: (value: Value, span: SourceSpan)] = [:]
            for (k, v) in values.enumerated() {
                if let label = labels[k] { byLabel[label] = (v, labelSpans[k]) } else { positional.append(v); positionalSpans.append(spans[k]) }
            }
            return try interp.apply(fv, positional, spans: positionalSpans, named: byLabel, span: span)
        }
        if case .attribute(let baseExpr, let method, let attributeSpan) = callee, Self.kerasMethods.contains(method) {
            // Keras's model.fit(…) and friends; on anything but a model, the attribute is called as usual.
            let base = compile(baseExpr, in: scope), baseSpan = baseExpr.span
            let strings: [[String]?] = args.map { arg in
                guard case .list(let items, _) = arg.value, !items.isEmpty else { return nil }
                let texts = items.compactMap { item -> String? in if case .string(let s, _) = item { return s }; return nil }
                return texts.count == items.count ? texts : nil
            }
            return { interp throws(Diagnostic) in
                let b = try base(interp)
                guard case .model(let box) = b else { return try call(interp, try interp.attribute(b, method, span: attributeSpan)) }
                var given: [KerasArgument] = []
                for (k, c) in cargs.enumerated() {
                    let value = strings[k] != nil ? Value.none : try c(interp)
                    given.append(KerasArgument(label: labels[k], value: value, strings: strings[k], span: spans[k], labelSpan: labelSpans[k]))
                }
                return try interp.kerasMethod(box, method, model: baseSpan, given, span: span)
            }
        }
        if case .attribute(let baseExpr, let method, let attributeSpan) = callee, Self.scalarMethods.contains(method) {
            let base = compile(baseExpr, in: scope)
            return { interp throws(Diagnostic) in
                let b = try base(interp)
                guard case .scalar(let s) = b else { return try call(interp, try interp.attribute(b, method, span: attributeSpan)) }
                guard args.isEmpty else { throw Diagnostic(.type, ".\(method)() takes no arguments", at: span) }
                switch method {
                case "backward": s.backward(); return .none
                case "zero_grad": s.zeroGrad(); return .none
                default: return try ScalarArithmetic.apply(method, s, span: span)
                }
            }
        }
        let cf = compile(callee, in: scope)
        if case .name(let n, _) = callee, n.text.lowercased() == "sequential", args.count == 1, args[0].label == nil,
           case .list(let items, _) = args[0].value, !items.isEmpty {
            // Keras's Sequential([Dense(…), Dense(…)]): the list's layers, each its own argument, when the name is still the builtin.
            let layers = items.map { compile($0, in: scope) }, layerSpans = items.map(\.span)
            return { interp throws(Diagnostic) in
                let f = try cf(interp)
                guard case .function(let fv) = f, case .builtin(let b) = fv.base, b.name.lowercased() == "sequential" else { return try call(interp, f) }
                var values: [Value] = []
                for c in layers { values.append(try c(interp)) }
                return try interp.apply(fv, values, spans: layerSpans, span: span)
            }
        }
        if case .name(let n, _) = callee, !scope.parameters.contains(n.text) {  // an unknown name here is an unknown *function*
            return { interp throws(Diagnostic) in
                let f: Value
                do throws(Diagnostic) { f = try cf(interp) } catch { throw interp.unknownFunction(error, n.text) }
                return try call(interp, f)
            }
        }
        return { interp throws(Diagnostic) in try call(interp, try cf(interp)) }
    }
}
