/// Zero-filled Float32 buffers for the training loop, freed together.
///
/// Each buffer starts on a cache line, and successive buffers start at
/// different offsets within a 4 KiB page (5 cache lines apart). The
/// optimizer streams through w, g, m and v at the same index together; had
/// they all started at the same page offset, their loads and stores would
/// collide in the CPU's store-forwarding check ("4K aliasing") and the loop
/// would run at a speed that changed from run to run with the heap layout.
final class BufferPool {
    private var raw: [UnsafeMutableRawPointer] = []
    private var slot: Int

    /// `firstSlot` staggers this pool's buffers against another pool's.
    init(firstSlot: Int = 0) {
        slot = firstSlot
    }

    deinit {
        for p in raw { p.deallocate() }
    }

    /// A new buffer of `count` zeros (at least one element).
    func make(_ count: Int) -> UnsafeMutablePointer<Float> {
        defer { slot += 1 }
        return make(count, slot: slot)
    }

    /// A new buffer staggered as the `slot`-th would be, leaving the count alone
    /// (so a buffer made early can sit where it would have sat made last).
    func make(_ count: Int, slot: Int) -> UnsafeMutablePointer<Float> {
        let lines = (slot * 5) % 64
        let bytes = max(count, 1) * MemoryLayout<Float>.stride + lines * 64
        let base = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 4096)
        raw.append(base)
        let p = (base + lines * 64).bindMemory(to: Float.self, capacity: max(count, 1))
        p.initialize(repeating: 0, count: max(count, 1))
        return p
    }
}
