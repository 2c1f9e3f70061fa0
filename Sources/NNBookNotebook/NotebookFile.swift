import Foundation
import NNBookLanguage

/// The only places this library touches the file system: reading a notebook
/// and writing text atomically.
public enum NotebookFile {
    /// The text of a UTF-8 file; a missing or unreadable file is a located error.
    public static func read(_ path: String) throws -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw NotebookError(path: path, line: 0, message: "no such file")
        }
        if isFolder.boolValue { throw NotebookError(path: path, line: 0, message: "is a folder, not a notebook file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NotebookError(path: path, line: 0, message: "cannot be read (check its permissions)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw NotebookError(path: path, line: 0, message: "is not UTF-8 text")
        }
        return text
    }

    /// Reads and parses a notebook file.
    public static func load(_ path: String) throws -> Notebook {
        try NotebookParser.parse(try read(path), path: path)
    }

    /// Writes `text` to `path` atomically (see `AtomicFile`); refuses to
    /// replace an existing file unless `overwrite` is true.
    public static func write(_ text: String, to path: String, overwrite: Bool) throws {
        do { try AtomicFile.write(text, to: path, overwrite: overwrite) } catch {
            switch error {
            case .exists, .isFolder: throw NotebookError(path: path, line: 0, message: error.description)
            case .noFolder, .failed: throw NotebookError(path: path, line: 0, message: "cannot be written: \(error.description)")
            }
        }
    }
}
