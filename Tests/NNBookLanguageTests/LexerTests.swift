import XCTest
@testable import NNBookLanguage

final class LexerTests: XCTestCase {
    private func kinds(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> [Token.Kind] {
        do { return try Lexer.tokenize(source).map(\.kind) } catch {
            XCTFail("lexing failed: \(error.message) at \(String(describing: error.span))", file: file, line: line)
            return []
        }
    }

    func testTokensOfASmallLineWithExactSpans() throws {
        let tokens = try Lexer.tokenize("x = 3 + 4.5")
        let expected: [(Token.Kind, SourcePosition, SourcePosition)] = [
            (.identifier("x"), pos(1, 1), pos(1, 2)),
            (.op("="), pos(1, 3), pos(1, 4)),
            (.number(3), pos(1, 5), pos(1, 6)),
            (.op("+"), pos(1, 7), pos(1, 8)),
            (.number(4.5), pos(1, 9), pos(1, 12)),
            (.newline, pos(1, 12), pos(1, 12)),
            (.end, pos(1, 12), pos(1, 12)),
        ]
        XCTAssertEqual(tokens.count, expected.count, "\(tokens.map(\.kind))")
        for (t, e) in zip(tokens, expected) {
            XCTAssertEqual(t.kind, e.0)
            XCTAssertEqual(t.span.start, e.1, "start of \(t.kind)")
            XCTAssertEqual(t.span.end, e.2, "end of \(t.kind)")
        }
    }

    func testTwoCharacterOperatorsAndTypographicForms() {
        XCTAssertEqual(kinds("a ** b // c <= d != e += 1"), [
            .identifier("a"), .op("**"), .identifier("b"), .op("//"), .identifier("c"), .op("<="),
            .identifier("d"), .op("!="), .identifier("e"), .op("+="), .number(1), .newline, .end,
        ])
        // Operators pasted from the article read as their ASCII forms.
        XCTAssertEqual(kinds("0.8 − 0.1 · 1.6"), [.number(0.8), .op("-"), .number(0.1), .op("*"), .number(1.6), .newline, .end])
    }

    func testNumbersWithExponentsAndUnderscores() {
        XCTAssertEqual(kinds("1e-3 2.5E+2 1_000 .5"), [.number(0.001), .number(250), .number(1000), .number(0.5), .newline, .end])
    }

    func testIndentAndDedentForNestedForBlocksWithCommentsAndBlankLines() throws {
        let source = """
        for i in range(2):
            # a comment inside the block
            for j in range(2):

                x = i + j   # trailing comment
            y = 1
        z = 2
        """
        let tokens = try Lexer.tokenize(source)
        let structural = tokens.filter { [.indent, .dedent, .newline, .end].contains($0.kind) }
        XCTAssertEqual(structural.map(\.kind), [
            .newline, .indent,            // line 1, then line 3 is indented
            .newline, .indent,            // line 3, then line 5 deeper
            .newline, .dedent,            // line 5, then line 6 back one level
            .newline, .dedent,            // line 6, then line 7 at the margin
            .newline, .end,
        ])
        let indents = tokens.filter { $0.kind == .indent }.map(\.span)
        XCTAssertEqual(indents.map(\.start), [pos(3, 1), pos(5, 1)])
        XCTAssertEqual(indents.map(\.end), [pos(3, 5), pos(5, 9)])
        let dedents = tokens.filter { $0.kind == .dedent }.map(\.span.start)
        XCTAssertEqual(dedents, [pos(6, 1), pos(7, 1)])
        // Comments and blank lines leave no tokens; x sits at line 5, column 9.
        let x = try XCTUnwrap(tokens.first { $0.kind == .identifier("x") })
        XCTAssertEqual(x.span.start, pos(5, 9))
        XCTAssertFalse(tokens.contains { if case .identifier(let s) = $0.kind { return s.contains("comment") }; return false })
    }

    func testDedentsAreFlushedAtTheEndOfTheCell() {
        XCTAssertEqual(kinds("for i in range(2):\n    for j in range(2):\n        x = 1"), [
            .identifier("for"), .identifier("i"), .identifier("in"), .identifier("range"), .leftParen, .number(2), .rightParen, .colon, .newline,
            .indent, .identifier("for"), .identifier("j"), .identifier("in"), .identifier("range"), .leftParen, .number(2), .rightParen, .colon, .newline,
            .indent, .identifier("x"), .op("="), .number(1), .newline,
            .dedent, .dedent, .end,
        ])
    }

    func testNewlinesInsideBracketsJoinLines() {
        XCTAssertEqual(kinds("v = [1,\n     2]"), [.identifier("v"), .op("="), .leftBracket, .number(1), .comma, .number(2), .rightBracket, .newline, .end])
    }

    func testPrimeAfterANameIsADerivativeNotAString() throws {
        let tokens = try Lexer.tokenize("f'(2)")
        XCTAssertEqual(tokens.map(\.kind), [.identifier("f"), .prime(1), .leftParen, .number(2), .rightParen, .newline, .end])
        XCTAssertEqual(tokens[1].span.start, pos(1, 2))
        XCTAssertEqual(tokens[1].span.end, pos(1, 3))
        XCTAssertEqual(kinds("sigmoid''(0)"), [.identifier("sigmoid"), .prime(2), .leftParen, .number(0), .rightParen, .newline, .end])
    }

    func testSingleQuotedStringAfterAParenthesisIsAString() throws {
        let tokens = try Lexer.tokenize("print('hi')")
        XCTAssertEqual(tokens.map(\.kind), [.identifier("print"), .leftParen, .string("hi"), .rightParen, .newline, .end])
        XCTAssertEqual(tokens[2].span.start, pos(1, 7))
        XCTAssertEqual(tokens[2].span.end, pos(1, 11))
        // A space before the quote also makes it a string, not a prime.
        XCTAssertEqual(kinds("print(x, 'a')")[4], .string("a"))
    }

    func testChineseIdentifiersAndStrings() throws {
        let tokens = try Lexer.tokenize("权重 = 3")
        XCTAssertEqual(tokens.map(\.kind), [.identifier("权重"), .op("="), .number(3), .newline, .end])
        // Columns count Unicode scalars: 权重 is columns 1–2.
        XCTAssertEqual(tokens[0].span.start, pos(1, 1))
        XCTAssertEqual(tokens[0].span.end, pos(1, 3))
        XCTAssertEqual(tokens[1].span.start, pos(1, 4))
        XCTAssertEqual(tokens[2].span.start, pos(1, 6))

        let s = try Lexer.tokenize("print(\"输出：\", 权重)")
        XCTAssertEqual(s.map(\.kind), [.identifier("print"), .leftParen, .string("输出："), .comma, .identifier("权重"), .rightParen, .newline, .end])
        XCTAssertEqual(s[2].span.start, pos(1, 7))
        XCTAssertEqual(s[2].span.end, pos(1, 12))
        XCTAssertEqual(s[4].span.start, pos(1, 14))
    }

    func testStringEscapes() {
        XCTAssertEqual(kinds(#"print("a\"b\n")"#)[2], .string("a\"b\n"))
    }

    // MARK: errors, each with its exact column

    func testUnterminatedStringPointsAtItsOpeningQuote() {
        let d = lexError("print(\"hi")
        assertDiagnostic(d, .syntax, contains: "never closed", line: 1, column: 7, endColumn: 10)
    }

    func testUnclosedBracketPointsAtTheOpeningBracket() {
        let d = lexError("x = f(1, 2")
        assertDiagnostic(d, .syntax, contains: "'(' is never closed", line: 1, column: 6, endColumn: 7)
        XCTAssertEqual(d?.hint, "add ')' at the end")
    }

    func testUnclosedBracketOnAnEarlierLine() {
        let d = lexError("v = [1,\n  2,\n  3")
        assertDiagnostic(d, .syntax, contains: "'[' is never closed", line: 1, column: 5)
    }

    func testMismatchedBracketPointsAtTheClosingOneAndNamesTheOpeningOne() {
        let d = lexError("[1, 2)")
        assertDiagnostic(d, .syntax, contains: "')' does not match the '[' at line 1, column 1", line: 1, column: 6, endColumn: 7)
        XCTAssertEqual(d?.hint, "close it with ']' first")
    }

    func testClosingBracketThatClosesNothing() {
        assertDiagnostic(lexError("1 + 2)"), .syntax, contains: "closes nothing", line: 1, column: 6, endColumn: 7)
    }

    func testStrayDollarSign() {
        assertDiagnostic(lexError("x = $3"), .syntax, contains: "unexpected character '$'", line: 1, column: 5, endColumn: 6)
    }

    func testStrayCharacterAfterChineseText() {
        // 权重 is two scalars, so '$' is column 6 even though it is displayed further right.
        assertDiagnostic(lexError("权重 = $"), .syntax, contains: "'$'", line: 1, column: 6)
    }

    func testFullWidthParenthesisSuggestsASCII() {
        let d = lexError("sigmoid（2)")
        assertDiagnostic(d, .syntax, contains: "ASCII parentheses", line: 1, column: 8)
    }

    func testBadDedentMatchesNoOuterBlock() {
        let d = lexError("for i in range(2):\n    x = 1\n  y = 2")
        assertDiagnostic(d, .syntax, contains: "matches no outer block", line: 3, column: 1, endColumn: 3)
        XCTAssertTrue(d?.hint?.contains("0 or 4") ?? false, d?.hint ?? "no hint")
    }

    func testUnexpectedIndentation() {
        assertDiagnostic(lexError("x = 1\n    y = 2"), .syntax, contains: "unexpected indentation", line: 2, column: 1, endColumn: 5)
    }

    func testMissingIndentedBlockAfterColon() {
        assertDiagnostic(lexError("for i in range(2):\nx = 1"), .syntax, contains: "expected an indented block", line: 2, column: 1)
    }

    func testNameStartingWithADigit() {
        let d = lexError("y = 2x")
        assertDiagnostic(d, .syntax, contains: "cannot start with a digit", line: 1, column: 5, endColumn: 7)
        XCTAssertEqual(d?.hint, "write the multiplication out: 2*x, not 2x")
    }

    func testNumberTooLargeForADouble() {
        assertDiagnostic(lexError("1e400"), .math, contains: "too large", line: 1, column: 1, endColumn: 6)
    }

    func testBracketsNestedTooDeeplyAreALimitNotACrash() {
        let source = String(repeating: "(", count: 1000) + "1" + String(repeating: ")", count: 1000)
        let d = lexError(source)
        assertDiagnostic(d, .limit, contains: "nested more than \(Lexer.maxNesting) deep", line: 1, column: Lexer.maxNesting + 1)
    }
}
