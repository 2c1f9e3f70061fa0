extension Dataset {
    /// Splits the examples into a training set and a test set, class by class.
    ///
    /// *Stratified* means each class is split on its own: its indices are
    /// shuffled with a `SeededGenerator(seed:)` (Fisher–Yates, drawing
    /// `j = ⌊u·(i+1)⌋` from `nextUniform()`), and the first
    /// `round(testFraction × classSize)` of them go to the test set. So every
    /// class keeps its share in both halves — with 10 digit classes of about
    /// 180 examples and `testFraction` 0.2, each class puts 35 or 36 in test —
    /// and a rare class can never vanish from one side by bad luck.
    ///
    /// Both halves keep the examples in their original order. The arithmetic is
    /// IEEE-exact, so a seed gives the same split on every machine.
    ///
    /// - Parameters:
    ///   - testFraction: the share of each class put in the test set, in 0…1.
    ///   - seed: seeds the shuffles; classes are shuffled in label order from one generator.
    public func stratifiedSplit(testFraction: Double = 0.2, seed: UInt64 = 42) throws -> DatasetSplit {
        guard testFraction.isFinite, (0...1).contains(testFraction) else {
            throw NeuralError.invalidArgument("\(name): the test fraction must be between 0 and 1, got \(testFraction)")
        }
        guard count > 0 else {
            throw NeuralError.invalidArgument("\(name): there are no examples to split")
        }
        var byClass = [[Int]](repeating: [], count: classCount)
        for (index, label) in labels.enumerated() { byClass[Int(label)].append(index) }

        var generator = SeededGenerator(seed: seed)
        var trainIndices: [Int] = [], testIndices: [Int] = []
        for var members in byClass {
            Self.shuffle(&members, using: &generator)
            let testCount = Int((Double(members.count) * testFraction).rounded())
            testIndices += members[..<testCount]
            trainIndices += members[testCount...]
        }
        return DatasetSplit(
            train: try subset(trainIndices.sorted(), name: "\(name) train"),
            test: try subset(testIndices.sorted(), name: "\(name) test"))
    }

    /// Fisher–Yates with `nextUniform()`, so the permutation does not depend on
    /// the Swift standard library's shuffling algorithm.
    static func shuffle<T>(_ items: inout [T], using generator: inout SeededGenerator) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, through: 1, by: -1) {
            let j = min(i, Int(generator.nextUniform() * Double(i + 1)))
            items.swapAt(i, j)
        }
    }
}
