import Foundation
import NeuralCore
import XCTest
@testable import NNBookLanguage

/// Fuzz/nnbook.dict is generated from the registries (commands, meta-commands,
/// builtins): this test fails when the checked-in file differs, and writes it
/// afresh when asked to:
///
///     NNBOOK_WRITE_FUZZ_DICT=1 swift test --filter FuzzDictionaryTests
final class FuzzDictionaryTests: XCTestCase {
    static let regenerate = "NNBOOK_WRITE_FUZZ_DICT=1 swift test --filter FuzzDictionaryTests"

    func testTheCheckedInDictionaryIsTheGeneratedOne() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/nnbook.dict")
        let generated = FuzzDictionary.text()
        if ProcessInfo.processInfo.environment["NNBOOK_WRITE_FUZZ_DICT"] == "1" {
            try generated.write(to: url, atomically: true, encoding: .utf8)
        }
        let file = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(file, generated, "Fuzz/nnbook.dict is not what the registries give; regenerate it with: \(Self.regenerate)")
    }

    func testItHasEveryCommandMetaCommandAndBuiltin() {
        let entries = Set(FuzzDictionary.words())
        for word in CommandRegistry.words + Builtins.names + MetaCommand.catalog.map({ ":" + $0.name }) {
            XCTAssertTrue(entries.contains(word), word)
        }
        for word in ["save!", "plot!", "graph!", "from", "rate", "steps", "input:", "activation:", "adam", "ascii"] {
            XCTAssertTrue(entries.contains(word), word)
        }
    }
}

/// The words of the fuzz dictionary, each once, in the order of the file.
enum FuzzDictionary {
    static func words() -> [String] {
        var words: [String] = []
        var seen = Set<String>()
        func add(_ ws: [String]) { for w in ws where seen.insert(w).inserted { words.append(w) } }
        add(Parser.keywords.sorted() + Parser.foreignKeywords.keys.sorted())
        for c in CommandRegistry.all {
            add([c.word] + (c.replacesFiles ? [c.word + "!"] : []) + c.argumentWords)
        }
        for name in Builtins.names {
            // Named arguments, from the builtin's parameters (`input: n` → `input:`).
            let labels = (Builtins.table[name]?.parameterNames ?? "").split(separator: " ").filter { $0.hasSuffix(":") }.map(String.init)
            add([name] + labels)
        }
        add(Optimizer.Kind.allCases.map(\.rawValue) + Loss.allCases.map(\.rawValue))
        add([".weights", ".biases", ".layers", ".parameters", ".train", ".test", ".grad", ".data", ".relu()", ".backward()"])
        for m in MetaCommand.catalog {
            let replacing = m.summary.contains(":\(m.name)!") ? [":\(m.name)!"] : []  // `:save!`, `:export!`
            add([":" + m.name] + replacing + m.aliases.map { ":" + $0 } + m.argumentWords)
        }
        add(Interpreter.pythonMetaWords + ["?", "??"])  // Python's `quit()`, `help(x)`, IPython's `x?`
        add(Builtins.constants.keys.sorted())
        add(Interpreter.kerasMethods.sorted().map { "." + $0 + "(" } + ["=", "input_shape=", "activation=", "epochs=", "batch_size="])
        add(["Out", "_", "**", "//", "@", "+=", "-=", "*=", "/=", "==", "!=", "<=", ">=", "^", "'", "''"])
        add(["a, b = ", "(x_train, y_train), (x_test, y_test) = ", "[0:1]", "tf.keras.datasets.mnist", ".load_data()", "/ 255.0"])  // the article's 5.2 program
        return words
    }

    /// The file: a header, the words, then the markers of journals and notebooks.
    static func text() -> String {
        let header = [
            "# libFuzzer dictionary: the language's keywords, commands, builtins and meta-commands,",
            "# then the session journal's and notebooks' markers. Generated from the registries; after",
            "# adding a command, builtin or meta-command run: \(FuzzDictionaryTests.regenerate)",
        ]
        let markers = [
            "# The session journal (first byte 0x01) and notebooks (first byte 0x02).",
            #""\x01nnbook journal 1\x0a""#,
            #""nnbook journal ""#,
            #""\"outcome\":\"interrupted\"""#,
            #""\"outcome\":\"ran\"""#,
            #""\"complete\":true""#,
            #""\"state\":{""#,
            #""\"numbers-digest\"""#,
            #""\"composite\":{\"kind\":""#,
            #""\"number\":{\"_0\":""#,
            #""\x02```nnbook\x0a""#,
            #""\x03{\"complete\":false,\"count\":1,""#,
            #""```nnbook\x0a""#,
            #""```output\x0a""#,
            #""```hint\x0a""#,
            #""```mistake\x0a""#,
            #""\x0a---\x0a""#,
            #""\x0a```\x0a""#,
            #""~~~nnbook""#,
            #""````""#,
        ]
        let quoted = words().map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        return (header + quoted + markers).joined(separator: "\n") + "\n"
    }
}
