import NeuralCore

/// A runtime value of the language.
// unchecked: models, networks, neurons and autograd values are mutable classes; a
// session's values are used by one thread at a time (its cells run one by one).
public enum Value: @unchecked Sendable {
    case number(Double)
    case bool(Bool)
    indirect case string(String)
    /// Vectors and matrices (and higher), NumPy-style.
    indirect case array(NDArray)
    indirect case function(FunctionValue)
    /// Python's lazy `range`: iterating a million numbers allocates none.
    indirect case range(RangeValue)
    /// A layer description, `dense(128, relu, input: 784)` or `dropout(0.2)`, before it is in a model.
    indirect case layer(any LayerSpec)
    /// A model; a reference, as in Keras: `m2 = model` names the same model.
    case model(ModelBox)
    /// The article's single neuron; a reference, so `step` changes it in place.
    case neuron(NeuronBox)
    /// A training set and a test set (`digits()`); `.train` and `.test` pick one.
    indirect case dataset(DatasetSplit)
    /// One set of labelled examples.
    indirect case data(Dataset)
    /// `model.layers`, and one of them (`model.layers[0]`).
    case modelLayers(ModelBox)
    case modelLayer(ModelBox, Int)
    /// A node of the scalar autograd graph (`value(2)`): data, grad and how it was made.
    case scalar(Scalar)
    /// A micrograd-style network of scalar values (`mlp([2, 16, 16, 1])`).
    case mlp(MLPBox)
    /// The table of past results, `Out[3]`.
    case outputs
    /// What `print` returns: shows nothing.
    case none

    /// How the type reads in a message.
    public var typeName: String {
        switch self {
        case .number: return "a number"
        case .bool: return "a boolean"
        case .string: return "a string"
        case .array(let a): return a.rank == 1 ? "a vector" : a.rank == 0 ? "a number" : "a matrix"
        case .function: return "a function"
        case .range: return "a range"
        case .layer: return "a layer"
        case .model: return "a model"
        case .neuron: return "a neuron"
        case .dataset: return "a data set (train and test)"
        case .data: return "a data set"
        case .modelLayers: return "a model's layers"
        case .modelLayer: return "a layer"
        case .scalar: return "a value (autograd)"
        case .mlp: return "an mlp"
        case .outputs: return "the Out table"
        case .none: return "nothing"
        }
    }
}

/// `range(start, stop, step)`, as Python's.
public struct RangeValue: Sendable, Equatable {
    public var start: Int
    public var stop: Int
    public var step: Int
    public var count: Int {
        if step > 0 { return stop > start ? (stop - start + step - 1) / step : 0 }
        return start > stop ? (start - stop - step - 1) / -step : 0
    }
    public func element(_ i: Int) -> Int { start + i * step }
}

/// A model held by reference so that training a model changes it wherever it is named.
// unchecked: mutable, used by one thread at a time (see `Value`).
public final class ModelBox: @unchecked Sendable {
    public var model: SequentialModel
    /// What `model.compile(…)` chose for `model.fit(…)`.
    var keras: KerasCompiled?
    /// What loading it from another tool's file said (what was left out); `summary` repeats it.
    public let notes: [String]
    public init(_ model: SequentialModel, notes: [String] = []) {
        self.model = model
        self.notes = notes
    }
}

/// A scalar network held by reference, so training changes it in place.
// unchecked: mutable, used by one thread at a time (see `Value`).
public final class MLPBox: @unchecked Sendable {
    public var net: ScalarMLP
    public var steps = 0
    public init(_ net: ScalarMLP) { self.net = net }
}

/// A neuron held by reference.
// unchecked: mutable, used by one thread at a time (see `Value`).
public final class NeuronBox: @unchecked Sendable {
    public var neuron: Neuron
    public init(_ neuron: Neuron) { self.neuron = neuron }
}

/// A function value: a builtin or a user definition, possibly differentiated
/// `order` times (`f''` has order 2).
// unchecked: a user function keeps caches (derivatives, compiled bodies); see `Value`.
public struct FunctionValue: @unchecked Sendable {
    enum Base {
        case builtin(Builtin)
        case user(UserFunction)
    }
    var base: Base
    public var order: Int

    public var name: String {
        switch base {
        case .builtin(let b): return b.name
        case .user(let u): return u.name
        }
    }
    /// `f''` for order 2.
    public var displayName: String { name + String(repeating: "'", count: order) }

    public var parameterCount: Int {
        switch base {
        case .builtin(let b): return b.arity.lowerBound
        case .user(let u): return u.parameters.count
        }
    }
}

/// `f(x) = x^2`: a user's function, its body as a syntax tree and its
/// derivatives, worked out once and kept.
final class UserFunction {
    let name: String
    let parameters: [String]
    let body: Expr
    /// derivatives[k][p]: the (k+1)-th derivative by parameter p.
    var derivatives: [[Result<Expr, Diagnostic>]] = []
    /// Compiled bodies, by order·1024 + parameter.
    var compiled: [Int: Code] = [:]

    init(name: String, parameters: [String], body: Expr) {
        self.name = name
        self.parameters = parameters
        self.body = body
    }

    /// The `order`-th derivative of the body with respect to parameter `p`
    /// (for one-parameter functions, p = 0). One with more than
    /// `Symbolic.maxSize` parts is an error (not located: the caller points
    /// at the call); so is Ctrl-C, which is not remembered.
    func derivative(order: Int, parameter p: Int) -> Result<Expr, Diagnostic> {
        while derivatives.count < order {
            let previous: [Expr]? = derivatives.isEmpty ? Array(repeating: body, count: parameters.count)
                : derivatives[derivatives.count - 1].map { try? $0.get() }.compactMapAll()
            guard let prev = previous else { return derivatives[derivatives.count - 1][p] }
            let next = parameters.indices.map { i in
                Result { () throws(Diagnostic) -> Expr in
                    let d = try Symbolic.derivative(of: prev[i], withRespectTo: parameters[i])
                    if Symbolic.size(of: d, limit: Symbolic.maxSize) > Symbolic.maxSize { throw tooLarge(order: derivatives.count + 1) }
                    return d
                }
            }
            if case .failure(let e)? = next.first(where: { if case .failure(let e) = $0 { e.kind == .interrupted } else { false } }) {
                return .failure(e)
            }
            derivatives.append(next)
        }
        return derivatives[order - 1][p]
    }

    /// The error for a derivative of `order` too large to write down.
    private func tooLarge(order: Int) -> Diagnostic {
        let fitting = order - 1
        let primes = String(repeating: "'", count: max(fitting, 0))
        let example = fitting == 0 ? "(\(name)(a + 0.001) - \(name)(a - 0.001))/0.002"
            : "(\(name)\(primes)(a + 0.001) - \(name)\(primes)(a - 0.001))/0.002"
        return Diagnostic(.limit, "the \(Self.ordinal(order)) derivative of \(name) is too large to write down: nnbook works derivatives out "
                          + "exactly, and this one has more than \(NumberFormat.grouped(Symbolic.maxSize)) parts",
                          at: Symbolic.nowhere,
                          hint: (fitting == 0 ? "" : "orders up to \(fitting) fit; ") + "estimate it numerically at a point a instead, e.g. \(example)")
    }

    static func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
        return "\(n)\(suffix)"
    }
}

extension Array {
    /// All elements unwrapped, or nil if any is nil.
    func compactMapAll<T>() -> [T]? where Element == T? {
        var out: [T] = []
        for e in self { guard let v = e else { return nil }; out.append(v) }
        return out
    }
}
