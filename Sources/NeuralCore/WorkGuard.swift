import CMemory

/// What long or large work checks as it goes: whether the learner pressed
/// Ctrl-C, and whether the memory it is about to take fits the session's limit.
///
/// The session installs one for the cell it runs (`WorkGuard.$current`), so
/// code deep in NeuralCore — a CSV parser, a derivative, an autograd graph —
/// asks `WorkGuard.checkpoint()` and `WorkGuard.reserve(_:for:)` without a
/// parameter threaded through every call. With no guard installed (a test, a
/// benchmark) both always succeed.
public final class WorkGuard: @unchecked Sendable {
    /// The guard of the work running on this thread, if any.
    @TaskLocal public static var current: WorkGuard?

    private let cancelled: () -> Bool
    private let limit: () -> Int

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
    public static var heapInUse: Int { Int(nnbook_heap_in_use()) }

    /// Refuses, before anything is allocated, a request for `bytes` more memory
    /// that would take the process past the session's limit. `what` names the
    /// request for the message ("a string", "the file data.csv").
    public static func reserve(_ bytes: Int, for what: String) throws(NeuralError) {
        guard let g = current else { return }
        let limit = g.limit()
        let inUse = heapInUse
        if bytes > limit - inUse {
            throw .outOfMemory(what: what, requested: bytes, inUse: inUse, limit: limit)
        }
    }
}
