import NeuralCore

/// Turns a cell's text into tokens. Indentation belongs to the lexer, as in
/// CPython's tokenizer: a stack of indent widths gives INDENT and DEDENT
/// tokens; blank and comment-only lines are ignored; newlines inside brackets
/// join lines; DEDENTs are flushed at the end.
struct Lexer {
    private let text: [Unicode.Scalar]
    private var i = 0
    private var line = 1
    private var column = 1
    private var tokens: [Token] = []
    private var indents: [Int] = [0]
    private var depth = 0
    private var brackets: [(Unicode.Scalar, SourceSpan)] = []
    private var atLineStart = true

    /// Deepest bracket nesting accepted; deeper input gets an error instead of
    /// exhausting the parser's stack.
    static let maxNesting = 200
    init(_ source: String) {
        text = Array(source.unicodeScalars)
    }

    static func tokenize(_ source: String) throws(Diagnostic) -> [Token] {
        var lexer = Lexer(source)
        return try lexer.run()
    }

    private var here: SourcePosition { SourcePosition(line: line, column: column) }

    private func peek(_ k: Int = 0) -> Unicode.Scalar? {
        i + k < text.count ? text[i + k] : nil
    }

    private mutating func advance() {
        if text[i] == "\n" { line += 1; column = 1 } else { column += 1 }
        i += 1
    }

    private mutating func add(_ kind: Token.Kind, from start: SourcePosition) {
        tokens.append(Token(kind, SourceSpan(start: start, end: here)))
    }

    mutating func run() throws(Diagnostic) -> [Token] {
        var sincePoll = 0
        while i < text.count {
            sincePoll += 1
            if sincePoll == 4096 {  // a source of megabytes stops at Ctrl-C
                sincePoll = 0
                if WorkGuard.isCancelled { throw Interpreter.interruption(at: SourceSpan(start: here, end: here)) }
            }
            if atLineStart && depth == 0 {
                try indentation()
                if i >= text.count { break }
            }
            let c = text[i]
            let start = here
            switch c {
            case " ", "\t", "\r", "\u{FEFF}": advance()
            case "\n":
                advance()
                if depth == 0 {
                    if let last = tokens.last, last.kind != .newline { add(.newline, from: start) }
                    atLineStart = true
                }
            case "#": while let p = peek(), p != "\n" { advance() }
            case "\\" where peek(1) == "\n": advance(); advance()
            case "0"..."9": try number()
            case "." where peek(1).map { ("0"..."9").contains($0) } ?? false: try number()
            case "\"": try string(quote: "\"")
            case "'":
                if let last = tokens.last, case .identifier = last.kind, last.span.end == start {
                    var n = 0
                    while peek() == "'" { advance(); n += 1 }
                    add(.prime(n), from: start)
                } else if let last = tokens.last, case .rightParen = last.kind, last.span.end == start {
                    throw Diagnostic(.syntax, "a prime (') must follow a function's name, as in f'(2)", at: SourceSpan(start: start, end: SourcePosition(line: line, column: column + 1)),
                                     hint: "to differentiate an expression, define it first: g(x) = …, then g'(2)")
                } else {
                    try string(quote: "'")
                }
            case "(", "[", "{":
                if c == "{" {
                    throw Diagnostic(.syntax, "'{' is not part of the language", at: SourceSpan(line: line, column: column, length: 1),
                                     hint: "vectors and matrices use square brackets: [1, 2, 3]")
                }
                advance()
                add(c == "(" ? .leftParen : .leftBracket, from: start)
                depth += 1
                brackets.append((c, tokens[tokens.count - 1].span))
                if depth > Lexer.maxNesting {
                    throw Diagnostic(.limit, "brackets nested more than \(Lexer.maxNesting) deep", at: tokens[tokens.count - 1].span,
                                     hint: "split the expression into smaller steps with variables")
                }
            case ")", "]", "}":
                let want: Unicode.Scalar = c == ")" ? "(" : c == "]" ? "[" : "{"
                guard let open = brackets.last else {
                    throw Diagnostic(.syntax, "'\(c)' closes nothing", at: SourceSpan(line: line, column: column, length: 1),
                                     hint: "remove it, or add the matching opening bracket")
                }
                if open.0 != want {
                    let close: Unicode.Scalar = open.0 == "(" ? ")" : "]"
                    throw Diagnostic(.syntax, "'\(c)' does not match the '\(open.0)' at line \(open.1.start.line), column \(open.1.start.column)",
                                     at: SourceSpan(line: line, column: column, length: 1), hint: "close it with '\(close)' first")
                }
                brackets.removeLast()
                depth -= 1
                advance()
                add(c == ")" ? .rightParen : .rightBracket, from: start)
            case ",": advance(); add(.comma, from: start)
            case ":": advance(); add(.colon, from: start)
            case ".": advance(); add(.dot, from: start)
            case "+", "-", "*", "/", "^", "%", "=", "<", ">", "!", "−", "×", "·", "÷", "@":
                try op()
            default:
                if isIdentifierStart(c) {
                    var name = ""
                    while let p = peek(), isIdentifierPart(p) { name.unicodeScalars.append(p); advance() }
                    // `save!`, `plot!`, `graph!` (replace the file), as `:save!`; `save != x` stays a comparison.
                    if CommandRegistry.replacingWords.contains(name), peek() == "!", peek(1) != "=" {
                        name += "!"
                        advance()
                    }
                    add(.identifier(name), from: start)
                } else {
                    throw Diagnostic(.syntax, "unexpected character \(describeScalar(c))", at: SourceSpan(line: line, column: column, length: 1),
                                     hint: suggestion(for: c))
                }
            }
        }
        if let open = brackets.last {
            let close = open.0 == "(" ? ")" : "]"
            throw Diagnostic(.syntax, "'\(open.0)' is never closed", at: open.1, hint: "add '\(close)' at the end")
        }
        let endPos = here
        if let last = tokens.last, last.kind != .newline { tokens.append(Token(.newline, SourceSpan(start: endPos, end: endPos))) }
        while indents.count > 1 { indents.removeLast(); tokens.append(Token(.dedent, SourceSpan(start: endPos, end: endPos))) }
        tokens.append(Token(.end, SourceSpan(start: endPos, end: endPos)))
        return tokens
    }

    /// Measures the indentation of a new logical line and emits INDENT/DEDENT.
    private mutating func indentation() throws(Diagnostic) {
        var width = 0
        let start = here
        while let p = peek(), p == " " || p == "\t" || p == "\u{FEFF}" {
            width += p == "\t" ? 8 - width % 8 : p == "\u{FEFF}" ? 0 : 1
            advance()
        }
        guard let p = peek() else { return }
        if p == "\n" || p == "#" || p == "\r" { return }  // blank or comment line: stays at line start
        atLineStart = false
        let current = indents[indents.count - 1]
        if width > current {
            if tokens.isEmpty || tokens.last?.kind != .newline || !(previousLineOpensBlock()) {
                throw Diagnostic(.syntax, "unexpected indentation", at: SourceSpan(start: start, end: here),
                                 hint: "only the lines of a block (after a line ending in ':') are indented")
            }
            indents.append(width)
            tokens.append(Token(.indent, SourceSpan(start: start, end: here)))
        } else if width < current {
            let levels = indents
            while let top = indents.last, width < top {
                indents.removeLast()
                tokens.append(Token(.dedent, SourceSpan(start: start, end: here)))
            }
            if indents.last != width {
                throw Diagnostic(.syntax, "this line's indentation (\(width) spaces) matches no outer block", at: SourceSpan(start: start, end: here),
                                 hint: "indent it like one of the lines above (\(levels.map(String.init).joined(separator: " or ")) spaces)")
            }
        } else if tokens.last?.kind == .newline, previousLineOpensBlock() {
            throw Diagnostic(.syntax, "expected an indented block after ':'", at: SourceSpan(start: here, end: SourcePosition(line: line, column: column + 1)),
                             hint: "indent the lines of the block, e.g. by 4 spaces")
        }
    }

    private func previousLineOpensBlock() -> Bool {
        tokens.count >= 2 && tokens[tokens.count - 2].kind == .colon
    }

    private mutating func number() throws(Diagnostic) {
        let start = here
        var s = ""
        while let p = peek(), ("0"..."9").contains(p) || p == "_" { if p != "_" { s.unicodeScalars.append(p) }; advance() }
        if peek() == ".", !(peek(1).map(isIdentifierStart) ?? false) {
            s.append("."); advance()
            while let p = peek(), ("0"..."9").contains(p) { s.unicodeScalars.append(p); advance() }
        }
        if let e = peek(), e == "e" || e == "E" {
            let sign = peek(1)
            let hasSign = sign == "+" || sign == "-"
            if let d = peek(hasSign ? 2 : 1), ("0"..."9").contains(d) {
                s.append("e"); advance()
                if hasSign { s.unicodeScalars.append(text[i]); advance() }
                while let p = peek(), ("0"..."9").contains(p) { s.unicodeScalars.append(p); advance() }
            }
        }
        let span = SourceSpan(start: start, end: here)
        if let p = peek(), isIdentifierStart(p) {
            throw Diagnostic(.syntax, "a name cannot start with a digit", at: span.merged(with: SourceSpan(line: line, column: column, length: 1)),
                             hint: "write the multiplication out: 2*x, not 2x")
        }
        guard let v = Double(s) else {
            throw Diagnostic(.syntax, "'\(s)' is not a number", at: span)
        }
        guard v.isFinite else {
            throw Diagnostic(.math, "\(s) is too large for a 64-bit float (the largest is about 1.8e308)", at: span)
        }
        add(.number(v), from: start)
    }

    private mutating func string(quote: Unicode.Scalar) throws(Diagnostic) {
        let start = here
        advance()
        var s = ""
        while true {
            guard let p = peek(), p != "\n" else {
                throw Diagnostic(.syntax, "this string is never closed", at: SourceSpan(start: start, end: here),
                                 hint: "end it with \(quote) on the same line")
            }
            advance()
            if p == quote { break }
            if p == "\\", let n = peek() {
                advance()
                switch n {
                case "n": s.append("\n")
                case "t": s.append("\t")
                case "r": s.append("\r")
                default: s.unicodeScalars.append(n)
                }
                continue
            }
            s.unicodeScalars.append(p)
        }
        add(.string(s), from: start)
    }

    private mutating func op() throws(Diagnostic) {
        let start = here
        let c = text[i]
        let next = peek(1)
        var s = String(c)
        if let n = next, ["**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/="].contains(s + String(n)) {
            s += String(n)
            advance(); advance()
        } else if c == "!" {
            throw Diagnostic(.syntax, "'!' on its own is not an operator", at: SourceSpan(line: line, column: column, length: 1),
                             hint: "'!=' means not equal; 'not x' negates")
        } else {
            advance()
        }
        switch s {  // typographic operators pasted from the article read as their ASCII forms
        case "−": s = "-"
        case "×", "·": s = "*"
        case "÷": s = "/"
        default: break
        }
        add(.op(s), from: start)
    }

    private func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic
    }

    private func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || ("0"..."9").contains(c) || c.properties.numericType != nil && c.properties.isAlphabetic
    }

    private func describeScalar(_ c: Unicode.Scalar) -> String {
        if c.value < 32 || c.value == 127 { return "(control code \(c.value))" }
        if c.properties.generalCategory == .format || c.properties.isWhitespace { return "U+\(String(c.value, radix: 16, uppercase: true))" }
        return "'\(c)'"
    }

    private func suggestion(for c: Unicode.Scalar) -> String? {
        switch c {
        case "“", "”", "‘", "’": return "use straight quotes \" or ' for strings"
        case "（", "）": return "use ASCII parentheses ( )"
        case "，": return "use an ASCII comma ,"
        case "：": return "use an ASCII colon :"
        case "；", ";": return "put each statement on its own line"
        case "&", "|": return "use 'and' / 'or'"
        case "$", "?", "`", "~": return nil
        case "σ": return "write sigmoid(x)"
        default: return nil
        }
    }
}
