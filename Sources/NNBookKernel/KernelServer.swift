import CZMQ
import Foundation
import NNBookLanguage

/// The kernel on its sockets: binds exactly the connection file's addresses,
/// echoes heartbeats on a thread of its own, runs shell requests (cells) on
/// a shell thread and control requests (interrupt, shutdown) on the thread
/// that calls `run`, so an `interrupt_request` reaches a running cell.
public final class KernelServer: @unchecked Sendable {  // immutable after init; shared state is in `flags` and `publisher`
    private let context: UnsafeMutableRawPointer
    private let connection: ConnectionFile
    private let signer: Signer
    private let log: @Sendable (String) -> Void
    private let flags = KernelFlags()
    private let publisher: Publisher
    private let shell, control, stdin, heartbeat: ZSocket

    /// Binds every socket; the error names the address that could not be bound.
    public init(connection: ConnectionFile, log: @escaping @Sendable (String) -> Void) throws(KernelError) {
        guard let context = zmq_ctx_new() else { throw .socket("cannot start ZeroMQ") }
        self.context = context
        self.connection = connection
        self.log = log
        signer = Signer(key: connection.key)
        var bound: [ZSocket] = []
        func bind(_ type: Int32, _ port: Int) throws(KernelError) -> ZSocket {
            do {
                let s = try ZSocket(context: context, type: type, address: connection.address(port))
                bound.append(s)
                return s
            } catch {
                bound.forEach { $0.close() }
                zmq_ctx_term(context)
                throw error
            }
        }
        shell = try bind(ZMQ_ROUTER, connection.shellPort)
        control = try bind(ZMQ_ROUTER, connection.controlPort)
        stdin = try bind(ZMQ_ROUTER, connection.stdinPort)
        heartbeat = try bind(ZMQ_REP, connection.hbPort)
        publisher = Publisher(socket: try bind(ZMQ_XPUB, connection.iopubPort), signer: signer)
    }

    /// Serves until a `shutdown_request`; returns whether a restart was asked for.
    public func run() -> Bool {
        let done = DispatchGroup()
        for (name, loop) in [("heartbeat", heartbeatLoop), ("shell", shellLoop)] as [(String, @Sendable () -> Void)] {
            done.enter()
            let thread = Thread { loop(); done.leave() }
            thread.name = "nnbook-kernel-\(name)"
            thread.stackSize = BigStack.stackSize  // cells nest as deep as at the REPL before the language's own limits stop them
            thread.start()
        }
        controlLoop()
        _ = done.wait(timeout: .now() + 5)  // a cell that ignores the interrupt must not keep the kernel alive
        [shell, control, stdin, heartbeat].forEach { $0.close() }
        publisher.close()
        zmq_ctx_term(context)
        return flags.restart
    }

    /// Echoes heartbeats; between them (at least every `ZSocket.pollMilliseconds`) welcomes new iopub subscribers.
    private func heartbeatLoop() {
        while !flags.stopping {
            if let frames = heartbeat.receive() { heartbeat.send(frames) }
            publisher.welcomeSubscribers()
        }
    }

    private func shellLoop() {
        let handler = KernelHandler()
        handler.session.isCancelled = { [flags] in flags.interrupted }
        while !flags.stopping {
            guard let message = receive(on: shell, "shell") else { continue }
            flags.interrupted = false  // an interrupt while idle is not kept for the next cell
            var waiting: [WireMessage] = []
            serve(message, on: shell, beforeReplying: { reply in
                if message.msgType == "execute_request", reply?["status"]?.string == "error", message.content["stop_on_error"]?.bool ?? true {
                    waiting = requestsSentMeanwhile()
                }
            }) { type, content, publish in handler.handle(type, content, publish: publish) }
            for queued in waiting {  // after a failed cell: its queued cells are aborted, unrun, as ipykernel does
                if queued.msgType == "execute_request" {
                    serve(queued, on: shell) { _, _, _ in ["status": "aborted", "execution_count": .int(handler.executionCount)] }
                } else {
                    serve(queued, on: shell) { type, content, publish in handler.handle(type, content, publish: publish) }
                }
            }
        }
    }

    /// The shell requests a front-end sent while a cell ran, taken before the
    /// cell's error reply goes out: with it not yet seen, they were all sent
    /// to run after the failed cell (Run All sends every cell at once). Takes
    /// what is waiting and what still arrives until 20 ms pass with nothing
    /// new (a burst through a server arrives spread out), at most a second.
    private func requestsSentMeanwhile() -> [WireMessage] {
        var taken: [WireMessage] = []
        let end = DispatchTime.now() + .seconds(1)
        var quietSince = DispatchTime.now()
        while DispatchTime.now() < end, DispatchTime.now() < quietSince + .milliseconds(20) {
            if let message = receive(on: shell, "shell", waiting: false) {
                taken.append(message)
                quietSince = DispatchTime.now()
            } else {
                usleep(1000)
            }
        }
        return taken
    }

    private func controlLoop() {
        while !flags.stopping {
            guard let message = receive(on: control, "control") else { continue }
            serve(message, on: control) { type, content, _ in
                switch type {
                case "interrupt_request": flags.interrupted = true
                case "kernel_info_request", "shutdown_request": break
                default: return nil
                }
                return KernelHandler.answer(type, content)
            }
        }
    }

    /// The next message that decodes and verifies; others are logged and dropped.
    private func receive(on socket: ZSocket, _ name: String, waiting: Bool = true) -> WireMessage? {
        guard let frames = socket.receive(waiting: waiting) else { return nil }
        switch WireMessage.decode(frames, signer: signer) {
        case .success(let message): return message
        case .failure(let reason):
            log("dropped a message on \(name): \(reason)")
            return nil
        }
    }

    /// Publishes busy, runs `answer`, shows the reply to `beforeReplying`,
    /// replies on `socket`, publishes idle; a shutdown stops every loop.
    private func serve(_ request: WireMessage, on socket: ZSocket, beforeReplying: (JSON?) -> Void = { _ in },
                       _ answer: (String, JSON, @escaping (String, JSON) -> Void) -> JSON?) {
        let parent = request.header
        publisher.publish("status", ["execution_state": "busy"], parent: parent)
        let reply = answer(request.msgType, request.content) { [publisher] type, content in
            publisher.publish(type, content, parent: parent)
        }
        beforeReplying(reply)
        if let reply, let type = KernelHandler.replyType(for: request.msgType) {
            let message = WireMessage(identities: request.identities, header: Publisher.header(type, session: publisher.session),
                                      parentHeader: parent, content: reply)
            socket.send(message.frames(signer: signer))
        } else {
            log("no answer to \(request.msgType)")
        }
        publisher.publish("status", ["execution_state": "idle"], parent: parent)
        if request.msgType == "shutdown_request" {
            flags.restart = request.content["restart"]?.bool ?? false
            flags.interrupted = true
            flags.stopping = true
        }
    }
}

/// What the threads share: set by one, read by another, under a lock.
final class KernelFlags: @unchecked Sendable {  // every field is read and written under `lock`
    private let lock = NSLock()
    private var _interrupted = false, _stopping = false, _restart = false
    var interrupted: Bool {
        get { lock.withLock { _interrupted } }
        set { lock.withLock { _interrupted = newValue } }
    }
    var stopping: Bool {
        get { lock.withLock { _stopping } }
        set { lock.withLock { _stopping = newValue } }
    }
    var restart: Bool {
        get { lock.withLock { _restart } }
        set { lock.withLock { _restart = newValue } }
    }
}

/// The iopub socket, used by the shell, control and heartbeat threads in
/// turn. An XPUB socket: it sees each subscription, and answers it with an
/// `iopub_welcome` message (JEP 65), so a front-end knows from when on it
/// misses nothing. Verbose, so a second front-end subscribing to the same
/// topic is welcomed too.
final class Publisher: @unchecked Sendable {  // the socket is only touched under `lock`
    private let lock = NSLock()
    private let socket: ZSocket
    private let signer: Signer
    let session = UUID().uuidString.lowercased()

    init(socket: ZSocket, signer: Signer) {
        self.socket = socket
        self.signer = signer
        socket.set(ZMQ_XPUB_VERBOSE, 1)
    }

    /// Answers every subscription waiting on the socket (a frame `0x01` +
    /// topic) with an `iopub_welcome` sent on that topic; unsubscriptions and
    /// anything else are ignored. Never waits.
    func welcomeSubscribers() {
        lock.withLock {
            while let frames = socket.receive(waiting: false) {
                for frame in frames where frame.first == 1 {
                    guard let topic = String(data: frame.dropFirst(), encoding: .utf8) else { continue }
                    let message = WireMessage(identities: topic.isEmpty ? [] : [Data(topic.utf8)],
                                              header: Self.header("iopub_welcome", session: session), parentHeader: [:],
                                              content: ["subscription": .string(topic)])
                    socket.send(message.frames(signer: signer))
                }
            }
        }
    }

    func publish(_ type: String, _ content: JSON, parent: JSON) {
        let message = WireMessage(identities: [Data(type.utf8)], header: Self.header(type, session: session),
                                  parentHeader: parent, content: content)
        lock.withLock { socket.send(message.frames(signer: signer)) }
    }

    func close() { lock.withLock { socket.close() } }

    static func header(_ type: String, session: String) -> JSON {
        return ["msg_id": .string(UUID().uuidString.lowercased()), "session": .string(session), "username": "nnbook",
                "date": .string(Timestamp.now()), "msg_type": .string(type), "version": .string(KernelInfo.protocolVersion)]
    }
}
