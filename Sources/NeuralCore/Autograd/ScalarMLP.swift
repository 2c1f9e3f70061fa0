/// A multi-layer perceptron built from `Scalar`s — micrograd's `nn.MLP`,
/// small enough to read in one sitting and slow enough to only use on toy data.
///
/// Each neuron computes `b + Σ wᵢxᵢ` (summed in that order, as micrograd's
/// `sum(..., self.b)`), followed by ReLU on hidden layers; the last layer is
/// linear, so its output is a raw score. Weights start uniform in (−1, 1)
/// from a `SeededGenerator`, biases at 0.
///
///     var model = try ScalarMLP(sizes: [2, 16, 16, 1])   // 337 parameters
///     let moons = try Datasets.twoDimensional(.moons, count: 100, noise: 0.1)
///     for k in 0..<50 {
///         let (loss, accuracy) = try model.trainStep(on: moons.train, step: k, totalSteps: 50)
///     }
public struct ScalarMLP: Sendable {
    /// One neuron: its weights (one per input), its bias, and whether ReLU follows.
    public struct Neuron: Sendable {
        public let weights: [Scalar]
        public let bias: Scalar
        public let relu: Bool

        /// relu?(b + w₀x₀ + w₁x₁ + …), building the graph.
        public func callAsFunction(_ x: [Scalar]) -> Scalar {
            var activation = bias
            for (w, xi) in zip(weights, x) { activation = activation + w * xi }
            return relu ? activation.relu() : activation
        }

        /// The same arithmetic on plain numbers, building no graph.
        func value(_ x: [Double]) -> Double {
            var activation = bias.data
            for (w, xi) in zip(weights, x) { activation += w.data * xi }
            return relu ? Swift.max(0, activation) : activation
        }
    }

    /// Layer sizes, inputs first: `[2, 16, 16, 1]`.
    public let sizes: [Int]
    /// `layers[l][j]` is neuron j of layer l.
    public let layers: [[Neuron]]

    /// Builds the layers. Throws if there are fewer than two sizes, a size
    /// below 1, or more than 100,000 parameters (a scalar graph that large
    /// would take minutes per step).
    public init(sizes: [Int], seed: UInt64 = 42) throws {
        guard sizes.count >= 2, sizes.allSatisfy({ $0 >= 1 }) else {
            throw NeuralError.invalidArgument(
                "an MLP needs at least an input size and an output size, each at least 1, got \(sizes)")
        }
        var count = 0
        for l in 1..<sizes.count {
            let (product, overflow) = sizes[l - 1].multipliedReportingOverflow(by: sizes[l])
            count += overflow ? Int.max / 2 : product + sizes[l]
            if count > Self.parameterLimit {
                throw NeuralError.tooLarge(elements: count, limit: Self.parameterLimit)
            }
        }
        try WorkGuard.reserve(count * Scalar.nodeBytes, for: "this network's values")
        var random = SeededGenerator(seed: seed)
        var layers: [[Neuron]] = []
        for l in 1..<sizes.count {
            let isLast = l == sizes.count - 1
            layers.append((0..<sizes[l]).map { _ in
                let weights = (0..<sizes[l - 1]).map { _ in Scalar(2 * random.nextUniform() - 1) }
                return Neuron(weights: weights, bias: Scalar(0), relu: !isLast)
            })
        }
        self.sizes = sizes
        self.layers = layers
    }

    /// A network from its parts, as they are (used to copy one).
    init(sizes: [Int], layers: [[Neuron]]) {
        self.sizes = sizes
        self.layers = layers
    }

    /// The most parameters a `ScalarMLP` may have.
    public static let parameterLimit = 100_000

    /// The network's outputs for input `x`, as graph nodes (so `backward()` reaches the parameters).
    public func callAsFunction(_ x: [Scalar]) -> [Scalar] {
        var activations = x
        for layer in layers {
            activations = layer.map { $0(activations) }
        }
        return activations
    }

    /// Every weight and bias, layer by layer, neuron by neuron, weights before bias.
    public var parameters: [Scalar] {
        layers.flatMap { $0.flatMap { $0.weights + [$0.bias] } }
    }

    public var parameterCount: Int { layers.reduce(0) { $0 + $1.reduce(0) { $0 + $1.weights.count + 1 } } }

    /// The first output for the point (x, y), computed on plain numbers without
    /// building a graph — for drawing a decision boundary over a grid. Its
    /// sign is the predicted class: > 0 means label 1.
    public func score(_ x: Double, _ y: Double) -> Double {
        score([x, y])
    }

    /// The first output for input `x`, on plain numbers.
    func score(_ x: [Double]) -> Double {
        var activations = x
        for layer in layers {
            activations = layer.map { $0.value(activations) }
        }
        return activations.first ?? 0
    }

    /// Fraction of `data` whose label (0 or 1) matches the sign of `score`.
    public func accuracy(on data: Dataset) -> Double {
        let (x, labels) = Self.points(data)
        let f = data.featureCount
        guard !labels.isEmpty else { return 0 }
        var correct = 0
        for (i, label) in labels.enumerated() where (score(Array(x[(i * f)..<((i + 1) * f)])) > 0) == (label > 0) {
            correct += 1
        }
        return Double(correct) / Double(labels.count)
    }

    /// One step of full-batch gradient descent, exactly as micrograd's demo notebook.
    ///
    /// With labels mapped to y = ±1 and scores s = model(x):
    ///
    ///     loss = mean(relu(1 − y·s)) + alpha · Σ p²     (SVM max-margin + L2)
    ///     lr   = 1.0 − 0.9 · k / totalSteps
    ///     p.data −= lr · ∂loss/∂p                        for every parameter p
    ///
    /// Returns the loss and the training accuracy *before* the update, as the
    /// notebook prints them. Throws for a data set that is not 2-D with labels
    /// 0/1, or if the loss stops being a finite number.
    public mutating func trainStep(
        on data: Dataset, step k: Int, totalSteps: Int, alpha: Double = 1e-4
    ) throws -> (loss: Double, accuracy: Double) {
        guard data.featureCount == sizes[0], sizes.last == 1, data.classCount == 2, data.count > 0 else {
            throw NeuralError.invalidArgument(
                "trainStep needs a non-empty two-class data set with \(sizes[0]) features per point "
                    + "and a model with 1 output; got \(data.featureCount) features, "
                    + "\(data.classCount) classes and \(sizes.last ?? 0) outputs")
        }
        guard totalSteps > 0, (0..<totalSteps).contains(k) else {
            throw NeuralError.invalidArgument("step must be in 0..<\(totalSteps), got \(k)")
        }
        try WorkGuard.reserve(graphBytes(examples: data.count), for: "this step's graph")
        let (x, labels) = Self.points(data)
        let f = data.featureCount
        var losses: [Scalar] = []
        var correct = 0
        for (i, label) in labels.enumerated() {
            let y: Double = label > 0 ? 1 : -1
            let input = (0..<f).map { Scalar(x[i * f + $0]) }
            guard let score = self(input).first else { continue }
            losses.append((1 + -y * score).relu())
            if (y > 0) == (score.data > 0) { correct += 1 }
        }
        let dataLoss = sum(losses) * (1.0 / Double(losses.count))
        let regLoss = alpha * sum(parameters.map { $0 * $0 })
        let total = dataLoss + regLoss
        guard total.data.isFinite else {
            throw NeuralError.invalidArgument("the loss became \(total.data) at step \(k); try a smaller alpha")
        }
        for p in parameters { p.grad = 0 }     // micrograd's model.zero_grad()
        total.backward()
        let learningRate = 1.0 - 0.9 * Double(k) / Double(totalSteps)
        for p in parameters { p.data -= learningRate * p.grad }
        return (total.data, Double(correct) / Double(labels.count))
    }

    /// About how many bytes the graph of one `trainStep` on `examples` points
    /// takes: per point, two nodes per weight (a product and a sum), one per
    /// input and a few for the loss; then two per parameter for the L2 term;
    /// each node also gets a place in the backward pass's ordering.
    public func graphBytes(examples: Int) -> Int {
        let perExample = 2 * parameterCount + sizes[0] + 8
        let (nodes, overflow) = examples.multipliedReportingOverflow(by: perExample)
        guard !overflow, nodes < Int.max / 1024 else { return Int.max }
        return (nodes + 2 * parameterCount) * (Scalar.nodeBytes + 16)
    }

    /// Python's `sum`: 0 + v₀ + v₁ + …, one `+` node per term.
    private func sum(_ values: [Scalar]) -> Scalar {
        values.reduce(Scalar(0)) { $0 + $1 }
    }

    /// All features as Doubles, row-major, and the labels.
    private static func points(_ data: Dataset) -> ([Double], [Int32]) {
        var x: [Float] = [], y: [Int32] = []
        data.batch(Array(0..<data.count)[...], x: &x, y: &y)
        return (x.map(Double.init), y)
    }
}
