import Foundation
import NeuralCore

/// The arguments of a builtin call, with where each was written.
struct CallContext {
    var args: [Value]
    var spans: [SourceSpan]
    var named: [String: (value: Value, span: SourceSpan)]
    var span: SourceSpan
    unowned let interpreter: Interpreter

    func number(_ i: Int) throws(Diagnostic) -> Double {
        try Coerce.number(args[i], at: spans[i])
    }
    func integer(_ i: Int) throws(Diagnostic) -> Int {
        try Coerce.integer(args[i], at: spans[i])
    }
}

/// A function built into the language, documented for `:help`.
struct Builtin: Sendable {
    let name: String
    let arity: ClosedRange<Int>
    let parameterNames: String
    let summary: String
    let example: String
    /// False for functions without a derivative (len, sum …).
    let differentiable: Bool
    /// For element-wise maths: the scalar function, its exact derivative and
    /// its domain (a message when x is outside it).
    let scalar: (@Sendable (Double) -> Double)?
    let scalarDerivative: (@Sendable (Double) -> Double)?
    let domain: (@Sendable (Double) -> String?)?
    let body: (@Sendable (CallContext) throws(Diagnostic) -> Value)?

    init(_ name: String, _ params: String, arity: ClosedRange<Int>, _ summary: String, example: String,
         differentiable: Bool = false, body: @escaping @Sendable (CallContext) throws(Diagnostic) -> Value) {
        self.name = name; self.parameterNames = params; self.arity = arity; self.summary = summary
        self.example = example; self.differentiable = differentiable
        scalar = nil; scalarDerivative = nil; domain = nil; self.body = body
    }

    init(elementwise name: String, _ summary: String, example: String, _ f: @escaping @Sendable (Double) -> Double,
         derivative: (@Sendable (Double) -> Double)? = nil, domain: (@Sendable (Double) -> String?)? = nil) {
        self.name = name; self.parameterNames = "x"; self.arity = 1...1; self.summary = summary
        self.example = example; self.differentiable = true
        scalar = f; scalarDerivative = derivative; self.domain = domain; body = nil
    }
}

/// Every builtin, by name.
enum Builtins {
    static var names: [String] { table.keys.sorted() }

    static let table: [String: Builtin] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The named numbers: Euler's e (the article writes e^-2) and π. As a
    /// builtin, a variable of the same name hides one until `:reset`.
    static let constants: [String: Double] = ["e": M_E, "pi": Double.pi]

    /// The activations' builtins come from their registry entries (`ActivationLanguage`).
    static let all: [Builtin] = Activation.allCases.compactMap(\.builtin) + [
        Builtin(elementwise: "exp", "e to the power x", example: "exp(1)        # 2.718282", Foundation.exp, derivative: Foundation.exp),
        Builtin(elementwise: "log", "natural logarithm, for x > 0", example: "log(exp(2))   # 2", Foundation.log,
                derivative: { 1 / $0 }, domain: { $0 > 0 ? nil : "log is defined only for positive numbers; log(\(NumberFormat.format($0))) has no value" }),
        Builtin(elementwise: "sqrt", "square root, for x ≥ 0", example: "sqrt(2)       # 1.414214", Foundation.sqrt,
                derivative: { 0.5 / Foundation.sqrt($0) }, domain: { $0 >= 0 ? nil : "sqrt of a negative number (\(NumberFormat.format($0))) is not a real number" }),
        Builtin(elementwise: "abs", "absolute value", example: "abs(-3)       # 3", Swift.abs, derivative: { $0 > 0 ? 1 : $0 < 0 ? -1 : 0 }),
        Builtin(elementwise: "sign", "−1, 0 or 1: the sign of x (the derivative of abs)", example: "sign(-3)      # -1",
                { $0 > 0 ? 1 : $0 < 0 ? -1 : 0 }, derivative: { _ in 0 }),
        Builtin(elementwise: "sin", "sine (radians)", example: "sin(0)        # 0", Foundation.sin, derivative: Foundation.cos),
        Builtin(elementwise: "cos", "cosine (radians)", example: "cos(0)        # 1", Foundation.cos, derivative: { -Foundation.sin($0) }),
        Builtin("sum", "v", arity: 1...1, "adds every element of a vector or matrix", example: "sum([1, 2, 3])   # 6", body: Aggregates.sum),
        Builtin("mean", "v", arity: 1...1, "the average of the elements", example: "mean([1, 2, 3])  # 2", body: Aggregates.mean),
        Builtin("min", "v or a, b, …", arity: 1...16, "the smallest element, or the smaller of several values (element-wise for vectors)",
                example: "min([3, 1, 2])   # 1", body: { c throws(Diagnostic) in try Aggregates.extreme(c, largest: false) }),
        Builtin("max", "v or a, b, …", arity: 1...16, "the largest element, or the larger of several values (element-wise for vectors)",
                example: "max(0, -2)       # 0", body: { c throws(Diagnostic) in try Aggregates.extreme(c, largest: true) }),
        Builtin("close", "a, b, tol: 1e-6", arity: 2...2,
                "True when a and b (numbers, or vectors or matrices of one shape) differ by at most tol in every element (1e-6 if not given); "
                    + "for tests: assert close(w, 0.64)", example: "close(0.1 + 0.2, 0.3)   # True", body: Interpreter.close),
        Builtin("len", "v", arity: 1...1, "the number of elements (rows of a matrix)", example: "len([1, 2, 3])   # 3", body: Aggregates.len),
        Builtin("dot", "a, b", arity: 2...2, "dot product of vectors, or matrix product", example: "dot([1, 2], [3, 4])   # 11", body: Aggregates.dot),
        Builtin("cross_entropy", "p, label", arity: 2...2,
                "−log p[label]: the loss train and evaluate print, for one example's probabilities p and its label "
                    + "(on a matrix of rows and a vector of labels, the mean); p is clipped to [1e-7, 1 − 1e-7] first, as Keras does",
                example: "cross_entropy([0.1, 0.2, 0.7], 2)   # 0.356675", body: CrossEntropy.crossEntropy),
        Builtin("sparse_categorical_crossentropy", "y_true, y_pred", arity: 2...2,
                "Keras's name and argument order for cross_entropy(y_pred, y_true): −log y_pred[y_true]; on rows, their mean, as "
                    + "Keras's SparseCategoricalCrossentropy() and fit report it (Keras's function itself returns one loss per row)",
                example: "sparse_categorical_crossentropy(2, [0.1, 0.2, 0.7])   # 0.356675", body: CrossEntropy.sparseCategorical),
        Builtin("range", "stop or start, stop[, step]", arity: 1...3, "the integers from start (0) up to but not including stop, as in Python",
                example: "for i in range(3):", body: Aggregates.range),
        Builtin("print", "a, b, …", arity: 0...64, "writes its arguments separated by spaces", example: "print(\"Final output:\", v)",
                body: { c throws(Diagnostic) in
                    let p = c.interpreter.state.settings.precision
                    // A string is copied into the output (and the line into the journal).
                    let strings = c.args.reduce(0) { n, v in if case .string(let s) = v { return n + s.utf8.count }; return n }
                    try Coerce.reserve(2 * strings, for: "this output", at: c.span)
                    c.interpreter.emit(c.args.map { ValueFormatter.printed($0, precision: p) }.joined(separator: " "), .plain)
                    return .none
                }),
        Builtin("dense", "units, activation, input: n", arity: 0...2,
                "a fully connected layer for sequential(…), as Keras's Dense (Keras's spellings work too: units=128, activation='relu', input_shape=(784,))",
                example: "dense(128, relu, input: 784)", body: Models.dense),
        Builtin("dropout", "rate", arity: 1...1,
                "a layer for sequential(…) that, while training, sets each output of the layer before it to 0 with probability rate "
                    + "and scales the others by 1/(1 − rate), as Keras's Dropout; predict and evaluate use every unit",
                example: "sequential(dense(64, relu, input: 64), dropout(0.2), dense(10, softmax))", body: Models.dropout),
        Builtin("value", "x", arity: 1...1, "an autograd value (as micrograd's Value): arithmetic on it builds a graph that backward differentiates",
                example: "a = value(-4)", body: { c throws(Diagnostic) in
                    if case .scalar = c.args[0] { return c.args[0] }
                    let x = try c.number(0)
                    try Coerce.reserve(Scalar.nodeBytes, for: "autograd values", at: c.span)
                    return .scalar(Scalar(x))
                }),
        Builtin("mlp", "sizes", arity: 1...1, "a micrograd-style network of autograd values: ReLU hidden layers, a linear output",
                example: "net = mlp([2, 16, 16, 1])", body: { c throws(Diagnostic) in
                    let sizes = try Coerce.array(c.args[0], at: c.spans[0], limit: 64)
                    var ints: [Int] = []
                    for x in sizes.data {
                        guard x == x.rounded(), x >= 1, x <= 10_000 else {
                            throw Diagnostic(.value, "layer sizes are whole numbers from 1 to 10,000", at: c.spans[0])
                        }
                        ints.append(Int(x))
                    }
                    do { return .mlp(MLPBox(try ScalarMLP(sizes: ints))) } catch { throw Coerce.diagnostic(error, at: c.span) }
                }),
        Builtin("neuron", "weights, bias: b, activation: f", arity: 1...1, "one neuron, output = f(w·x + b), as in the article's section 3.4",
                example: "n = neuron([0.1, 0.2, 0.3], bias: 0.4, activation: sigmoid)", body: Models.neuron),
        Builtin("digits", "", arity: 0...0, "the bundled UCI handwritten digits: 1,797 8×8 images, split 80/20 into .train and .test (seeded, stratified)",
                example: "data = digits()", body: DataBuiltins.digits),
        Builtin("mnist", "folder", arity: 1...1, "MNIST from the four IDX files (plain or .gz) in a folder you downloaded",
                example: "data = mnist(\"~/mnist\")", body: DataBuiltins.mnist),
        Builtin("load_csv", "file, label: column", arity: 1...1, "a CSV file with a header row; the label column holds the classes",
                example: "data = load_csv(\"iris.csv\", label: \"species\")", body: DataBuiltins.csv),
        Builtin("load", "file", arity: 1...1,
                "a model saved with save model to \"file.json\", or an ONNX model (\"file.onnx\", from nnbook or a converter such as skl2onnx) of dense layers",
                example: "m2 = load(\"model.onnx\")", body: DataBuiltins.loadModel),
    ] + TwoDKind.allCases.map { kind in
        Builtin(kind.rawValue, "size: n, noise: x, seed: s", arity: 0...0,
                "a 2-D teaching set (\(DataBuiltins.describe(kind))), split 80/20 into .train and .test",
                example: "data = \(kind.rawValue)(size: 200, noise: 0.1)", body: { c throws(Diagnostic) in try DataBuiltins.twoD(kind, c) })
    } + [
        Builtin("sequential", "layer, layer, …", arity: 1...64, "a model: layers applied one after the other, as keras.Sequential",
                example: "model = sequential(dense(128, relu, input: 784), dense(10, softmax))", body: Models.sequential),
        Builtin("network", "sizes, activation: f, seed: s", arity: 1...2,
                "a model of dense layers of these sizes, the inputs first, every layer with activation f (sigmoid if left out): "
                    + "network([2, 2, 1]) is sequential(dense(2, sigmoid, input: 2), dense(1, sigmoid)). Its weights are Glorot-uniform "
                    + "from seed s (42 if left out, as sequential's), its biases 0; set your own with "
                    + "net.layers[0].weights = [[0.15, 0.25], [0.20, 0.30]] (one row per input, one column per neuron: :help weights)",
                example: "net = network([2, 2, 1], activation: sigmoid)",
                body: Models.network),
        Builtin("Sequential", "[layer, layer, …]", arity: 1...64, "Keras's spelling of sequential(…), the layers in a list as the article writes them",
                example: "model = Sequential([Dense(128, activation='relu', input_shape=(64,)), Dense(10, activation='softmax')])", body: Models.sequential),
        Builtin("Dense", "units, activation=…, input_shape=(n,)", arity: 0...2, "Keras's spelling of dense(…)",
                example: "Dense(10, activation='softmax')", body: Models.dense),
    ]
}
