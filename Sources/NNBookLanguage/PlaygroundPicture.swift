import NeuralCore
import NNBookRender

/// A `Playground` (NeuralCore) as a `PlaygroundScreenState` (NNBookRender):
/// the one place that knows both, so the screen stays a drawing of numbers.
/// Each frame computes the neurons' maps at the layout's small size and the
/// output alone again at the decision panel's size.
enum PlaygroundPicture {
    /// The columns of neurons the screen lays out: the features, each hidden layer, the output.
    static func columnSizes(_ run: Playground) -> [Int] {
        [run.settings.features.count] + run.layers.map(\.biases.count)
    }

    /// The settings as the screen's short phrases, numbers as typed in the
    /// cell, most important first: on a narrow screen what does not fit in
    /// two rows is left out from the end (the features, which also label
    /// the network's inputs, and the seed, which the cell keeps). `points`
    /// names the learner's own points (`on pts`), in place of data and noise.
    static func phrases(_ s: PlaygroundSettings, points: String? = nil) -> [String] {
        let n = PlaygroundText.number
        var phrases = (points.map { ["data \($0)"] } ?? ["data \(s.data.rawValue)", "noise \(n(s.noise))"]) + [
            "split \(NumberFormat.format(s.trainRatio * 100, precision: .decimals(2)))% train",
            "batch \(s.batch)", "rate \(n(s.rate))", s.activation.rawValue,
            "layers [\(s.layers.map(String.init).joined(separator: ", "))]",
        ]
        phrases.append(s.regularization == .none ? "regularization none" : "\(s.regularization.rawValue) \(n(s.regularizationRate))")
        phrases.append("features \(s.features.map(\.label).joined(separator: " "))")
        phrases.append("seed \(s.seed)")
        return phrases
    }

    static func state(
        of run: Playground, layout: PlaygroundLayout, playing: Bool = false, backward: Bool = false,
        selected: (column: Int, neuron: Int)? = nil, selectedWeight: Int? = nil, points pointsName: String? = nil, format: @escaping @Sendable (Double) -> String
    ) -> PlaygroundScreenState {
        let small = run.maps(columns: layout.mapColumns, rows: layout.mapRows)
        let region = run.maps(columns: layout.regionColumns, rows: layout.regionRows)
        let columns: [[(label: String?, map: [Double])]] = small.layers.enumerated().map { l, maps in
            maps.enumerated().map { n, map in (l == 0 ? run.settings.features[n].label : nil, map) }
        }
        let points = run.train.map { PlaygroundScreenPoint(x: $0.x1, y: $0.x2, label: $0.label, isTest: false) }
            + run.test.map { PlaygroundScreenPoint(x: $0.x1, y: $0.x2, label: $0.label, isTest: true) }
        return PlaygroundScreenState(
            columns: columns, weights: (backward ? run.gradient : run.layers).map(\.weights), decision: region.decision,
            points: points, xRange: run.domain.x1, yRange: run.domain.x2, trainLoss: run.trainLoss, testLoss: run.testLoss,
            epoch: run.epoch, settings: phrases(run.settings, points: pointsName), playing: playing, backward: backward,
            selected: selected, selectedWeight: selectedWeight, format: format)
    }
}
