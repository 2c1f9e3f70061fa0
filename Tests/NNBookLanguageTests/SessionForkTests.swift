import XCTest
@testable import NNBookLanguage
import NNBookRender

/// `Session.fork()`: a copy that can be changed while the original stays as
/// it was (how a lesson tries an answer), and fingerprints that compare
/// values across sessions.
final class SessionForkTests: XCTestCase {
    func testAForkedVariableChangesOnlyInTheFork() {
        let s = Session()
        s.ok("w = 1")
        let f = s.fork()
        f.ok("w = w - 0.1 * 2")
        XCTAssertEqual(f.number("w"), 0.8)
        XCTAssertEqual(s.number("w"), 1)
    }

    func testAFunctionDefinedBeforeTheForkResolvesNamesInEachSessionOnItsOwn() {
        // f's body names `a`, which exists in neither session yet; each session
        // then creates other names first, so their slots differ.
        let s = Session()
        s.ok("f(x) = x + a")
        let f = s.fork()
        s.ok("a = 1")
        f.ok("b = 5")
        f.ok("a = 10")
        XCTAssertEqual(s.number("f(1)"), 2)
        XCTAssertEqual(f.number("f(1)"), 11)
        XCTAssertEqual(f.number("f'(3)"), 1)
    }

    func testAModelNamedTwiceIsStillOneModelInTheForkAndTrainingItLeavesTheOriginal() {
        let s = Session()
        s.ok("data = xor()")
        s.ok("m = sequential(dense(4, relu, input: 2), dense(1, sigmoid))")
        s.ok("m2 = m")
        let before = s.fingerprints()["m"]
        let f = s.fork()
        f.ok("train m on data epochs 2")
        XCTAssertEqual(s.fingerprints()["m"], before, "the original model changed")
        XCTAssertNotEqual(f.fingerprints()["m"], before, "training the fork's model changed nothing")
        XCTAssertEqual(f.fingerprints()["m2"], f.fingerprints()["m"], "m2 no longer names the same model as m in the fork")
    }

    func testANeuronStepInTheForkLeavesTheOriginalNeuron() {
        let s = Session()
        s.ok("n = neuron([0.1, 0.2, 0.3], bias: 0.4, activation: sigmoid)")
        let f = s.fork()
        f.ok("step n input [1, 2, 3] target 1 rate 0.1")
        XCTAssertEqual(s.numbers("n.weights"), [0.1, 0.2, 0.3])
        XCTAssertNotEqual(f.numbers("n.weights"), [0.1, 0.2, 0.3])
        // `step` repeats the last neuron step on the fork's own neuron.
        let again = f.ok("step")
        XCTAssertTrue(again.plainLines.first?.hasPrefix("neuron step 2:") ?? false, "\(again.plainLines)")
    }

    func testAutogradGraphsAreCopiedWithTheirSharing() {
        let s = Session()
        s.ok("a = value(2)")
        s.ok("b = value(-3)")
        s.ok("c = a * b + a")
        let f = s.fork()
        f.ok("backward c")
        XCTAssertEqual(f.number("a.grad") ?? .nan, -2, accuracy: 1e-12)  // b + 1: a is used twice
        XCTAssertEqual(f.number("b.grad") ?? .nan, 2, accuracy: 1e-12)
        XCTAssertEqual(s.number("a.grad"), 0)
    }

    func testAnMLPTrainedInTheForkLeavesTheOriginal() {
        let s = Session()
        s.ok("net = mlp([2, 4, 1])")
        s.ok("data = moons()")
        let before = s.fingerprints()["net"]
        let f = s.fork()
        f.ok("train net on data steps 2")
        XCTAssertEqual(s.fingerprints()["net"], before)
        XCTAssertNotEqual(f.fingerprints()["net"], before)
    }

    func testTheLastDescentContinuesInBothSessionsFromWhereItWas() {
        let s = Session()
        s.ok("f(x) = x^2")
        s.ok("descend f from 1 rate 0.1 steps 1")
        let f = s.fork()
        XCTAssertEqual(f.ok("step").plainLines.first, s.ok("step").plainLines.first)
    }

    func testCountsAndPastResultsCarryOver() {
        let s = Session()
        s.ok("2 + 2")
        let f = s.fork()
        XCTAssertEqual(f.nextCount, 2)
        XCTAssertEqual(f.number("Out[1]"), 4)
    }

    // MARK: fingerprints

    func testEquivalentDefinitionsHaveMatchingFingerprints() throws {
        let a = Session(), b = Session()
        a.ok("f(x) = x^2")
        b.ok("def f(x): return x * x")
        let fa = try XCTUnwrap(a.fingerprints()["f"]), fb = try XCTUnwrap(b.fingerprints()["f"])
        XCTAssertTrue(fa.matches(fb))
        b.ok("f(x) = x^2 + 1e-3")
        XCTAssertFalse(fa.matches(try XCTUnwrap(b.fingerprints()["f"])))
    }

    func testNumbersMatchToOnePartInAMillion() {
        XCTAssertTrue(Fingerprint.number(0.8).matches(.number(1 - 0.1 * 2)))
        XCTAssertTrue(Fingerprint.number(0.880797077).matches(.number(0.8807971)))
        XCTAssertFalse(Fingerprint.number(0.880797).matches(.number(0.8808)))
        XCTAssertTrue(Fingerprint.number(.nan).matches(.number(.nan)))
        XCTAssertFalse(Fingerprint.number(1).matches(.text("1")))
        XCTAssertTrue(Fingerprint.number(2).matches(.numbers(shape: [1], values: [2])))
        XCTAssertFalse(Fingerprint.numbers(shape: [3], values: [1, 2, 3]).matches(.numbers(shape: [1, 3], values: [1, 2, 3])))
    }

    func testSamplingAFunctionThatPrintsPrintsNothing() {
        let s = Session()
        s.ok("def g(x): return x + 1")
        _ = s.fingerprints()
        XCTAssertEqual(s.ok("g(1)").plainLines, ["2"])
    }

    // MARK: what a cell reports

    func testACellReportsItsValueTheValueItExplainedAndItsFigures() throws {
        let s = Session()
        s.ok("f(x) = x^2")
        XCTAssertEqual(s.ok("f'(0.8)").value.map(s.fingerprint), .number(1.6))
        let explained = s.ok("explain f'(0.8)")
        XCTAssertNil(explained.value)
        XCTAssertEqual(explained.explained.map(s.fingerprint), .number(1.6))
        let narrow = Session(options: { var o = SessionOptions(); o.width = 40; return o }())
        let wide = Session(options: { var o = SessionOptions(); o.width = 120; o.colour = true; return o }())
        let p1 = narrow.ok("plot sigmoid from -6 to 6"), p2 = wide.ok("plot sigmoid from -6 to 6")
        XCTAssertNotEqual(p1.plainLines, p2.plainLines)
        XCTAssertEqual(p1.figures, p2.figures)
        XCTAssertEqual(p1.figures.first?.series.first?.xs.count, Figure.curveSamples + 1)
        XCTAssertEqual(try XCTUnwrap(p1.figures.first?.series.first?.ys.last), 0.997527, accuracy: 1e-6)
    }

    func testAbsorbTakesOnlyTheOtherSessionsNewNamesAsCopies() {
        let lesson = Session(), repl = Session()
        lesson.ok("w = 0.8")
        repl.ok("w = 5")
        repl.ok("mine = [1, 2]")
        repl.ok("g(x) = x + w")
        for _ in 0..<5 { repl.ok("1") }
        lesson.absorb(repl)
        XCTAssertEqual(lesson.number("w"), 0.8, "the lesson's own w wins")
        XCTAssertEqual(lesson.numbers("mine"), [1, 2])
        XCTAssertEqual(lesson.number("g(1)"), 1.8, "a function resolves its names in its new session")
        XCTAssertEqual(repl.number("g(1)"), 6)
        XCTAssertGreaterThan(lesson.nextCount, 8)
    }
}
