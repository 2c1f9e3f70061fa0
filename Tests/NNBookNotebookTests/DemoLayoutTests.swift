import NNBookLanguage
import NNBookRender
import XCTest
@testable import NNBookNotebook

final class TerminalTextTests: XCTestCase {
    func testWidthIgnoresEscapeCodes() {
        XCTAssertEqual(TerminalText.width("\u{1B}[1;31m0.880797\u{1B}[0m"), 8)
        XCTAssertEqual(TerminalText.width("中文 ok"), 7)
    }

    func testWrapsAtSpacesNeverInsideANumber() {
        let line = "[0.000611, 0.000665, 0.000723, 0.880797, 0.964028, 1001.235178, 1002.469745]"
        for width in 12...80 {
            let lines = TerminalText.wrap(line, width: width, indent: 2)
            XCTAssertTrue(lines.allSatisfy { TerminalText.width($0) <= width }, "\(width): \(lines)")
            let words = lines.flatMap { $0.split(separator: " ") }.map(String.init)
            XCTAssertEqual(words, line.split(separator: " ").map(String.init), "\(width)")
        }
        XCTAssertEqual(TerminalText.wrap("aaa bbb ccc ddd", width: 12, indent: 2), ["aaa bbb ccc", "  ddd"])
        XCTAssertEqual(TerminalText.wrap("aaa bbb ccc dddddddddddd", width: 12, indent: 2), ["aaa bbb ccc", "dddddddddddd"])
        XCTAssertEqual(TerminalText.wrap("aaaa bbbb cccc dddd eeee", width: 14, indent: 2), ["aaaa bbbb cccc", "  dddd eeee"])
    }

    func testColourIsCarriedAcrossABreak() {
        let lines = TerminalText.wrap("\u{1B}[31maaaa bbbb cccc\u{1B}[0m dd", width: 10)
        XCTAssertEqual(lines, ["\u{1B}[31maaaa bbbb\u{1B}[0m", "\u{1B}[31mcccc\u{1B}[0m dd"])
    }

    func testLeadingSpacesOfALineStay() {
        XCTAssertEqual(TerminalText.wrap("   1 │ ⠒⠒", width: 20), ["   1 │ ⠒⠒"])
    }
}

final class DemoLayoutTests: XCTestCase {
    func testOutputsFitTheWidthAndAreBoldWithColour() {
        let items: [OutputItem] = [
            .result(count: 1, text: "[1000.000611, 1001.235178, 1002.469745, 1003.704312, 1004.938879, 1006.173446, 1007.408013]"),
            .text("tanh(-2) = (e^-4 - 1)/(e^-4 + 1) = (0.018316 - 1)/(0.018316 + 1) = -0.981684/1.018316 = -0.964028 ≈ -0.96", .explain),
        ]
        for width in [30, 50, 80] {
            let plain = DemoLayout(width: width, colour: false, unicode: true, language: .en).output(items)
            XCTAssertTrue(plain.allSatisfy { TerminalText.width($0) <= width }, "\(width): \(plain)")
            XCTAssertFalse(plain.joined().contains("\u{1B}"))
            let words = plain.flatMap { $0.split(separator: " ") }.map(String.init)
            for number in ["1001.235178,", "1007.408013]", "(0.018316", "-0.981684/1.018316", "-0.964028"] {
                XCTAssertTrue(words.contains(number), "\(width): \(number) in \(plain)")
            }
            let coloured = DemoLayout(width: width, colour: true, unicode: true, language: .en).output(items)
            XCTAssertEqual(coloured.map(strippingANSI), plain)
            XCTAssertTrue(coloured[0].hasPrefix("\u{1B}[1m"))
        }
    }

    func testAnErrorIsRedWithItsHintInCyan() {
        let lines = ["name error at line 1, column 1: unknown name 'sigmod'", "1 | sigmod(2)", "  | ^^^^^^", "hint: did you mean sigmoid?"]
        let diagnostic = Diagnostic(.name, "unknown name 'sigmod'", at: SourceSpan(line: 1, column: 1, length: 6))
        let out = DemoLayout(width: 80, colour: true, unicode: true, language: .en).output([.error(diagnostic, lines: lines)])
        XCTAssertEqual(out, ["\u{1B}[1;31m" + lines[0] + "\u{1B}[0m", lines[1], "\u{1B}[31m" + lines[2] + "\u{1B}[0m", "\u{1B}[36m" + lines[3] + "\u{1B}[0m"])
    }

    func testInputLinesWrapUnderTheirMarker() {
        let layout = DemoLayout(width: 30, colour: false, unicode: true, language: .en)
        XCTAssertEqual(layout.input("weights = weights - learning_rate * input_data * delta", edited: false),
                       ["» weights = weights -", "    learning_rate * input_data", "    * delta"])
    }

    func testKeyListAndStatusFitInBothLanguages() {
        for language in LessonLanguage.allCases {
            for width in [30, 40, 80, 120] {
                let layout = DemoLayout(width: width, colour: false, unicode: true, language: language)
                let keys = layout.keyList(title: "01-activation-functions.md")
                XCTAssertTrue(keys.allSatisfy { TextWidth.of($0) <= width }, "\(language) \(width): " + keys.joined(separator: " / "))
                let status = layout.status(step: 12, total: 57)
                XCTAssertLessThanOrEqual(TextWidth.of(status), width)
                XCTAssertTrue(status.hasSuffix("12/57"))
            }
        }
        XCTAssertEqual(DemoLayout(width: 50, colour: false, unicode: true, language: .en).status(step: 3, total: 55),
                       "→ next  ← back  e edit  r rerun  ? keys   3/55")
        XCTAssertEqual(DemoLayout(width: 10, colour: false, unicode: true, language: .en).status(step: 3, total: 55), "3/55")
        let zh = DemoLayout(width: 80, colour: false, unicode: true, language: .zh)
        XCTAssertEqual(zh.status(step: 3, total: 9), "→ 下一步  ← 上一步  e 编辑  r 重新运行  ? 按键  q 退出   3/9")
        XCTAssertEqual(zh.keyList().filter { $0.hasPrefix("e ") || $0.hasPrefix("   ") }, [
            "e                     逐行编辑当前单元格（回车保留这一行并继续，Ctrl-C 取消），",
            "                      然后运行",
        ])
    }

    func testEveryPhraseExistsInBothLanguages() {
        let all: [DemoPhrase] = DemoPhrase.keyList + [
            .title("x"), .keysHeading, .status(step: 1, total: 2), .noOutput, .end, .atStart, .noCellYet, .editHelp,
            .editPrompt(line: 1, count: 2), .editCancelled, .edited, .ranAgain, .cannotOpen(path: "p", reason: "r"),
            .noLesson(query: "q", lessons: "l"), .noLessons, .unknownLanguage("fr"),
        ]
        for phrase in all {
            let en = phrase.text(.en), zh = phrase.text(.zh)
            XCTAssertFalse(en.isEmpty, "\(phrase)")
            XCTAssertNotEqual(en, zh, "\(phrase)")
            XCTAssertTrue(zh.unicodeScalars.contains { TextWidth.width(of: $0) == 2 }, "\(phrase): \(zh)")
        }
    }
}
