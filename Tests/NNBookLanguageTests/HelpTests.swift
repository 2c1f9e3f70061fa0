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

    func testBackwardHelpSaysGradientsAccumulate() {
        let text = Session().ok(":help backward").plainLines.joined(separator: " ")
        XCTAssertTrue(text.contains("accumulate"), text)
        XCTAssertTrue(text.contains("zero_grad"), text)
    }
}
