import CZlib
import Foundation

/// Reads a file through zlib's `gzread`, which inflates gzip data as it goes
/// and passes any other file through unchanged.
///
/// zlib decides by content, not by name: a file whose first two bytes are the
/// gzip magic `1f 8b` is decompressed (several concatenated gzip members are
/// read as one stream), anything else is read as it is. Data arrive in chunks,
/// so only the decompressed bytes asked for are ever held in memory.
final class GzipReader {
    private var file: gzFile?
    private let path: String

    /// Opens `path` for reading; throws if it is missing, a folder, or unreadable.
    init(path: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw NeuralError.invalidArgument("no file \(path)")
        }
        guard !isFolder.boolValue else {
            throw NeuralError.invalidArgument("\(path) is a folder, not a file")
        }
        guard let opened = gzopen(path, "rb") else {
            throw NeuralError.invalidArgument("cannot open \(path) for reading")
        }
        gzbuffer(opened, 1 << 17)
        file = opened
        self.path = path
    }

    deinit { close() }

    /// Releases the file; later reads return nothing.
    func close() {
        if let open = file { gzclose(open) }
        file = nil
    }

    /// Whether the file is gzip data being inflated (known after the first read).
    var isCompressed: Bool {
        guard let open = file else { return false }
        return gzdirect(open) == 0
    }

    /// Up to `count` bytes: fewer only when the data end (a truncated gzip
    /// stream counts as ending). Corrupt gzip data throw; so does Ctrl-C
    /// (`NeuralError.interrupted`, asked once a megabyte).
    func read(_ count: Int) throws -> [UInt8] {
        guard count > 0, let open = file else { return [] }
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        let chunk = 1 << 20
        while got < count {
            try WorkGuard.checkpoint()  // once a megabyte
            let want = UInt32(min(chunk, count - got))
            let n = out.withUnsafeMutableBytes { buffer in
                gzread(open, buffer.baseAddress.map { $0 + got }, want)
            }
            if n < 0 {
                var code: Int32 = 0
                let message = gzerror(open, &code).map { String(cString: $0) } ?? "unknown error"
                if code == Z_BUF_ERROR { break }  // "unexpected end of file": truncated
                throw NeuralError.invalidArgument("\(path) holds corrupt gzip data: \(message)")
            }
            if n == 0 { break }
            got += Int(n)
        }
        if got < count { out.removeSubrange(got...) }
        return out
    }

    /// Writes `bytes` to `path` as one gzip member (compression level 6).
    static func writeCompressed(_ bytes: [UInt8], to path: String) throws {
        guard let out = gzopen(path, "wb6") else {
            throw NeuralError.invalidArgument("cannot open \(path) for writing")
        }
        var written = 0
        while written < bytes.count {
            let want = min(1 << 20, bytes.count - written)
            let n = bytes.withUnsafeBytes { buffer in
                gzwrite(out, buffer.baseAddress.map { $0 + written }, UInt32(want))
            }
            guard n > 0 else {
                gzclose(out)
                throw NeuralError.invalidArgument("cannot write gzip data to \(path)")
            }
            written += Int(n)
        }
        guard gzclose(out) == Z_OK else {
            throw NeuralError.invalidArgument("cannot finish writing \(path)")
        }
    }
}
