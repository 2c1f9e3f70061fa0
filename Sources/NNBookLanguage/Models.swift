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
        do {
            return .model(ModelBox(try SequentialModel.build(specs, seed: 42, parameterLimit: c.interpreter.parameterLimit)))
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

    /// The attributes `attribute` knows for this layer, for a message.
    static func attributeNames(_ layer: any Layer) -> String {
        layer.attributeNames.joined(separator: ", ")
    }
}
