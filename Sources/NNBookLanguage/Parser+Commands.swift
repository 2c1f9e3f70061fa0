/// The English commands: the parser reads the word that starts one and hands
/// the rest of the line to the command's own `parse` (`CommandRegistry`).
extension Parser {
    // MARK: commands

    mutating func command(_ typed: String) throws(Diagnostic) -> Stmt {
        let start = advance().span
        let head = CommandHead(typed: typed, span: start)
        // Only registered words (and the `!` the lexer adds to writing commands) bring the parser here.
        guard let kind = CommandRegistry.command(startedBy: head.word) else {
            throw Diagnostic(.syntax, "'\(typed)' is not a command", at: start,
                             hint: "commands are " + CommandRegistry.words.joined(separator: ", "))
        }
        let (body, span) = try kind.parse(&self, head)
        return .command(Command(body: body), span)
    }

    /// `to "file"` after a command that may write one; `WORD!` needs one (`hint` shows how).
    mutating func outputFile(_ head: CommandHead, hint: String) throws(Diagnostic) -> OutputFile? {
        if case .identifier("to") = peek.kind {
            advance()
            return OutputFile(path: try expression(), replacing: head.replacing)
        }
        if head.replacing {
            throw Diagnostic(.syntax, "\(head.typed) replaces a file, so it needs one", at: head.span, hint: hint)
        }
        return nil
    }

    /// The word `w` (`from`, `on`, `to`) must come next.
    mutating func requireWord(_ w: String, example: String) throws(Diagnostic) {
        guard case .identifier(let got) = peek.kind, got == w else {
            throw Diagnostic(.syntax, "expected '\(w)' here", at: peek.span, hint: "for example: \(example)")
        }
        advance()
    }

    /// An expression, or `message` (with `hint`) when the line ends first.
    mutating func commandArgument(_ head: CommandHead, _ message: String, hint: String) throws(Diagnostic) -> Expr {
        if atLineEnd { throw Diagnostic(.syntax, message, at: head.span, hint: hint) }
        return try expression()
    }

    /// `plot boundary …` unless `boundary` is a function being plotted (`plot boundary from …`, `plot boundary, f …`).
    func isBoundaryCommand() -> Bool {
        guard current + 1 < tokens.count else { return true }
        switch tokens[current + 1].kind {
        case .comma, .identifier("from"), .prime, .leftParen: return false
        default: return true
        }
    }

    /// `plot loss` (the command) rather than `plot loss_fn from …` or `plot loss, f …`.
    func isPlotWordAlone(after k: Int) -> Bool {
        guard current + k < tokens.count else { return true }
        switch tokens[current + k].kind {
        case .newline, .end, .dedent: return true
        case .identifier("to"): return true
        default: return false
        }
    }

    var atLineEnd: Bool { check(.newline) || check(.end) || check(.dedent) }
}
