import Foundation
import NeuralCore

/// A value reduced to what it *is* — numbers, text and shape — so that values
/// from two sessions can be compared: `w1 = 0.8` and `w1 = 1 - 0.1 * f'(1)`
/// give equal fingerprints, so do `f(x) = x^2` and `def f(x): return x*x`.
///
/// - numbers, vectors, matrices: their values (and shape);
/// - functions: their values at fixed sample points (`Fingerprint.samplePoints`),
///   so two definitions that compute the same thing match;
/// - models, neurons, networks, autograd values: their weights, biases, data
///   and gradients with their layout;
/// - data sets: their sizes, labels and a digest of their features.
///
/// Compare with `matches(_:)`: numbers agree when they differ by at most
/// `Fingerprint.tolerance` of their size (or absolutely, near zero), which is
/// finer than the six decimals nnbook prints.
public indirect enum Fingerprint: Sendable, Equatable, Codable {
    case number(Double)
    case bool(Bool)
    case text(String)
    /// Numbers with a shape (`[]` for a list of numbers with no particular shape).
    case numbers(shape: [Int], values: [Double])
    /// A kind of object and its parts, in order.
    case composite(kind: String, parts: [Fingerprint])

    /// Relative tolerance of `matches`; also the absolute one near zero.
    public static let tolerance = 1e-6

    /// Where functions of one parameter are sampled (two-parameter functions
    /// at every pair of the first five).
    public static let samplePoints: [Double] = [-2.5, -1.3, -0.4, 0, 0.3, 0.8, 1.7, 3.1]

    /// True when the two are the same kind of thing with the same numbers, to `tolerance`.
    public func matches(_ other: Fingerprint) -> Bool {
        switch (self, other) {
        case (.number(let a), .number(let b)): return Self.close(a, b)
        case (.number(let a), .numbers(let shape, let values)), (.numbers(let shape, let values), .number(let a)):
            return shape.reduce(1, *) == 1 && values.count == 1 && Self.close(a, values[0])  // 2 and [2] as a 1-element result
        case (.bool(let a), .bool(let b)): return a == b
        case (.text(let a), .text(let b)): return a == b
        case (.numbers(let s1, let v1), .numbers(let s2, let v2)):
            return s1 == s2 && v1.count == v2.count && zip(v1, v2).allSatisfy { Self.close($0, $1) }
        case (.composite(let k1, let p1), .composite(let k2, let p2)):
            return k1 == k2 && p1.count == p2.count && zip(p1, p2).allSatisfy { $0.matches($1) }
        default: return false
        }
    }

    static func close(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a.isInfinite || b.isInfinite { return a == b }
        return abs(a - b) <= tolerance * max(1, abs(a), abs(b))
    }
}

extension Session {
    /// Every variable and function of the session with its fingerprint (not `_`).
    public func fingerprints() -> [String: Fingerprint] {
        var out: [String: Fingerprint] = [:]
        for (name, slot) in interpreter.state.variables.slots where name != "_" {
            guard slot < interpreter.state.variables.values.count, let v = interpreter.state.variables.values[slot] else { continue }
            out[name] = fingerprint(of: v)
        }
        return out
    }

    /// The fingerprint of one value of this session (functions are sampled here).
    public func fingerprint(of value: Value) -> Fingerprint {
        interpreter.fingerprint(of: value)
    }
}

extension Interpreter {
    func fingerprint(of value: Value) -> Fingerprint {
        switch value {
        case .number(let x): return .number(x)
        case .bool(let b): return .bool(b)
        case .string(let s): return .text(s)
        case .array(let a): return .numbers(shape: a.shape, values: a.data)
        case .range(let r): return .composite(kind: "range", parts: [.number(Double(r.start)), .number(Double(r.count)), .number(Double(r.step))])
        case .function(let f): return functionFingerprint(f)
        case .layer(let spec as DenseSpec):
            return .composite(kind: "layer", parts: [.number(Double(spec.units)), .text(spec.activation.rawValue),
                                                     .number(Double(spec.inputSize ?? 0))])
        case .layer(let spec): return .composite(kind: "layer", parts: [.text(spec.source)])
        case .model(let box), .modelLayers(let box): return Self.fingerprint(box.model)
        case .modelLayer(let box, let i):
            guard i < box.model.layers.count else { return .composite(kind: "layer", parts: []) }
            return Self.fingerprint(box.model.layers[i])
        case .neuron(let box):
            let n = box.neuron
            return .composite(kind: "neuron", parts: [.numbers(shape: [n.weights.count], values: n.weights), .number(n.bias),
                                                      .text(n.activation.rawValue)])
        case .dataset(let split): return .composite(kind: "dataset", parts: [Self.fingerprint(split.train), Self.fingerprint(split.test)])
        case .data(let d): return Self.fingerprint(d)
        case .scalar(let s): return .composite(kind: "value", parts: [.number(s.data), .number(s.grad)])
        case .mlp(let box):
            let p = box.net.parameters
            return .composite(kind: "mlp", parts: [.numbers(shape: box.net.sizes, values: []),
                                                   .numbers(shape: [p.count], values: p.map(\.data)),
                                                   .numbers(shape: [p.count], values: p.map(\.grad))])
        case .outputs: return .text("Out")
        case .none: return .text("None")
        }
    }

    /// A function by its values: f at each sample point, NaN where it fails.
    private func functionFingerprint(_ f: FunctionValue) -> Fingerprint {
        let span = SourceSpan(line: 1, column: 1, length: 1)
        func at(_ g: FunctionValue, _ args: [Double]) -> Double {
            guard let v = try? apply(g, args.map(Value.number), spans: args.map { _ in span }, span: span),
                  case .number(let x) = v else { return .nan }
            return x
        }
        let arity = max(f.parameterCount, 1)
        var points: [[Double]] = Fingerprint.samplePoints.map { [$0] }
        if arity == 2 {
            let few = Fingerprint.samplePoints.prefix(5)
            points = few.flatMap { a in few.map { b in [a, b] } }
        } else if arity > 2 {
            points = Fingerprint.samplePoints.map { Array(repeating: $0, count: arity) }
        }
        let saved = (output, explained, figures)
        defer { (output, explained, figures) = saved }  // a sampled `print` must not reach the cell's output
        output = OutputLimiter(maxLines: 1)
        return .composite(kind: "function", parts: [.number(Double(arity)), .numbers(shape: [], values: points.map { at(f, $0) })])
    }

    static func fingerprint(_ model: SequentialModel) -> Fingerprint {
        .composite(kind: "model", parts: [.number(Double(model.inputSize))] + model.layers.map(fingerprint))
    }

    /// A dense layer: its activation, weights and biases; another: its kind,
    /// spec and parameters.
    static func fingerprint(_ layer: any Layer) -> Fingerprint {
        if let layer = layer as? DenseLayer {
            return .composite(kind: "dense", parts: [.text(layer.activation.rawValue),
                                                     .numbers(shape: [layer.fanIn, layer.units], values: layer.weights.map(Double.init)),
                                                     .numbers(shape: [layer.units], values: layer.biases.map(Double.init))])
        }
        return .composite(kind: layer.kind, parts: [.text(layer.spec.source),
                                                    .numbers(shape: [layer.parameterCount], values: layer.flatParameters.map(Double.init))])
    }

    /// Sizes, name, labels and a digest of the features (their sum and sum of squares
    /// in Double, position-weighted), which tells data sets apart without copying them.
    static func fingerprint(_ d: Dataset) -> Fingerprint {
        var sum = 0.0, weighted = 0.0
        func add(_ x: Double, _ i: Int) { sum += x; weighted += x * Double(i % 977 + 1) }
        switch d.features {
        case .bytes(let b, let scale): for (i, x) in b.enumerated() { add(Double(x) * Double(scale), i) }
        case .floats(let f): for (i, x) in f.enumerated() { add(Double(x), i) }
        }
        return .composite(kind: "data", parts: [.text(d.name), .number(Double(d.count)), .number(Double(d.featureCount)),
                                                .number(Double(d.classCount)), .numbers(shape: [], values: [sum, weighted]),
                                                .numbers(shape: [d.labels.count], values: d.labels.map(Double.init))])
    }
}
