import CZMQ
import Foundation

/// One ZeroMQ socket, bound to one address, sending and receiving multipart
/// messages as frames. Receives time out (`pollMilliseconds`) so a loop can
/// notice that the kernel is stopping.
final class ZSocket: @unchecked Sendable {  // each socket is used by one thread, iopub under Publisher's lock
    private let raw: UnsafeMutableRawPointer
    static let pollMilliseconds: Int32 = 100
    /// The largest frame a peer may send: ZeroMQ hangs up on a peer whose
    /// frame header announces more, before allocating it, so a hostile
    /// header ("the next frame is 100 GB") costs nothing. 64 MiB is far
    /// above any cell a person types or pastes (a pasted data set of a
    /// million numbers is about 10 MB) and well below what would strain a
    /// laptop; nnbook takes no binary buffers, where bigger frames would
    /// make sense.
    static let maxFrameBytes: Int64 = 64 << 20

    init(context: UnsafeMutableRawPointer, type: Int32, address: String) throws(KernelError) {
        guard let socket = zmq_socket(context, type) else { throw .socket("cannot make a ZeroMQ socket: \(Self.lastError)") }
        var timeout = Self.pollMilliseconds
        var linger: Int32 = 1000
        var maxSize = Self.maxFrameBytes
        zmq_setsockopt(socket, ZMQ_RCVTIMEO, &timeout, MemoryLayout<Int32>.size)
        zmq_setsockopt(socket, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
        guard zmq_setsockopt(socket, ZMQ_MAXMSGSIZE, &maxSize, MemoryLayout<Int64>.size) == 0 else {
            let reason = Self.lastError
            zmq_close(socket)
            throw .socket("cannot limit the message size on \(address): \(reason)")
        }
        guard zmq_bind(socket, address) == 0 else {
            let reason = Self.lastError
            zmq_close(socket)
            throw .socket("cannot bind \(address): \(reason)")
        }
        raw = socket
    }

    static var lastError: String { String(cString: zmq_strerror(zmq_errno())) }

    /// The next whole message, nil when none came within the poll interval
    /// (or, not `waiting`, when none is here already).
    func receive(waiting: Bool = true) -> [Data]? {
        var frames: [Data] = []
        while true {
            var msg = zmq_msg_t()
            zmq_msg_init(&msg)
            defer { zmq_msg_close(&msg) }
            guard zmq_msg_recv(&msg, raw, waiting || !frames.isEmpty ? 0 : ZMQ_DONTWAIT) >= 0 else {
                if frames.isEmpty { return nil }
                continue  // the rest of a multipart message is already here; EINTR at worst
            }
            let size = zmq_msg_size(&msg)
            frames.append(size == 0 ? Data() : Data(bytes: zmq_msg_data(&msg), count: size))
            if zmq_msg_more(&msg) == 0 { return frames }
        }
    }

    func send(_ frames: [Data]) {
        for (i, frame) in frames.enumerated() {
            let flags: Int32 = i == frames.count - 1 ? 0 : ZMQ_SNDMORE
            frame.withUnsafeBytes { p in _ = zmq_send(raw, p.baseAddress, p.count, flags) }
        }
    }

    /// Sets an integer socket option, e.g. `ZMQ_XPUB_VERBOSE`.
    func set(_ option: Int32, _ value: Int32) {
        var v = value
        zmq_setsockopt(raw, option, &v, MemoryLayout<Int32>.size)
    }

    func close() { zmq_close(raw) }
}
