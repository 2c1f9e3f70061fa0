import CTerminal
import NeuralCore
import NNBookLanguage

/// Ctrl-C as the executable sees it: the counter CTerminal's SIGINT handler
/// (and the prompt's byte reader) keeps. A press stays pending until the
/// place that handles it resets it — the next prompt, or the end of a piped
/// cell — so one Ctrl-C stops a cell and every cell queued after it.
enum Interrupts {
    /// True once Ctrl-C was pressed and not yet handled. What every session's
    /// `isCancelled` asks, through its `WorkGuard`.
    static var pending: Bool { nnbook_interrupt_count() > 0 }

    /// Runs `body`, work outside a cell (reading a notebook, a whole
    /// `nnbook check`), with a `WorkGuard` that stops at Ctrl-C, so the
    /// readers' checkpoints see it too.
    static func guarded<T>(_ body: () throws -> T) rethrows -> T {
        let work = WorkGuard(isCancelled: { pending }, memoryLimit: { SessionOptions().memoryLimit })
        return try WorkGuard.$current.withValue(work, operation: body)
    }
}
