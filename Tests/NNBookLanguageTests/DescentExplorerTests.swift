import Foundation
import XCTest
@testable import NNBookLanguage

/// `explore descend …`: the explorer the session hands over, its frames
/// against committed screens (Tests/NNBookLanguageTests/ExploreScreens), its
/// keys, its settings cell, and the refusals where there is no terminal.
/// Regenerate the screens (then read the diff) with:
///
///     NNBOOK_WRITE_EXPLORE_SCREENS=1 swift test --filter DescentExplorerTests
final class DescentExplorerTests: XCTestCase {
    /// A session at a terminal, with f(x) = x^2 defined.
    func explorer(_ command: String, file: StaticString = #filePath, line: UInt = #line) -> DescentExplorer? {
        var options = SessionOptions()
        options.fullScreen = .available
        let s = Session(options: options)
        s.ok("f(x) = x^2")
        let r = s.ok(command, file: file, line: line)
        guard case .descent(let e)? = r.view else { XCTFail("no explorer from \(command)", file: file, line: line); return nil }
        return e
    }

    func testTheSettingsCellReplaysTheSettings() throws {
        var e = try XCTUnwrap(explorer("explore descend f from 1 rate 0.3 steps 8"))
        XCTAssertEqual(e.cell, "descend f from 1 rate 0.3 steps 8")
        e.perform(.faster)
        e.perform(.moreSteps)
        XCTAssertEqual(e.cell, "descend f from 1 rate 0.4 steps 9")
        for _ in 0..<3 { e.perform(.slower) }
        XCTAssertEqual(e.cell, "descend f from 1 rate 0.1 steps 9")
        e.perform(.slower)
        XCTAssertEqual(e.cell, "descend f from 1 rate 0.05 steps 9", "below 0.1 the ladder goes 1-2-5")
        // The default is 10 steps; a rate off the ladder is put in its place; a start keeps every digit.
        var odd = try XCTUnwrap(explorer("explore descend f from 1/3 rate 0.25"))
        XCTAssertEqual(odd.cell, "descend f from 0.3333333333333333 rate 0.25 steps 10")
        odd.perform(.faster)
        XCTAssertEqual(odd.rate, 0.3)
        odd.perform(.slower); odd.perform(.slower)
        XCTAssertEqual(odd.rate, 0.2)
        // The settings cell runs as the descent it names.
        let s = Session()
        s.ok("f(x) = x^2")
        let replay = s.ok(e.cell)
        XCTAssertTrue(replay.plainLines.contains { $0.hasPrefix("step 9:") }, replay.plainLines.joined(separator: "\n"))
    }

    func testKeysStopAtTheEnds() throws {
        var e = try XCTUnwrap(explorer("explore descend f from 1 rate 0.001 steps 1"))
        XCTAssertFalse(e.perform(.slower))
        XCTAssertFalse(e.perform(.fewerSteps))
        for _ in 0..<100 { e.perform(.moreSteps); e.perform(.faster) }
        XCTAssertEqual(e.steps, DescentExplorer.maxSteps)
        XCTAssertEqual(e.rate, 100)
        XCTAssertFalse(e.perform(.faster))
    }

    func testBehaviourOfEachRateOnTheParabola() throws {
        var e = try XCTUnwrap(explorer("explore descend f from 1 rate 0.3"))
        XCTAssertEqual(e.trace.behaviour, .converging)
        while e.rate < 0.8 { e.perform(.faster) }
        XCTAssertEqual(e.trace.behaviour, .oscillating)
        while e.rate < 1 { e.perform(.faster) }
        XCTAssertEqual(e.trace.behaviour, .notSettling, "rate 1 on x² lands at the same height for ever")
        while e.rate < 1.5 { e.perform(.faster) }
        XCTAssertEqual(e.trace.behaviour, .diverging(.overshooting(step: 3)))
        // The steps are descend's: w1 = 1 − 1.5·2 = −2, w2 = 4, w3 = −8.
        XCTAssertEqual(e.trace.steps.map(\.next), [-2, 4, -8])
        XCTAssertEqual(e.trace.steps.map(\.slope), [2, -4, 8])
    }

    // MARK: screens

    static let screens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("ExploreScreens")

    func checkScreen(_ name: String, _ command: String, width: Int, height: Int, unicode: Bool = true,
                     file: StaticString = #filePath, line: UInt = #line) throws {
        let e = try XCTUnwrap(explorer(command, file: file, line: line))
        let frame = e.frame(width: width, height: height, unicode: unicode, colour: false)
        XCTAssertEqual(frame.count, height, "a frame fills the screen", file: file, line: line)
        for l in frame { XCTAssertLessThanOrEqual(DescentExplorer.visibleWidth(l), width, l, file: file, line: line) }
        let text = frame.joined(separator: "\n") + "\n"
        let url = Self.screens.appendingPathComponent("\(name)-\(width)x\(height).txt")
        if ProcessInfo.processInfo.environment["NNBOOK_WRITE_EXPLORE_SCREENS"] == "1" {
            try FileManager.default.createDirectory(at: Self.screens, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(text, expected, "\(url.lastPathComponent) differs; regenerate with NNBOOK_WRITE_EXPLORE_SCREENS=1 and read the diff",
                       file: file, line: line)
    }

    func testScreens() throws {
        for (w, h) in [(80, 24), (120, 40)] {
            try checkScreen("converging", "explore descend f from 1 rate 0.3 steps 8", width: w, height: h)
            try checkScreen("oscillating", "explore descend f from 1 rate 0.8 steps 8", width: w, height: h)
            try checkScreen("diverging", "explore descend f from 1 rate 1.5 steps 8", width: w, height: h)
            try checkScreen("long", "explore descend f from 1 rate 0.1 steps 50", width: w, height: h)
        }
        try checkScreen("ascii-oscillating", "explore descend f from 1 rate 0.9", width: 80, height: 24, unicode: false)
    }

    func testFramesFitEverySize() throws {
        let e = try XCTUnwrap(explorer("explore descend f from 1 rate 0.1 steps 50"))
        for (w, h) in [(80, 24), (81, 25), (100, 30), (200, 60), (79, 24), (80, 23), (20, 5), (0, 0)] {
            for colour in [false, true] {
                let frame = e.frame(width: w, height: h, unicode: true, colour: colour)
                XCTAssertEqual(frame.count, max(h, 0), "\(w)×\(h)")
                for l in frame { XCTAssertLessThanOrEqual(DescentExplorer.visibleWidth(l), max(w, 1), "\(w)×\(h): \(l)") }
            }
        }
        let small = e.frame(width: 79, height: 24, unicode: true, colour: false).joined(separator: "\n")
        XCTAssertTrue(small.contains("explore needs a terminal of at least 80×24;"), small)
        XCTAssertTrue(small.contains("this one is 79×24."), small)
        let ascii = e.frame(width: 80, height: 24, unicode: false, colour: false).joined(separator: "\n")
        XCTAssertTrue(ascii.contains("Left/Right rate   Up/Down steps"), ascii)
        XCTAssertEqual(String(ascii.unicodeScalars.filter { !$0.isASCII }.map(Character.init)), "", ascii)
    }

    /// Functions with no minimum, poles, undefined regions, huge starts or
    /// non-number values still give a whole frame at every rate.
    func testAwkwardFunctionsGiveWholeFrames() throws {
        var options = SessionOptions()
        options.fullScreen = .available
        let s = Session(options: options)
        s.ok("g(x) = x\nh(x) = log(x)\nv(x) = [x, x]\nq(x) = x^4")
        for command in ["explore descend g from 0 rate 1", "explore descend h from -1 rate 0.1", "explore descend h' from 1 rate 0.5",
                        "explore descend q from 1e100 rate 100", "explore descend sigmoid from 0 rate 1",
                        "explore descend q from 3 rate 0.001 steps 50", "explore descend relu from -1 rate 0.5"] {
            let r = s.execute(command)
            guard case .descent(var e)? = r.view else { XCTFail("\(command): \(r.plainLines)"); continue }
            for _ in 0..<40 { e.perform(.slower) }
            while true {
                for (w, h) in [(80, 24), (120, 40)] {
                    let frame = e.frame(width: w, height: h, unicode: true, colour: true)
                    XCTAssertEqual(frame.count, h, command)
                    for l in frame { XCTAssertLessThanOrEqual(DescentExplorer.visibleWidth(l), w, "\(command) at rate \(e.rate): \(l)") }
                }
                if !e.perform(.faster) { break }
            }
        }
        let vector = s.failure("explore descend v from 1 rate 0.1")
        assertDiagnostic(vector?.0, .type, contains: "expected a number here, got a vector", line: 1, column: 1)
        let overflow = s.failure("explore descend q from 1e300 rate 100")  // as descend: f'(w0) is past the largest float
        assertDiagnostic(overflow?.0, .math, contains: "overflow", line: 1, column: 1)
    }

    // MARK: refusals

    func testRefusedWithoutATerminalSayingWhatToTypeInstead() {
        let s = Session()  // a notebook's session: nnbook run, check, a lesson
        s.ok("f(x) = x^2")
        s.expectError("explore descend f from 1 rate 0.3", .value, "explore draws on the whole terminal and reads keys, so it needs nnbook's prompt in a terminal: this session runs a notebook's cells (nnbook run or check, :load, a lesson or the demo)", column: 1)
        let r = s.execute("explore descend f from 1 rate 0.3")
        XCTAssertTrue(r.plainLines.contains("hint: type descend f from 1 rate 0.3 steps 10, then plot descent"), r.plainLines.joined(separator: "\n"))
        XCTAssertNil(r.view)
        var options = SessionOptions()
        options.fullScreen = .unavailable("TERM=dumb says this terminal cannot move the cursor")
        let dumb = Session(options: options)
        dumb.ok("f(x) = x^2")
        dumb.expectError("explore descend f from 2 rate 0.5 steps 4", .value, "explore draws on the whole terminal and reads keys, so it needs nnbook's prompt in a terminal: TERM=dumb says this terminal cannot move the cursor", column: 1)
    }

    func testMistakesAreLocated() {
        var options = SessionOptions()
        options.fullScreen = .available
        let s = Session(options: options)
        s.ok("f(x) = x^2")
        s.expectError("explore f", .syntax, "explore takes a descent: explore descend F from A rate R", column: 1)
        s.expectError("explore descend g from 1 rate 0.3", .name, "unknown function 'g'", column: 17)
        s.expectError("explore descend f from 1 rate -0.3", .value, "the learning rate must be positive (it is -0.3)", column: 31)
        s.expectError("explore descend f from 1 rate 0.3 steps 51", .value, "explore shows at most 50 steps", column: 41)
        s.expectError("explore descend f from 1 rate 0.3 steps 0", .value, "the number of steps must be at least 1", column: 41)
        s.expectError("explore descend 3 from 1 rate 0.3", .type, "descend needs a function of one variable", column: 17)
        s.expectError("for i in range(2):\n    explore descend f from 1 rate 0.3", .value, "one explore per cell: it takes the whole screen", line: 2, column: 5)
    }
}

private extension Session {
    /// A cell that must fail with exactly this kind and message, starting at this line and column.
    func expectError(_ source: String, _ kind: Diagnostic.Kind, _ message: String, line ln: Int = 1, column: Int,
                     file: StaticString = #filePath, line: UInt = #line) {
        let d = failure(source, file: file, line: line)?.0
        assertDiagnostic(d, kind, contains: message, line: ln, column: column, file: file, line: line)
        XCTAssertEqual(d?.message, message, file: file, line: line)
    }
}
