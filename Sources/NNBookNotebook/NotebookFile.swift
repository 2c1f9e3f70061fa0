import Foundation
import NNBookLanguage
import NeuralCore

/// The only places this library touches the file system: reading a notebook
/// and writing text atomically.
public enum NotebookFile {
    /// Memory that reading and parsing a notebook takes per byte of file: the
    /// bytes, the text, its lines and the cells. Measured: a notebook of
    /// 21 MB of prose took 156 MB.
    static let readingExpansion = 8

    /// The text of a UTF-8 file; a missing or unreadable file is a located error.
    /// A file that would take the process past `memoryLimit` to read and parse
    /// (see `readingExpansion`) is refused before it is read.
    public static func read(_ path: String, memoryLimit: Int = SessionOptions().memoryLimit) throws -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw NotebookError(path: path, line: 0, message: "no such file")
        }
        if isFolder.boolValue { throw NotebookError(path: path, line: 0, message: "is a folder, not a notebook file") }
        if let size = WorkGuard.fileSize(path) {
            let need = size > Int.max / readingExpansion ? Int.max : size * readingExpansion
            let inUse = WorkGuard.heapInUse
            if need > memoryLimit - inUse {
                throw NotebookError(path: path, line: 0, message: "is \(NumberFormat.bytes(size)); "
                                    + NumberFormat.memoryRefusal("reading it", requested: need, inUse: inUse, limit: memoryLimit)
                                    + "; nothing was read (:limits shows and changes the limit)")
            }
        }
        guard let data = try WorkGuard.contents(ofFile: path) else {
            throw NotebookError(path: path, line: 0, message: "cannot be read (check its permissions)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw NotebookError(path: path, line: 0, message: "is not UTF-8 text")
        }
        return text
    }

    /// Reads and parses a notebook file, if it fits `memoryLimit` (see `read`).
    public static func load(_ path: String, memoryLimit: Int = SessionOptions().memoryLimit) throws -> Notebook {
        try NotebookParser.parse(try read(path, memoryLimit: memoryLimit), path: path)
    }

    /// Writes `text` to `path` atomically (see `AtomicFile`); refuses to
    /// replace an existing file unless `overwrite` is true.
    public static func write(_ text: String, to path: String, overwrite: Bool) throws {
        do { try AtomicFile.write(text, to: path, overwrite: overwrite) } catch {
            switch error {
            case .exists: throw NotebookError(path: path, line: 0, message: "already exists; nothing was written", writeError: error)
            case .isFolder: throw NotebookError(path: path, line: 0, message: error.description, writeError: error)
            case .noFolder, .failed: throw NotebookError(path: path, line: 0, message: "cannot be written: \(error.description)", writeError: error)
            }
        }
    }
}
