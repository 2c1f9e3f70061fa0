import Foundation
import NNBookLanguage
import XCTest
@testable import NNBookNotebook

/// What a cell is measured to have changed, and a replay that skips cells
/// Ctrl-C stopped, can itself be stopped, and names the variables that came
/// back different.
final class JournalReplayTests: XCTestCase {
    /// Runs `sources` as the REPL does, returning the records it would journal.
    /// `interrupt` is stopped as Ctrl-C would, after it has run a while.
    func journaled(_ sources: [String], in session: Session = Session(), interrupt: String? = nil) -> [JournalRecord] {
        sources.map { source in
            var checks = 0
            session.isCancelled = {
                checks += 1
                return source == interrupt && checks > 1000
            }
            let result = session.execute(source)
            return JournalRecord(source: source, result: result, state: .after(source, in: session))
        }
    }

    func testACellRecordsWhatItAssignsAndNothingElse() {
        let records = journaled(["a = 1", "b = [1, 2, 3]", "f(x) = x^2", "sigmoid(a)", "for i in range(3):\n    a = a + i",
                                 "b[0] = 5", "sigmod(2)"])
        XCTAssertEqual(records.map(\.state), [
            ["a": .number(1)], ["b": .numbers(shape: [3], values: [1, 2, 3])], ["f": .composite(kind: "function", parts: [])],
            [:], ["a": .number(4), "i": .number(2)], ["b": .numbers(shape: [3], values: [5, 2, 3])], [:],
        ])
        XCTAssertEqual(records.map(\.outcome), [.ran, .ran, .ran, .ran, .ran, .ran, .failed])
        XCTAssertEqual(records.map(\.count), [1, 2, 3, 4, 5, 6, 7])
    }

    /// `train m2` changes `m` too (the same model); `step` changes the neuron it
    /// last stepped without naming it; `backward` fills gradients upstream.
    func testCommandsRecordEveryReferenceTheyMayHaveChanged() {
        let session = Session()
        let records = journaled(["m = sequential(dense(3, tanh, input: 2), dense(2, softmax))", "m2 = m", "data = xor()",
                                 "x = 2", "train m2 on data epochs 2", "n = neuron([0.1, 0.2], bias: 0.1, activation: sigmoid)",
                                 "step n input [1, 2] target 1 rate 0.5", "step", "a = value(2)", "b = a * a",
                                 "b.backward()"], in: session)
        XCTAssertEqual(records[1].state.keys.sorted(), ["m", "m2"])
        XCTAssertEqual(records[4].state.keys.sorted(), ["m", "m2"], "training changes every name of the model, not x or data")
        XCTAssertNotEqual(records[4].state["m"], records[0].state["m"])
        XCTAssertEqual(records[4].state["m"], JournalState.digest(of: session.value(named: "m") ?? .none, in: session))
        XCTAssertEqual(records[7].state.keys.sorted(), ["m", "m2", "n"], "a bare step changes the neuron")
        XCTAssertNotEqual(records[7].state["n"], records[6].state["n"])
        XCTAssertEqual(records[10].state.keys.sorted(), ["a", "b", "m", "m2", "n"])
        guard case .composite("value", let parts)? = records[10].state["a"] else { return XCTFail("\(records[10].state)") }
        XCTAssertEqual(parts, [.number(2), .number(4)], "a's gradient, filled by b.backward()")
    }

    func testAMetaCommandRecordsEveryVariable() {
        let records = journaled(["a = 1", "b = 2", ":precision 3", ":reset"])
        XCTAssertEqual(records[2].state, ["a": .number(1), "b": .number(2)])
        XCTAssertTrue(records[2].complete)
        XCTAssertEqual(records[3].state, [:])
        XCTAssertTrue(records[3].complete)
    }

    func testReplaySkipsInterruptedCellsAndNamesWhatTheyChanged() {
        let loop = "while True:\n    i = i + 1"
        let records = journaled(["i = 0", loop, "c = 0", "for k in range(100000):\n    c = c + 1", "g(x) = i * x"],
                                interrupt: loop)
        XCTAssertEqual(records[1].outcome, .interrupted)
        guard case .number(let reached)? = records[1].state["i"] else { return XCTFail("\(records[1])") }
        XCTAssertGreaterThan(reached, 0)
        let session = Session()
        var ran: [String] = []
        let report = JournalReplay.replay(records, in: session, execute: { session.execute($0) }, each: { source, _ in ran.append(source) })
        XCTAssertEqual(ran, ["i = 0", "c = 0", "for k in range(100000):\n    c = c + 1", "g(x) = i * x"])
        XCTAssertEqual(report.replayed, [1, 3, 4, 5])
        XCTAssertEqual(report.skipped, [2])
        XCTAssertNil(report.stop)
        XCTAssertEqual(report.differences, [.init(name: "i", defined: true, cell: 2, cellSkipped: true)])
        if case .number(let c)? = session.value(named: "c") { XCTAssertEqual(c, 100_000) } else { XCTFail("c") }
        XCTAssertEqual(report.summary(path: "j", variables: session.variableNames), [
            "resumed 4 cells from j", "skipped In [2], stopped by Ctrl-C when it ran", "variables: c, g, i, k",
            "may differ from what you had: i (In [2] changed it and was skipped)",
        ])
    }

    func testAReplayedCellStoppedByCtrlCEndsTheReplay() {
        let records = [
            JournalRecord(count: 1, source: "y = 1", output: [], outcome: .ran, state: ["y": .number(1)]),
            JournalRecord(count: 2, source: "while True:\n    y = y + 1", output: [], outcome: .ran, state: [:]),
            JournalRecord(count: 3, source: "z = 3", output: [], outcome: .ran, state: ["z": .number(3)]),
            JournalRecord(count: 4, source: "w = 4", output: [], outcome: .ran, state: ["w": .number(4)]),
        ]
        let session = Session()
        let report = JournalReplay.replay(records, in: session, execute: { source in
            session.isCancelled = { source.hasPrefix("while") }
            return session.execute(source)
        })
        XCTAssertEqual(report.replayed, [1])
        XCTAssertEqual(report.stop, .init(cell: 2, left: 2))
        XCTAssertEqual(report.differences, [], "only what was replayed is compared")
        XCTAssertNil(session.value(named: "z"))
        XCTAssertEqual(report.summary(path: "j", variables: session.variableNames, damage: nil), [
            "resumed 1 cell from j",
            "Ctrl-C stopped the resume at In [2]: the cells before it came back; 2 cells after it were not replayed",
            "variables: y",
        ])
    }

    func testAVariableThatReplaysDifferentlyOrNotAtAllIsNamed() {
        let records = [
            JournalRecord(count: 1, source: "a = 1", output: [], outcome: .ran, state: ["a": .number(2)]),
            JournalRecord(count: 2, source: "h(x) = x", output: [], outcome: .interrupted, state: ["h": .composite(kind: "function", parts: [])]),
            JournalRecord(count: 3, source: "b = 1", output: [], outcome: .ran, state: ["b": .number(1), "gone": .number(1)]),
            JournalRecord(count: 4, source: ":precision 3", output: [], outcome: .ran, state: ["a": .number(2), "b": .number(1)], complete: true),
            JournalRecord(count: 5, source: "c = 1", output: [], outcome: .ran, state: ["c": .number(1), "h": .number(1)]),
        ]
        let session = Session()
        let report = JournalReplay.replay(records, in: session, execute: { session.execute($0) })
        XCTAssertEqual(report.differences, [
            .init(name: "a", defined: true, cell: 4, cellSkipped: false),
            .init(name: "h", defined: false, cell: 5, cellSkipped: false),
        ], "'gone' was dropped by the complete list of In [4]")
        XCTAssertEqual(report.summary(path: "j", variables: session.variableNames).last,
                       "may differ from what you had: a (In [4] gave a different value this time), h (In [5] defined it, but not this time)")
    }

    func testATrainedModelComesBackTrainedAndMeasuredTheSame() {
        let sources = ["data = xor()", "m = sequential(dense(8, tanh, input: 2), dense(2, softmax))",
                       "train m on data epochs 20", "evaluate m on data"]
        let records = journaled(sources)
        let session = Session()
        let report = JournalReplay.replay(records, in: session, execute: { session.execute($0) })
        XCTAssertEqual(report.replayed, [1, 2, 3, 4])
        XCTAssertEqual(report.differences, [])
        XCTAssertEqual(session.execute("evaluate m on data").plainLines, records[3].output)
    }

    /// Replaying writes no file again (an edit made since is kept), and says which.
    func testReplayWritesNoFilesAndListsThem() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnbook-replay-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = folder + "/model.json", plot = folder + "/p.svg"
        let records = journaled(["m = sequential(dense(2, relu, input: 2))", "save m to \"\(model)\"",
                                 "plot sigmoid from -1 to 1 to \"\(plot)\"", ":save \(folder)/s.md"])
        try Data("edited by hand".utf8).write(to: URL(fileURLWithPath: model))
        try FileManager.default.removeItem(atPath: plot)
        let session = Session()
        let report = JournalReplay.replay(records, in: session, execute: { session.execute($0) })
        XCTAssertEqual(try String(contentsOfFile: model, encoding: .utf8), "edited by hand")
        XCTAssertFalse(FileManager.default.fileExists(atPath: plot))
        XCTAssertEqual(report.skippedWrites, [model, plot, folder + "/s.md"])
        XCTAssertEqual(session.fileAccess, .typed, "typing after the resume writes as before")
        XCTAssertTrue(report.summary(path: "j", variables: ["m"]).contains("not written again while replaying: \(model), \(plot), \(folder)/s.md"))
    }
}
