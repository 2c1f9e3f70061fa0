import Foundation
import NeuralCore

/// Calls: builtins, user functions (compiled once), derivatives, values that can be called.
extension Interpreter {
    // MARK: calls

    /// micrograd's methods on values: `(b + a).relu()`, `g.backward()`.
    static let scalarMethods: Set<String> = Set(ScalarArithmetic.functions + ["backward", "zero_grad"])

    /// Calls any value: a function, or a neuron (`n([1, 2, 3])` is its output).
    func callValue(_ callee: Value, _ values: [Value], spans: [SourceSpan], calleeExpr: Expr, span: SourceSpan) throws(Diagnostic) -> Value {
        switch callee {
        case .function(let f): return try apply(f, values, spans: spans, span: span)
        case .mlp(let box) where values.count == 1:  // net([0.5, 0.2]): its output(s), as numbers
            let x = try Coerce.array(values[0], at: spans[0], limit: elementLimit)
            guard x.rank <= 1, x.count == box.net.sizes.first else {
                throw Diagnostic(.value, "this mlp takes \(box.net.sizes.first ?? 0) inputs, got \(x.count)", at: spans[0])
            }
            try Coerce.reserve(box.net.graphBytes(examples: 1), for: "this network's graph", at: span)
            let out = box.net(x.data.map { Scalar($0) }).map(\.data)
            return out.count == 1 ? .number(out[0]) : .array(NDArray(vector: out))
        case .model(let box) where values.count == 1:  // model(x): its outputs (probabilities), as Keras's model(x)
            return try modelOutput(box, values[0], at: spans[0], span: span)
        case .neuron(let n) where values.count == 1:
            let x = try Coerce.array(values[0], at: spans[0], limit: elementLimit)
            do { return .number(try n.neuron.output(x.data)) } catch { throw Coerce.diagnostic(error, at: span) }
        default: throw notCallable(callee, calleeExpr)
        }
    }

    func notCallable(_ v: Value, _ calleeExpr: Expr) -> Diagnostic {
        if case .name(let n, _) = calleeExpr, Builtins.table[n.text] != nil {
            return Diagnostic(.type, "'\(n.text)' is now \(v.typeName), not the builtin function", at: calleeExpr.span,
                              hint: "an assignment to \(n.text) hid the builtin; :reset brings it back (or use another variable name)")
        }
        return Diagnostic(.type, "\(v.typeName) cannot be called", at: calleeExpr.span,
                          hint: v.isNumeric ? "to multiply, write '*': \(Printer.print(calleeExpr))*(…)" : nil)
    }

    func apply(_ f: FunctionValue, _ values: [Value], spans: [SourceSpan], named: [String: (value: Value, span: SourceSpan)] = [:],
               span: SourceSpan) throws(Diagnostic) -> Value {
        switch f.base {
        case .builtin(let b):
            if !named.isEmpty && !Self.takesNamedArguments.contains(b.name) {
                let label = named.keys.sorted()[0]
                throw Diagnostic(.name, "\(b.name) takes no named argument '\(label)'", at: named[label]?.span ?? span)
            }
            guard b.arity.contains(values.count) else {
                throw arityError(f.displayName, expected: b.arity, got: values.count, example: b.example, span: span)
            }
            if let scalar = b.scalar {
                return try elementwise(b, order: f.order, scalar, values[0], span: spans[0], callSpan: span)
            }
            if f.order > 0 {
                throw Diagnostic(.math, "\(b.name) has no derivative", at: span, hint: "derivatives exist for functions of one number")
            }
            guard let body = b.body else { return .none }
            return try body(CallContext(args: values, spans: spans, named: named, span: span, interpreter: self))
        case .user(let u):
            if let label = named.keys.sorted().first {
                throw Diagnostic(.name, "\(u.name) takes no named argument '\(label)'", at: named[label]?.span ?? span,
                                 hint: "call it as \(u.name)(\(u.parameters.joined(separator: ", ")))")
            }
            guard values.count == u.parameters.count else {
                throw arityError(f.displayName, expected: u.parameters.count...u.parameters.count, got: values.count,
                                 example: "\(u.name)(\(u.parameters.joined(separator: ", ")))", span: span)
            }
            if f.order == 0 || u.parameters.count == 1 { return try invoke(u, order: f.order, parameter: 0, values, span: span) }
            // Several parameters: the gradient, one partial derivative per parameter.
            var grads: [Double] = []
            for p in u.parameters.indices {
                let v = try invoke(u, order: f.order, parameter: p, values, span: span)
                grads.append(try Coerce.number(v, at: span))
            }
            return .array(NDArray(vector: grads))
        }
    }

    /// Calls a user function (or its derivative) with its body compiled once and kept.
    func invoke(_ u: UserFunction, order: Int, parameter: Int, _ values: [Value], span: SourceSpan) throws(Diagnostic) -> Value {
        let key = order * 1024 + parameter
        let code: Code
        if let c = u.compiled[key] { code = c } else {
            let body: Expr
            if order == 0 { body = u.body } else {
                // A derivative that cannot be written down: at the call that asked for it.
                do throws(Diagnostic) { body = try u.derivative(order: order, parameter: parameter).get() } catch {
                    var located = error
                    located.span = span
                    throw located
                }
            }
            code = compile(body, in: Resolver(parameters: u.parameters, state: state))
            u.compiled[key] = code
        }
        try checkInterrupt(span)
        callDepth += 1
        defer { callDepth -= 1 }
        if callDepth > Interpreter.maxCallDepth {
            throw Diagnostic(.limit, "runaway recursion: \(u.name) called itself more than \(Interpreter.maxCallDepth) times", at: span,
                             hint: "a function defined in terms of itself never stops; define it with other functions")
        }
        let saved = locals
        locals = values
        defer { locals = saved }
        do { return try code(self) } catch {
            // The body's text is not on screen: point at the call that was typed, and say where it failed.
            var relocated = error
            if relocated.hint == nil, error.kind != .interrupted {
                relocated.hint = "it happened inside \(u.name)(\(u.parameters.joined(separator: ", "))) = \(Printer.print(u.body))"
            }
            relocated.span = span
            throw relocated
        }
    }

    func arityError(_ name: String, expected: ClosedRange<Int>, got: Int, example: String, span: SourceSpan) -> Diagnostic {
        let want = expected.count == 1 ? "\(expected.lowerBound)" : expected.upperBound > 16 ? "at least \(expected.lowerBound)" : "\(expected.lowerBound) to \(expected.upperBound)"
        let noun = expected.lowerBound == 1 && (expected.count == 1 || expected.upperBound > 16) ? "argument" : "arguments"
        return Diagnostic(.type, "\(name) takes \(want) \(noun), but \(got) \(got == 1 ? "was" : "were") given", at: span,
                          hint: "for example \(example)")
    }

    /// Applies a one-number builtin (or its derivative) to a number or every element of an array.
    func elementwise(_ b: Builtin, order: Int, _ f: @escaping (Double) -> Double, _ v: Value, span: SourceSpan,
                             callSpan: SourceSpan) throws(Diagnostic) -> Value {
        let g: (Double) throws(Diagnostic) -> Double
        switch order {
        case 0:
            g = { x throws(Diagnostic) in
                if let message = b.domain?(x) { throw Diagnostic(.math, message, at: span) }
                let y = f(x)
                guard y.isFinite else {
                    throw Diagnostic(.math, "\(b.name)(\(NumberFormat.format(x))) is too large for a 64-bit float (about 1.8e308 at most)", at: callSpan)
                }
                return y
            }
        case 1 where b.scalarDerivative != nil:
            let d = b.scalarDerivative ?? { _ in 0 }
            g = { x throws(Diagnostic) in
                let y = d(x)
                guard y.isFinite else { throw Diagnostic(.math, "\(b.name)'(\(NumberFormat.format(x))) has no finite value", at: callSpan) }
                return y
            }
        default:
            let helper = UserFunction(name: b.name, parameters: ["x"], body: Symbolic.call(b.name, .name(Name("x"), span)))
            g = { x throws(Diagnostic) in
                try Coerce.number(try self.invoke(helper, order: order, parameter: 0, [.number(x)], span: callSpan), at: callSpan)
            }
        }
        if case .scalar(let s) = v, order == 0 { return try ScalarArithmetic.apply(b.name, s, span: callSpan) }
        switch v {
        case .number(let x): return .number(try g(x))
        case .bool(let x): return .number(try g(x ? 1 : 0))
        case .array(let a):
            try Coerce.reserve(a.count * MemoryLayout<Double>.stride, for: "the result of \(b.name)", at: callSpan)
            var out = [Double](repeating: 0, count: a.count)
            for i in 0..<a.count { out[i] = try g(a.data[i]) }
            do { return .array(try NDArray(shape: a.shape, data: out)) } catch { throw Coerce.diagnostic(error, at: span) }
        case .range:
            return try elementwise(b, order: order, f, .array(try Coerce.array(v, at: span, limit: elementLimit)), span: span, callSpan: callSpan)
        default:
            throw Diagnostic(.type, "\(b.name) needs a number or a vector, got \(v.typeName)", at: span)
        }
    }
}
