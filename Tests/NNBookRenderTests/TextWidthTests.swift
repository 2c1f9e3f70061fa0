import XCTest
@testable import NNBookRender

final class TextWidthTests: XCTestCase {
    func testWideRangesAreSortedAndDisjoint() {
        for (a, b) in zip(TextWidth.wide, TextWidth.wide.dropFirst()) {
            XCTAssertLessThanOrEqual(a.0, a.1)
            XCTAssertLessThan(a.1, b.0)
        }
    }

    func testCJKPunctuationAndFormsAreWide() {
        for s in ["，", "。", "、", "：", "；", "！", "？", "（", "）", "「", "」", "【", "】", "　", "︐", "︙", "﹐", "﹫", "中", "ア", "한", "✅", "🚀"] {
            XCTAssertEqual(TextWidth.of(s), 2, s)
        }
        for s in ["a", "…", "—", "“", "·", "α", "σ", "≈", "─", "│", "✓", "㉈"] {
            XCTAssertEqual(TextWidth.of(s), 1, s)
        }
        XCTAssertEqual(TextWidth.of("e\u{301}"), 1)
        XCTAssertEqual(TextWidth.of("学习率 α = 0.1"), 14)
    }
}
