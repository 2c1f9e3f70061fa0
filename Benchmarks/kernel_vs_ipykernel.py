#!/usr/bin/env python3
"""Compare nnbook's Jupyter kernel with ipykernel: start-up, a `1+1` round trip, idle memory.

Both kernels are measured in the same run, interleaved, and the ratio
nnbook/ipykernel is the headline (lower is better for nnbook); the goal is
at most half of ipykernel's time on start-up and on the round trip.

- start-up: process spawn to the first kernel_info_reply on shell. The
  client writes a connection file, connects a DEALER to the shell port
  (reconnecting every millisecond) and queues a kernel_info_request before
  spawning the kernel's argv, so the time is the kernel's own, not a
  client's polling. Median of --runs kernels each.
- round trip: execute_request `1+1` to both its execute_reply on shell and
  the idle status on iopub; one kernel of each kind runs side by side and
  they take turns, request by request; median of --executions after warm-up.
- bare process: `nnbook --version` and `python3 -c pass`, timed in the same
  rounds: the floor each start-up stands on (exec, dynamic linking, runtime).
- kernel CPU per round trip: the kernel process's user + system time over
  the timed round trips, divided by their number (its own threads included).
- CPU time: user + system seconds from /proc/PID/stat of a kernel started,
  asked kernel_info and left idle for half a second (work done in the
  background at start-up, such as a thread pool spinning, shows here).
- idle peak RSS: VmHWM from /proc/PID/status after start-up and one
  kernel_info (median over the start-up runs), and after the round trips.

The machine these run on is shared and noisy: compare ratios from the same
run, not absolute times across runs. Needs jupyter_client (and its pyzmq),
and ipykernel, the peer (`python3 -m pip install ipykernel`; it is not a test
dependency, so scripts/setup.sh does not install it).

    python3 Benchmarks/kernel_vs_ipykernel.py [--runs 15] [--executions 200] [--nnbook PATH] [--baseline PATH] [--python PATH]

--baseline PATH adds another nnbook (an older build) to the same interleaved
rounds, so before and after are compared against the same ipykernel runs.

Exit status: 0 on success; 1 if a kernel failed, did not answer, or did not
answer `1+1` with 2; 2 if a program or module could not be found.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup_and_loop import add_contender_arguments, nnbook_binaries, real_python3  # noqa: E402  (python3 past pyenv-style shims, as the other benchmark resolves it)

REPO_ROOT = Path(__file__).resolve().parent.parent
STARTUP = "start-up to kernel_info_reply"
BARE = "bare process (--version/pass)"
ROUND_TRIP = "round trip of 1+1"
CPU_IDLE = "CPU time, start + 0.5 s idle"
CPU_TRIP = "kernel CPU per round trip"
RSS_START = "idle peak RSS after start-up"
RSS_AFTER = "peak RSS after the round trips"
WARM_UP = 20


class CheckFailed(Exception):
    pass


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used so far (0 if /proc does not say)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def peak_rss_kb(pid: int) -> int:
    """VmHWM, the process's resident high-water mark, in kB (0 if /proc does not say)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class RunningKernel:
    """One kernel process and a client's shell, control and iopub sockets, wired by hand."""

    def __init__(self, argv: list[str], folder: Path, timeout: float) -> None:
        self.timeout = timeout
        self.connection_file = folder / f"kernel-{time.monotonic_ns()}.json"
        key = os.urandom(16).hex().encode()
        _, info = connect.write_connection_file(str(self.connection_file), ip="127.0.0.1", key=key)
        self.session = jsession.Session(key=key, username="bench")
        self.context = zmq.Context.instance()

        def socket(kind: int, port: int) -> zmq.Socket:
            s = self.context.socket(kind)
            s.setsockopt(zmq.LINGER, 0)
            s.setsockopt(zmq.RECONNECT_IVL, 1)  # the kernel binds after we connect: retry every ms, not every 100
            s.connect(f"tcp://127.0.0.1:{port}")
            return s

        self.shell = socket(zmq.DEALER, info["shell_port"])
        self.control = socket(zmq.DEALER, info["control_port"])
        self.iopub = socket(zmq.SUB, info["iopub_port"])
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        argv = [part.replace("{connection_file}", str(self.connection_file)) for part in argv]

        # Queue the request first (a DEALER keeps it until the kernel's ROUTER is there), then spawn: the clock
        # runs from the spawn to the reply, and the client does nothing in between but wait on its socket.
        first = self.session.msg("kernel_info_request", {})
        self.session.send(self.shell, first)
        start = time.perf_counter()
        self.stderr = self.connection_file.with_suffix(".stderr")
        with self.stderr.open("wb") as err:  # a file, not a pipe that could fill and stall the kernel
            self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        reply = self.reply(self.shell, first["header"]["msg_id"])
        self.startup = time.perf_counter() - start
        if reply["msg_type"] != "kernel_info_reply" or reply["content"].get("status") != "ok":
            raise CheckFailed(f"{argv[0]}: kernel_info answered {reply['msg_type']} {reply['content']}")
        self.startup_rss = peak_rss_kb(self.process.pid)
        self.wait_for_iopub()

    def fail(self, what: str) -> CheckFailed:
        err = self.stderr.read_text("utf-8", "replace") if self.stderr.exists() else ""
        return CheckFailed(f"{what} (kernel exit status {self.process.poll()})\nstderr:\n{err}")

    def receive(self, sock: zmq.Socket, deadline: float) -> dict:
        while True:
            left = deadline - time.perf_counter()
            if left <= 0 or not sock.poll(int(left * 1000) + 1):
                if left <= 0 or self.process.poll() is not None:
                    raise self.fail("no answer within the timeout")
                continue
            _, msg = self.session.recv(sock, mode=zmq.NOBLOCK)
            if msg is not None:
                return msg

    def reply(self, sock: zmq.Socket, msg_id: str) -> dict:
        deadline = time.perf_counter() + self.timeout
        while True:
            msg = self.receive(sock, deadline)
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def wait_for_iopub(self) -> None:
        """A PUB drops what it sends before our subscription reaches it: ask until iopub answers."""
        deadline = time.perf_counter() + self.timeout
        while True:
            msg_id = self.session.send(self.shell, "kernel_info_request", {})["header"]["msg_id"]
            self.reply(self.shell, msg_id)
            if self.iopub.poll(200):
                while self.iopub.poll(50):  # drain what the probes published
                    self.session.recv(self.iopub)
                return
            if time.perf_counter() > deadline:
                raise self.fail("iopub never published")

    def execute(self, code: str) -> tuple[float, str]:
        """The round trip of one execute_request (reply on shell and idle on iopub) and its text/plain result."""
        msg = self.session.msg("execute_request", {"code": code, "silent": False, "store_history": True,
                                                   "user_expressions": {}, "allow_stdin": False})
        msg_id = msg["header"]["msg_id"]
        start = time.perf_counter()
        self.session.send(self.shell, msg)
        deadline = start + self.timeout
        reply, idle, result = None, False, ""
        while reply is None or not idle:
            if reply is None and self.shell.poll(0):
                got = self.receive(self.shell, deadline)
                if got["parent_header"].get("msg_id") == msg_id:
                    reply = got
                continue
            if not idle and self.iopub.poll(0):
                got = self.receive(self.iopub, deadline)
                if got["parent_header"].get("msg_id") == msg_id:
                    if got["msg_type"] == "execute_result":
                        result = got["content"]["data"].get("text/plain", "")
                    idle = got["msg_type"] == "status" and got["content"]["execution_state"] == "idle"
                continue
            poller = zmq.Poller()
            if reply is None:
                poller.register(self.shell, zmq.POLLIN)
            if not idle:
                poller.register(self.iopub, zmq.POLLIN)
            left = deadline - time.perf_counter()
            if left <= 0 or (not poller.poll(int(left * 1000) + 1) and self.process.poll() is not None):
                raise self.fail(f"no answer to execute_request {code!r}")
        elapsed = time.perf_counter() - start
        if reply["content"].get("status") != "ok":
            raise CheckFailed(f"{code!r} answered {reply['content']}")
        return elapsed, result

    def close(self) -> None:
        """shutdown_request on control; a kernel that does not go in 10 s is killed."""
        try:
            if self.process.poll() is None:
                self.session.send(self.control, "shutdown_request", {"restart": False})
                self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        finally:
            for s in (self.shell, self.control, self.iopub):
                s.close()
            self.connection_file.unlink(missing_ok=True)
            self.stderr.unlink(missing_ok=True)


def report(who: str, medians: dict[tuple[str, str], float]) -> None:
    """The table for one nnbook binary against ipykernel, and the goals."""
    header = f"{'benchmark':<31} {'nnbook':>11} {'ipykernel':>11} {'nnbook/ipykernel':>17}"
    print(header)
    print("-" * len(header))

    def ratio(bench: str) -> float:
        py = medians[(bench, "ipykernel")]
        return medians[(bench, who)] / py if py > 0 else float("inf")

    for bench in (STARTUP, BARE, ROUND_TRIP, CPU_TRIP, CPU_IDLE):
        print(f"{bench:<31} {medians[(bench, who)] * 1000:>8.2f} ms {medians[(bench, 'ipykernel')] * 1000:>8.2f} ms "
              f"{ratio(bench):>16.2f}x")
    for bench in (RSS_START, RSS_AFTER):
        print(f"{bench:<31} {medians[(bench, who)] / 1024:>8.1f} MB {medians[(bench, 'ipykernel')] / 1024:>8.1f} MB "
              f"{ratio(bench):>16.2f}x")
    for bench in (STARTUP, ROUND_TRIP):
        print(f"goal: {bench} at most half of ipykernel's: {'MET' if ratio(bench) <= 0.5 else 'MISSED'} "
              f"({ratio(bench):.2f}x)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="kernels started per contender (default 15)")
    parser.add_argument("--executions", type=int, default=200, help="timed `1+1` round trips per kernel (default 200)")
    add_contender_arguments(parser, "the python that runs ipykernel")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds allowed per answer (default 60)")
    args = parser.parse_args()
    if args.runs < 1 or args.executions < 1:
        parser.error("--runs and --executions must be at least 1")

    binaries = nnbook_binaries(args)
    if binaries is None:
        return 2
    contenders = {who: [str(path.resolve()), "kernel", "-f", "{connection_file}"] for who, path in binaries.items()}
    python = args.python or real_python3()
    # ipykernel's own kernelspec argv, with the interpreter resolved.
    probe = subprocess.run([python, "-c", "import ipykernel; print(ipykernel.__version__)"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        print(f"error: {python} cannot import ipykernel, the peer: install it with "
              f"`{python} -m pip install ipykernel`", file=sys.stderr)
        return 2
    contenders["ipykernel"] = [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    everyone = list(contenders)

    results: dict[tuple[str, str], list[float]] = {
        (b, who): [] for b in (STARTUP, BARE, ROUND_TRIP, CPU_TRIP, CPU_IDLE, RSS_START, RSS_AFTER) for who in everyone}
    bare = {who: [python, "-c", "pass"] if who == "ipykernel" else [contenders[who][0], "--version"] for who in everyone}
    with tempfile.TemporaryDirectory(prefix="nnbook-kbench-") as tmp:
        folder = Path(tmp)
        home = folder / "nnbook-home"  # keep the user's ~/.nnbook out of it
        home.mkdir()
        os.environ["NNBOOK_HOME"] = str(home)
        for name in ("JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "JUPYTER_DATA_DIR"):  # nothing written in the user's folders
            os.environ[name] = str(folder / name.lower())
        kernels: dict[str, RunningKernel] = {}
        try:
            for who in everyone:  # warm-up (page cache) and check, not timed
                RunningKernel(contenders[who], folder, args.timeout).close()
            for round_no in range(args.runs):
                shift = round_no % len(everyone)
                for who in everyone[shift:] + everyone[:shift]:
                    kernel = RunningKernel(contenders[who], folder, args.timeout)
                    results[(STARTUP, who)].append(kernel.startup)
                    results[(RSS_START, who)].append(kernel.startup_rss)
                    kernel.close()
                    start = time.perf_counter()
                    subprocess.run(bare[who], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
                    results[(BARE, who)].append(time.perf_counter() - start)

            for who in everyone:
                kernels[who] = RunningKernel(contenders[who], folder, args.timeout)
                time.sleep(0.5)
                results[(CPU_IDLE, who)].append(cpu_seconds(kernels[who].process.pid))
                for _ in range(WARM_UP):
                    kernels[who].execute("1+1")
            cpu_before = {who: cpu_seconds(kernels[who].process.pid) for who in everyone}
            for n in range(args.executions):
                shift = n % len(everyone)
                for who in everyone[shift:] + everyone[:shift]:
                    elapsed, result = kernels[who].execute("1+1")
                    if result != "2":
                        raise CheckFailed(f"{who}: 1+1 answered {result!r}, expected '2'")
                    results[(ROUND_TRIP, who)].append(elapsed)
            for who in everyone:
                used = cpu_seconds(kernels[who].process.pid) - cpu_before[who]
                results[(CPU_TRIP, who)].append(used / args.executions)
                results[(RSS_AFTER, who)].append(peak_rss_kb(kernels[who].process.pid))
        except (CheckFailed, subprocess.CalledProcessError) as exc:
            print(f"CHECK FAILED: {exc}", file=sys.stderr)
            return 1
        finally:
            for kernel in kernels.values():
                kernel.close()

    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    version = subprocess.run([contenders["nnbook"][0], "--version"], capture_output=True, text=True).stdout.strip()
    print(f"nnbook: {contenders['nnbook'][0]} ({version})")
    print(f"ipykernel: {probe.stdout.strip()} on {python} "
          f"({subprocess.run([python, '-V'], capture_output=True, text=True).stdout.strip()})")
    print(f"start-ups: {args.runs} each, interleaved; round trips: {args.executions} each after {WARM_UP} warm-up, "
          f"alternating; load average at end: {load}; cpus: {os.cpu_count()}")
    print(f"all answered 1+1 with 2 ({args.executions + WARM_UP} times each)")
    print()
    medians = {key: statistics.median(values) for key, values in results.items()}
    for who in contenders:
        if who == "ipykernel":
            continue
        if len(contenders) > 2:
            print(f"{who}: {contenders[who][0]}")
        report(who, medians)
        print()
    print("ratio < 1: nnbook is faster or smaller; > 1: slower or bigger. Compare ratios from the same run only.")
    return 0


if __name__ == "__main__":
    try:
        import zmq
        from jupyter_client import connect
        from jupyter_client import session as jsession
    except ImportError as exc:
        print(f"error: {exc}: the benchmark needs jupyter_client (scripts/setup.sh installs it)", file=sys.stderr)
        sys.exit(2)
    sys.exit(main())
