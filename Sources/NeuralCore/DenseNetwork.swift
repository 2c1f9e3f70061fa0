/// A small network of dense layers in Float64, for one gradient step worked
/// out by hand (`step net input [0.05, 0.1] target 0.01 rate 0.5`): every
/// intermediate value is kept in a `NetworkStepTrace`, the way Matt Mazur's
/// "A Step by Step Backpropagation Example" (2015) writes them out.
///
/// Each layer's weights are laid out as Keras's kernel, inputs × units:
/// `weights[i][j]` joins input i to neuron j, so a neuron's incoming
/// weights are one column.
public struct DenseNetwork: Sendable, Equatable {
    /// One dense layer: a = f(x·W + b).
    public struct Dense: Sendable, Equatable {
        /// W, one row per input and one column per neuron.
        public var weights: [[Double]]
        /// b, one per neuron.
        public var biases: [Double]
        public var activation: Activation

        public init(weights: [[Double]], biases: [Double], activation: Activation) {
            self.weights = weights
            self.biases = biases
            self.activation = activation
        }

        public var inputCount: Int { weights.count }
        public var units: Int { biases.count }
        /// Neuron j's incoming weights: column j of W.
        public func incoming(_ j: Int) -> [Double] { weights.map { $0[j] } }
    }

    public internal(set) var layers: [Dense]

    /// A checked network: at least one layer, each W inputs × units with the
    /// units of the layer before as its inputs, element-wise activations.
    ///
    /// - Throws: `.invalidArgument` for no layer, a ragged or mismatched W,
    ///   or softmax (its outputs depend on each other, so no neuron has a δ of its own).
    public init(layers: [Dense]) throws {
        guard !layers.isEmpty else { throw NeuralError.invalidArgument("a network needs at least one layer") }
        for (index, layer) in layers.enumerated() {
            guard layer.units >= 1, layer.inputCount >= 1, layer.weights.allSatisfy({ $0.count == layer.units }) else {
                throw NeuralError.invalidArgument("layer \(index + 1)'s weights must be \(layer.inputCount) × \(layer.units), one column per neuron")
            }
            if index > 0, layer.inputCount != layers[index - 1].units {
                throw NeuralError.invalidArgument("layer \(index + 1) takes \(layer.inputCount) inputs, but layer \(index) has \(layers[index - 1].units) neurons")
            }
            guard layer.activation.descriptor.isElementwise else {
                throw NeuralError.invalidArgument("a step by hand needs element-wise activations, and layer \(index + 1) uses \(layer.activation.rawValue) "
                                                  + "(its outputs depend on each other); use \(Activation.sentence(Activation.elementwise.map(\.rawValue)))")
            }
        }
        self.layers = layers
    }

    /// The dense layers of `model` in Float64. A model keeps Float32 weights;
    /// each is read as the shortest decimal that rounds to it (0.15, not
    /// 0.15000000596), which is the number the learner typed.
    ///
    /// - Throws: `.invalidArgument` for a layer that is not dense (dropout
    ///   changes at random while training) or a softmax layer.
    public init(model: SequentialModel) throws {
        var dense: [Dense] = []
        for (index, layer) in model.layers.enumerated() {
            guard let d = layer as? DenseLayer else {
                throw NeuralError.invalidArgument("layer \(index + 1) is \(layer.kind.lowercased()), and a step by hand works on dense layers only "
                                                  + "(dropout drops numbers at random while training)")
            }
            let w = (0..<d.fanIn).map { i in (0..<d.units).map { j in d.weights[i * d.units + j].shortestDecimal } }
            dense.append(Dense(weights: w, biases: d.biases.map(\.shortestDecimal), activation: d.activation))
        }
        try self.init(layers: dense)
    }

    public var inputCount: Int { layers[0].inputCount }
    public var outputCount: Int { layers[layers.count - 1].units }
    /// Every neuron but the inputs: the sum of the layers' units.
    public var neuronCount: Int { layers.reduce(0) { $0 + $1.units } }
    /// Every weight and bias.
    public var parameterCount: Int { layers.reduce(0) { $0 + ($1.inputCount + 1) * $1.units } }

    /// True when `model`'s dense layers hold exactly these weights rounded to Float32.
    public func matchesRounded(_ model: SequentialModel) -> Bool {
        guard model.layers.count == layers.count else { return false }
        return zip(model.layers, layers).allSatisfy { layer, mine in
            guard let d = layer as? DenseLayer, d.fanIn == mine.inputCount, d.units == mine.units else { return false }
            return d.weights == mine.weights.flatMap { $0.map(Float.init) } && d.biases == mine.biases.map(Float.init)
        }
    }

    /// `model` with these weights and biases in its dense layers, rounded to Float32.
    ///
    /// - Throws: `.invalidArgument` when the layers differ in shape or a
    ///   number is beyond Float32's range (about 3.4e38); `model` is unchanged.
    public func written(into model: SequentialModel) throws -> SequentialModel {
        guard matchesShape(model) else { throw NeuralError.invalidArgument("the model's layers no longer match this network") }
        var model = model
        for (index, mine) in layers.enumerated() {
            guard let d = model.layers[index] as? DenseLayer else { continue }
            let (w, b) = (mine.weights.flatMap { $0.map(Float.init) }, mine.biases.map(Float.init))
            guard (w + b).allSatisfy(\.isFinite) else {
                throw NeuralError.invalidArgument("the step overflowed: a weight went past 3.4e38, more than the model's 32-bit floats hold; "
                                                  + "the learning rate or an input is far too large")
            }
            model.layers[index] = DenseLayer(spec: d.denseSpec, fanIn: d.fanIn, weights: w, biases: b)
        }
        return model
    }

    private func matchesShape(_ model: SequentialModel) -> Bool {
        model.layers.count == layers.count && zip(model.layers, layers).allSatisfy { layer, mine in
            (layer as? DenseLayer).map { $0.fanIn == mine.inputCount && $0.units == mine.units } ?? false
        }
    }

    /// Each layer's outputs, the input first: the forward pass.
    public func activations(_ inputs: [Double]) throws -> [[Double]] {
        guard inputs.count == inputCount else {
            throw NeuralError.shapeMismatch(operation: "network input", lhs: [inputCount], rhs: [inputs.count])
        }
        var all = [inputs]
        for layer in layers {
            let x = all[all.count - 1]
            all.append((0..<layer.units).map { j in layer.activation.value(Self.weightedSum(layer.incoming(j), x, layer.biases[j])) })
        }
        return all
    }

    /// L = ½Σ(y − t)² for one example.
    public func loss(inputs: [Double], targets: [Double]) throws -> Double {
        guard targets.count == outputCount else {
            throw NeuralError.shapeMismatch(operation: "network target", lhs: [outputCount], rhs: [targets.count])
        }
        let y = try activations(inputs)[layers.count]
        return zip(y, targets).reduce(0) { $0 + 0.5 * ($1.0 - $1.1) * ($1.0 - $1.1) }
    }

    /// Σ wᵢxᵢ + b, added up from the first input as the printed sum reads.
    static func weightedSum(_ w: [Double], _ x: [Double], _ b: Double) -> Double {
        zip(w, x).reduce(0) { $0 + $1.0 * $1.1 } + b
    }
}

extension Float {
    /// The shortest decimal that rounds to this Float, as a Double: 0.15 for
    /// Float(0.15), where `Double(Float(0.15))` is 0.15000000596046448.
    var shortestDecimal: Double { Double(description) ?? Double(self) }
}
