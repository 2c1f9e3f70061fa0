import Foundation

/// Why a file was not written.
public enum FileWriteError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case exists
    case isFolder
    case noFolder(String)
    case failed(String)

    public var description: String {
        switch self {
        case .exists: return "already exists; nothing was written (add ! to the command to replace it)"
        case .isFolder: return "is a folder; give a file name"
        case .noFolder(let folder): return "the folder \(folder) does not exist"
        case .failed(let reason): return reason
        }
    }
    public var errorDescription: String? { description }
}

/// Files are written whole or not at all: into a temporary file beside the
/// target, then renamed over it (rename(2) is atomic), so a crash never
/// leaves half a file. The one place nnbook writes files.
public enum AtomicFile {
    /// - Parameter overwrite: replace an existing file; when false, an existing
    ///   file (even one that appears while writing) is left alone.
    public static func write(_ text: String, to path: String, overwrite: Bool = true) throws(FileWriteError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            if isFolder.boolValue { throw .isFolder }
            if !overwrite { throw .exists }
        }
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw .noFolder(folder.path)
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8)) else {
            throw .failed("check the folder's permissions")
        }
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            try? FileManager.default.removeItem(at: temporary)
            throw .exists
        }
        if rename(temporary.path, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw .failed(reason)
        }
    }
}

extension Interpreter {
    /// The file name an expression gives (`"g.dot"`), or a located error.
    func filePath(_ e: Expr, example: String) throws(Diagnostic) -> String {
        guard case .string(let path) = try eval(e) else {
            throw Diagnostic(.type, "the file name must be a string", at: e.span, hint: example)
        }
        return path
    }

    /// Writes a model, graph or plot file (replacing it, atomically), or a located error.
    func writeFile(_ text: String, to path: String, span: SourceSpan) throws(Diagnostic) {
        do { try AtomicFile.write(text, to: path) } catch {
            throw Diagnostic(.value, "could not write \(path): \(error.description)", at: span)
        }
    }
}
