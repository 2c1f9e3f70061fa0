import XCTest
@testable import NNBookLanguage

/// The session's state is in parts, each owning one kind of memory and
/// saying what `:reset` does to it: a test per part.
final class SessionStateTests: XCTestCase {
    /// Every stored part of `SessionState` is a `SessionPart`, so none is left out of `:reset`.
    func testEveryPartOfTheStateSaysWhatResetDoes() {
        let parts = Mirror(reflecting: SessionState()).children
        XCTAssertEqual(parts.compactMap(\.label), ["variables", "cells", "last", "settings"])
        for part in parts { XCTAssertTrue(part.value is any SessionPart, "\(part.label ?? "?") is not a SessionPart") }
    }

    func testResetForgetsVariablesAndFunctionsAndBringsBackABuiltin() {
        let s = Session()
        s.ok("x = 1")
        s.ok("f(x) = x^2")
        s.ok("sigmoid(x) = 2")
        s.ok(":reset")
        XCTAssertEqual(s.variableNames, [])
        assertDiagnostic(s.failure("f(2)")?.0, .name, contains: "unknown name 'f'", line: 1, column: 1)
        XCTAssertEqual(s.number("sigmoid(0)"), 0.5)
        s.ok("x = 3")  // the slot x had before is used again
        XCTAssertEqual(s.number("x"), 3)
    }

    func testResetForgetsResultsButTheCountAndHistoryGoOn() {
        let s = Session()
        s.ok("1 + 1")
        s.ok(":reset")
        assertDiagnostic(s.failure("Out[1]")?.0, .value, contains: "Out[1] does not exist", line: 1, column: 1)
        assertDiagnostic(s.failure("_")?.0, .name, contains: "'_' is the last result, and there is none yet", line: 1, column: 1)
        XCTAssertEqual(s.nextCount, 5)
        XCTAssertEqual(s.ok(":history").plainLines, ["In [1]: 1 + 1", "In [2]: :reset", "In [3]: Out[1]", "In [4]: _"])
    }

    /// The neuron `step` repeats is forgotten too (the descent and training run: ErrorTests).
    func testResetForgetsTheLastNeuronStep() {
        let s = Session()
        s.ok("n = neuron([0.1, 0.2], bias: 0.3, activation: sigmoid)")
        s.ok("step n input [1, 2] target 1 rate 0.1")
        s.ok("step")
        s.ok(":reset")
        assertDiagnostic(s.failure("step")?.0, .value, contains: "there is no descent to continue", line: 1, column: 1)
    }

    func testResetKeepsTheSettings() {
        let s = Session()
        s.ok(":precision 2")
        s.ok(":plots ascii")
        s.ok(":reset")
        XCTAssertEqual(s.precision, .decimals(2))
        XCTAssertFalse(s.options.unicode)
        XCTAssertEqual(s.ok("1/3").plainLines.last, "0.33")
    }

    /// A fork copies every part: running a cell in it leaves the original as it was.
    func testAForkCopiesEveryPart() {
        let s = Session()
        s.ok(":precision 3")
        s.ok("f(x) = x^2")
        s.ok("descend f from 1 rate 0.1 steps 1")
        s.ok("2/3")
        let fork = s.fork()
        XCTAssertEqual(fork.nextCount, s.nextCount)
        XCTAssertEqual(fork.ok("Out[4]").plainLines.last, "0.667")
        fork.ok("step")
        fork.ok(":reset")
        fork.ok(":precision 1")
        XCTAssertEqual(s.precision, .decimals(3))
        XCTAssertEqual(s.value(named: "f").map { s.describe($0) }, "f(x) = x^2")
        XCTAssertEqual(s.ok("Out[4]").plainLines.last, "0.667")
        XCTAssertTrue(s.ok("step").plainLines.joined().contains("step 2"), "the original's descent goes on from its own step 1")
    }
}
