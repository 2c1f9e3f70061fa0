import CMemory
import Foundation

/// What long or large work checks as it goes: whether the learner pressed
/// Ctrl-C, and whether the memory it is about to take fits the session's limit.
///
/// The session installs one for the cell it runs (`WorkGuard.$current`), so
/// code deep in NeuralCore — a CSV parser, a derivative, an autograd graph —
/// asks `WorkGuard.checkpoint()` and `WorkGuard.reserve(_:for:)` without a
/// parameter threaded through every call. With no guard installed (a test, a
/// benchmark) both always succeed.
// unchecked: its closures (not @Sendable: they read the session) are called only by
// the thread that installed it as `current`, the one running the cell.
public final class WorkGuard: @unchecked Sendable {
    /// The guard of the work running on this thread, if any.
    @TaskLocal public static var current: WorkGuard?

    private let cancelled: () -> Bool
    private let limit: () -> Int
    /// This guard's number for `HeapMeter`, which measures afresh for each new one.
    private let work = HeapMeter.shared.newWork()

    /// - Parameters:
    ///   - isCancelled: true once the work should stop (Ctrl-C); called often, so cheap.
    ///   - memoryLimit: the most heap memory the whole session may hold, in bytes.
    public init(isCancelled: @escaping () -> Bool, memoryLimit: @escaping () -> Int) {
        cancelled = isCancelled
        limit = memoryLimit
    }

    /// Runs `body` with `guard` as the current guard.
    public static func run<T>(_ guard: WorkGuard, _ body: () -> T) -> T {
        $current.withValue(`guard`, operation: body)
    }

    /// True when the current work should stop.
    public static var isCancelled: Bool { current?.cancelled() ?? false }

    /// True when this guard's work should stop. Looking `current` up costs
    /// tens of nanoseconds; code that asks on every step of something fast
    /// (each call of a learner's function) keeps the guard and asks it.
    public var isCancelled: Bool { cancelled() }

    /// Throws `.interrupted` when the current work should stop. Cheap enough for
    /// every row, node or term of a long job (not for every byte).
    public static func checkpoint() throws(NeuralError) {
        if let g = current, g.cancelled() { throw .interrupted }
    }

    /// Heap memory in use by the whole process now, in bytes (0 where unknown).
    public static var heapInUse: Int { HeapMeter.inUse }

    /// Requests smaller than this are added up and checked together, once per
    /// this many bytes: an autograd node or a short string costs one atomic
    /// add, not a look at the heap. (So the limit holds to within a megabyte.)
    public static let smallBatch = 1 << 20

    /// Refuses, before anything is allocated, a request for `bytes` more memory
    /// that would take the process past the session's limit. `what` names the
    /// request for the message ("a string", "the file data.csv"); it is only
    /// built when the request is refused.
    ///
    /// The limit is for the whole process (all its values, strings, graphs and
    /// files), measured as the heap in use (see `HeapMeter`), so memory freed
    /// since is given back without being counted. Cheap: about 0.1 µs for a
    /// large request, a few nanoseconds for a small one.
    public static func reserve(_ bytes: Int, for what: @autoclosure () -> String) throws(NeuralError) {
        var request = bytes
        if request < smallBatch {
            request = Int(nnbook_tally_small(max(request, 0), smallBatch))
            if request == 0 { return }
        }
        guard let g = current else { return }
        let limit = g.limit()
        if let inUse = HeapMeter.shared.admit(request, limit: limit, for: g.work) {
            throw .outOfMemory(what: what(), requested: request, inUse: inUse, limit: limit)
        }
    }

    /// Checks, before a file is read, that `expansion` times its size fits the
    /// session's memory (`expansion` is what reading and parsing it take per
    /// byte of file: 1 for bytes kept as they are). Returns the file's size in
    /// bytes, or nil when it cannot be told (no such file: the reader reports that).
    @discardableResult
    public static func reserveFile(_ path: String, expansion: Int, for what: @autoclosure () -> String) throws(NeuralError) -> Int? {
        guard let size = fileSize(path) else { return nil }
        let (bytes, overflow) = size.multipliedReportingOverflow(by: max(expansion, 1))
        try reserve(overflow ? Int.max : bytes, for: what())
        return size
    }

    /// The size of the file at `path` in bytes, nil when there is no such file.
    public static func fileSize(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
    }

    /// How much of a file is read between two Ctrl-C checks.
    static let readChunk = 8 << 20

    /// The bytes of the file at `path`, read 8 MB at a time with a Ctrl-C
    /// check between (a 2 GB file stops within a fraction of a second); nil
    /// when it cannot be opened or read. Reserve what it needs first
    /// (`reserveFile`).
    public static func contents(ofFile path: String) throws(NeuralError) -> Data? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var data = Data()
        if let size = fileSize(path), size > 0 { data.reserveCapacity(size) }
        var chunk = [UInt8](repeating: 0, count: readChunk)
        while true {
            try checkpoint()
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, readChunk) }
            if n < 0 {
                if errno == EINTR { continue }  // a Ctrl-C's signal: the checkpoint decides
                return nil
            }
            if n == 0 { return data }
            data.append(contentsOf: chunk[0..<n])
        }
    }
}
