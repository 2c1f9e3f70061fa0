#!/usr/bin/env python3
"""Compare nnbook with CPython on start-up time and a 1,000,000-iteration loop.

Both programs are measured in the same run, interleaved (one nnbook run, one
python run, alternating which goes first each round), and the median of N
runs is reported with the ratio nnbook/python (lower is better for nnbook).
A third row is the loop alone: each side's loop median minus its own
start-up median; the goal is nnbook's at most half of CPython's.
The machine these run on is shared and noisy: compare ratios from the same
run, not absolute times across runs. Standard library only.

    python3 Benchmarks/startup_and_loop.py [--runs 15] [--nnbook PATH] [--python PATH] [--baseline PATH]

--baseline PATH adds another nnbook (an older build) to the same interleaved
rounds, so before and after are compared against the same CPython runs.

Exit status: 0 on success; 1 if either program did not print the expected
result (499999500000) or failed; 2 if a program could not be found.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
EXPECTED_SUM = "499999500000"
STARTUP = "start-up (:quit / -c pass)"
LOOP = "loop 1e6 (x = x + i)"
LOOP_ONLY = "loop alone (minus start-up)"

NNBOOK_STARTUP = ":quit\n"
NNBOOK_LOOP = "x = 0\nfor i in range(1000000):\n    x = x + i\n\nx\n"
PYTHON_LOOP = "x = 0\nfor i in range(1000000):\n    x = x + i\nprint(x)\n"


class CheckFailed(Exception):
    pass


def timed(cmd: list[str], stdin: str, timeout: float) -> tuple[float, str]:
    """Wall time of one run and its stdout; raises CheckFailed on a non-zero exit."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, input=stdin.encode(), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=timeout)
    elapsed = time.perf_counter() - start
    out = proc.stdout.decode("utf-8", "replace")
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace")
        raise CheckFailed(f"{' '.join(cmd)} exited {proc.returncode}\nstdout:\n{out}\nstderr:\n{err}")
    return elapsed, out


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def real_python3() -> str:
    """python3 on PATH, resolved past wrappers such as pyenv shims (whose own
    start-up would otherwise be counted as Python's)."""
    try:
        out = subprocess.run(["python3", "-c", "import sys; print(sys.executable)"],
                             capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        out = ""
    return out or sys.executable


def report(who: str, medians: dict[tuple[str, str], float]) -> None:
    """The table for one nnbook binary against the python medians, and the goal."""
    header = f"{'benchmark':<28} {'nnbook median':>14} {'python median':>14} {'nnbook/python':>14}"
    print(header)
    print("-" * len(header))

    def row(name: str, nn: float, py: float) -> None:
        ratio = nn / py if py > 0 else float("inf")
        print(f"{name:<28} {nn * 1000:>11.1f} ms {py * 1000:>11.1f} ms {ratio:>13.2f}x")

    for bench in (STARTUP, LOOP):
        row(bench, medians[(bench, who)], medians[(bench, "python")])
    # The loop alone: each side's loop median minus its own start-up median, both from this run.
    nn_loop = medians[(LOOP, who)] - medians[(STARTUP, who)]
    py_loop = medians[(LOOP, "python")] - medians[(STARTUP, "python")]
    row(LOOP_ONLY, nn_loop, py_loop)
    goal = "MET" if py_loop > 0 and nn_loop <= py_loop / 2 else "MISSED"
    print(f"goal: the loop alone takes at most half of CPython's time: {goal} "
          f"({nn_loop / py_loop if py_loop > 0 else float('inf'):.2f}x)")


def add_contender_arguments(parser: argparse.ArgumentParser, python_help: str) -> None:
    """--nnbook, --baseline and --python, as every benchmark here takes them."""
    parser.add_argument("--nnbook", default=str(REPO_ROOT / ".build" / "release" / "nnbook"),
                        help="nnbook binary (default: .build/release/nnbook)")
    parser.add_argument("--baseline", default=None,
                        help="an older nnbook binary to measure in the same rounds (before/after)")
    parser.add_argument("--python", default=None, help=f"{python_help} (default: the real python3 on PATH)")


def nnbook_binaries(args: argparse.Namespace) -> dict[str, Path] | None:
    """{"nnbook": …, "baseline": …} from the arguments, or None after saying which one is not an executable."""
    binaries = {"nnbook": Path(args.nnbook)}
    if args.baseline:
        binaries["baseline"] = Path(args.baseline)
    for who, path in binaries.items():
        if not path.is_file() or not os.access(path, os.X_OK):
            print(f"error: no executable nnbook at {path} ({'--baseline' if who == 'baseline' else 'build with `swift build -c release` or pass --nnbook PATH'})",
                  file=sys.stderr)
            return None
    return binaries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per measurement (default 15)")
    add_contender_arguments(parser, "python interpreter to compare with")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds allowed per run (default 120)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    contenders = nnbook_binaries(args)
    if contenders is None:
        return 2
    nnbook = contenders["nnbook"]
    python = args.python or real_python3()
    if not python or not shutil.which(python):
        print(f"error: python interpreter {python!r} not found (pass --python PATH)", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="nnbook-bench-") as tmp:
        loop_py = Path(tmp) / "loop.py"
        loop_py.write_text(PYTHON_LOOP)
        home = Path(tmp) / "nnbook-home"  # keep the user's ~/.nnbook out of it
        home.mkdir()
        os.environ["NNBOOK_HOME"] = str(home)

        # name -> (nnbook stdin, python command + stdin, expected last line or None)
        benchmarks = {
            STARTUP: (NNBOOK_STARTUP, ([python, "-c", "pass"], ""), None),
            LOOP: (NNBOOK_LOOP, ([python, str(loop_py)], ""), EXPECTED_SUM),
        }
        everyone = [*contenders, "python"]
        times: dict[tuple[str, str], list[float]] = {(b, who): [] for b in benchmarks for who in everyone}

        def one(bench: str, who: str, record: bool) -> None:
            nn_stdin, py, expected = benchmarks[bench]
            cmd, stdin = py if who == "python" else ([str(contenders[who])], nn_stdin)
            elapsed, out = timed(cmd, stdin, args.timeout)
            if expected is not None and last_line(out) != expected:
                raise CheckFailed(f"{bench}: {who} printed {last_line(out)!r}, expected {expected}\n"
                                  f"full output:\n{out}")
            if record:
                times[(bench, who)].append(elapsed)

        try:
            for bench in benchmarks:  # warm-up (page cache) and correctness check, not timed
                for who in everyone:
                    one(bench, who, record=False)
            for round_no in range(args.runs):
                shift = round_no % len(everyone)  # who goes first rotates each round
                order = everyone[shift:] + everyone[:shift]
                for bench in benchmarks:
                    for who in order:
                        one(bench, who, record=True)
        except CheckFailed as exc:
            print(f"CHECK FAILED: {exc}", file=sys.stderr)
            return 1
        except subprocess.TimeoutExpired as exc:
            print(f"CHECK FAILED: {exc}", file=sys.stderr)
            return 1

    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    print(f"nnbook: {nnbook}")
    print(f"python: {python} ({subprocess.run([python, '-V'], capture_output=True, text=True).stdout.strip()})")
    print(f"runs: {args.runs} each, interleaved; load average at end: {load}; cpus: {os.cpu_count()}")
    print(f"all printed {EXPECTED_SUM} for the loop")
    print()
    medians = {key: statistics.median(runs) for key, runs in times.items()}
    for who in contenders:
        if len(contenders) > 1:
            print(f"{who}: {contenders[who]}")
        report(who, medians)
        print()
    print("ratio < 1: nnbook is faster; > 1: slower. Compare ratios from the same run only.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
