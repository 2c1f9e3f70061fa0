/// A labelled data set for classification, held compactly: images stay as
/// bytes and are scaled to Float32 one batch at a time, so 60,000 MNIST
/// images take 47 MB rather than 188 MB.
public struct Dataset: Sendable {
    /// How the features are stored.
    public enum Features: Sendable {
        /// Bytes, each multiplied by `scale` when a batch is made (pixels: 1/255 or 1/16).
        case bytes([UInt8], scale: Float)
        /// Ready Float32 values (2-D teaching sets, CSV files).
        case floats([Float])
    }

    public let name: String
    /// Values per example (64 for the 8×8 digits, 784 for MNIST, 2 for the 2-D sets).
    public let featureCount: Int
    /// Number of classes; labels are 0..<classCount.
    public let classCount: Int
    public let features: Features
    public let labels: [Int32]

    public var count: Int { labels.count }

    /// Checks that the features fill `count × featureCount` and every label is in range.
    public init(name: String, featureCount: Int, classCount: Int, features: Features, labels: [Int32]) throws {
        let n: Int
        switch features {
        case .bytes(let b, _): n = b.count
        case .floats(let f): n = f.count
        }
        guard featureCount > 0, n == labels.count * featureCount else {
            throw NeuralError.invalidArgument("\(name): \(n) feature values do not make \(labels.count) examples of \(featureCount)")
        }
        if let bad = labels.first(where: { $0 < 0 || Int($0) >= classCount }) {
            throw NeuralError.invalidArgument("\(name): label \(bad) is outside 0…\(classCount - 1)")
        }
        self.name = name
        self.featureCount = featureCount
        self.classCount = classCount
        self.features = features
        self.labels = labels
    }

    /// Writes the examples at `indices` into `x` (row-major, indices.count × featureCount,
    /// scaled to Float32) and their labels into `y`. Both are resized as needed.
    public func batch(_ indices: ArraySlice<Int>, x: inout [Float], y: inout [Int32]) {
        let f = featureCount
        if x.count != indices.count * f { x = [Float](repeating: 0, count: indices.count * f) }
        if y.count != indices.count { y = [Int32](repeating: 0, count: indices.count) }
        // Rows are copied through base pointers so the inner loop has no index
        // arithmetic to check and vectorises (it is ~10% of a training step).
        x.withUnsafeMutableBufferPointer { out in
            guard let outBase = out.baseAddress else { return }
            switch features {
            case .bytes(let bytes, let scale):
                bytes.withUnsafeBufferPointer { src in
                    guard let srcBase = src.baseAddress else { return }
                    for (row, i) in indices.enumerated() {
                        let s = srcBase + i * f, d = outBase + row * f
                        for k in 0..<f { d[k] = Float(s[k]) * scale }
                    }
                }
            case .floats(let values):
                values.withUnsafeBufferPointer { src in
                    guard let srcBase = src.baseAddress else { return }
                    for (row, i) in indices.enumerated() {
                        (outBase + row * f).update(from: srcBase + i * f, count: f)
                    }
                }
            }
        }
        for (row, i) in indices.enumerated() { y[row] = labels[i] }
    }

    /// The examples at `indices`, as a new data set (for splits).
    public func subset(_ indices: [Int], name: String) throws -> Dataset {
        let f = featureCount
        let elementSize: Int
        switch features {
        case .bytes: elementSize = 1
        case .floats: elementSize = MemoryLayout<Float>.stride
        }
        try WorkGuard.reserve(indices.count * (f * elementSize + MemoryLayout<Int32>.stride), for: "a part of \(self.name)")
        let newLabels = indices.map { labels[$0] }
        switch features {
        case .bytes(let bytes, let scale):
            var out = [UInt8](); out.reserveCapacity(indices.count * f)
            for i in indices { out.append(contentsOf: bytes[(i * f)..<((i + 1) * f)]) }
            return try Dataset(name: name, featureCount: f, classCount: classCount, features: .bytes(out, scale: scale), labels: newLabels)
        case .floats(let values):
            var out = [Float](); out.reserveCapacity(indices.count * f)
            for i in indices { out.append(contentsOf: values[(i * f)..<((i + 1) * f)]) }
            return try Dataset(name: name, featureCount: f, classCount: classCount, features: .floats(out), labels: newLabels)
        }
    }
}

/// A training set and a test set, as `digits()` and `mnist(…)` return them.
public struct DatasetSplit: Sendable {
    public let train: Dataset
    public let test: Dataset
    public init(train: Dataset, test: Dataset) {
        self.train = train
        self.test = test
    }
}
