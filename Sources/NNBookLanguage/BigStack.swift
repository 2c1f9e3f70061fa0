import Foundation

/// Runs work on a thread with a 512 MB stack, so that deeply nested input
/// (`- - - … 1`, a sum of 30,000 terms, recursion 500 calls deep) meets the
/// parser's and interpreter's own depth limits long before the stack's end.
/// The executable runs every session this way, and tests that nest deeply do
/// too.
public enum BigStack {
    /// The stack given to the thread, in bytes.
    public static let stackSize = 512 << 20

    /// `body`'s result, computed on a big-stack thread while this one waits.
    public static func run<T>(_ body: @escaping () -> T) -> T {
        let box = Box<T>()
        nonisolated(unsafe) let work = body  // runs only while this thread waits for it
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = work()
            done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        done.wait()
        guard let value = box.value else { return body() }  // unreachable: the thread always sets it
        return value
    }

    /// Holds the result across threads; written once, read after `done`.
    // unchecked: written by the big-stack thread before `done.signal()`, read after `done.wait()`.
    private final class Box<T>: @unchecked Sendable { var value: T? }
}
