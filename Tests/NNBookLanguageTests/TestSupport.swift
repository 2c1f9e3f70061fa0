import XCTest
@testable import NNBookLanguage

/// Helpers shared by the language tests: run cells, read back the values they
/// produced, and pin down errors by kind, message and exact location.

extension Session {
    /// Runs a cell and fails the test if it reported an error.
    @discardableResult
    func ok(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> CellResult {
        let r = execute(source)
        XCTAssertFalse(r.failed, "cell failed: \(source)\n" + r.plainLines.joined(separator: "\n"), file: file, line: line)
        return r
    }

    /// The value a cell produced (`Out[n]`), straight from the session.
    func value(of r: CellResult) -> Value? {
        interpreter.state.cells.results[r.count]
    }

    /// Runs `source` and returns its numeric result.
    func number(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> Double? {
        let r = ok(source, file: file, line: line)
        guard let v = value(of: r) else {
            XCTFail("no result from \(source)", file: file, line: line)
            return nil
        }
        guard case .number(let x) = v else {
            XCTFail("\(source) gave \(v.typeName), not a number", file: file, line: line)
            return nil
        }
        return x
    }

    /// Runs `source` and returns its result as a flat array of numbers.
    func numbers(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> [Double]? {
        let r = ok(source, file: file, line: line)
        guard case .array(let a)? = value(of: r) else {
            XCTFail("\(source) did not give a vector", file: file, line: line)
            return nil
        }
        return a.data
    }

    /// The text of the cell's `Out[n]` result.
    func shown(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        let r = ok(source, file: file, line: line)
        for item in r.outputs { if case .result(_, let text) = item { return text } }
        XCTFail("no result shown for \(source): \(r.plainLines)", file: file, line: line)
        return nil
    }

    /// Runs a cell that must fail and returns its diagnostic.
    func failure(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> (Diagnostic, [String])? {
        let r = execute(source)
        XCTAssertTrue(r.failed, "expected an error from: \(source)\ngot: \(r.plainLines)", file: file, line: line)
        for item in r.outputs { if case .error(let d, let lines) = item { return (d, lines) } }
        XCTFail("no error item for \(source)", file: file, line: line)
        return nil
    }
}

/// Asserts a diagnostic's kind, a fragment of its message (or hint), and its
/// exact span start (and end, when given).
func assertDiagnostic(_ d: Diagnostic?, _ kind: Diagnostic.Kind, contains fragment: String,
                      line ln: Int, column: Int, endColumn: Int? = nil,
                      file: StaticString = #filePath, line: UInt = #line) {
    guard let d else { XCTFail("no diagnostic", file: file, line: line); return }
    XCTAssertEqual(d.kind, kind, "kind of: \(d.message)", file: file, line: line)
    let text = d.message + " | " + (d.hint ?? "")
    XCTAssertTrue(text.contains(fragment), "'\(fragment)' not in: \(text)", file: file, line: line)
    guard let span = d.span else { XCTFail("diagnostic has no span: \(d.message)", file: file, line: line); return }
    XCTAssertEqual(span.start, SourcePosition(line: ln, column: column), "start of span for: \(d.message)", file: file, line: line)
    if let endColumn {
        XCTAssertEqual(span.end, SourcePosition(line: ln, column: endColumn), "end of span for: \(d.message)", file: file, line: line)
    }
}

/// Asserts two numbers agree within a stated absolute tolerance.
func assertClose(_ got: Double?, _ expected: Double, within tolerance: Double,
                 file: StaticString = #filePath, line: UInt = #line) {
    guard let got else { XCTFail("no value (expected \(expected))", file: file, line: line); return }
    XCTAssertEqual(got, expected, accuracy: tolerance, file: file, line: line)
}

func assertClose(_ got: [Double]?, _ expected: [Double], within tolerance: Double,
                 file: StaticString = #filePath, line: UInt = #line) {
    guard let got else { XCTFail("no value (expected \(expected))", file: file, line: line); return }
    XCTAssertEqual(got.count, expected.count, "length of \(got)", file: file, line: line)
    for (g, e) in zip(got, expected) { XCTAssertEqual(g, e, accuracy: tolerance, "in \(got)", file: file, line: line) }
}

/// A fully parenthesised form of an expression, so tests can see the tree's
/// shape rather than the printer's choice of parentheses.
func sexpr(_ e: Expr) -> String {
    switch e {
    case .number(let v, _): return NumberFormat.format(v, precision: .full)
    case .string(let s, _): return "\"\(s)\""
    case .bool(let b, _): return b ? "True" : "False"
    case .name(let n, _): return n.text
    case .literal(let v, _): return ValueFormatter.inline(v, precision: .full)
    case .list(let items, _): return "[" + items.map(sexpr).joined(separator: " ") + "]"
    case .unary(let op, let u, _): return "(\(op == .negate ? "neg" : op.rawValue) \(sexpr(u)))"
    case .binary(let op, let a, let b, _): return "(\(op.rawValue) \(sexpr(a)) \(sexpr(b)))"
    case .call(let f, let args, _):
        return "(call \(sexpr(f))" + args.map { " " + ($0.label.map { $0 + ": " } ?? "") + sexpr($0.value) }.joined() + ")"
    case .prime(let f, let order, _): return sexpr(f) + String(repeating: "'", count: order)
    case .index(let a, let i, _): return "(index \(sexpr(a)) \(sexpr(i)))"
    case .attribute(let a, let f, _): return "(. \(sexpr(a)) \(f))"
    case .conditional(let a, let c, let b, _): return "(if \(sexpr(c)) \(sexpr(a)) \(sexpr(b)))"
    case .subscripted(let a, let parts, _):
        return "(index \(sexpr(a))" + parts.map { part -> String in
            switch part {
            case .index(let i): return " " + sexpr(i)
            case .slice(let x, let y, let z): return " (: \(x.map(sexpr) ?? "_") \(y.map(sexpr) ?? "_") \(z.map(sexpr) ?? "_"))"
            }
        }.joined() + ")"
    case .comprehension(let e, let v, let i, let c, _):
        return "(for \(v.text) \(sexpr(i)) \(sexpr(e))" + (c.map { " (if " + sexpr($0) + ")" } ?? "") + ")"
    }
}

/// Parses a one-expression cell and returns the expression.
func parseExpression(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> Expr? {
    do {
        let stmts = try Parser.parse(source)
        guard stmts.count == 1, case .expression(let e) = stmts[0] else {
            XCTFail("\(source) is not one expression statement", file: file, line: line)
            return nil
        }
        return e
    } catch {
        XCTFail("\(source) failed to parse: \(error.message)", file: file, line: line)
        return nil
    }
}

/// The diagnostic thrown by lexing `source`, or nil (and a failure) if it lexed.
func lexError(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> Diagnostic? {
    do {
        let tokens = try Lexer.tokenize(source)
        XCTFail("expected a lexer error for \(source), got \(tokens.map(\.kind))", file: file, line: line)
        return nil
    } catch { return error }
}

/// The diagnostic thrown by parsing `source`, or nil (and a failure) if it parsed.
func parseError(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> Diagnostic? {
    do {
        _ = try Parser.parse(source)
        XCTFail("expected a syntax error for \(source)", file: file, line: line)
        return nil
    } catch { return error }
}

func pos(_ line: Int, _ column: Int) -> SourcePosition { SourcePosition(line: line, column: column) }
