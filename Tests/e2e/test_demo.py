"""`nnbook demo FILE.md`, the classroom mode: piped it prints everything in
order; on a terminal each key press reveals the next paragraph or cell (with
its output), `b` goes back and `q` leaves."""

from __future__ import annotations

import os
import subprocess

import pexpect

from test_interactive import _Collector

NOTEBOOK = """# Sigmoid

The sigmoid squashes any number into (0, 1).

```nnbook
sigmoid(2)
```

Its slope at 2:

```nnbook
sigmoid'(2)
```
"""


def write(tmp_path):
    path = tmp_path / "demo.md"
    path.write_text(NOTEBOOK, encoding="utf-8")
    return path


def test_piped_demo_prints_every_piece_in_order(nnbook_bin, nnbook_env, tmp_path):
    out = subprocess.run([str(nnbook_bin), "demo", str(write(tmp_path))], input="", capture_output=True, text=True,
                         env=nnbook_env, timeout=30)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    order = [text.index(s) for s in ["Sigmoid", "squashes", "» sigmoid(2)", "0.880797", "Its slope", "» sigmoid'(2)", "0.104994"]]
    assert order == sorted(order), text


def test_demo_reveals_one_piece_per_key_and_goes_back(nnbook_bin, nnbook_env, tmp_path):
    env = dict(nnbook_env, TERM="xterm", NO_COLOR="1")
    seen: list[str] = []
    child = pexpect.spawn(str(nnbook_bin), ["demo", str(write(tmp_path))], env=env, encoding="utf-8", timeout=10,
                          dimensions=(40, 120))
    child.logfile_read = _Collector(seen)
    child.expect("Sigmoid")                       # the heading, shown at once, its case kept
    assert "0.880797" not in "".join(seen)
    child.send(" ")
    child.expect("squashes")
    child.send(" ")
    child.expect(r"0\.880797")                    # the cell and its output, on one key press
    assert "0.104994" not in "".join(seen)
    child.send("b")                               # back: the screen is redrawn up to the step before
    child.expect("squashes")
    child.send(" ")
    child.expect(r"0\.880797")                    # shown again from memory, not re-run
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
