import Foundation

/// The shapes of the 2-D teaching sets, after the TensorFlow Playground and
/// scikit-learn's `make_moons`. Each has two classes, 0 and 1.
public enum TwoDKind: String, CaseIterable, Sendable {
    /// Class 0 inside radius 0.5, class 1 in the ring from 0.7 to 1: no straight
    /// line separates them, but one hidden layer can.
    case circle
    /// Points in the four quadrants of [-1, 1]², kept at least 0.05 from the
    /// axes; class 1 where the signs of x and y differ (the XOR of the signs).
    case xor
    /// Two round Gaussian blobs of standard deviation 0.25, class 0 around
    /// (-0.5, -0.5) and class 1 around (0.5, 0.5): almost linearly separable.
    case gauss
    /// Two interleaved spirals of 1¾ turns from the centre out to radius 1,
    /// class 1 the half-turn rotation of class 0.
    case spiral
    /// Two interleaving half circles of radius 1, exactly as scikit-learn's
    /// `make_moons`: class 0 the upper arc centred at (0, 0), class 1 the lower
    /// arc centred at (1, 0.5).
    case moons
}

extension Datasets {
    /// 2-D teaching sets (features x, y as Float; returns a seeded 80/20 split).
    ///
    /// Half of the `count` points belong to each class (class 1 gets the odd
    /// one out). Each point is drawn on its class's shape (see `TwoDKind`), then
    /// `noise` is added to both coordinates as Gaussian jitter of that standard
    /// deviation — the same meaning as `noise` in `make_moons` — while the label
    /// stays that of the shape. So with `noise: 0` the classes are cleanly
    /// separated, and at 0.3 or more they overlap visibly. The points are
    /// shuffled, then split by `stratifiedSplit(testFraction: 0.2, seed:)`.
    ///
    /// Everything is drawn from one `SeededGenerator(seed:)`; normal deviates
    /// use the Box–Muller transform `√(−2 ln u₁) · cos 2πu₂`.
    ///
    /// - Parameters:
    ///   - count: total number of points, 10…1,000,000.
    ///   - noise: standard deviation of the jitter, 0…1.
    public static func twoDimensional(
        _ kind: TwoDKind, count: Int = 200, noise: Double = 0.1, seed: UInt64 = 42
    ) throws -> DatasetSplit {
        guard (10...1_000_000).contains(count) else {
            throw NeuralError.invalidArgument("\(kind.rawValue): count must be between 10 and 1000000 points, got \(count)")
        }
        guard noise.isFinite, (0...1).contains(noise) else {
            throw NeuralError.invalidArgument("\(kind.rawValue): noise must be between 0 and 1, got \(noise)")
        }
        // The points (24 bytes each), their features and labels (12), then the
        // split's indices and copies: about 80 bytes a point.
        try WorkGuard.reserve(count * 80, for: "the \(count) points of \(kind.rawValue)")
        var random = SeededGenerator(seed: seed)
        let sizes = [count / 2, count - count / 2]
        var points: [(x: Double, y: Double, label: Int32)] = []
        points.reserveCapacity(count)
        for label in 0..<2 {
            for i in 0..<sizes[label] {
                let (x, y) = shapePoint(kind, label: label, index: i, of: sizes[label], random: &random)
                points.append((x, y, Int32(label)))
            }
        }
        if noise > 0 {
            for k in points.indices {
                points[k].x += noise * gaussian(&random)
                points[k].y += noise * gaussian(&random)
            }
        }
        Dataset.shuffle(&points, using: &random)
        let all = try Dataset(
            name: kind.rawValue, featureCount: 2, classCount: 2,
            features: .floats(points.flatMap { [Float($0.x), Float($0.y)] }),
            labels: points.map(\.label))
        return try all.stratifiedSplit(testFraction: 0.2, seed: seed)
    }

    /// The noiseless point number `index` (of `size`) of class `label`.
    private static func shapePoint(
        _ kind: TwoDKind, label: Int, index: Int, of size: Int, random: inout SeededGenerator
    ) -> (Double, Double) {
        switch kind {
        case .circle:
            let radius = label == 0 ? 0.5 * random.nextUniform() : 0.7 + 0.3 * random.nextUniform()
            let angle = 2 * Double.pi * random.nextUniform()
            return (radius * cos(angle), radius * sin(angle))
        case .xor:
            let sign: Double = random.nextUniform() < 0.5 ? -1 : 1
            let x = sign * (0.05 + 0.95 * random.nextUniform())
            let y = sign * (0.05 + 0.95 * random.nextUniform())
            return label == 0 ? (x, y) : (x, -y)
        case .gauss:
            let centre = label == 0 ? -0.5 : 0.5
            return (centre + 0.25 * gaussian(&random), centre + 0.25 * gaussian(&random))
        case .spiral:
            let t = Double(index) / Double(size)
            let angle = 1.75 * 2 * Double.pi * t + Double(label) * Double.pi
            return (t * sin(angle), t * cos(angle))
        case .moons:
            // np.linspace(0, π, size): both ends included.
            let angle = size > 1 ? Double.pi * Double(index) / Double(size - 1) : 0
            return label == 0 ? (cos(angle), sin(angle)) : (1 - cos(angle), 1 - sin(angle) - 0.5)
        }
    }

    /// A standard normal deviate by Box–Muller; `1 − u` keeps the logarithm finite.
    private static func gaussian(_ random: inout SeededGenerator) -> Double {
        let u1 = 1 - random.nextUniform(), u2 = random.nextUniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
