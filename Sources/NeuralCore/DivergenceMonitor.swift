/// Why a gradient-descent run should stop and tell the learner.
public enum DescentVerdict: Equatable, Sendable {
    /// The weight or the loss became NaN or infinite at `step`.
    case nonFinite(step: Int)
    /// |w| passed 10¹²·max(1, |start|) at `step`: the run is exploding.
    case growingWithoutBound(step: Int)
    /// The loss rose on three consecutive steps while w kept moving away from
    /// its start, detected at `step`: the learning rate is too large.
    case overshooting(step: Int)
}

/// Watches a gradient-descent run step by step and says when it is diverging.
///
/// Feed it every step, in order, with `observe(step:value:loss:)`; it returns
/// `nil` while all is well, and a verdict on each step where something is
/// wrong (the caller normally stops at the first one). The checks, in order:
///
/// 1. w or the loss is NaN or ±∞ → `.nonFinite`.
/// 2. |w| > 10¹²·max(1, |start|) → `.growingWithoutBound`.
/// 3. The loss increased on 3 consecutive observations and |w − start| did
///    not shrink on any of them → `.overshooting`.
///
/// For f(w) = w² from 1: rate 0.1 shrinks w by 0.8 per step and never fires;
/// rate 1.5 gives w = −2, 4, −8, … and fires at step 3; rate 1.0 oscillates
/// 1, −1, 1 with an equal loss, which is not an increase, so it never fires.
/// "Did not shrink" rather than "grew" because w can oscillate around the
/// minimum: from 1, −2 and 4 are the same distance 3 from the start.
public struct DivergenceMonitor: Sendable {
    /// The weight the run started from.
    public let start: Double
    /// How many consecutive rising steps make an `.overshooting` verdict.
    public static let risingStepsToOvershoot = 3
    /// The factor on max(1, |start|) beyond which |w| counts as exploding.
    public static let growthBound = 1e12

    private var previousLoss: Double?
    private var previousDistance = 0.0
    private var risingSteps = 0

    /// A monitor for a run that starts at weight `start`.
    public init(start: Double) {
        self.start = start
    }

    /// Records one step and returns a verdict if the run is diverging.
    ///
    /// - Parameters:
    ///   - step: the step number, reported back in the verdict.
    ///   - w: the weight after this step.
    ///   - loss: the loss at `w`, or `nil` when it is unknown; without a loss
    ///     only the first two checks run and the rising-step count restarts.
    public mutating func observe(step: Int, value w: Double, loss: Double?) -> DescentVerdict? {
        if !w.isFinite || loss.map({ !$0.isFinite }) == true {
            return .nonFinite(step: step)
        }
        if abs(w) > Self.growthBound * Swift.max(1, abs(start)) {
            return .growingWithoutBound(step: step)
        }
        let distance = abs(w - start)
        defer {
            previousLoss = loss
            previousDistance = distance
        }
        guard let loss, let previous = previousLoss else {
            risingSteps = 0
            return nil
        }
        if loss > previous && distance >= previousDistance {
            risingSteps += 1
        } else {
            risingSteps = 0
        }
        return risingSteps >= Self.risingStepsToOvershoot ? .overshooting(step: step) : nil
    }
}
