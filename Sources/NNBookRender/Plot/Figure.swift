/// What a chart shows, as numbers: its series and their points, whatever
/// width, glyphs or colours it was drawn with. Two charts of the same
/// functions over the same range have equal figures on any terminal, which
/// is how a lesson judges a learner's `plot` against its own.
///
/// Function curves are sampled at a fixed number of points over the range
/// (`Figure.curveSamples`), never at a number that depends on the width.
public struct Figure: Sendable, Equatable {
    /// One series: its legend label and its points in order.
    public struct Series: Sendable, Equatable {
        public var label: String
        public var xs: [Double]
        public var ys: [Double]

        public init(label: String, points: [(x: Double, y: Double)]) {
            self.label = label
            xs = points.map(\.x)
            ys = points.map(\.y)
        }
    }

    /// What kind of chart: `functions`, `descent`, `loss` or `boundary`.
    public var kind: String
    public var series: [Series]

    public init(kind: String, series: [Series]) {
        self.kind = kind
        self.series = series
    }

    /// Points per function curve: enough for a smooth line at 200 columns of braille.
    public static let curveSamples = 400
}
