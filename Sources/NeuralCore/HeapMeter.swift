import CMemory
import Dispatch
import Foundation

/// The process's heap in use, as the memory limit sees it.
///
/// Measuring (glibc's `mallinfo2`) is exact — big Swift arrays, which malloc
/// maps on their own, are counted as soon as they are allocated and uncounted
/// when freed — but it walks the allocator's free lists: about 0.5 µs, and
/// more the more free blocks there are (25 ms after a graph of a million nodes
/// was freed, before CMemory turned fastbins off). A reservation, which runs
/// before every large allocation, must cost much less than that, so the meter
/// measures rarely and in between adds up what it admitted:
///
///     estimate = measured + admitted since
///
/// which can only be too high (what was freed meanwhile is not subtracted)
/// as long as every growth was reserved. It measures again when a request
/// would not fit the estimate — so nothing is refused on a stale figure — and,
/// to see growth nobody reserved, at the first request of each piece of work
/// (each cell has its own `WorkGuard`) and when the last measure is more than
/// a second old.
// unchecked: every stored var is read and written under `lock`.
final class HeapMeter: @unchecked Sendable {
    static let shared = HeapMeter()

    private let lock = NSLock()
    private var measured = 0
    private var admitted = 0
    private var measuredAt: UInt64 = 0
    private var measuredFor = 0
    private var lastWork = 0
    private static let maxAge: UInt64 = 1_000_000_000

    /// Bytes in use now, measured.
    static var inUse: Int { Int(nnbook_heap_in_use()) }

    /// A number for a new piece of work, never given before (an object's
    /// identity would not do: a new guard often takes a freed one's address).
    func newWork() -> Int {
        lock.lock()
        defer { lock.unlock() }
        lastWork += 1
        return lastWork
    }

    /// Admits `bytes` more for the work numbered `work` when they fit under
    /// `limit`, returning nil; otherwise returns the bytes in use (just
    /// measured) and admits nothing.
    func admit(_ bytes: Int, limit: Int, for work: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        let now = DispatchTime.now().uptimeNanoseconds
        if work != measuredFor || now &- measuredAt > Self.maxAge || bytes > limit - measured - admitted {
            measured = Self.inUse
            admitted = 0
            measuredAt = now
            measuredFor = work
            if bytes > limit - measured { return measured }
        }
        admitted += bytes
        return nil
    }
}
