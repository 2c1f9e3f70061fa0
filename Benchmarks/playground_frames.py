#!/usr/bin/env python3
"""Playground frame rate (issue 15): frames per second and bytes per frame.

Builds the tests in release and runs PlaygroundBenchmarkTests with
NNBOOK_BENCH_PLAYGROUND=1: a [2, 8, 8, 1] tanh network on the 500 circle
points, a 120x40 screen with colour, one training step (one epoch of the 250
training points, batch 10) per frame; each frame is the step, the neuron
maps and decision regions, the frame and its diff against the previous one.
In the same run, the same steps without drawing. Best of three rounds.

    python3 Benchmarks/playground_frames.py [--frames 300] [--no-build]

Standard library only. Prints the test's lines; exit status 1 if the build or
the test failed (the goals are printed, not turned into a failure).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--no-build", action="store_true", help="use the release test build as it is")
    args = parser.parse_args()
    if not args.no_build:
        build = subprocess.run(["swift", "build", "-c", "release", "--build-tests", "-Xswiftc", "-enable-testing"], cwd=REPO_ROOT)
        if build.returncode != 0:
            return 1
    env = dict(os.environ, NNBOOK_BENCH_PLAYGROUND="1", NNBOOK_BENCH_FRAMES=str(args.frames), OPENBLAS_NUM_THREADS="1")
    run = subprocess.run(
        ["swift", "test", "-c", "release", "-Xswiftc", "-enable-testing", "--skip-build", "--filter", "PlaygroundBenchmarkTests"],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    lines = [line for line in run.stdout.splitlines() if line.startswith(("playground benchmark", "  "))]
    print("\n".join(lines) if lines else run.stdout + run.stderr)
    return 0 if run.returncode == 0 and lines else 1


if __name__ == "__main__":
    sys.exit(main())
