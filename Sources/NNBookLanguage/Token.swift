/// A token of the language with where it stands in the cell.
struct Token: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        case number(Double)
        case string(String)
        case identifier(String)
        /// One or more apostrophes right after a name: `f'` is `f` then `.prime(1)`.
        case prime(Int)
        case op(String)          // + - * / ** ^ % // == != < <= > >= = += -= *= /=
        case leftParen, rightParen, leftBracket, rightBracket
        case comma, colon, dot
        case newline, indent, dedent, end
    }
    var kind: Kind
    var span: SourceSpan

    init(_ kind: Kind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }

    /// How the token reads in an error message.
    var describe: String {
        switch kind {
        case .number(let v): return "number \(NumberFormat.format(v, precision: .full))"
        case .string: return "a string"
        case .identifier(let s): return "'\(s)'"
        case .prime: return "'"
        case .op(let s): return "'\(s)'"
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .leftBracket: return "'['"
        case .rightBracket: return "']'"
        case .comma: return "','"
        case .colon: return "':'"
        case .dot: return "'.'"
        case .newline: return "end of line"
        case .indent: return "an indented line"
        case .dedent: return "end of the block"
        case .end: return "end of input"
        }
    }
}
