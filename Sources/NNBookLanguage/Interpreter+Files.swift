import Foundation

/// Every file a cell reads or writes goes through the session's `FileAccess`.
extension Interpreter {
    /// The path to read for a file name a cell gave, or a located refusal.
    func readablePath(_ typed: String, at span: SourceSpan) throws(Diagnostic) -> String {
        do { return try fileAccess.readable(typed) } catch {
            throw Diagnostic(.value, error.description, at: span, hint: error.hint)
        }
    }

    /// Writes a model, graph or plot file where the session's file access
    /// allows, atomically. False when it was not written because a journal
    /// is being replayed: the file is then listed in `skippedWrites` (for
    /// resume to say so), and the caller says nothing about it.
    /// - Parameters:
    ///   - span: the file name, where an error points.
    ///   - command: the whole command, quoted with `!` when the file exists.
    func writeFile(_ text: String, to file: OutputFile, typed: String, command: SourceSpan) throws(Diagnostic) -> Bool {
        try writeFile(.text(text), to: file, typed: typed, command: command)
    }

    /// Writes text or bytes, as `writeFile(_:to:typed:command:)` does text.
    func writeFile(_ contents: AtomicFile.Contents, to file: OutputFile, typed: String, command: SourceSpan) throws(Diagnostic) -> Bool {
        try writeFile(to: file, typed: typed, command: command) { path, replacing throws(FileWriteError) in
            try AtomicFile.write(contents, to: path, overwrite: replacing)
        }
    }

    /// The same, where nil contents (a format nnbook cannot write) are refused
    /// with `refusing()` once the file's place is allowed (a refusal of the place comes first).
    func writeFile(_ contents: AtomicFile.Contents?, to file: OutputFile, typed: String, command: SourceSpan,
                   refusing: () -> Diagnostic) throws(Diagnostic) -> Bool {
        var refused = false
        let written = try writeFile(to: file, typed: typed, command: command) { path, replacing throws(FileWriteError) in
            guard let contents else {  // an existing file's refusal comes first, as for any other write
                if !replacing, FileManager.default.fileExists(atPath: path) { throw .exists }
                refused = true
                return
            }
            try AtomicFile.write(contents, to: path, overwrite: replacing)
        }
        if refused { throw refusing() }
        return written
    }

    private func writeFile(to file: OutputFile, typed: String, command: SourceSpan,
                           write: (String, Bool) throws(FileWriteError) -> Void) throws(Diagnostic) -> Bool {
        let span = file.path.span
        let target: FileAccess.WriteTarget
        do { target = try fileAccess.target(forWriting: typed, replacing: file.replacing) } catch {
            throw Diagnostic(.value, error.description, at: span, hint: error.hint)
        }
        guard case .write(let path, let replacing) = target else {
            skippedWrites.append(typed)
            return false
        }
        do { try write(path, replacing) } catch {
            guard error == .exists else { throw Diagnostic(.value, "could not write \(typed): \(error.description)", at: span) }
            if fileAccess.isGuest {  // it appeared after the check
                let refusal = FileRefusal(path: typed, reason: .exists)
                throw Diagnostic(.value, refusal.description, at: span, hint: refusal.hint)
            }
            throw Diagnostic(.value, "\(typed) already exists; nothing was written", at: span,
                             hint: replacingCommand(command).map { "\($0) replaces it" } ?? "add ! after the command's name to replace it")
        }
        return true
    }

    /// The command's text with `!` after its first word (`save! m to "m.json"`),
    /// when it fits on one line of the cell.
    private func replacingCommand(_ span: SourceSpan) -> String? {
        let lines = cellSource.split(separator: "\n", omittingEmptySubsequences: false)
        guard span.start.line == span.end.line, lines.indices.contains(span.start.line - 1) else { return nil }
        let text = Array(lines[span.start.line - 1].unicodeScalars)
        let from = span.start.column - 1, to = span.end.column - 1
        guard from >= 0, from < to, to <= text.count else { return nil }
        let command = String(String.UnicodeScalarView(text[from..<to]))
        guard let space = command.firstIndex(of: " ") else { return nil }
        return command[..<space] + "!" + command[space...]
    }
}
