"""nnbook's kernel driven by real clients, and by hostile peers on every socket.

- `jupyter console --kernel nnbook` in an 80x24 pseudo-terminal, typed at as
  a person would: a value, a block with continuation prompts, a loop stopped
  by Ctrl-C (the console sends interrupt_request), state kept, then leaving.
- jupyter_client's KernelManager: restart (a new process, nothing defined),
  interrupt during `train` (the model keeps what it learnt), shutdown (the
  kernel ends by itself, status 0, the manager kills nothing).
- 1,000 junk messages to each socket (shell, control and stdin as DEALER,
  heartbeat as REQ and DEALER, iopub as SUB/XSUB), frames above the kernel's
  64 MiB limit, and raw TCP garbage to all five ports: the kernel answers and
  computes correctly afterwards and runs none of it.

Kernels find the kernelspec through a temporary JUPYTER_PATH (conftest's
`nnbook_kernelspec`); the console gets temporary Jupyter and IPython folders,
so nothing of the developer's is read or written.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import random
import re
import socket
import struct
import sys
import time
import uuid
from pathlib import Path

import pytest

from conftest import cpu_seconds_used, running_kernel, wait_until_computing

jupyter_client = pytest.importorskip("jupyter_client")
pexpect = pytest.importorskip("pexpect")
import zmq  # noqa: E402  (a dependency of jupyter_client)
from jupyter_client.manager import _ShutdownStatus  # noqa: E402  (kept by jupyter_client for tests like these)
from test_kernel import execute, iopub_for, shell_reply  # noqa: E402  (one copy of the helpers)

TIMEOUT = 30
MAX_FRAME = 64 << 20  # ZSocket.maxFrameBytes


# --- helpers: a kernel under jupyter_client -----------------------------------

@pytest.fixture
def manager(nnbook_kernelspec, nnbook_env, tmp_path):
    """A fresh kernel; its stderr (the log of dropped messages) goes to a file."""
    log = tmp_path / "kernel-stderr.txt"
    km = jupyter_client.KernelManager(kernel_name="nnbook", connection_file=str(tmp_path / "connection.json"))
    with open(log, "w") as stderr:  # open as long as the kernel may be restarted with it
        for kc in running_kernel(km, TIMEOUT, env=nnbook_env, stderr=stderr):
            yield km, kc, log


def printed(iopub):
    """What a cell showed as text: streams, results' and displays' text/plain."""
    parts = []
    for kind, content in iopub:
        if kind == "stream":
            parts.append(content["text"])
        elif kind in ("execute_result", "display_data"):
            parts.append(content["data"]["text/plain"] + "\n")
    return "".join(parts)


def assert_still_serving(kc):
    """kernel_info answers, a cell computes, and no junk cell defined `pwned`."""
    assert shell_reply(kc, kc.kernel_info())["content"]["status"] == "ok"
    reply, iopub = execute(kc, "6 * 7")
    assert reply["status"] == "ok"
    assert [c["data"]["text/plain"] for t, c in iopub if t == "execute_result"] == ["42"]
    reply, iopub = execute(kc, "pwned")
    assert [c["evalue"] for t, c in iopub if t == "error"] == ["unknown name 'pwned'"]


# --- jupyter console in a pseudo-terminal --------------------------------------

# CSI (colours, cursor moves, modes), OSC (titles) and two-byte escapes.
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


class Console:
    """`jupyter console --kernel nnbook` at 80x24. `text` is what it has written
    with escape sequences and carriage returns removed; `wait_for` consumes it."""

    def __init__(self, env):
        self.child = pexpect.spawn(sys.executable, ["-m", "jupyter_console", "--kernel", "nnbook"], env=env,
                                   dimensions=(24, 80), encoding="utf-8", codec_errors="replace")
        self.text = ""
        self.pending = ""  # an escape sequence cut in two by a read
        self.seen = 0

    def _feed(self, chunk):
        self.pending += chunk
        cut = self.pending.rfind("\x1b")
        if cut >= 0 and not ANSI.match(self.pending, cut):
            head, self.pending = self.pending[:cut], self.pending[cut:]
        else:
            head, self.pending = self.pending, ""
        self.text += ANSI.sub("", head).replace("\r", "")

    def wait_for(self, pattern, what=""):
        regex = re.compile(pattern)
        deadline = time.monotonic() + TIMEOUT
        ended = False
        while True:
            match = regex.search(self.text, self.seen)
            if match:
                self.seen = match.end()
                return match
            if ended or time.monotonic() > deadline:
                pytest.fail(f"{'the console ended' if ended else 'timed out'} waiting for {pattern!r} {what}; "
                            f"it showed:\n{self.text[-2500:]}", pytrace=False)
            try:
                self._feed(self.child.read_nonblocking(65536, timeout=0.2))
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                ended = True

    def prompt(self, n):
        self.wait_for(rf"In \[{n}\]: ", f"(prompt {n})")

    def line(self, text, continued=False):
        """Types a line and Enter; `continued`: waits for the continuation prompt."""
        self.child.send(text + "\r")
        if continued:
            self.wait_for(r"\.\.\.: ", "(continuation prompt)")

    def ends_with_its_kernel(self, kernel):
        """The console exits 0 and the kernel it shut down ends too."""
        self.child.expect(pexpect.EOF, timeout=TIMEOUT)
        self.child.wait()
        assert self.child.exitstatus == 0
        deadline = time.monotonic() + TIMEOUT
        while not process_ended(kernel) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process_ended(kernel), "the kernel outlived the console that shut it down"

    def kernel_pid(self):
        """The kernel the console started: its only child process."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            children = []
            for task in Path(f"/proc/{self.child.pid}/task").iterdir():
                children += (task / "children").read_text().split()
            if children:
                assert len(children) == 1, children
                return int(children[0])
            time.sleep(0.05)
        pytest.fail("jupyter console started no kernel", pytrace=False)


def process_ended(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"


@pytest.fixture
def console_env(nnbook_kernelspec, nnbook_env, tmp_path):
    env = dict(nnbook_env, JUPYTER_PATH=str(nnbook_kernelspec.parents[1]), TERM="xterm",
               PROMPT_TOOLKIT_NO_CPR="1")  # pexpect is no terminal that answers "where is the cursor?"
    for name in ("JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR", "IPYTHONDIR"):
        env[name] = str(tmp_path / name.lower())
    return env


def test_jupyter_console_as_a_person_uses_it(console_env, spawned):
    pytest.importorskip("jupyter_console")
    console = spawned(Console(console_env))
    console.wait_for(r"nnbook 0\.1\.0 — learn neural networks one line at a time", "(the kernel's banner)")
    console.prompt(1)
    kernel = console.kernel_pid()

    console.line("sigmoid(2)")
    console.wait_for(r"Out\[1\]: 0\.880797\n")

    # A block: the console asks is_complete, shows "...:" and the indent the kernel gave.
    console.prompt(2)
    console.line("for i in range(3):", continued=True)
    console.line("print(i * 2)")
    console.wait_for(r"\.\.\.:     print\(i \* 2\)\n", "(the body, indented as the kernel's is_complete said)")
    console.wait_for(r"\.\.\.: ", "(continuation prompt)")
    console.line("")
    console.wait_for(r"\n0\n2\n4\n")

    # Ctrl-C while a long loop runs: interrupt_request, the kernel's message, the loop's state kept.
    console.prompt(3)
    before = cpu_seconds_used(kernel)
    console.line("for i in range(100000000):", continued=True)
    console.line("x = i", continued=True)
    console.line("")
    wait_until_computing(kernel, before + 0.5, catches_sigint=False)
    console.child.sendintr()
    console.wait_for(r"interrupted: stopped by Ctrl-C; every variable keeps the value it had at that moment\n")
    console.prompt(4)
    console.line("x > 0")
    console.wait_for(r"Out\[4\]: True\n")

    # Ctrl-D, as at any prompt_toolkit console: it asks, then shuts the kernel down.
    console.prompt(5)
    console.child.sendeof()
    console.wait_for(r"Do you really want to exit \(\[y\]/n\)\? ")
    console.child.send("y\r")
    console.wait_for(r"Shutting down kernel\n")
    console.ends_with_its_kernel(kernel)


def test_quit_leaves_jupyter_console(console_env, spawned):
    pytest.importorskip("jupyter_console")
    console = spawned(Console(console_env))
    console.prompt(1)
    kernel = console.kernel_pid()
    console.line(":quit")  # the reply's ask_exit payload, as `exit` in IPython's kernel
    console.wait_for(r"Shutting down kernel\n")
    console.ends_with_its_kernel(kernel)


# --- restart, interrupt, shutdown through jupyter_client -----------------------

def test_restart_is_a_new_process_with_nothing_defined(manager):
    km, kc, _ = manager
    reply, _ = execute(kc, "a = 1")
    assert reply["status"] == "ok"
    old = km.provisioner.process
    km.restart_kernel()
    # shutdown_request with restart true: the old process ended by itself, status 0, nothing killed it
    assert old.returncode == 0
    assert km._shutdown_status is _ShutdownStatus.ShutdownRequest
    assert km.provisioner.process.pid != old.pid
    kc.wait_for_ready(timeout=TIMEOUT)
    reply, iopub = execute(kc, "a")
    assert reply["status"] == "error"
    assert [(c["ename"], c["evalue"]) for t, c in iopub if t == "error"] == [("name error", "unknown name 'a'")]
    reply, iopub = execute(kc, "sigmoid(0)")
    assert [c["data"]["text/plain"] for t, c in iopub if t == "execute_result"] == ["0.5"]


LOSS = re.compile(r"loss (\d+\.\d+)  accuracy [\d.]+%  on 40 examples")


def test_interrupt_stops_train_and_the_model_keeps_what_it_learnt(manager):
    km, kc, _ = manager
    reply, _ = execute(kc, "data = moons()\nmodel = sequential(dense(8, relu, input: 2), dense(2, softmax))")
    assert reply["status"] == "ok"
    _, iopub = execute(kc, "evaluate model on data")
    untrained = float(LOSS.search(printed(iopub)).group(1))

    msg_id = kc.execute("train model on data epochs 20000")
    # Interrupt once the live display's progress line is at epoch 30.
    epoch = 0
    while epoch < 30:
        m = kc.get_iopub_msg(timeout=TIMEOUT)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "update_display_data":
            progress = re.search(r"^epoch (\d+)/20000  batch", m["content"]["data"]["text/plain"], re.M)
            epoch = int(progress.group(1)) if progress else epoch
    km.interrupt_kernel()
    reply = shell_reply(kc, msg_id)["content"]
    assert reply["status"] == "ok"  # as at the REPL: a stopped `train` is not an error
    assert printed(iopub_for(kc, msg_id)).endswith(
        "stopped by Ctrl-C: the model keeps the weights of its last complete batch\n")

    _, iopub = execute(kc, "evaluate model on data")
    trained = float(LOSS.search(printed(iopub)).group(1))
    assert trained < untrained, f"loss {trained} after 30 epochs, {untrained} before"


def test_shutdown_ends_the_process_by_itself(manager):
    km, kc, _ = manager
    process = km.provisioner.process
    km.shutdown_kernel()
    assert not km.is_alive()
    assert process.returncode == 0
    assert km._shutdown_status is _ShutdownStatus.ShutdownRequest  # not SigtermRequest or SigkillRequest


# --- junk on every socket ------------------------------------------------------

def address(km, port_name):
    info = km.get_connection_info()
    return f"{info['transport']}://{info['ip']}:{info[port_name]}"


def signed(key, header, parent=b"{}", metadata=b"{}", content=b"{}"):
    parts = [header, parent, metadata, content]
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for part in parts:
        mac.update(part)
    return [b"<IDS|MSG>", mac.hexdigest().encode()] + parts


def header(msg_type, **extra):
    return json.dumps({"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": "junk", "username": "junk",
                       "version": "5.3", **extra}).encode()


PWNED = json.dumps({"code": "pwned = 1", "silent": False}).encode()


def junk(key, i, rng):
    """The i-th of a cycle of malformed, unsigned, wrongly signed and strange messages."""
    execute_header = header("execute_request")
    good = signed(key, execute_header, content=PWNED)
    kinds = [
        lambda: [rng.randbytes(rng.randint(0, 64)) for _ in range(rng.randint(1, 6))],
        lambda: [b"<IDS|MSG>", b""] + good[2:],  # unsigned
        lambda: [b"<IDS|MSG>", b"0" * 64] + good[2:],  # a signature of the right shape, wrong
        lambda: signed(b"another key", execute_header, content=PWNED),
        lambda: good[:2] + [header("execute_request")] + good[3:],  # signed, then the header swapped
        lambda: good[:-1] + [PWNED + b" "],  # signed, then the content changed
        lambda: [b"<IDS|MSG>", good[1].upper()] + good[2:],  # the signature in capitals
        lambda: [b"<IDS|MSG>", good[1][:-1]] + good[2:],  # a signature one digit short
        lambda: [b"<IDS|MSG>", rng.randbytes(rng.randint(0, 3))],  # too few frames
        lambda: [rng.randbytes(8), b"<IDS|MSG>", b"<IDS|MSG>"] + good,  # the delimiter twice
        lambda: signed(key, rng.choice([b"", b"{", b"[]", b"null", b'"x"', b"\xff\xfe", b"{}" * 2])),
        lambda: signed(key, rng.choice([b"{}", b'{"msg_type": 5}', b'{"msg_type": ""}', b'{"msg_type": null}'])),
        lambda: signed(key, header("execute_request"), content=rng.choice([b"[]", b"1", b'"pwned = 1"', b"{"])),
        lambda: signed(key, b"[" * 100_000 + b"]" * 100_000),  # nested far deeper than any parser's limit
        lambda: signed(key, header("pwned_request"), content=PWNED),  # a type no channel answers
        lambda: signed(key, header(rng.choice(["complete_request", "inspect_request"])),
                       content=json.dumps({"code": "sig", "cursor_pos": rng.choice([-5, 10**30, 1e300, "x"])}).encode()),
        lambda: signed(key, header("history_request"),
                       content=json.dumps({"hist_access_type": rng.choice(["tail", "range", "search", 7]),
                                           "n": rng.choice([-1, 10**18, None]), "pattern": "[*?"}).encode()),
        lambda: signed(key, header("is_complete_request"), content=rng.choice([b"{}", b'{"code": null}'])),
        lambda: [b""] * 10_000,  # ten thousand empty frames
    ]
    return kinds[i % len(kinds)]()


def key_of(km):
    return km.get_connection_info()["key"]


def barrage(km, port_name, kind=zmq.DEALER, count=1000):
    """Sends `count` junk messages from one socket of type `kind`; returns that socket (to be closed)."""
    rng = random.Random(f"{port_name}-{kind}")
    sock = zmq.Context.instance().socket(kind)
    sock.linger = 1000
    sock.connect(address(km, port_name))
    for i in range(count):
        sock.send_multipart(junk(key_of(km), i, rng))
    return sock


def round_trip_after(sock, km):
    """A signed kernel_info_request on the same socket as the junk, and its reply:
    a ROUTER keeps one peer's messages in order, so every junk message before it was read."""
    request = signed(key_of(km), header("kernel_info_request"))
    sock.send_multipart(request)
    while True:  # the signed junk (a complete_request, say) is answered too
        assert sock.poll(TIMEOUT * 1000), "no kernel_info_reply after the junk"
        frames = sock.recv_multipart()
        parent = json.loads(frames[frames.index(b"<IDS|MSG>") + 3])
        if parent == json.loads(request[2]):
            break
    assert json.loads(frames[frames.index(b"<IDS|MSG>") + 2])["msg_type"] == "kernel_info_reply"


@pytest.mark.parametrize("port_name", ["shell_port", "control_port"])
def test_junk_on_a_request_socket_is_dropped_and_never_run(manager, port_name):
    km, kc, log = manager
    sock = barrage(km, port_name)
    round_trip_after(sock, km)
    sock.close()
    assert_still_serving(kc)
    channel = port_name.split("_")[0]
    reasons = {line.split(": ", 2)[2] for line in log.read_text().splitlines()
               if line.startswith(f"nnbook kernel: dropped a message on {channel}: ")}
    assert {"no <IDS|MSG> delimiter", "the message is not signed", "the signature does not match the message",
            "the header is not a JSON object", "the content is not a JSON object",
            "the header has no msg_type"} <= reasons


def test_junk_on_stdin_heartbeat_and_iopub(manager):
    km, kc, _ = manager
    # stdin: nothing reads it (input requests are unsupported), so junk just waits there.
    barrage(km, "stdin_port").close()
    # heartbeat as REQ: every message comes back unchanged, whatever it is.
    rng = random.Random("hb")
    req = zmq.Context.instance().socket(zmq.REQ)
    req.linger = 0
    req.connect(address(km, "hb_port"))
    for i in range(1000):
        frames = [rng.randbytes(rng.randint(0, 200)) for _ in range(rng.randint(1, 4))]
        req.send_multipart(frames)
        assert req.poll(TIMEOUT * 1000)
        assert req.recv_multipart() == frames
    req.close()
    # heartbeat as DEALER: REP drops a message without an empty frame and echoes one with it (the junk's too).
    dealer = barrage(km, "hb_port")
    dealer.send_multipart([b"", b"still beating"])
    while True:
        assert dealer.poll(TIMEOUT * 1000), "the heartbeat stopped"
        if dealer.recv_multipart() == [b"", b"still beating"]:
            break
    dealer.close()
    # iopub: subscriptions of every shape from a SUB, junk messages from an XSUB (which iopub reads as subscriptions).
    rng = random.Random("iopub")
    sub = zmq.Context.instance().socket(zmq.SUB)
    sub.linger = 0
    sub.connect(address(km, "iopub_port"))
    for _ in range(1000):
        sub.setsockopt(rng.choice([zmq.SUBSCRIBE, zmq.UNSUBSCRIBE]), rng.randbytes(rng.randint(0, 64)))
    xsub = barrage(km, "iopub_port", kind=zmq.XSUB)
    for _ in range(100):
        xsub.send(rng.choice([b"\x01", b"\x00", b"\x02junk", b""]) + rng.randbytes(rng.randint(0, 32)))
    assert_still_serving(kc)
    sub.close()
    xsub.close()
    assert km.is_alive()


def peak_memory_bytes(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) * 1024


def test_a_large_cell_below_the_limit_runs(manager):
    _, kc, _ = manager
    size = 8 << 20
    reply, iopub = execute(kc, f'big = "{"x" * size}"\nlen(big)')
    assert reply["status"] == "ok"
    assert [c["data"]["text/plain"] for t, c in iopub if t == "execute_result"] == [str(size)]


# --- raw TCP: no ZeroMQ on the sending side ------------------------------------

def zmtp_greeting(mechanism=b"NULL", major=3):
    return b"\xff" + bytes(8) + b"\x7f" + bytes([major, 0]) + mechanism.ljust(20, b"\x00") + b"\x00" + bytes(31)


def zmtp_ready(socket_type):
    body = b"\x05READY" + b"\x0bSocket-Type" + struct.pack(">I", len(socket_type)) + socket_type
    return b"\x04" + bytes([len(body)]) + body


def zmtp_frames(frames):
    out = b""
    for i, frame in enumerate(frames):
        more = 0x01 if i < len(frames) - 1 else 0
        out += (bytes([more, len(frame)]) if len(frame) < 256 else bytes([more | 0x02]) + struct.pack(">Q", len(frame)))
        out += frame
    return out


PEER_TYPE = {"shell_port": b"DEALER", "control_port": b"DEALER", "stdin_port": b"DEALER",
             "hb_port": b"DEALER", "iopub_port": b"SUB"}


def connect_tcp(km, port_name):
    info = km.get_connection_info()
    return socket.create_connection((info["ip"], info[port_name]), timeout=TIMEOUT)


def read_until(conn, wanted):
    got = b""
    while wanted not in got:
        chunk = conn.recv(65536)
        assert chunk, f"the kernel hung up before sending {wanted!r}; got {got!r}"
        got += chunk
    return got


def hung_up(conn):
    """Whether the kernel closes the connection (anything it sends first is skipped)."""
    try:
        while conn.recv(65536):
            pass
    except ConnectionResetError:
        pass
    except socket.timeout:
        return False
    return True


def test_raw_tcp_garbage_on_every_port(manager):
    km, kc, _ = manager
    rng = random.Random("tcp")
    for port_name, peer in PEER_TYPE.items():
        for i in range(100):  # bytes that are not ZMTP at all, and greetings followed by junk
            conn = connect_tcp(km, port_name)
            opening = [b"", zmtp_greeting(), zmtp_greeting(b"CURVE"), zmtp_greeting(major=1),
                       zmtp_greeting() + zmtp_ready(b"PAIR")][i % 5]
            conn.sendall(opening + rng.randbytes(rng.randint(1, 300)))
            conn.close()
        # A correct handshake, then a frame header announcing 100 MB, then one announcing 2^63 - 1 bytes.
        for size in (100 << 20, 2**63 - 1):
            conn = connect_tcp(km, port_name)
            conn.sendall(zmtp_greeting() + zmtp_ready(peer))
            read_until(conn, b"READY")
            conn.sendall(b"\x02" + struct.pack(">Q", size) + b"x" * 1000)
            assert hung_up(conn)
            conn.close()
    assert_still_serving(kc)
    assert km.is_alive()


def test_frames_over_the_limit_are_refused_before_they_are_read(manager):
    """A frame of 64 MiB + 1 byte, header and body, to each port: the kernel
    hangs up at the header, so its peak memory does not grow by the frame."""
    km, kc, _ = manager
    pid = km.provisioner.process.pid
    before = peak_memory_bytes(pid)
    body = b"x" * (MAX_FRAME + 1)
    for port_name, peer in PEER_TYPE.items():
        conn = connect_tcp(km, port_name)
        conn.sendall(zmtp_greeting() + zmtp_ready(peer))
        read_until(conn, b"READY")
        try:
            conn.sendall(b"\x02" + struct.pack(">Q", len(body)) + body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the kernel hung up while the body was on its way
        assert hung_up(conn), f"{port_name} kept reading a frame over the limit"
        conn.close()
    grown = peak_memory_bytes(pid) - before
    assert grown < MAX_FRAME // 2, f"the kernel's peak memory grew by {grown} bytes"
    assert_still_serving(kc)


def test_raw_tcp_speaks_to_the_kernel_then_is_cut_off_at_a_huge_frame(manager):
    """The raw client above is right ZMTP: here it gets a kernel_info_reply from
    shell and control, and a heartbeat, before the huge header ends it."""
    km, _, _ = manager
    for port_name in ("shell_port", "control_port", "hb_port"):
        conn = connect_tcp(km, port_name)
        conn.sendall(zmtp_greeting() + zmtp_ready(b"DEALER"))
        read_until(conn, b"READY")
        if port_name == "hb_port":
            conn.sendall(zmtp_frames([b"", b"raw ping"]))
            read_until(conn, b"raw ping")
        else:
            conn.sendall(zmtp_frames(signed(key_of(km), header("kernel_info_request"))))
            read_until(conn, b"kernel_info_reply")
        conn.sendall(b"\x02" + struct.pack(">Q", MAX_FRAME + 1))
        assert hung_up(conn)
        conn.close()
