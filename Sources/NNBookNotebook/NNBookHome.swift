import Foundation

/// `$NNBOOK_HOME` (default `~/.nnbook`): where nnbook keeps a learner's
/// history, session journals and lesson progress.
public enum NNBookHome {
    /// Makes sure `path` is a folder nnbook can write, creating it when it does
    /// not exist. Returns what is wrong, in words for a learner, or nil.
    /// - Parameter fromEnvironment: the path came from `NNBOOK_HOME` (not the default).
    public static func prepare(_ path: String, fromEnvironment: Bool) -> String? {
        let name = fromEnvironment ? "NNBOOK_HOME (\(path))" : "nnbook's folder \(path)"
        let remedy = fromEnvironment ? "point NNBOOK_HOME at a folder you can write, or unset it to use ~/.nnbook"
                                     : "move that file away, or set NNBOOK_HOME to a folder you can write"
        let purpose = "nnbook keeps your history, session journals and lesson progress there"
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            if !isFolder.boolValue { return "\(name) is a file, not a folder: \(purpose); \(remedy)" }
            if access(path, W_OK | X_OK) != 0 { return "\(name) is a folder nnbook cannot write to: \(purpose); \(remedy)" }
            return nil
        }
        if let code = makeFolder(path) {
            return "\(name) cannot be created (\(String(cString: strerror(code)).lowercased())): \(purpose); \(remedy)"
        }
        return nil
    }

    /// Creates `path` and any folders above it that are missing, as `mkdir -p`
    /// does. Returns the error number when it cannot (`ENOTDIR` when a file is
    /// in the way), nil when the folder is there.
    static func makeFolder(_ path: String) -> Int32? {
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, 0o755) == 0 { continue }
            let code = errno
            var isFolder: ObjCBool = false
            guard code == EEXIST else { return code }
            guard FileManager.default.fileExists(atPath: prefix, isDirectory: &isFolder), isFolder.boolValue else { return ENOTDIR }
        }
        return nil
    }
}
