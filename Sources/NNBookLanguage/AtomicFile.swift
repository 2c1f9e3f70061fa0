import CFiles
import Foundation

/// Why a file was not written.
public enum FileWriteError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case exists
    case isFolder
    case noFolder(String)
    /// The system refused: the reason in words (`AtomicFile.reason(errno:)`).
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
/// target (`.NAME.nnbook-PID.tmp`, opened with O_EXCL), written, flushed to
/// the disk with fsync, then renamed to the name (rename(2) is atomic), and
/// the folder is flushed so that the new name lasts too. A crash never leaves
/// half a file — only, after a `kill -9`, a temporary that
/// `removeStaleTemporaries` clears at the next start. When an existing file
/// must be kept, the rename is renameat2(RENAME_NOREPLACE), which fails if the
/// name is taken, however late it appeared; where the kernel or file system
/// cannot do that (EINVAL, ENOSYS), the temporary is hard-linked to the name
/// instead (link(2) fails the same way) and then removed. Only a file system
/// with neither falls back to looking first, which a file appearing between
/// the look and the rename would defeat.
/// The one place nnbook writes files.
public enum AtomicFile {
    /// A seam for tests: asked before each system call ("open", "write",
    /// "fsync", "rename", "rename-noreplace", "link") and, when it returns an
    /// errno, that call fails with it — a full disk, or a kernel without
    /// renameat2, without either.
    // unsafe: set by a test before it writes and cleared after; nothing else touches it.
    nonisolated(unsafe) public static var injectFault: ((String) -> Int32?)?

    /// - Parameter overwrite: replace an existing file; when false, an existing
    ///   file (even one that appears while writing) is left alone.
    public static func write(_ text: String, to path: String, overwrite: Bool = true) throws(FileWriteError) {
        try write(.text(text), to: path, overwrite: overwrite)
    }

    /// What a file holds: text (a script, JSON, SVG) or bytes (a `.npz`).
    public enum Contents: Sendable {
        case text(String)
        case bytes([UInt8])
    }

    /// Writes text or bytes, as `write(_:to:overwrite:)` does text.
    public static func write(_ contents: Contents, to path: String, overwrite: Bool = true) throws(FileWriteError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var status = stat()
        if lstat(path, &status) == 0 {
            if (status.st_mode & S_IFMT) == S_IFDIR { throw .isFolder }
            if !overwrite { throw .exists }
        }
        guard stat(folder, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else { throw .noFolder(folder) }
        let temporary = folder + "/" + temporaryName(for: url.lastPathComponent)
        var fd = try call("open") { open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666) }
        if fd < 0 && errno == EEXIST {  // left by a process of ours that was killed, whose PID we now have
            unlink(temporary)
            fd = try call("open") { open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666) }
        }
        guard fd >= 0 else { throw .failed(reason(errno: errno)) }
        do throws(FileWriteError) {
            try writeAll(contents, to: fd)
            guard try call("fsync", { fsync(fd) }) == 0 else { throw FileWriteError.failed(reason(errno: errno)) }
            guard close(fd) == 0 else { fd = -1; throw FileWriteError.failed(reason(errno: errno)) }
            fd = -1
            try publish(temporary, as: path, overwrite: overwrite)
        } catch {
            if fd >= 0 { close(fd) }
            unlink(temporary)
            throw error
        }
        syncFolder(folder)
    }

    /// The temporary file nnbook's process `pid` writes before it becomes `name`.
    public static func temporaryName(for name: String, pid: Int32 = getpid()) -> String {
        ".\(name).nnbook-\(pid).tmp"
    }

    /// Removes the temporaries in `folder` whose process is gone (a `kill -9`
    /// during a write), with one listing of the folder; returns their names.
    @discardableResult
    public static func removeStaleTemporaries(in folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var removed: [String] = []
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            guard let marker = name.range(of: ".nnbook-", options: .backwards),
                  let pid = Int32(name[marker.upperBound...].dropLast(4)), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH, unlink(folder + "/" + name) == 0 { removed.append(name) }
        }
        return removed
    }

    /// A failed system call's errno in words for a learner.
    public static func reason(errno code: Int32) -> String {
        switch code {
        case ENOSPC: return "the disk is full (free some space and try again)"
        case EDQUOT: return "your disk quota is used up (free some space and try again)"
        case EACCES, EPERM: return "permission denied (the folder's permissions do not allow writing here)"
        case EROFS: return "the disk is read-only"
        case ENAMETOOLONG: return "the file name is too long"
        case ENOENT: return "the folder does not exist"
        case ENOTDIR: return "part of the path is a file, not a folder"
        case EIO: return "the disk reported an input/output error"
        case EMFILE, ENFILE: return "too many files are open"
        default: return String(cString: strerror(code))
        }
    }

    // MARK: - steps

    /// Runs a system call unless the test seam fails it (setting errno).
    private static func call(_ name: String, _ body: () -> Int32) throws(FileWriteError) -> Int32 {
        if let code = injectFault?(name) {
            errno = code
            return -1
        }
        return body()
    }

    private static func writeAll(_ contents: Contents, to fd: Int32) throws(FileWriteError) {
        let failure: Int32?
        switch contents {
        case .text(var text): failure = text.withUTF8 { writeAll(UnsafeRawBufferPointer($0), to: fd) }
        case .bytes(let bytes): failure = bytes.withUnsafeBytes { writeAll($0, to: fd) }
        }
        if let failure { throw .failed(reason(errno: failure)) }
    }

    /// Writes every byte, retrying after a signal; the errno of a failure, else nil.
    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32) -> Int32? {
        guard let base = bytes.baseAddress else { return nil }  // nothing to write
        var offset = 0
        while offset < bytes.count {
            if let code = injectFault?("write") { return code }
            let n = systemWrite(fd, base + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += n
        }
        return nil
    }

    /// The temporary becomes `path`: renamed over it, or (keeping an existing
    /// file) renamed only if the name is free, in one step of the kernel.
    private static func publish(_ temporary: String, as path: String, overwrite: Bool) throws(FileWriteError) {
        if overwrite {
            guard try call("rename", { rename(temporary, path) }) == 0 else { throw .failed(reason(errno: errno)) }
            return
        }
        if try call("rename-noreplace", { nnbook_rename_noreplace(temporary, path) }) == 0 { return }
        switch errno {
        case EEXIST: throw .exists
        case EINVAL, ENOSYS, ENOTSUP, EOPNOTSUPP: try linkThenUnlink(temporary, as: path)  // an old kernel, or NFS
        default: throw .failed(reason(errno: errno))
        }
    }

    /// Without renameat2: link(2) too fails if the name is taken; the
    /// temporary's own name is removed after.
    private static func linkThenUnlink(_ temporary: String, as path: String) throws(FileWriteError) {
        if try call("link", { link(temporary, path) }) == 0 {
            unlink(temporary)
            return
        }
        switch errno {
        case EEXIST: throw .exists
        case EPERM, ENOTSUP, EOPNOTSUPP, EXDEV, EMLINK:  // no hard links on this file system either
            var status = stat()
            if lstat(path, &status) == 0 { throw .exists }
            guard try call("rename", { rename(temporary, path) }) == 0 else { throw .failed(reason(errno: errno)) }
        default: throw .failed(reason(errno: errno))
        }
    }

    /// Flushes the folder's entry for the new name, so that it survives a
    /// power cut as the contents do. Best effort: the file is already in
    /// place, so a failure here is not reported as a file not written.
    private static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}

/// write(2), out of reach of `AtomicFile.write`'s name.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}

extension Interpreter {
    /// The file name an expression gives (`"g.dot"`), or a located error.
    func filePath(_ e: Expr, example: String) throws(Diagnostic) -> String {
        guard case .string(let path) = try eval(e) else {
            throw Diagnostic(.type, "the file name must be a string", at: e.span, hint: example)
        }
        return path
    }
}
