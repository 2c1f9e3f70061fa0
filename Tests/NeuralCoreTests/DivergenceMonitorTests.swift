import NeuralCore
import XCTest

final class DivergenceMonitorTests: XCTestCase {
    /// Runs gradient descent on f(w) = w² from `start`, observing step 0 (the
    /// start) and every update, and returns the first verdict.
    private func descendSquare(start: Double, rate: Double, steps: Int) -> DescentVerdict? {
        var monitor = DivergenceMonitor(start: start)
        var w = start
        if let verdict = monitor.observe(step: 0, value: w, loss: w * w) { return verdict }
        for step in 1...steps {
            w -= rate * 2 * w
            if let verdict = monitor.observe(step: step, value: w, loss: w * w) { return verdict }
        }
        return nil
    }

    func testSmallRateNeverFires() {
        XCTAssertNil(descendSquare(start: 1, rate: 0.1, steps: 10_000))
    }

    func testLargeRateOvershootsAtStepThree() {
        // w: 1, -2, 4, -8; loss: 1, 4, 16, 64 rises three times.
        XCTAssertEqual(descendSquare(start: 1, rate: 1.5, steps: 100), .overshooting(step: 3))
    }

    func testOscillationWithEqualLossDoesNotFire() {
        // Rate 1.0: w = 1, -1, 1, -1 … with loss 1 every step.
        XCTAssertNil(descendSquare(start: 1, rate: 1.0, steps: 10_000))
    }

    func testNonFiniteWeightOrLoss() {
        var monitor = DivergenceMonitor(start: 1)
        XCTAssertNil(monitor.observe(step: 0, value: 1, loss: 1))
        XCTAssertEqual(monitor.observe(step: 1, value: .nan, loss: 1), .nonFinite(step: 1))
        var second = DivergenceMonitor(start: 1)
        XCTAssertEqual(second.observe(step: 4, value: 2, loss: .infinity), .nonFinite(step: 4))
        var third = DivergenceMonitor(start: 1)
        XCTAssertEqual(third.observe(step: 2, value: -.infinity, loss: nil), .nonFinite(step: 2))
    }

    func testGrowingWithoutBound() {
        var monitor = DivergenceMonitor(start: 1)
        XCTAssertNil(monitor.observe(step: 1, value: 1e12, loss: nil))
        XCTAssertEqual(monitor.observe(step: 2, value: -2e12, loss: nil), .growingWithoutBound(step: 2))
        var scaled = DivergenceMonitor(start: -100)
        XCTAssertNil(scaled.observe(step: 1, value: 5e13, loss: nil), "bound scales with |start|")
        XCTAssertEqual(scaled.observe(step: 2, value: 2e14, loss: nil), .growingWithoutBound(step: 2))
    }

    func testFallingLossResetsTheCount() {
        var monitor = DivergenceMonitor(start: 0)
        XCTAssertNil(monitor.observe(step: 0, value: 0, loss: 1))
        XCTAssertNil(monitor.observe(step: 1, value: 1, loss: 2))
        XCTAssertNil(monitor.observe(step: 2, value: 2, loss: 3))
        XCTAssertNil(monitor.observe(step: 3, value: 3, loss: 2.5), "the loss fell")
        XCTAssertNil(monitor.observe(step: 4, value: 4, loss: 3))
        XCTAssertNil(monitor.observe(step: 5, value: 5, loss: 4))
        XCTAssertEqual(monitor.observe(step: 6, value: 6, loss: 5), .overshooting(step: 6))
    }

    func testRisingLossWhileApproachingStartIsNotOvershooting() {
        var monitor = DivergenceMonitor(start: 0)
        XCTAssertNil(monitor.observe(step: 0, value: 10, loss: 1))
        XCTAssertNil(monitor.observe(step: 1, value: 8, loss: 2))
        XCTAssertNil(monitor.observe(step: 2, value: 6, loss: 3))
        XCTAssertNil(monitor.observe(step: 3, value: 4, loss: 4))
    }

    func testUnknownLossSkipsOvershootCheck() {
        var monitor = DivergenceMonitor(start: 1)
        for (step, w) in [1.0, -2, 4, -8, 16].enumerated() {
            XCTAssertNil(monitor.observe(step: step, value: w, loss: nil))
        }
    }
}
