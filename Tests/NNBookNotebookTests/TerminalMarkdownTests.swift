import NNBookLanguage
import NNBookRender
import XCTest
@testable import NNBookNotebook

/// Text without ANSI escape sequences (ESC [ … letter).
func strippingANSI(_ s: String) -> String {
    s.replacingOccurrences(of: "\u{1B}\\[[0-9;?]*[A-Za-z]", with: "", options: .regularExpression)
}

func displayWidth(_ s: String) -> Int { TextWidth.of(strippingANSI(s)) }

private func render(_ md: String, width: Int = 80, colour: Bool = false, unicode: Bool = true) -> [String] {
    TerminalMarkdown.render(md, width: width, colour: colour, unicode: unicode)
}

final class TerminalMarkdownTests: XCTestCase {
    func testCodeSpanKeepsItsStarsAndLosesItsBackticks() {
        let md = "The article writes `weights - learning_rate * input_data * delta`, which climbs."
        let lines = render(md)
        XCTAssertEqual(lines, ["The article writes weights - learning_rate * input_data * delta, which climbs."])
        let coloured = render(md, colour: true).joined()
        XCTAssertTrue(coloured.contains("\u{1B}[36mweights - learning_rate * input_data * delta\u{1B}[0m"), coloured)
    }

    func testCodeSpanStaysOnOneLineWhenItFits() {
        let md = "The update line of the article, as printed, is `weights - learning_rate * input_data * delta` here."
        let lines = render(md, width: 60)
        XCTAssertTrue(lines.contains { $0.contains("weights - learning_rate * input_data * delta") }, "\(lines)")
        XCTAssertTrue(lines.allSatisfy { displayWidth($0) <= 60 })
    }

    func testCodeSpanKeepsBackslashesAndUnderscores() {
        XCTAssertEqual(render(#"Type `a\b _c_ **d**` as is."#), [#"Type a\b _c_ **d** as is."#])
    }

    func testFencedBlockShowsItsLanguageAndIsNotRewrapped() {
        let md = """
        ```python
        model = keras.Sequential([keras.layers.Dense(128, activation="relu", input_shape=(784,))])
        print(model)
        ```
        """
        let lines = render(md, width: 60)
        XCTAssertEqual(lines.first, "  python")
        XCTAssertEqual(lines[2], "    print(model)")
        XCTAssertEqual(displayWidth(lines[1]), 60)
        XCTAssertTrue(lines[1].hasPrefix("    model = keras.Sequential([keras.layers.Dense(128,"), lines[1])
        XCTAssertTrue(lines[1].hasSuffix("…"))
        XCTAssertFalse(lines.joined().contains("`"))
        XCTAssertEqual(render(md, width: 60, unicode: false)[1].last, "~")
    }

    func testIndentedCodeHasNoLanguageLine() {
        XCTAssertEqual(render("Text:\n\n    x = 1\n    y = 2\n"), ["Text:", "", "    x = 1", "    y = 2"])
    }

    func testHeadingsKeepTheirCase() {
        let lines = render("# Activation functions\n\n## Sigmoid (4.1.1)\n\n### ReLU and tanh")
        XCTAssertEqual(lines, [
            "Activation functions", String(repeating: "═", count: 20), "",
            "Sigmoid (4.1.1)", String(repeating: "─", count: 15), "",
            "ReLU and tanh",
        ])
        XCTAssertEqual(render("## Sigmoid", unicode: false), ["Sigmoid", "-------"])
        XCTAssertEqual(render("# Sigmoid", colour: true).first, "\u{1B}[1mSigmoid\u{1B}[0m")
    }

    func testEmphasisIsStyledButOperatorsStayOperators() {
        XCTAssertEqual(render("so a * b * c is a product"), ["so a * b * c is a product"])
        XCTAssertEqual(render("and 2*x*3 too, and 2**3**2"), ["and 2*x*3 too, and 2**3**2"])
        XCTAssertEqual(render("f'(x) = 2*x and (a)*(b)*(c)"), ["f'(x) = 2*x and (a)*(b)*(c)"])
        XCTAssertEqual(render("an *activation* and a **slope**"), ["an activation and a slope"])
        let coloured = render("an *activation* and a **slope**", colour: true).joined()
        XCTAssertTrue(coloured.contains("\u{1B}[3mactivation\u{1B}[0m"), coloured)
        XCTAssertTrue(coloured.contains("\u{1B}[1mslope\u{1B}[0m"), coloured)
        XCTAssertEqual(render("送进**激活函数**。如果"), ["送进激活函数。如果"])
    }

    func testWrappingNeverBreaksNumbers() {
        let md = "With 0.1 the final output is [0.000611, 0.000665, 0.000723] and sigmoid(2) = 0.880797 "
            + "while the article rounds it to 0.88; tanh(2) = 0.964028 and 1,000 iterations later nothing changes."
        for width in 12...90 {
            let lines = render(md, width: width)
            for line in lines { XCTAssertLessThanOrEqual(displayWidth(line), width, "width \(width): \(line)") }
            let words = lines.flatMap { $0.split(separator: " ").map(String.init) }
            for token in ["[0.000611,", "0.000665,", "0.000723]", "0.880797", "0.964028", "1,000", "sigmoid(2)"] {
                XCTAssertTrue(words.contains(token), "width \(width): \(token) broken in \(lines)")
            }
        }
    }

    func testAWordLongerThanTheLineIsCutToTheWidth() {
        let lines = render("see https://example.com/a/very/long/path/that/goes/on", width: 20)
        XCTAssertEqual(lines, ["see", "https://example.com/", "a/very/long/path/tha", "t/goes/on"])
    }

    func testChineseWrapsBetweenCharactersNotBeforePunctuation() {
        let md = "神经元先把输入加权求和，再把这个和送进激活函数。如果没有激活函数，多层网络也只是一个线性函数。"
        let lines = render(md, width: 20)
        XCTAssertGreaterThan(lines.count, 2)
        for line in lines {
            XCTAssertLessThanOrEqual(TextWidth.of(line), 20, line)
            XCTAssertFalse(line.hasPrefix("，") || line.hasPrefix("。"), line)
        }
        XCTAssertEqual(lines.joined(), md)
    }

    func testSoftBreaksBetweenChineseCharactersDisappear() {
        XCTAssertEqual(render("偏置 [0.4, 0.5]，\n输入 [1, 2]，算出误差和\ndelta"), ["偏置 [0.4, 0.5]，输入 [1, 2]，算出误差和 delta"])
        XCTAssertEqual(render("更多 epoch、\nbatch 8，0.880797，\nrelu"), ["更多 epoch、batch 8，0.880797，relu"])
        XCTAssertEqual(render("网络能够\n“拐弯”。the\n“end”"), ["网络能够“拐弯”。the “end”"])
    }

    func testColourOffHasNoEscapeCodesAndColourOnOnlyAddsThem() {
        let md = """
        # Title

        Some *emphasis*, **strong**, `code` and [a link](https://example.com).

        | a | b |
        | --- | ---: |
        | `x` | 1 |

        > quoted

        - one
        - two

        ```python
        x = 1
        ```
        """
        let plain = render(md, width: 80)
        XCTAssertFalse(plain.joined().contains("\u{1B}"))
        XCTAssertEqual(render(md, width: 80, colour: true).map(strippingANSI), plain)
        XCTAssertTrue(plain.contains("Some emphasis, strong, code and a link (https://example.com)."), "\(plain)")
    }

    func testListsHaveMarkersAndHangingIndent() {
        let md = """
        - first item, long enough that it has to wrap onto a second line
        - second
          1. nested one
          2. nested two
        """
        XCTAssertEqual(render(md, width: 40), [
            "• first item, long enough that it has to",
            "  wrap onto a second line",
            "• second",
            "  1. nested one",
            "  2. nested two",
        ])
        XCTAssertEqual(render("9. nine\n10. ten", width: 40), [" 9. nine", "10. ten"])
        XCTAssertEqual(render("- a\n- b", unicode: false), ["- a", "- b"])
    }

    func testBlockQuoteHasABar() {
        XCTAssertEqual(render("> the article says\n> two hidden layers\n>\n> and more", width: 30),
                       ["│ the article says two hidden", "│ layers", "│", "│ and more"])
    }

    func testThematicBreakAndRawHTMLAsText() {
        XCTAssertEqual(render("a\n\n---\n\nb", width: 12), ["a", "", String(repeating: "─", count: 12), "", "b"])
        XCTAssertEqual(render("<div>hi</div>"), ["<div>hi</div>"])
        XCTAssertEqual(render("x <br> y"), ["x <br> y"])
        XCTAssertEqual(render("a\n\n<!-- a note for the teacher -->\n\nb <!-- hidden --> c"), ["a", "", "b  c"])
    }

    func testControlCharactersNeverReachTheTerminal() {
        let lines = render("evil \u{1B}[2J text and `code \u{1B}]0;title\u{07}`")
        XCTAssertFalse(lines.joined().contains("\u{1B}"))
        XCTAssertTrue(lines.joined().contains("␛[2J"), "\(lines)")
    }

    func testDeepNestingIsFlattenedNotACrash() {
        let quotes = String(repeating: ">", count: 5000) + " deep"
        let lines = render(quotes, width: 80)
        XCTAssertTrue(lines.joined().contains("deep"))
        XCTAssertTrue(lines.allSatisfy { displayWidth($0) <= 80 })
        let stars = String(repeating: "*", count: 3000) + "x" + String(repeating: "*", count: 3000)
        XCTAssertTrue(render(stars).joined().contains("x"))
        let lists = (0..<400).map { String(repeating: "  ", count: $0) + "- item\($0)" }.joined(separator: "\n")
        let listLines = render(lists, width: 40)
        XCTAssertTrue(listLines.joined().contains("item399"))
        XCTAssertTrue(listLines.allSatisfy { displayWidth($0) <= 40 }, "\(listLines.filter { displayWidth($0) > 40 })")
    }

    func testParserBuildsTheBlockModel() {
        let blocks = MarkdownParser.parse("# T\n\nUse `a * b` **now**, [x](u).\n\n```py extra\ncode\n```\n\n1. a\n2. b\n\n---")
        XCTAssertEqual(blocks, [
            .heading(level: 1, [.text("T")]),
            .paragraph([.text("Use "), .code("a * b"), .text(" "), .strong([.text("now")]), .text(", "),
                        .link(text: [.text("x")], url: "u"), .text(".")]),
            .code(info: "py extra", text: "code"),
            .list(ordered: true, start: 1, tight: true, items: [[.paragraph([.text("a")])], [.paragraph([.text("b")])]]),
            .thematicBreak,
        ])
    }

    func testParserReadsTableAlignmentAndPadsShortRows() {
        let blocks = MarkdownParser.parse("| a | b | c |\n| :-- | :-: | --: |\n| 1 |\n")
        guard case .table(let t) = blocks.first else { return XCTFail("\(blocks)") }
        XCTAssertEqual(t.alignments, [.left, .center, .right])
        XCTAssertEqual(t.header, [[.text("a")], [.text("b")], [.text("c")]])
        XCTAssertEqual(t.rows, [[[.text("1")], [], []]])
    }

    /// Random Markdown-ish text (seeded): no line is ever wider than the width.
    func testNoLineIsWiderThanTheWidthWhateverTheInput() {
        let alphabet = Array("**__``##||--->>[]()!\n\n  中文，。a1.0~\\<:|12345 ")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        for _ in 0..<400 {
            let text = String((0..<next(200)).map { _ in alphabet[next(alphabet.count)] })
            let width = 10 + next(50)
            for line in render(text, width: width, colour: next(2) == 0) {
                XCTAssertLessThanOrEqual(displayWidth(line), width, "\(width) \(text.debugDescription): \(line)")
            }
        }
    }
}
