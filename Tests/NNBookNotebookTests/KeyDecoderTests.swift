import XCTest
@testable import NNBookNotebook

private func keys(_ s: String, final: Bool = true) -> [TerminalKey] {
    KeyDecoder.decode(Array(s.utf8), final: final).keys
}

final class KeyDecoderTests: XCTestCase {
    func testArrowsInCSIAndSS3Forms() {
        XCTAssertEqual(keys("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D"), [.up, .down, .right, .left])
        XCTAssertEqual(keys("\u{1B}OA\u{1B}OB\u{1B}OC\u{1B}OD"), [.up, .down, .right, .left])
        XCTAssertEqual(keys("\u{1B}[1;5C\u{1B}[1;2D"), [.right, .left], "modifiers are ignored")
    }

    func testPageUpPageDownHomeAndEnd() {
        XCTAssertEqual(keys("\u{1B}[5~\u{1B}[6~"), [.pageUp, .pageDown])
        XCTAssertEqual(keys("\u{1B}[H\u{1B}[F"), [.home, .end])
        XCTAssertEqual(keys("\u{1B}OH\u{1B}OF"), [.home, .end])
        XCTAssertEqual(keys("\u{1B}[1~\u{1B}[4~\u{1B}[7~\u{1B}[8~"), [.home, .end, .home, .end])
        XCTAssertEqual(keys("\u{1B}[2~\u{1B}[3~"), [.insert, .delete])
        XCTAssertEqual(keys("\u{1B}[15~"), [.other(Array("\u{1B}[15~".utf8))], "F5 is no key the demo knows")
    }

    func testSeveralKeysInOneRead() {
        XCTAssertEqual(keys("\u{1B}[C\u{1B}OC \u{1B}[6~q\r"), [.right, .right, .character(" "), .pageDown, .character("q"), .enter])
        XCTAssertEqual(keys("bbb"), [.character("b"), .character("b"), .character("b")])
    }

    func testALoneEscapeWaitsForMoreUnlessFinal() {
        XCTAssertEqual(KeyDecoder.decode([0x1B], final: false).keys, [])
        XCTAssertEqual(KeyDecoder.decode([0x1B], final: false).pending, [0x1B])
        XCTAssertEqual(keys("\u{1B}"), [.escape])
        XCTAssertEqual(keys("\u{1B}\u{1B}"), [.escape, .escape])
        XCTAssertEqual(keys("\u{1B}b"), [.escape, .character("b")], "Alt+b, or Esc then b")
    }

    func testAnUnfinishedSequenceIsPending() {
        let half = KeyDecoder.decode(Array("\u{1B}[C\u{1B}[6".utf8), final: false)
        XCTAssertEqual(half.keys, [.right])
        XCTAssertEqual(half.pending, Array("\u{1B}[6".utf8))
        XCTAssertEqual(keys("\u{1B}[6~", final: false), [.pageDown])
        XCTAssertEqual(KeyDecoder.decode(Array("\u{1B}O".utf8), final: false).pending, [0x1B, UInt8(ascii: "O")])
    }

    func testControlKeysEnterAndBackspace() {
        XCTAssertEqual(keys("\u{03}\u{04}"), [.control("c"), .control("d")])
        XCTAssertEqual(keys("\r\n\n\r"), [.enter, .enter, .enter])
        XCTAssertEqual(keys("\u{7F}\u{08}\t"), [.backspace, .backspace, .tab])
    }

    func testUTF8CharactersWholeOrPending() {
        XCTAssertEqual(keys("中q"), [.character("中"), .character("q")])
        let bytes = Array("中".utf8)
        XCTAssertEqual(KeyDecoder.decode(Array(bytes.prefix(2)), final: false).pending, Array(bytes.prefix(2)))
        XCTAssertEqual(KeyDecoder.decode([0xFF, 0x80, UInt8(ascii: "q")]).keys, [.character("q")], "invalid bytes are dropped")
    }

    func testDemoActions() {
        for key in [TerminalKey.right, .down, .enter, .pageDown, .character(" ")] { XCTAssertEqual(DemoAction(key), .forward, "\(key)") }
        for key in [TerminalKey.left, .up, .pageUp, .backspace, .character("b")] { XCTAssertEqual(DemoAction(key), .back, "\(key)") }
        for key in [TerminalKey.character("q"), .escape, .control("c"), .control("d")] { XCTAssertEqual(DemoAction(key), .quit, "\(key)") }
        XCTAssertEqual(DemoAction(.home), .first)
        XCTAssertEqual(DemoAction(.end), .last)
        XCTAssertEqual(DemoAction(.character("e")), .edit)
        XCTAssertEqual(DemoAction(.character("r")), .rerun)
        XCTAssertEqual(DemoAction(.character("?")), .help)
        XCTAssertEqual(DemoAction(.character("x")), .none)
        XCTAssertEqual(keys("\u{1B}[C\u{1B}[6~\u{1B}[D\u{1B}[5~").map(DemoAction.init), [.forward, .forward, .back, .back])
    }
}
