import Foundation
import NeuralCore

/// `dense(…)`, `dropout(…)`, `sequential(…)` and a model layer's attributes.
enum Models {
    /// `dense(128, relu, input: 784)`, and Keras's `Dense(units=128, activation='relu', input_shape=(784,))`.
    static func dense(_ c: CallContext) throws(Diagnostic) -> Value {
        let supported = ["units", "activation", "input", "input_shape"]
        for (label, arg) in c.named.sorted(by: { $0.key < $1.key }) where !supported.contains(label) {
            throw Diagnostic(.name, "dense has no parameter '\(label)'; it takes units, activation and input (or Keras's input_shape=(n,))",
                             at: arg.span, hint: "dense(128, activation='relu', input_shape=(784,))")
        }
        let units: Int
        if let u = c.named["units"] {
            guard c.args.isEmpty else { throw Diagnostic(.syntax, "dense got units twice", at: u.span, hint: "dense(128, relu)") }
            units = try Coerce.integer(u.value, at: u.span)
        } else {
            guard !c.args.isEmpty else { throw Diagnostic(.value, "dense needs its number of units", at: c.span, hint: "dense(128, relu)") }
            units = try c.integer(0)
        }
        var activation = Activation.linear
        let positional = c.named["units"] == nil ? 1 : 0
        if c.args.count > positional { activation = try activationArg(c.args[positional], at: c.spans[positional]) }
        if let a = c.named["activation"] { activation = try activationArg(a.value, at: a.span) }
        var input: Int?
        if let i = c.named["input"] { input = try Coerce.integer(i.value, at: i.span) }
        if let shape = c.named["input_shape"] {
            // Keras's input_shape=(784,): one number for a flat input.
            let dims = try Coerce.array(shape.value, at: shape.span, limit: 4)
            guard dims.rank <= 1, dims.count == 1 else {
                throw Diagnostic(.value, "input_shape must be one number, (n,), for a dense layer: nnbook's layers take flat inputs",
                                 at: shape.span, hint: "28×28 images: input_shape=(784,)")
            }
            input = try Coerce.integer(.number(dims.data[0]), at: shape.span)
        }
        do { return .layer(try DenseSpec(units: units, activation: activation, inputSize: input)) } catch {
            throw Coerce.diagnostic(error, at: c.span)
        }
    }

    /// `dropout(rate)`: the fraction of the previous layer's outputs dropped
    /// at each training step.
    static func dropout(_ c: CallContext) throws(Diagnostic) -> Value {
        let rate = try c.number(0)
        do { return .layer(try DropoutSpec(rate: rate)) } catch {
            throw Diagnostic(.value, "\(error)", at: c.spans[0], hint: "dropout(0.2) drops a fifth of the numbers while training")
        }
    }

    static func activationArg(_ v: Value, at span: SourceSpan) throws(Diagnostic) -> Activation {
        switch v {
        case .function(let f) where f.order == 0:
            if let a = Activation(rawValue: f.name) { return a }
        case .string(let s):
            if let a = Activation(rawValue: s) { return a }
        default: break
        }
        throw Diagnostic(.value, "a layer's activation must be one of \(Activation.allCases.map(\.rawValue).joined(separator: ", "))", at: span)
    }

    static func neuron(_ c: CallContext) throws(Diagnostic) -> Value {
        let w = try Coerce.array(c.args[0], at: c.spans[0], limit: c.interpreter.elementLimit)
        guard w.rank == 1 else { throw Diagnostic(.type, "a neuron's weights are a vector, e.g. [0.1, 0.2, 0.3]", at: c.spans[0]) }
        var bias = 0.0
        if let b = c.named["bias"] { bias = try Coerce.number(b.value, at: b.span) }
        var activation = Activation.sigmoid
        if let a = c.named["activation"] { activation = try activationArg(a.value, at: a.span) }
        for (label, arg) in c.named where label != "bias" && label != "activation" {
            throw Diagnostic(.name, "neuron has no parameter '\(label)'", at: arg.span, hint: "neuron(weights, bias: b, activation: f)")
        }
        do { return .neuron(NeuronBox(try Neuron(weights: w.data, bias: bias, activation: activation))) } catch {
            throw Coerce.diagnostic(error, at: c.span)
        }
    }

    static func sequential(_ c: CallContext) throws(Diagnostic) -> Value {
        var specs: [any LayerSpec] = []
        for (i, a) in c.args.enumerated() {
            guard case .layer(let spec) = a else {
                throw Diagnostic(.type, "sequential takes layers such as dense(10, softmax), got \(a.typeName)", at: c.spans[i])
            }
            do { try spec.checkPlace(index: i, count: c.args.count) } catch { throw Coerce.diagnostic(error, at: c.spans[i]) }
            specs.append(spec)
        }
        return try build(specs, seed: 42, c)
    }

    /// `network([2, 2, 1], activation: sigmoid)`: dense layers of these sizes
    /// (the first number is the input), each with the activation, seeded as
    /// `sequential` is.
    static func network(_ c: CallContext) throws(Diagnostic) -> Value {
        let example = "network([2, 2, 1], activation: sigmoid)"
        for (label, arg) in c.named.sorted(by: { $0.key < $1.key }) where !["activation", "seed"].contains(label) {
            throw Diagnostic(.name, "network has no parameter '\(label)'; it takes activation: and seed:", at: arg.span, hint: example)
        }
        let sizes = try Coerce.array(c.args[0], at: c.spans[0], limit: 64)
        guard sizes.rank == 1, sizes.count >= 2 else {
            throw Diagnostic(.value, "network takes a list of layer sizes, the inputs first: at least two numbers", at: c.spans[0], hint: example)
        }
        var ints: [Int] = []
        for x in sizes.data {
            guard x == x.rounded(), x >= 1, x <= 1_000_000 else {
                throw Diagnostic(.value, "layer sizes are whole numbers from 1 to 1,000,000", at: c.spans[0], hint: example)
            }
            ints.append(Int(x))
        }
        var activation = Activation.sigmoid
        if c.args.count > 1 { activation = try activationArg(c.args[1], at: c.spans[1]) }
        if let a = c.named["activation"] { activation = try activationArg(a.value, at: a.span) }
        guard activation.descriptor.isElementwise else {
            throw Diagnostic(.value, "network gives every layer the same activation, and \(activation.rawValue) belongs on an output layer only",
                             at: c.named["activation"]?.span ?? c.spans[min(1, c.spans.count - 1)],
                             hint: "sequential(dense(16, relu, input: 2), dense(3, softmax)) puts softmax on the output alone")
        }
        var seed: UInt64 = 42
        if let s = c.named["seed"] {
            let n = try Coerce.integer(s.value, at: s.span)
            guard n >= 0 else { throw Diagnostic(.value, "a seed is a whole number from 0 up", at: s.span, hint: "seed: 42") }
            seed = UInt64(n)
        }
        var specs: [any LayerSpec] = []
        do {
            for (k, units) in ints.dropFirst().enumerated() {
                specs.append(try DenseSpec(units: units, activation: activation, inputSize: k == 0 ? ints[0] : nil))
            }
        } catch { throw Coerce.diagnostic(error, at: c.spans[0]) }
        return try build(specs, seed: seed, c)
    }

    /// The model, or why not (too many parameters: nothing allocated).
    private static func build(_ specs: [any LayerSpec], seed: UInt64, _ c: CallContext) throws(Diagnostic) -> Value {
        do {
            return .model(ModelBox(try SequentialModel.build(specs, seed: seed, parameterLimit: c.interpreter.parameterLimit)))
        } catch NeuralError.tooLarge(let n, let limit) {
            let needed = n > Int.max / 16 ? "more than any machine has" : NumberFormat.bytes(n * 16) + " to train"
            throw Diagnostic(.limit, "this model would have \(NumberFormat.grouped(n)) parameters (\(needed)), "
                             + "more than the limit of \(NumberFormat.grouped(limit)) (\(NumberFormat.bytes(c.interpreter.options.memoryLimit)) of memory)",
                             at: c.span, hint: "nothing was allocated; use fewer units or a smaller input (:limits shows the limit)")
        } catch { throw Coerce.diagnostic(error, at: c.span) }
    }

    /// `model.layers[i].weights` and the layer's other attributes; nil for a
    /// name the layer does not have.
    static func attribute(_ layer: any Layer, _ field: String, span: SourceSpan) throws(Diagnostic) -> Value? {
        switch layer.attribute(field) {
        case .number(let x): return .number(x)
        case .text(let t): return .string(t)
        case .floats(let shape, let values):
            try Coerce.reserve(values.count * MemoryLayout<Double>.stride, for: "the \(field) as \(shape.count == 2 ? "a matrix" : "a vector")", at: span)
            do { return .array(try NDArray(shape: shape, data: values.map(Double.init))) } catch {
                throw Coerce.diagnostic(error, at: span)
            }
        case nil: return nil
        }
    }

    /// `net.layers[i].weights = …` or `.biases = …`: a dense layer's W
    /// (inputs × neurons, Keras's layout) or b (one per neuron), shape
    /// checked, in place (the model is a reference). `target` is how the
    /// learner wrote it, for messages.
    static func assign(_ base: Value, _ field: String, _ v: Value, target: String, targetSpan: SourceSpan,
                       valueSpan: SourceSpan, interp: Interpreter) throws(Diagnostic) {
        let example = "net.layers[0].weights = [[0.15, 0.25], [0.20, 0.30]]"
        guard case .modelLayer(let box, let i) = base else {
            if case .model = base, ["weights", "biases"].contains(field) {
                throw Diagnostic(.type, "a model's \(field) belong to its layers", at: targetSpan, hint: example)
            }
            if case .neuron = base {
                throw Diagnostic(.type, "a neuron's weights and bias are given when it is made", at: targetSpan,
                                 hint: "make it again: n = neuron([0.1, 0.2, 0.3], bias: 0.4, activation: sigmoid)")
            }
            throw Diagnostic(.type, "only a layer's weights and biases can be assigned; this is an attribute of \(base.typeName)",
                             at: targetSpan, hint: example)
        }
        let layer = box.model.layers[i]
        let settable = layer.assignableAttributeNames
        guard settable.contains(field) else {
            if settable.isEmpty {
                throw Diagnostic(.value, "a \(layer.kind.lowercased()) layer learns nothing, so it has nothing to set", at: targetSpan,
                                 hint: "set a dense layer's weights: \(example)")
            }
            guard layer.attributeNames.contains(field) else {
                throw Diagnostic(.name, "a layer has no attribute '\(field)'", at: targetSpan, hint: "its attributes: \(attributeNames(layer))")
            }
            throw Diagnostic(.value, "\(target) cannot be set: it fixes the layer's shape; only its \(settable.joined(separator: " and ")) can",
                             at: targetSpan, hint: "for another shape, build a new model: dense(3, sigmoid)")
        }
        let current = try attribute(layer, field, span: targetSpan) ?? .none
        let expected: [Int]
        if case .array(let c) = current { expected = c.shape } else { expected = [] }
        /// What it holds now, and for a matrix, which way round.
        func hint(_ got: [Int]?) -> String {
            var hint = "it holds \(ValueFormatter.inline(current, precision: interp.state.settings.precision))"
            if expected.count == 2 {
                hint += ": one row per input (\(expected[0])), one column per neuron (\(expected[1])), Keras's layout"
                if got == expected.reversed() { hint += "; yours is its transpose, one row per neuron" }
            }
            return hint
        }
        switch v {
        case .number, .bool, .array, .range: break
        default: throw Diagnostic(.type, "\(target) is \(describe(expected)); the value is \(v.typeName)", at: valueSpan, hint: hint(nil))
        }
        let a = try Coerce.array(v, at: valueSpan, limit: interp.elementLimit)
        do { try box.model.setAttribute(field, ofLayer: i, to: a) } catch NeuralError.shapeMismatch("assign", _, let got) {
            throw Diagnostic(.value, "\(target) is \(describe(expected)); the value is \(describe(got))", at: valueSpan, hint: hint(got))
        } catch { throw Coerce.diagnostic(error, at: valueSpan) }
    }

    /// "a 2 × 1 matrix", "a vector of 2 numbers", "a number".
    private static func describe(_ shape: [Int]) -> String {
        switch shape.count {
        case 0: return "a number"
        case 1: return "a vector of \(shape[0]) number\(shape[0] == 1 ? "" : "s")"
        default: return "a \(shape.map(String.init).joined(separator: " × ")) " + (shape.count == 2 ? "matrix" : "array")
        }
    }

    /// The attributes `attribute` knows for this layer, for a message.
    static func attributeNames(_ layer: any Layer) -> String {
        layer.attributeNames.joined(separator: ", ")
    }
}
