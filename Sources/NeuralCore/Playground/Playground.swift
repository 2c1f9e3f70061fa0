import Foundation

/// One point of the playground's plane: its coordinates and class (0 or 1).
public struct PlaygroundPoint: Equatable, Sendable {
    public let x1: Double
    public let x2: Double
    public let label: Int
    public init(x1: Double, x2: Double, label: Int) {
        self.x1 = x1
        self.x2 = x2
        self.label = label
    }
}

/// One layer's weights and biases, or their gradients. `weights[j][i]` is
/// what neuron `j` multiplies input `i` by.
public struct PlaygroundLayer: Equatable, Sendable {
    public var weights: [[Double]]
    public var biases: [Double]
}

/// Each neuron's output over a grid of the input plane: `layers[0]` the
/// input features, then each hidden layer, then the output (the model's
/// probability of class 1). Each map is row-major, `rows × columns`, row 0 at
/// the top (largest x2), each sample at its cell's centre.
public struct PlaygroundMaps: Sendable {
    public let columns: Int
    public let rows: Int
    public let layers: [[[Double]]]
    /// The output layer's one map: the decision regions.
    public var decision: [Double] { layers.last?.first ?? [] }
}

/// TensorFlow-Playground-style training of a small network on 2-D points.
///
/// The network is the inputs (the chosen features of each point), 0–6 hidden
/// layers of the chosen activation, and one sigmoid output, the probability
/// of class 1, trained on binary cross-entropy by plain gradient descent
/// with an optional L1/L2 penalty on the weights.
///
/// `step()` is one **epoch**, as the Playground's `oneStep`: every training
/// point once, in order, an update after each `batch` of them (the last one
/// shorter). An epoch is what the counter counts, and it moves the picture
/// by the same amount whatever the batch size, so changing the batch does
/// not change how fast the screen seems to learn.
///
/// Why not the `Workspace`/`DenseKernel` training path: these networks have at
/// most 8 neurons a layer, where CBLAS calls cost more than the arithmetic;
/// the screen needs every neuron's output over a grid and the gradient of
/// every weight, which the kernels do not keep; and the penalty is not part
/// of `train`. So this is a small Float64 path, written out like
/// `DenseNetwork` (the loops are the formulas), tested against finite
/// differences.
public struct Playground: Sendable {
    public internal(set) var settings: PlaygroundSettings
    /// The learner's own points, if they replaced the built-in set.
    public let customPoints: [PlaygroundPoint]?
    public let train: [PlaygroundPoint]
    public let test: [PlaygroundPoint]
    /// The plane the maps cover: x1 then x2, each (lower, upper).
    public let domain: (x1: ClosedRange<Double>, x2: ClosedRange<Double>)
    /// The weights now: hidden layers then the output layer.
    public private(set) var layers: [PlaygroundLayer]
    /// Each layer's gradient on the last batch of the last step (zeros before any).
    public private(set) var gradient: [PlaygroundLayer]
    /// Epochs trained.
    public private(set) var epoch = 0
    /// Mean cross-entropy on the training and test points, at epoch 0, 1, 2, …
    public private(set) var trainLoss: [Double] = []
    public private(set) var testLoss: [Double] = []
    private let initial: [PlaygroundLayer]
    /// The most points a run takes (a frame trains on all of them).
    public static let maxPoints = 20_000

    /// The run these settings describe; `points`, if given, replace the
    /// built-in set (then `data` and `noise` are not used) and are split as it is.
    public init(settings: PlaygroundSettings, points: [PlaygroundPoint]? = nil) throws {
        if let problem = settings.problem() { throw NeuralError.invalidArgument("playground: \(problem)") }
        self.settings = settings
        customPoints = points
        let all = try points ?? Self.builtinPoints(settings)
        guard all.count >= 4, Set(all.map(\.label)) == [0, 1] else {
            throw NeuralError.invalidArgument("playground: the data needs at least 4 points of both classes 0 and 1")
        }
        guard all.count <= Self.maxPoints else {
            throw NeuralError.invalidArgument("playground: at most \(Self.maxPoints) points can be drawn and trained live, got \(all.count); take a sample of them")
        }
        guard all.allSatisfy({ $0.x1.isFinite && $0.x2.isFinite }) else {
            throw NeuralError.invalidArgument("playground: every point needs two finite coordinates (a nan or inf was found)")
        }
        (train, test) = try Self.split(all, trainRatio: settings.trainRatio, seed: settings.seed)
        domain = Self.domain(of: all)
        initial = Self.initialLayers(settings)
        layers = initial
        gradient = initial.map { PlaygroundLayer(weights: $0.weights.map { $0.map { _ in 0 } }, biases: $0.biases.map { _ in 0 }) }
        recordLosses()
    }

    /// Back to the seeded initial weights and epoch 0, so a run replays exactly.
    public mutating func rewind() {
        layers = initial
        gradient = gradient.map { PlaygroundLayer(weights: $0.weights.map { $0.map { _ in 0 } }, biases: $0.biases.map { _ in 0 }) }
        epoch = 0
        trainLoss = []
        testLoss = []
        recordLosses()
    }

    /// One epoch: an update per `batch` training points, then the losses.
    public mutating func step() {
        var start = 0
        while start < train.count {
            let end = min(start + settings.batch, train.count)
            gradient = gradient(on: train[start..<end])
            for l in layers.indices {
                for j in layers[l].weights.indices {
                    for i in layers[l].weights[j].indices { layers[l].weights[j][i] -= settings.rate * gradient[l].weights[j][i] }
                    layers[l].biases[j] -= settings.rate * gradient[l].biases[j]
                }
            }
            start = end
        }
        epoch += 1
        recordLosses()
    }

    /// The features of a point, in `settings.features` order.
    public func inputs(_ p: PlaygroundPoint) -> [Double] {
        settings.features.map { $0.value(x1: p.x1, x2: p.x2) }
    }

    /// Every layer's outputs for one input vector: `[inputs, hidden…, [p]]`.
    public func forward(_ input: [Double]) -> [[Double]] { pass(input).outputs }

    /// The outputs and, for each layer after the inputs, the weighted sums z.
    private func pass(_ input: [Double]) -> (outputs: [[Double]], sums: [[Double]]) {
        var outputs = [input], sums: [[Double]] = []
        for (l, layer) in layers.enumerated() {
            let x = outputs[outputs.count - 1]
            let z = layer.weights.indices.map { j in
                var z = layer.biases[j]
                for i in x.indices { z += layer.weights[j][i] * x[i] }
                return z
            }
            let f = l == layers.count - 1 ? Activation.sigmoid : settings.activation
            sums.append(z)
            outputs.append(z.map(f.value))
        }
        return (outputs, sums)
    }

    /// The mean binary cross-entropy of the model on `points` (no penalty).
    public func loss(on points: ArraySlice<PlaygroundPoint>) -> Double {
        guard !points.isEmpty else { return 0 }
        var total = 0.0
        for p in points {
            let z = outputLogit(inputs(p))
            // −log σ(z) for class 1, −log(1 − σ(z)) for class 0, from the logit: softplus.
            let signed = p.label == 1 ? -z : z
            total += max(signed, 0) + log1p(exp(-abs(signed)))
        }
        return total / Double(points.count)
    }

    /// The penalty λ·R(w) on every weight (biases are not penalised).
    public func penalty() -> Double {
        let all = layers.flatMap { $0.weights.flatMap { $0 } }
        switch settings.regularization {
        case .none: return 0
        case .l1: return settings.regularizationRate * all.reduce(0) { $0 + abs($1) }
        case .l2: return settings.regularizationRate * all.reduce(0) { $0 + 0.5 * $1 * $1 }
        }
    }

    /// The gradient of `loss(on: points) + penalty()` with respect to every
    /// weight and bias, by backpropagation: the output's δ = σ(z) − y, a hidden
    /// neuron's δ = f′(z)·Σ w·δ of the next layer, each weight's gradient the
    /// mean of δ·input, plus λ·sign(w) (L1) or λ·w (L2).
    public func gradient(on points: ArraySlice<PlaygroundPoint>) -> [PlaygroundLayer] {
        var g = layers.map { PlaygroundLayer(weights: $0.weights.map { $0.map { _ in 0 } }, biases: $0.biases.map { _ in 0 }) }
        let scale = 1 / Double(max(points.count, 1))
        for p in points {
            let (outputs, sums) = pass(inputs(p))
            var delta = [outputs[outputs.count - 1][0] - Double(p.label)]
            for l in stride(from: layers.count - 1, through: 0, by: -1) {
                let x = outputs[l]
                for j in delta.indices {
                    g[l].biases[j] += scale * delta[j]
                    for i in x.indices { g[l].weights[j][i] += scale * delta[j] * x[i] }
                }
                guard l > 0 else { break }
                delta = x.indices.map { i in
                    var sum = 0.0
                    for j in delta.indices { sum += layers[l].weights[j][i] * delta[j] }
                    return sum * settings.activation.derivative(sums[l - 1][i])
                }
            }
        }
        let lambda = settings.regularizationRate
        for l in g.indices {
            for j in g[l].weights.indices {
                for i in g[l].weights[j].indices {
                    let w = layers[l].weights[j][i]
                    switch settings.regularization {
                    case .none: break
                    case .l1: g[l].weights[j][i] += lambda * (w > 0 ? 1 : (w < 0 ? -1 : 0))
                    case .l2: g[l].weights[j][i] += lambda * w
                    }
                }
            }
        }
        return g
    }

    /// Replaces the weights (for tests and for loading a saved state); the shapes must match.
    public mutating func setLayers(_ new: [PlaygroundLayer]) throws {
        guard new.count == layers.count, zip(new, layers).allSatisfy({ $0.weights.map(\.count) == $1.weights.map(\.count) && $0.biases.count == $1.biases.count }) else {
            throw NeuralError.invalidArgument("playground: the weights do not fit the network \(settings.layers)")
        }
        layers = new
    }

    /// Every neuron's output over a `columns × rows` grid of `domain`,
    /// computed layer by layer over the whole grid at once (each neuron's
    /// map is one array, its weighted sum a loop over the previous layer's
    /// arrays), so a frame's grid costs a few multiply-adds a weight a cell.
    public func maps(columns: Int, rows: Int) -> PlaygroundMaps {
        let columns = max(columns, 1), rows = max(rows, 1), count = columns * rows
        var x1 = [Double](repeating: 0, count: count), x2 = x1
        for r in 0..<rows {
            let y = domain.x2.upperBound - (Double(r) + 0.5) / Double(rows) * (domain.x2.upperBound - domain.x2.lowerBound)
            for c in 0..<columns {
                x1[r * columns + c] = domain.x1.lowerBound + (Double(c) + 0.5) / Double(columns) * (domain.x1.upperBound - domain.x1.lowerBound)
                x2[r * columns + c] = y
            }
        }
        var result = [settings.features.map { f in (0..<count).map { f.value(x1: x1[$0], x2: x2[$0]) } }]
        for (l, layer) in layers.enumerated() {
            let value = (l == layers.count - 1 ? Activation.sigmoid : settings.activation).descriptor.value
            let previous = result[result.count - 1]
            result.append(layer.weights.indices.map { j in
                var sums = [Double](repeating: layer.biases[j], count: count)
                for (i, input) in previous.enumerated() {
                    let w = layer.weights[j][i]
                    for g in 0..<count { sums[g] += w * input[g] }
                }
                return sums.map(value)
            })
        }
        return PlaygroundMaps(columns: columns, rows: rows, layers: result)
    }

    // MARK: - Inside

    private func outputLogit(_ input: [Double]) -> Double {
        pass(input).sums.last?.first ?? 0
    }

    private mutating func recordLosses() {
        trainLoss.append(loss(on: train[...]))
        testLoss.append(loss(on: test[...]))
    }

    private static func builtinPoints(_ s: PlaygroundSettings) throws -> [PlaygroundPoint] {
        let split = try Datasets.twoDimensional(s.data, count: PlaygroundSettings.pointCount, noise: s.noise, seed: s.seed)
        return [split.train, split.test].flatMap { set -> [PlaygroundPoint] in
            guard case .floats(let f) = set.features else { return [] }
            return set.labels.indices.map { PlaygroundPoint(x1: Double(f[2 * $0]), x2: Double(f[2 * $0 + 1]), label: Int(set.labels[$0])) }
        }
    }

    /// A stratified split of the points (`Dataset.stratifiedSplit`'s rule), each half in its original order.
    private static func split(_ all: [PlaygroundPoint], trainRatio: Double, seed: UInt64) throws -> ([PlaygroundPoint], [PlaygroundPoint]) {
        let set = try Dataset(name: "playground", featureCount: 1, classCount: 2, features: .floats(all.indices.map { Float($0) }), labels: all.map { Int32($0.label) })
        let halves = try set.stratifiedSplit(testFraction: 1 - trainRatio, seed: seed)
        func points(_ d: Dataset) -> [PlaygroundPoint] {
            guard case .floats(let f) = d.features else { return [] }
            return f.map { all[Int($0)] }
        }
        return (points(halves.train), points(halves.test))
    }

    /// The points' bounding box widened by a tenth on each side, rounded out to halves.
    private static func domain(of points: [PlaygroundPoint]) -> (x1: ClosedRange<Double>, x2: ClosedRange<Double>) {
        func range(_ values: [Double]) -> ClosedRange<Double> {
            let low = values.min() ?? -1, high = values.max() ?? 1
            let margin = max(0.1 * (high - low), 0.1)
            return ((low - margin) * 2).rounded(.down) / 2...((high + margin) * 2).rounded(.up) / 2
        }
        return (range(points.map(\.x1)), range(points.map(\.x2)))
    }

    /// The TensorFlow Playground's start: weights uniform in (−0.5, 0.5), biases 0.1,
    /// drawn from a generator seeded from `seed` (separate from the data's).
    private static func initialLayers(_ s: PlaygroundSettings) -> [PlaygroundLayer] {
        var random = SeededGenerator(seed: s.seed &+ 0x5EED)
        var fanIn = s.features.count
        return (s.layers + [1]).map { width in
            defer { fanIn = width }
            return PlaygroundLayer(
                weights: (0..<width).map { _ in (0..<fanIn).map { _ in random.nextUniform() - 0.5 } },
                biases: [Double](repeating: 0.1, count: width))
        }
    }
}
