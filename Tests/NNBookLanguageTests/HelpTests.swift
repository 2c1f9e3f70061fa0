import XCTest
@testable import NNBookLanguage

/// `:help`: every builtin, command and meta-command is documented with an example.
final class HelpTests: XCTestCase {
    func testEveryBuiltinHasHelpWithAnExample() {
        let s = Session()
        for name in Builtins.names {
            let lines = s.ok(":help \(name)").plainLines
            XCTAssertTrue(lines.first?.hasPrefix("\(name)(") ?? false, "\(name): \(lines)")
            XCTAssertTrue(lines.contains { $0.contains("example:") }, "\(name) has no example: \(lines)")
        }
    }

    func testEveryCommandHasHelpWithAnExample() {
        let s = Session()
        for word in Interpreter.commandWords {
            let lines = s.ok(":help \(word)").plainLines
            XCTAssertGreaterThan(lines.count, 1, "\(word) has no example: \(lines)")
            XCTAssertTrue(lines[0].contains(word) || word == "step", "\(word): \(lines)")
        }
    }

    func testEveryMetaCommandHasHelp() {
        let s = Session()
        for meta in MetaCommand.catalog {
            let lines = s.ok(":help :\(meta.name)").plainLines
            XCTAssertEqual(lines.first, "\(meta.usage) — \(meta.summary)")
        }
    }

    func testOverviewListsEverythingAndUnknownTopicsSuggest() {
        let s = Session()
        let overview = s.ok(":help").plainLines.joined(separator: "\n")
        for name in ["sigmoid", "descend", ":lesson", "backward"] { XCTAssertTrue(overview.contains(name), name) }
        guard let (d, _) = s.failure(":help sigmod") else { return }
        XCTAssertEqual(d.hint, "did you mean :help sigmoid?")
    }

    func testIPythonQuestionMarksAreHelp() {
        let s = Session()
        let help = s.ok(":help sigmoid").plainLines
        for spelling in ["?sigmoid", "sigmoid?", "??sigmoid", "sigmoid??", "  ? sigmoid ", "sigmoid ?"] {
            XCTAssertEqual(s.ok(spelling).plainLines, help, spelling)
        }
        XCTAssertEqual(s.ok("?").plainLines, s.ok(":help").plainLines)
        XCTAssertEqual(s.ok("?:save").plainLines.first, ":save FILE.md — write the session as a Markdown notebook (:save! to overwrite)")
        _ = s.ok("rate = 0.1")
        _ = s.ok("f(x) = x^2")
        XCTAssertEqual(s.ok("rate?").plainLines, ["rate = 0.1  (a variable of this session; :vars lists them all)"])
        XCTAssertEqual(s.ok("f?").plainLines, ["f(x) = x^2  (a variable of this session; :vars lists them all)"])
        guard let (d, _) = s.failure("  sigmod?") else { return }
        XCTAssertEqual(d.message, "no help on 'sigmod'")
        XCTAssertEqual(d.hint, "did you mean :help sigmoid?")
        XCTAssertEqual(d.span?.start.column, 3)
        XCTAssertEqual(d.span?.start.line, 1)
        for notHelp in ["???sigmoid", "?sigmoid?", "? a b", "x = 1 ?", "??? ", "a\n?"] { XCTAssertNil(Help.query(notHelp), notHelp) }
        XCTAssertNil(Session.syntaxError(in: "sigmoid?"))
        XCTAssertTrue(s.ok("?sigmoid").outputs.allSatisfy { if case .text(_, .plain) = $0 { true } else { false } })
    }

    func testPythonsQuitExitAndHelpAreMetaCommandsUntilShadowed() {
        let s = Session()
        for line in ["quit", "exit", "quit()", " exit ( ) "] { XCTAssertEqual(s.execute(line).request, .quit, line) }
        XCTAssertEqual(s.pythonMeta("help"), .help(topic: nil))
        XCTAssertEqual(s.pythonMeta("help(sigmoid)"), .help(topic: "sigmoid"))
        XCTAssertEqual(s.pythonMeta("help('sigmoid')"), .help(topic: "sigmoid"))
        XCTAssertEqual(s.ok("help(\"relu\")").plainLines, s.ok(":help relu").plainLines)
        for other in ["quit(1)", "exit(0)", "help(f(2))", "quitter", "help(a, b)", "exit + 1"] { XCTAssertNil(s.pythonMeta(other), other) }
        _ = s.ok("exit = 4")
        XCTAssertNil(s.pythonMeta("exit"))
        XCTAssertEqual(s.number("exit"), 4)
        guard let (d, _) = s.failure("help(sigmod)") else { return }
        XCTAssertEqual(d.span?.start.column, 6)
        XCTAssertEqual(d.hint, "did you mean :help sigmoid?")
    }

    func testBackwardHelpSaysGradientsAccumulate() {
        let text = Session().ok(":help backward").plainLines.joined(separator: " ")
        XCTAssertTrue(text.contains("accumulate"), text)
        XCTAssertTrue(text.contains("zero_grad"), text)
    }
}
