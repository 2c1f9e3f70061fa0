import Foundation

/// Why the journal could not be written, in words for a learner.
public struct JournalWriteFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The system's error number (`ENOSPC` …).
    public var code: Int32

    public init(code: Int32) { self.code = code }

    public var description: String {
        switch code {
        case ENOSPC: return "the disk is full"
        case EDQUOT: return "the disk quota is used up"
        case EIO: return "the disk reported an input/output error"
        case EROFS: return "the disk is read-only"
        case EFBIG: return "the journal file is as large as the file system allows"
        case EACCES, EPERM: return "permission denied (check the journal folder's permissions)"
        case ENOENT, ENOTDIR: return "its folder is missing or is not a folder"
        default: return String(cString: strerror(code))
        }
    }
}

/// Where journal bytes go: a file (`JournalFile`), or in tests a fake that
/// fails on cue.
public protocol JournalSink: AnyObject {
    /// Appends `bytes` and forces them to disk. On failure nothing of them
    /// may remain (or only a tail the reader leaves out).
    func append(_ bytes: [UInt8]) throws(JournalWriteFailure)
}

/// A journal file: created (never replacing one), appended to with write(2)
/// and forced to disk with fsync(2) for every record. A failed append is cut
/// off again, so the file ends at the last whole record; a file that never
/// got one is removed.
public final class JournalFile: JournalSink {
    public let path: String
    private let fd: Int32
    private var size: off_t = 0

    public init(creating path: String) throws(JournalWriteFailure) {
        self.path = path
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw JournalWriteFailure(code: errno) }
        Self.syncFolder(of: path)  // so the new name itself survives a crash
    }

    deinit { close(fd) }

    public func append(_ bytes: [UInt8]) throws(JournalWriteFailure) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { all in all.baseAddress.map { write(fd, $0 + done, all.count - done) } ?? 0 }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { throw undo(code: n < 0 ? errno : EIO) }
            done += n
        }
        while fsync(fd) != 0 {
            if errno != EINTR { throw undo(code: errno) }
        }
        size += off_t(bytes.count)
    }

    /// Cuts the file back to its last whole record (removes it when there is
    /// none) and returns the failure to throw.
    private func undo(code: Int32) -> JournalWriteFailure {
        if size == 0 { unlink(path) } else { _ = ftruncate(fd, size) }
        return JournalWriteFailure(code: code)
    }

    private static func syncFolder(of path: String) {
        let folder = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
        guard folder >= 0 else { return }
        _ = fsync(folder)
        close(folder)
    }
}

/// The journal could not be written: said once, with the cell from which
/// the journal stops.
public struct JournalProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public var failure: JournalWriteFailure
    /// The first cell (`In [n]`) not journaled.
    public var fromCell: Int

    public var description: String {
        "the journal could not be written: \(failure); cells from In [\(fromCell)] on are not journaled "
            + "(the session goes on; :save FILE.md keeps it in a notebook)"
    }
}

/// Appends records to a journal, opening it with the first one (so a session
/// that runs nothing leaves no file).
///
/// When a write fails the writer stops for good: it reports the problem once
/// and journals nothing more. Retrying later cells would leave a gap, and a
/// resume that replays a session with a cell missing restores something the
/// learner never had; a journal that simply ends is one a resume understands.
public final class JournalWriter {
    private let open: () throws(JournalWriteFailure) -> JournalSink
    private var sink: JournalSink?
    /// Set once writing failed; nothing more is written.
    public private(set) var problem: JournalProblem?

    /// - Parameter open: creates the sink when the first record comes.
    public init(open: @escaping () throws(JournalWriteFailure) -> JournalSink) {
        self.open = open
    }

    /// Appends `record` and forces it to disk. Returns the problem the first
    /// time writing fails, nil otherwise (also on every later call).
    @discardableResult
    public func append(_ record: JournalRecord) -> JournalProblem? {
        guard problem == nil else { return nil }
        do throws(JournalWriteFailure) {
            var bytes: [UInt8] = []
            if sink == nil {
                sink = try open()
                bytes = Array(JournalFormat.header.utf8)
            }
            bytes += (try? JournalFormat.frame(record)) ?? (try? JournalFormat.frame(stateless(record))) ?? []
            try sink?.append(bytes)
            return nil
        } catch {
            let p = JournalProblem(failure: error, fromCell: record.count)
            problem = p
            sink = nil
            return p
        }
    }

    /// The record without fingerprints, should they ever fail to encode.
    private func stateless(_ record: JournalRecord) -> JournalRecord {
        var r = record
        r.state = [:]
        r.complete = false
        return r
    }
}
