import Foundation

/// A REPL meta-command: a line starting with `:`. Parsed here so every layer
/// sees a typed case, never a string.
public enum MetaCommand: Sendable, Equatable {
    case help(topic: String?)
    case vars
    case history
    case reset
    case precision(Precision?)
    case quit
    case save(path: String, overwrite: Bool)
    case load(path: String)
    case export(path: String, overwrite: Bool)
    case lesson(String?)
    case next
    case back
    case hint
    case skip
    case restart
    /// `:show`: the current lesson cell's code.
    case show
    /// `:recap`: what the lesson has covered so far.
    case recap
    /// `:scratch`: try anything without being graded (again: back to the lesson).
    case scratch
    /// `:keep`: keep what the last try or scratch mode did.
    case keep
    /// `:lang zh`, `:lang en`: the language of lessons; `:lang` alone says which.
    case lang(String?)
    /// `:limits`, or `:limits memory 2GB`.
    case limits(memory: Int?)
    /// `:time CODE`: runs the code and says how long it took, as IPython's %time.
    case time(String)
    /// `:plots ascii` or `:plots unicode`.
    case plots(unicode: Bool)

    /// Every meta-command name with a one-line description, for `:help` and completion.
    public static let catalog: [(name: String, usage: String, summary: String)] = [
        ("help", ":help [topic]", "list what nnbook can do, or explain one builtin or command"),
        ("vars", ":vars", "show every variable and function of the session"),
        ("history", ":history", "show the inputs of this session, numbered like In [n]"),
        ("reset", ":reset", "forget every variable, function and result"),
        ("precision", ":precision N|full", "print numbers with N decimals (default 6), or in full"),
        ("quit", ":quit", "leave nnbook (Ctrl-D does the same); history is saved"),
        ("save", ":save FILE.md", "write the session as a Markdown notebook (:save! to overwrite)"),
        ("load", ":load FILE.md", "run a notebook's cells into this session; they read and write only in the notebook's folder, never replace a file, and cannot :save or :export"),
        ("export", ":export FILE.ipynb", "write the session as a Jupyter notebook (:export! to overwrite)"),
        ("lesson", ":lesson [N]", "list the lessons, or start lesson N"),
        ("next", ":next", "in a lesson: the same as :skip"),
        ("back", ":back", "in a lesson: go back one cell, to the state before it"),
        ("hint", ":hint", "in a lesson: a hint; again for the shape of the answer, a third time for the answer"),
        ("skip", ":skip", "in a lesson: show and run the cell for you, and move on"),
        ("restart", ":restart", "in a lesson: start it again from its first cell"),
        ("show", ":show", "in a lesson: show the code the current cell expects"),
        ("recap", ":recap", "in a lesson: what it has covered so far, with what you typed"),
        ("scratch", ":scratch", "in a lesson: try anything without it counting (:scratch again to go back)"),
        ("keep", ":keep", "in a lesson: keep what your last try (or scratch) did"),
        ("lang", ":lang [en|zh]", "the language of lessons and their messages (English or 中文)"),
        ("time", ":time CODE", "run a line of code and say how long it took (as IPython's %time)"),
        ("plots", ":plots ascii|unicode", "draw plots and tables with plain ASCII (for terminals without Unicode) or with braille and box characters"),
        ("limits", ":limits [memory SIZE]", "show the limits that protect the session, or set the memory limit (e.g. :limits memory 2GB)"),
    ]

    /// Parses a line that starts with `:`. The error's span points into `line`.
    public static func parse(_ line: String, lineNumber: Int = 1) -> Result<MetaCommand, Diagnostic> {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let lead = line.unicodeScalars.prefix { $0 == " " || $0 == "\t" }.count
        var body = Substring(trimmed.dropFirst())
        var overwrite = false
        let words = body.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard var name = words.first.map(String.init) else {
            return .failure(Diagnostic(.syntax, "a meta-command name must follow ':'",
                                       at: SourceSpan(line: lineNumber, column: lead + 1, length: 1),
                                       hint: "type :help to list them"))
        }
        if name.hasSuffix("!") { overwrite = true; name.removeLast() }
        body = words.count > 1 ? words[1] : ""
        let argument = body.trimmingCharacters(in: .whitespaces)
        let nameSpan = SourceSpan(line: lineNumber, column: lead + 2, length: name.unicodeScalars.count)
        let argSpan = SourceSpan(line: lineNumber, column: lead + 3 + name.unicodeScalars.count + (overwrite ? 1 : 0),
                                 length: max(argument.unicodeScalars.count, 1))
        func needsPath(_ make: (String) -> MetaCommand, _ ext: String) -> Result<MetaCommand, Diagnostic> {
            if argument.isEmpty {
                return .failure(Diagnostic(.syntax, ":\(name) needs a file name", at: argSpan,
                                           hint: "for example :\(name) session.\(ext)"))
            }
            return .success(make(unquote(argument)))
        }
        func noArgument(_ command: MetaCommand) -> Result<MetaCommand, Diagnostic> {
            argument.isEmpty ? .success(command)
                : .failure(Diagnostic(.syntax, ":\(name) takes no argument", at: argSpan))
        }
        switch name {
        case "help", "h", "?": return .success(.help(topic: argument.isEmpty ? nil : argument))
        case "vars", "who": return noArgument(.vars)
        case "history": return noArgument(.history)
        case "reset": return noArgument(.reset)
        case "quit", "q", "exit": return noArgument(.quit)
        case "next": return noArgument(.next)
        case "back": return noArgument(.back)
        case "hint": return noArgument(.hint)
        case "skip": return noArgument(.skip)
        case "restart": return noArgument(.restart)
        case "show": return noArgument(.show)
        case "recap": return noArgument(.recap)
        case "scratch": return noArgument(.scratch)
        case "keep": return noArgument(.keep)
        case "lang":
            if argument.isEmpty { return .success(.lang(nil)) }
            return .success(.lang(argument))
        case "lesson": return .success(.lesson(argument.isEmpty ? nil : argument))
        case "save": return needsPath({ .save(path: $0, overwrite: overwrite) }, "md")
        case "load": return needsPath({ .load(path: $0) }, "md")
        case "export": return needsPath({ .export(path: $0, overwrite: overwrite) }, "ipynb")
        case "time":
            if argument.isEmpty { return .failure(Diagnostic(.syntax, ":time needs code to run", at: argSpan, hint: ":time train model on data epochs 1")) }
            return .success(.time(argument))
        case "plots":
            switch argument {
            case "ascii": return .success(.plots(unicode: false))
            case "unicode": return .success(.plots(unicode: true))
            default: return .failure(Diagnostic(.value, "expected :plots ascii or :plots unicode", at: argSpan))
            }
        case "limits":
            if argument.isEmpty { return .success(.limits(memory: nil)) }
            let parts = argument.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count == 2, parts[0] == "memory", let bytes = parseSize(String(parts[1])) { return .success(.limits(memory: bytes)) }
            return .failure(Diagnostic(.value, "expected ':limits memory SIZE', e.g. :limits memory 2GB", at: argSpan))
        case "precision":
            if argument.isEmpty { return .success(.precision(nil)) }
            if argument == "full" { return .success(.precision(.full)) }
            if let n = Int(argument), (0...17).contains(n) { return .success(.precision(.decimals(n))) }
            return .failure(Diagnostic(.value, "precision must be a number of decimals from 0 to 17, or 'full'",
                                       at: argSpan, hint: ":precision 6 is the default"))
        default:
            let suggestion = Spelling.closest(to: name, among: catalog.map(\.name))
            return .failure(Diagnostic(.name, "unknown meta-command ':\(name)'", at: nameSpan,
                                       hint: suggestion.map { "did you mean :\($0)? (:help lists them all)" }
                                           ?? ":help lists them all"))
        }
    }

    /// "2GB", "512MB", "1.5 GB", "4000000000" → bytes.
    static func parseSize(_ s: String) -> Int? {
        let t = s.uppercased().replacingOccurrences(of: " ", with: "")
        let units: [(String, Double)] = [("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3), ("B", 1)]
        for (suffix, scale) in units where t.hasSuffix(suffix) {
            guard let v = Double(t.dropLast(suffix.count)), v > 0, v * scale < 9e18 else { return nil }
            return Int(v * scale)
        }
        guard let v = Double(t), v > 0, v < 9e18 else { return nil }
        return Int(v)
    }

    private static func unquote(_ s: String) -> String {
        if s.count >= 2, let f = s.first, let l = s.last, f == l, f == "\"" || f == "'" {
            return String(s.dropFirst().dropLast())
        }
        return s
    }
}
