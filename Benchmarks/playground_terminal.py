#!/usr/bin/env python3
"""The playground in a real terminal (issue 15): epochs a second and bytes a frame.

Runs the built nnbook in a pseudo-terminal of 120x40 with colour
(TERM=xterm-256color), opens `playground layers: [8, 8]` (a [2, 8, 8, 1] tanh
network on the 500 circle points), presses space, reads everything nnbook
writes for --seconds, presses space again and reads the epoch off the screen
header. In the same run it measures the first frame (the whole screen), so
the bytes a playing frame costs are a share of a full redraw, and the 30
frames a second the loop allows, so the frame rate is a share of its cap.
PlaygroundBenchmarkTests (Benchmarks/playground_frames.py) measures the same
work without a terminal, against training alone.

    python3 Benchmarks/playground_terminal.py [--seconds 5] [--binary .build/release/nnbook]

Needs pexpect (scripts/setup.sh installs it). Exit status 1 if the playground
did not open or the epoch could not be read.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import pexpect

REPO_ROOT = Path(__file__).resolve().parent.parent
CAP = 30  # PlaygroundLoop.framesPerSecond


def read_for(child: pexpect.spawn, seconds: float) -> bytes:
    out = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            out += child.read_nonblocking(65536, timeout=max(0.01, deadline - time.monotonic()))
        except pexpect.TIMEOUT:
            pass
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--binary", default=str(REPO_ROOT / ".build/release/nnbook"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, TERM="xterm-256color", NNBOOK_HOME=home, LANG="C.UTF-8", LC_ALL="C.UTF-8")
        env.pop("NO_COLOR", None)
        child = pexpect.spawn(args.binary, ["playground", "layers: [8, 8]"], env=env, cwd=home, dimensions=(40, 120))
        try:
            child.expect("quit", timeout=20)
            opened = read_for(child, 0.5)  # the rest of the first frame
            first = len(child.before) + len(child.after) + len(opened)
            child.send(" ")
            start = time.monotonic()
            played = read_for(child, args.seconds)
            child.send(" ")
            elapsed = time.monotonic() - start
            tail = read_for(child, 0.5)
            epochs = [int(e) for e in re.findall(rb"epoch (\d+)", played + tail)]
            if not epochs:
                print("no epoch on the screen", file=sys.stderr)
                return 1
            epoch = max(epochs)
            child.send("q")
            child.expect("playground: the last settings", timeout=10)
            child.sendcontrol("d")
        finally:
            child.close(force=True)
    per_second = epoch / elapsed
    per_frame = len(played) / max(epoch, 1)
    print(f"playground in a terminal, 120x40 colour, [2, 8, 8, 1] tanh, 500 points, {args.seconds:g} s of play")
    print(f"  epochs (frames) a second: {per_second:.1f} (the loop's cap {CAP}: {per_second / CAP:.0%}; goal at least 20)")
    print(f"  bytes a frame while playing: {per_frame:,.0f}; the first, whole frame: {first:,} ({per_frame / first:.1%} of it)")
    print(f"  bytes a second: {len(played) / elapsed:,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
