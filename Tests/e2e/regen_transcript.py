#!/usr/bin/env python3
"""Rewrite the expected output of a transcript (.nbt) with what nnbook prints
now, keeping its inputs, comments (##) and directives (#!) in place.

    NNBOOK_BIN=.build/release/nnbook python3 Tests/e2e/regen_transcript.py Tests/e2e/transcripts/21-hostile.nbt

Read the diff before committing: every changed line must be a change you meant.
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

BIN = str(Path(os.environ.get("NNBOOK_BIN", Path(__file__).resolve().parents[2] / ".build/release/nnbook")).resolve())


def run(stdin: str, env) -> str:
    # A fresh working folder for each run, as the test has: files one run writes do not change the next.
    with tempfile.TemporaryDirectory() as cwd:
        r = subprocess.run([BIN], input=stdin, capture_output=False, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, env=env, timeout=120, cwd=cwd)
    return r.stdout


def regen(path: Path):
    lines = path.read_text().splitlines()
    env = dict(os.environ)
    for l in lines:
        if l.startswith("#! env: "):
            k, _, v = l[len("#! env: "):].partition("=")
            env[k] = v
    groups, kept, i = [], [], 0   # groups: (preceding kept lines, input lines)
    while i < len(lines):
        l = lines[i]
        if l.startswith(">>>"):
            inp = [l]
            i += 1
            while i < len(lines) and (lines[i].startswith("... ") or lines[i] == "..."):
                inp.append(lines[i])
                i += 1
            groups.append((kept, inp))
            kept = []
            continue
        if l.startswith("##") or l.startswith("#!"):
            kept.append(l)
        i += 1
    feed, previous, out = [], "", []
    for pre, inp in groups:
        out.extend(pre)
        out.extend(inp)
        for l in inp:
            feed.append(l[4:] if l.startswith(">>> ") or l.startswith("... ") else "")
        now = run("\n".join(feed) + "\n", env)
        new = now[len(previous):] if now.startswith(previous) else now
        previous = now
        out.extend(new.splitlines())
    out.extend(kept)
    path.write_text("\n".join(out) + "\n")


for p in sys.argv[1:]:
    regen(Path(p))
    print("regenerated", p)
