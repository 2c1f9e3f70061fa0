import CTerminal
import Foundation
import NNBookNotebook

/// The terminal's keyboard in raw mode: no echo, no line buffering, Ctrl-C
/// as a key. Reads whole keys — an escape sequence such as `ESC [ 6 ~`
/// (PageDown) is one key — and hands them to `KeyDecoder`. The terminal's
/// own settings come back with `restore()` (and before any line editing).
final class Keyboard {
    private var saved = termios()
    /// How long to wait for the rest of an escape sequence: a lone Esc is
    /// Esc after this long; a terminal sends a whole sequence at once.
    static let sequenceTimeout: Int32 = 50  // milliseconds

    /// Nil when standard input is not a terminal.
    init?() {
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        raw()
    }

    /// Keys mode: no echo, no line editing, no signals (Ctrl-C is a key).
    func raw() { set(signals: false) }

    /// While a cell runs: still no echo, but Ctrl-C is SIGINT again, so it
    /// stops the cell (the session checks the flag).
    func running() { set(signals: true) }

    /// The terminal as it was.
    func restore() {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
    }

    private func set(signals: Bool) {
        var t = saved
        t.c_lflag &= ~tcflag_t(ICANON | ECHO | IEXTEN)
        if !signals { t.c_lflag &= ~tcflag_t(ISIG) }
        t.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &t.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &t)
    }

    /// Waits for a key press and returns every key read (several when keys
    /// came faster than they were read); no keys when the terminal was
    /// resized meanwhile. Nil at end of input.
    func read() -> [TerminalKey]? { read(waiting: -1) }

    /// The same, waiting at most `waiting` milliseconds (-1: for ever) for
    /// the first byte: no keys when that time passed with none, as after a resize.
    func read(waiting: Int32) -> [TerminalKey]? {
        var bytes: [UInt8] = []
        while true {
            if bytes.isEmpty && nnbook_take_resize() != 0 { return [] }
            switch readChunk(timeout: bytes.isEmpty ? waiting : Self.sequenceTimeout) {
            case .end:
                if bytes.isEmpty { return nil }
                return KeyDecoder.decode(bytes, final: true).keys
            case .timeout:
                if bytes.isEmpty { return [] }
                return KeyDecoder.decode(bytes, final: true).keys  // the rest never came: a lone Esc is Esc
            case .bytes(let chunk):
                bytes += chunk
                let (keys, pending) = KeyDecoder.decode(bytes, final: false)
                if pending.isEmpty {
                    if keys.isEmpty { bytes = []; continue }  // only bytes that are no key, or a signal
                    return keys
                }
            }
        }
    }

    private enum Chunk { case bytes([UInt8]), timeout, end }

    /// Bytes available within `timeout` milliseconds (-1: wait for ever); no
    /// bytes when a signal (a resize) came first, so the caller can look.
    private func readChunk(timeout: Int32) -> Chunk {
        while true {
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, timeout)
            if ready < 0 && errno == EINTR { return .bytes([]) }
            if ready == 0 { return .timeout }
            guard ready > 0 else { return .end }
            var buffer = [UInt8](repeating: 0, count: 256)
            let n = readInput(&buffer)
            if n < 0 && errno == EINTR { continue }
            return n > 0 ? .bytes(Array(buffer[0..<n])) : .end
        }
    }
}

/// The system's read(2) on standard input (a free function, so `Keyboard.read` does not hide it).
private func readInput(_ buffer: inout [UInt8]) -> Int {
    let count = buffer.count
    return buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, count) }
}
