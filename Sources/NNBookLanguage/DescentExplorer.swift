import NeuralCore

/// `explore descend f from A rate R [steps N]`: what the caller needs to show
/// the descent explorer, worked out by the session before it is handed over
/// (`CellResult.view`), so the explorer is a value: no interpreter, no
/// terminal. Every rate of the ladder has its descent run once, up to
/// `maxSteps` (or until it diverges), with the curve under it, so a key only
/// picks another rate or shows more or fewer of the steps already known.
public struct DescentExplorer: Sendable {
    /// What a key asks for.
    public enum Action: Sendable, Equatable { case slower, faster, fewerSteps, moreSteps }

    /// Rates `←`/`→` step through: 1-2-5 up to 0.1, every tenth to 2, then
    /// 3, 5, 10, 20, 50, 100 (the typed rate is put in its place when it is
    /// none of these). On f(x) = x² the tenths cover the whole story: smooth
    /// below 0.5, zig-zag from 0.5 to 1, diverging above 1.
    public static let ladder: [Double] = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05]
        + (1...20).map { Double($0) / 10 } + [3, 5, 10, 20, 50, 100]
    /// The most steps `↑` shows.
    public static let maxSteps = 50
    /// Steps shown when the command names none.
    public static let defaultSteps = 10
    /// Below this the frame says the terminal is too small.
    public static let minimumSize = (width: 80, height: 24)

    /// One step k: w_k, f'(w_k), w_{k+1} and f(w_{k+1}).
    public struct Step: Sendable, Equatable {
        public let k: Int
        public let w: Double
        public let slope: Double
        public let next: Double
        public let loss: Double?
    }

    /// How a rate behaves on the function over `maxSteps` steps.
    public enum Behaviour: Sendable, Equatable {
        /// Every step on the same side of the minimum, the slope shrinking.
        case converging
        /// Each step jumps across the minimum (the update changes sign on most steps).
        case oscillating
        /// Neither settling nor diverging (no minimum that way, or a rate that lands at the same height).
        case notSettling
        case diverging(DescentVerdict)
    }

    /// One rate's descent, run once.
    struct Trace: Sendable {
        let rate: Double
        let steps: [Step]
        let verdict: DescentVerdict?
        /// The function sampled over `xRange`.
        let curve: [Double]
        let xRange: ClosedRange<Double>
        let behaviour: Behaviour
    }

    /// The function as the cell typed it (`f`), and its display name.
    let source: String
    let name: String
    /// `f(x) = x^2, f'(x) = 2*x`.
    let formula: String
    let start: Double
    let startLoss: Double?
    let traces: [Trace]
    let precision: Precision
    public private(set) var rateIndex: Int
    public private(set) var steps: Int

    init(source: String, name: String, formula: String, start: Double, startLoss: Double?, traces: [Trace],
         rateIndex: Int, steps: Int, precision: Precision) {
        self.source = source; self.name = name; self.formula = formula; self.start = start; self.startLoss = startLoss
        self.traces = traces; self.rateIndex = rateIndex; self.steps = steps; self.precision = precision
    }

    public var rate: Double { traces[rateIndex].rate }
    var trace: Trace { traces[rateIndex] }

    /// The ladder with `typed` in its place (once).
    static func rates(with typed: Double) -> [Double] {
        (ladder.contains(typed) ? ladder : (ladder + [typed]).sorted())
    }

    /// Carries out `action`; false when it changes nothing (already at an end).
    @discardableResult
    public mutating func perform(_ action: Action) -> Bool {
        switch action {
        case .slower where rateIndex > 0: rateIndex -= 1
        case .faster where rateIndex < traces.count - 1: rateIndex += 1
        case .fewerSteps where steps > 1: steps -= 1
        case .moreSteps where steps < Self.maxSteps: steps += 1
        default: return false
        }
        return true
    }

    /// The settings as a cell that replays them: `descend f from 1 rate 0.3 steps 8`.
    public var cell: String {
        "descend \(source) from \(NumberFormat.format(start, precision: .full)) rate \(NumberFormat.format(rate, precision: .full)) steps \(steps)"
    }

    /// The steps shown: the first `steps`, fewer when the descent stopped before.
    var shownSteps: ArraySlice<Step> { trace.steps.prefix(steps) }

    /// The w reached after the shown steps, and f there.
    var reached: (k: Int, w: Double, loss: Double?) {
        guard let last = shownSteps.last else { return (0, start, startLoss) }
        return (last.k + 1, last.next, last.loss)
    }

    /// Works out how a run behaves from its steps.
    static func behaviour(of steps: [Step], verdict: DescentVerdict?) -> Behaviour {
        if let verdict { return .diverging(verdict) }
        guard let first = steps.first, let last = steps.last else { return .converging }
        let moves = steps.map { $0.next - $0.w }
        let turns = zip(moves, moves.dropFirst()).filter { $0.0 * $0.1 < 0 }.count
        let settles = abs(last.slope) < abs(first.slope) * 0.5 || abs(last.slope) < 1e-9
        if turns * 2 >= max(1, moves.count - 1) { return settles ? .oscillating : .notSettling }
        return settles ? .converging : .notSettling
    }
}
