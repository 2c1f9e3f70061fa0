import XCTest
@testable import NNBookLanguage

/// Every command and meta-command is one registry entry with all of its
/// parts; the parser, `:help`, completion and the lexer read them from there.
final class CommandRegistryTests: XCTestCase {
    func testEveryCommandHasItsWordHelpAndAnExampleThatParsesToItself() throws {
        XCTAssertEqual(Set(CommandRegistry.words).count, CommandRegistry.words.count, "a word starts two commands")
        for command in CommandRegistry.all {
            let word = command.word
            XCTAssertFalse(word.isEmpty)
            guard let topic = command.help[word] else { XCTFail("\(word) has no help topic named after it"); continue }
            for t in command.help.values {
                XCTAssertFalse(t.usage.isEmpty || t.summary.isEmpty || t.example.isEmpty, "\(word): a help topic lacks a part")
            }
            XCTAssertTrue(topic.usage.hasPrefix(word), "\(word): \(topic.usage)")
            // Each example line that starts with the word parses to this very command.
            var parsed = 0
            for t in command.help.values {
                for line in t.example.split(separator: "\n") where line.hasPrefix(word + " ") || line.hasPrefix(word + "!") {
                    let code = String(line.split(separator: "#")[0])
                    guard case .command(let c, let span)? = try Parser.parse(code).first else { XCTFail("\(line) is not a command"); continue }
                    XCTAssertTrue(type(of: c.body) == command, "\(line) parsed as \(type(of: c.body))")
                    XCTAssertEqual(span.start.column, 1, String(line))
                    parsed += 1
                }
            }
            XCTAssertGreaterThan(parsed, 0, "\(word): no example shows the command itself")
            for w in command.argumentWords { XCTAssertTrue(w.allSatisfy { $0.isLetter || $0 == "_" }, "\(word): '\(w)'") }
        }
    }

    func testTheWordsEveryListNeedsComeFromTheRegistry() {
        XCTAssertEqual(Interpreter.commandWords, ["explain", "descend", "step", "plot", "summary", "train", "evaluate", "confusion",
                                                  "predict", "save", "backward", "zero_grad", "graph", "show", "explore", "playground"])
        XCTAssertEqual(CommandRegistry.replacingWords, ["save", "plot", "graph", "show"])
        XCTAssertEqual(Set(Help.commands.keys), Set(CommandRegistry.words + ["neuron step", "network step"]))
        let s = Session()
        for word in CommandRegistry.words { XCTAssertTrue(s.completions(prefix: String(word.prefix(3))).contains(word), word) }
        for m in MetaCommand.catalog { XCTAssertTrue(s.completions(prefix: ":" + m.name.prefix(2)).contains(":" + m.name), m.name) }
    }

    func testAWordThatIsNotACommandIsNeverParsedAsOne() throws {
        // The parser reaches command() only for registered words; any other word is refused, not taken for summary.
        var p = Parser(tokens: try Lexer.tokenize("model m"))
        XCTAssertThrowsError(try p.command("model")) { error in
            guard let d = error as? Diagnostic else { return XCTFail("\(error)") }
            assertDiagnostic(d, .syntax, contains: "'model' is not a command", line: 1, column: 1)
        }
    }

    func testEveryMetaCommandHasItsPartsAndWhoCarriesItOut() {
        let names = MetaCommand.catalog.flatMap { [$0.name] + $0.aliases }
        XCTAssertEqual(Set(names).count, names.count, "a name means two meta-commands")
        for m in MetaCommand.catalog {
            XCTAssertTrue(m.usage.hasPrefix(":" + m.name), m.usage)
            XCTAssertFalse(m.summary.isEmpty, m.name)
            for alias in m.aliases { XCTAssertEqual(try MetaCommand.parse(":" + alias).get(), try MetaCommand.parse(":" + m.name).get(), alias) }
            // The session carries out its own and hands the rest back (:time runs code, :load needs a file there).
            if m.name == "time" || m.name == "load" { continue }
            let line = [":save": ":save x.md", ":export": ":export x.ipynb", ":plots": ":plots ascii"][":" + m.name] ?? ":" + m.name
            let result = Session().execute(line)
            XCTAssertFalse(result.failed, line)
            XCTAssertEqual(result.request == nil, m.handledBy == .session, "\(line): \(String(describing: result.request))")
        }
    }
}
