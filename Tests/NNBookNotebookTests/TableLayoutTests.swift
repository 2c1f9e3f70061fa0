import NNBookLanguage
import NNBookRender
import XCTest
@testable import NNBookNotebook

final class TableLayoutTests: XCTestCase {
    func testATableThatFitsIsDrawnAtItsNaturalWidths() {
        let md = "| section | value |\n| --- | ---: |\n| 4.1.1 | 0.88 |\n| 4.2 | 0.64 |"
        XCTAssertEqual(TerminalMarkdown.render(md, width: 80, colour: false, unicode: true), [
            "┌─────────┬───────┐",
            "│ section │ value │",
            "├─────────┼───────┤",
            "│ 4.1.1   │  0.88 │",
            "│ 4.2     │  0.64 │",
            "└─────────┴───────┘",
        ])
        XCTAssertEqual(TerminalMarkdown.render(md, width: 80, colour: false, unicode: false), [
            "+---------+-------+",
            "| section | value |",
            "+---------+-------+",
            "| 4.1.1   |  0.88 |",
            "| 4.2     |  0.64 |",
            "+---------+-------+",
        ])
    }

    func testCentredColumn() {
        let lines = TerminalMarkdown.render("| wide header | c |\n| :---: | - |\n| x | y |", width: 80, colour: false, unicode: false)
        XCTAssertEqual(lines[3], "|      x      | y |")
    }

    /// The design document's table of worked examples, at 50 and 80 columns.
    func testATableWiderThanTheTerminalWrapsInsideItsColumns() {
        let md = """
        | article section | example | correct value |
        | --- | --- | --- |
        | 4.1.1 sigmoid | σ(2) = 1/(1+e^-2) | 0.880797 (article: ≈ 0.88) |
        | 4.1.3 tanh | tanh(2), tanh(-2) via (e^2x − 1)/(e^2x + 1) | ±0.964028 (article: ≈ ±0.96) |
        | 4.2 gradient descent | f(x)=x², w0=1, α=0.1, two iterations | f'(1)=2, w1=0.8; f'(0.8)=1.6, w2=0.64 |
        | 3.4 pseudo-code | weights [0.1,0.2,0.3], biases [0.4,0.5,0.6], input [1,2,3], sigmoid, target 1.0, 1000 iterations | runs as written (see errata) |
        """
        for width in [30, 50, 80] {
            for colour in [false, true] {
                let lines = TerminalMarkdown.render(md, width: width, colour: colour, unicode: true)
                for line in lines { XCTAssertLessThanOrEqual(displayWidth(line), width, "\(width): \(line)") }
                XCTAssertEqual(Set(lines.map(displayWidth)).count, 1, "every row of the box is equally wide")
                // Every character of every cell is in the box (words longer than a column are cut, not lost).
                let drawn = lines.map(strippingANSI).joined().filter { !" │├┤┼┌┐└┘┬┴─".contains($0) }
                let written = md.split(separator: "\n").filter { !$0.contains("---") }.joined().filter { $0 != " " && $0 != "|" }
                XCTAssertEqual(drawn.count, written.count, "\(width):\n" + lines.joined(separator: "\n"))
                guard width >= 50 else { continue }
                // At 50 columns and more, every word of 12 columns or less is whole.
                let words = Set(lines.map(strippingANSI).joined(separator: " ")
                    .split(whereSeparator: { " │├┤┼┌┐└┘┬┴─".contains($0) }).map(String.init))
                for cell in md.split(separator: "\n").filter({ !$0.contains("---") }).flatMap({ $0.split(separator: "|") }) {
                    for word in cell.split(separator: " ") where TextWidth.of(String(word)) <= 12 {
                        XCTAssertTrue(words.contains(String(word)), "\(width): '\(word)' missing from\n\(lines.joined(separator: "\n"))")
                    }
                }
            }
        }
    }

    func testChineseCellsLineUpByDisplayWidth() {
        let md = """
        | 原文写法 | 实际结果 | 正确做法 |
        | --- | --- | --- |
        | 使用 `learning_rate` | 从未定义：循环报错停止 | 先定义，例如 `learning_rate = 0.1` |
        | 三个偏置 | 三个输出：三个神经元共用一个加权和 | 一个神经元，一个偏置 |
        """
        for width in [40, 60, 100] {
            let lines = TerminalMarkdown.render(md, width: width, colour: false, unicode: true)
            let bars = lines.map { line -> [Int] in
                var column = 0, positions: [Int] = []
                for c in line {
                    if "│┼├┤┬┴┌┐└┘".contains(c) { positions.append(column) }
                    column += TextWidth.of(c.unicodeScalars)
                }
                return positions
            }
            XCTAssertEqual(Set(bars).count, 1, "\(width):\n" + lines.joined(separator: "\n"))
            XCTAssertTrue(lines.allSatisfy { TextWidth.of($0) <= width })
            if width == 100 { XCTAssertTrue(lines.contains("│ 三个偏置           │ 三个输出：三个神经元共用一个加权和 │ 一个神经元，一个偏置             │"), lines.joined(separator: "\n")) }
        }
    }

    func testFitShrinksTheWidestColumnsFirst() {
        let none = [0, 0, 0]
        XCTAssertEqual(TableLayout.fit([5, 10, 40], minimum: none, into: 100), [5, 10, 40])
        XCTAssertEqual(TableLayout.fit([5, 10, 40], minimum: none, into: 35), [5, 10, 20])
        XCTAssertEqual(TableLayout.fit([5, 30, 40], minimum: none, into: 35), [5, 15, 15])
        XCTAssertEqual(TableLayout.fit([5, 30, 40], minimum: none, into: 36), [5, 16, 15])
        XCTAssertEqual(TableLayout.fit([5, 30, 40], minimum: none, into: 9), [3, 3, 3])
        XCTAssertNil(TableLayout.fit([5, 30, 40], minimum: none, into: 8))
    }

    func testFitKeepsLongestWordsWholeWhenItCan() {
        XCTAssertEqual(TableLayout.fit([30, 30], minimum: [20, 3], into: 30), [20, 10])
        XCTAssertEqual(TableLayout.fit([30, 30], minimum: [20, 12], into: 30), [15, 15])  // 32 > 30: words are cut
    }

    func testARaggedTableBuiltByHandIsPadded() {
        let table = MarkdownTable(alignments: [.right], header: [[.text("a")], [.text("b")]], rows: [[[.text("1")]], []])
        XCTAssertEqual(TerminalMarkdown.render([.table(table)], width: 40, colour: false, unicode: false), [
            "+---+---+", "| a | b |", "+---+---+", "| 1 |   |", "|   |   |", "+---+---+",
        ])
        XCTAssertEqual(TerminalMarkdown.render([.list(ordered: true, start: -3, tight: true, items: [[], []])], width: 40, colour: false, unicode: true),
                       ["0.", "1."])
    }

    func testTooNarrowForColumnsFallsBackToRecords() {
        let md = "| name | value | unit | note |\n| - | - | - | - |\n| sigmoid | 0.880797 | none | rounded |"
        let lines = TerminalMarkdown.render(md, width: 12, colour: false, unicode: true)
        XCTAssertEqual(lines, ["name:", "sigmoid", "value:", "0.880797", "unit: none", "note:", "rounded"])
    }
}
