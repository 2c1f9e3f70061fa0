#!/usr/bin/env python3
"""Refresh the expected output of the cells that `nnbook check` reports as
different, using what `nnbook run` prints now. Cells that pass (including
ones whose expected numbers are deliberately rounded) are left untouched.

    python3 scripts/refresh_lesson_outputs.py Lessons Lessons/zh

Read the diff before committing: a changed output must be a change you meant.
"""
import re
import subprocess
import sys
from pathlib import Path

NNBOOK = Path(__file__).resolve().parent.parent / ".build/release/nnbook"
FENCE = re.compile(r"^(`{3,}|~{3,})\s*(\w*)")


def blocks(lines):
    """(kind, start, end) of fenced blocks; start/end are 0-based line indexes of the fences."""
    out, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m:
            fence, kind = m.group(1), m.group(2)
            j = i + 1
            while j < len(lines) and not lines[j].startswith(fence):
                j += 1
            out.append((kind, i, j))
            i = j + 1
        else:
            i += 1
    return out


def refresh(path: Path):
    check = subprocess.run([str(NNBOOK), "check", str(path)], capture_output=True, text=True)
    bad_lines = {int(m.group(1)) for m in re.finditer(rf"{re.escape(str(path))}:(\d+): output differs", check.stdout)}
    if not bad_lines:
        return 0
    ran = subprocess.run([str(NNBOOK), "run", str(path)], capture_output=True, text=True).stdout.splitlines()
    outputs, cell = {}, -1  # what the run printed, by cell index
    for kind, s, e in blocks(ran):
        if kind == "nnbook":
            cell += 1
        elif kind == "output":
            outputs[cell] = ran[s + 1:e]
    lines = path.read_text().splitlines()
    cell, edits = -1, []
    for kind, s, e in blocks(lines):
        if kind == "nnbook":
            cell += 1
        elif kind == "output" and any(s < b <= e + 1 for b in bad_lines):  # check reports 1-based lines
            edits.append((s, e, outputs.get(cell, [])))
    for s, e, new in reversed(edits):
        lines[s + 1:e] = new
    path.write_text("\n".join(lines) + "\n")
    return len(edits)


for arg in sys.argv[1:]:
    p = Path(arg)
    for f in sorted(p.glob("*.md")) if p.is_dir() else [p]:
        n = refresh(f)
        if n:
            print(f"{f}: refreshed {n} output block(s)")
