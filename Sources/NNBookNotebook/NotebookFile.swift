import Foundation

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

    /// Writes `text` to `path` atomically: into a temporary file beside it,
    /// then renamed over it, so a reader never sees half a file. Refuses to
    /// replace an existing file unless `overwrite` is true.
    public static func write(_ text: String, to path: String, overwrite: Bool) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            if isFolder.boolValue { throw NotebookError(path: path, line: 0, message: "is a folder; give a file name") }
            if !overwrite {
                throw NotebookError(path: path, line: 0, message: "already exists; nothing was written (add ! to the command to replace it)")
            }
        }
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw NotebookError(path: path, line: 0, message: "cannot be written: the folder \(folder.path) does not exist")
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8)) else {
            throw NotebookError(path: path, line: 0, message: "cannot be written (check the folder's permissions)")
        }
        // rename(2) replaces the destination atomically; without overwrite a
        // file that appeared meanwhile is still not replaced.
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            try? FileManager.default.removeItem(at: temporary)
            throw NotebookError(path: path, line: 0, message: "already exists; use ! to overwrite it")
        }
        if rename(temporary.path, path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw NotebookError(path: path, line: 0, message: "cannot be written (rename failed)")
        }
    }
}
