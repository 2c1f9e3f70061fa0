"""`nnbook lesson` through a real pseudo-terminal (pexpect), with a scripted
learner on a tiny 3-cell lesson in a temporary $NNBOOK_LESSONS: Enter types
the cell, an answer with the same output is accepted, a wrong one is not,
:hint / :skip / :back / :next / :restart, quitting halfway and resuming at
the same cell, and `nnbook lesson` listing progress.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pexpect
import pytest

from conftest import REPO_ROOT, expect_or_fail
from test_interactive import _Collector

TIMEOUT = 20

LESSON = """\
# Tiny lesson

Set x to the article's w1.

```nnbook
x = 0.8
```
```hint
assign 0.8 to x
```

Now double it.

```nnbook
2*x
```
```output
1.6
```
```hint
multiply x by two
```

Squash two with sigmoid.

```nnbook
sigmoid(2)
```
```output
0.880797
```
```hint
sigmoid of two, the article's example
```
"""


@pytest.fixture
def lessons(tmp_path) -> Path:
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "01-tiny.md").write_text(LESSON, encoding="utf-8")
    return folder


class Learner:
    def __init__(self, binary, home, lessons_dir, args=("lesson", "1"), cwd=None):
        env = dict(os.environ)
        env.update(NNBOOK_HOME=str(home), NNBOOK_LESSONS=str(lessons_dir), TERM="xterm",
                   NO_COLOR="1", LANG="C.UTF-8", LC_ALL="C.UTF-8")
        self.child = pexpect.spawn(str(binary), list(args), env=env, encoding="utf-8",
                                   timeout=TIMEOUT, dimensions=(40, 160), cwd=cwd)
        self.log = []
        self.child.logfile_read = _Collector(self.log)

    def expect(self, pattern, timeout=TIMEOUT):
        return expect_or_fail(self.child, pattern, "".join(self.log), timeout)

    def prompt(self, k):
        self.expect(r"\[%d/3\] › " % k)

    def answer(self, text):
        self.child.send(text + "\r")

    def since_last(self) -> str:
        """Text between the last two matches (what the previous answer printed)."""
        return self.child.before

    def finish(self):
        self.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus, self.child.signalstatus


@pytest.fixture
def learner(nnbook_bin, nnbook_home, lessons, tmp_path, spawned):
    return lambda args=("lesson", "1"): spawned(Learner(nnbook_bin, nnbook_home, lessons, args, cwd=tmp_path))


def listing(binary, home, lessons_dir, cwd) -> list[str]:
    env = dict(os.environ, NNBOOK_HOME=str(home), NO_COLOR="1")
    if lessons_dir is None:
        env.pop("NNBOOK_LESSONS", None)
    else:
        env["NNBOOK_LESSONS"] = str(lessons_dir)
    proc = subprocess.run([str(binary), "lesson"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          env=env, cwd=cwd, timeout=60)
    assert proc.returncode == 0, proc.stdout
    return [line.rstrip() for line in proc.stdout.decode().split("\n")]


def progress_row(rows: list[str], title: str) -> str:
    """The row of a lesson, its box-drawing column rules left out."""
    return next(row for row in rows if title in row).replace("│", " ").replace("|", " ")


def test_scripted_learner_through_the_whole_lesson(learner, nnbook_home, lessons):
    l = learner()
    l.expect("Tiny lesson")
    l.expect("Set x to the article's w1.")
    l.prompt(1)
    l.answer("")  # Enter alone types the cell
    l.expect(r"» x = 0\.8")
    l.expect("Now double it.")
    l.prompt(2)

    l.answer("3*x")  # wrong: 2.4
    l.expect(r"2\.4")
    l.expect(r"Not quite: this cell shows 1\.6, yours shows 2\.4\.")
    l.expect(r"Nothing changed\. Try again · :hint for a hint · Enter types it for you\.")
    l.prompt(2)
    l.answer(":hint")
    l.expect(r"hint: multiply x by two")
    l.prompt(2)
    l.answer("x + x")  # a different input with the same output is accepted
    l.expect(r"1\.6")
    l.expect(r"Correct!")
    l.expect("Squash two with sigmoid.")
    l.prompt(3)

    l.answer("nonsense_name")
    l.expect(r"unknown name 'nonsense_name'")
    l.expect(r"That stopped with an error; not this cell's answer, so nothing changed")
    l.prompt(3)
    l.answer(":skip")  # shows and runs the expected input
    l.expect(r"» sigmoid\(2\)")
    l.expect(r"0\.880797")
    l.expect(r"lesson complete")
    # After the last cell the learner stays in the REPL, with the lesson's variables.
    l.expect(r"You are in the REPL now, with the lesson's variables \(x\)")
    l.expect(r"In \[\d+\]: ")
    l.answer("x * 10")
    l.expect(r"Out\[\d+\]: 8")
    l.child.sendcontrol("d")
    assert l.finish() == (0, None)

    progress = json.loads((nnbook_home / "progress.json").read_text())
    entry = progress["01-tiny.md"]
    assert entry["completed"] is True
    assert entry["records"][1]["wrongAnswers"] == ["3*x"]
    assert entry["records"][1]["inputs"] == ["x + x"]
    assert entry["records"][1]["hintTier"] == 1
    assert entry["records"][2]["skipped"] is True


@pytest.mark.parametrize("how", [":quit", "ctrl-d"])
def test_quit_halfway_then_resume_at_the_same_cell(learner, nnbook_bin, nnbook_home, lessons, tmp_path, how):
    l = learner()
    l.prompt(1)
    l.answer("")
    l.prompt(2)
    l.answer("2*x")
    l.expect("Correct!")
    l.prompt(3)
    if how == ":quit":
        l.answer(":quit")
    else:
        l.child.sendcontrol("d")
    l.expect(r"progress saved: nnbook lesson 1 resumes at cell 3")
    assert l.finish() == (0, None)

    rows = listing(nnbook_bin, nnbook_home, lessons, tmp_path)
    assert progress_row(rows, "Tiny lesson").split() == ["1", "Tiny", "lesson", "3", "cells", "cell", "3", "of", "3"]

    again = learner()
    again.expect(r"welcome back: resuming Tiny lesson at cell 3 of 3")
    again.prompt(3)
    # the earlier cells ran again, so x is defined
    again.answer("sigmoid(x + 1.2)")
    again.expect(r"0\.880797")
    again.expect("Correct!")
    again.expect("lesson complete")
    again.expect(r"In \[\d+\]: ")
    again.child.sendcontrol("d")
    assert again.finish() == (0, None)

    rows = listing(nnbook_bin, nnbook_home, lessons, tmp_path)
    assert progress_row(rows, "Tiny lesson").split() == ["1", "Tiny", "lesson", "3", "cells", "done", "✓"]


def test_back_next_and_restart(learner, nnbook_home, lessons):
    l = learner()
    l.prompt(1)
    l.answer("")
    l.prompt(2)
    l.answer(":next")  # the same as :skip: the cell runs, from the right state, once
    l.expect(r"» 2\*x")
    l.expect("Squash two with sigmoid.")
    l.prompt(3)
    l.answer(":back")
    l.expect("Now double it.")
    l.prompt(2)
    l.answer(":restart")
    l.expect(r"Start Tiny lesson again from its first cell, forgetting what you did in it\? \[y/N\] ")
    l.answer("")             # no: nothing happens
    l.prompt(2)
    l.answer(":restart")
    l.expect(r"\[y/N\] ")
    l.answer("y")
    l.expect("starting Tiny lesson again")
    l.prompt(1)
    l.answer(":hint")
    l.expect("hint: assign 0.8 to x")
    l.prompt(1)
    l.answer(":quit")
    l.expect("progress saved: nnbook lesson 1 resumes at cell 1")
    assert l.finish() == (0, None)


def test_lesson_list_before_and_after(nnbook_bin, nnbook_home, lessons, tmp_path):
    rows = listing(nnbook_bin, nnbook_home, lessons, tmp_path)
    assert progress_row(rows, "Tiny lesson").split() == ["1", "Tiny", "lesson", "3", "cells", "not", "started"]
    assert rows[1].replace("│", " ").split() == ["#", "lesson", "length", "progress"]
    assert any(f"progress is kept in {nnbook_home}/progress.json" in row for row in rows), rows


def test_lesson_by_name(learner):
    l = learner(("lesson", "tiny"))
    l.prompt(1)
    l.answer(":quit")
    l.expect("progress saved")
    assert l.finish() == (0, None)


def test_unknown_lesson_is_an_error(nnbook_bin, nnbook_home, lessons, tmp_path):
    env = dict(os.environ, NNBOOK_HOME=str(nnbook_home), NNBOOK_LESSONS=str(lessons), NO_COLOR="1")
    proc = subprocess.run([str(nnbook_bin), "lesson", "7"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          env=env, cwd=tmp_path, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode != 0
    assert "no lesson '7'; the lessons are: 1 tiny" in proc.stdout.decode(), proc.stdout


def test_real_lessons_folder_is_listed(nnbook_bin, nnbook_home):
    real = REPO_ROOT / "Lessons"
    mds = sorted(real.glob("*.md"))
    if not mds:
        pytest.skip("Lessons/ has no .md files")
    rows = listing(nnbook_bin, nnbook_home, None, REPO_ROOT)
    first_title = mds[0].read_text(encoding="utf-8").split("\n")[0].lstrip("# ").strip()
    row = progress_row(rows, first_title)
    assert row.split()[0] == "1"
    assert row.rstrip().endswith("not started")
    assert len([r for r in rows if "not started" in r]) == len(mds)


def test_real_first_lesson_starts_and_saves_progress(nnbook_bin, nnbook_home):
    real = REPO_ROOT / "Lessons"
    mds = sorted(real.glob("*.md"))
    if not mds:
        pytest.skip("Lessons/ has no .md files")
    l = Learner(nnbook_bin, nnbook_home, real, cwd=REPO_ROOT)
    try:
        l.expect(mds[0].read_text(encoding="utf-8").split("\n")[0].lstrip("# ").strip())
        l.expect(r"\[1/(\d+)\] › ")
        total = int(l.child.match.group(1))
        l.answer("")
        l.expect(r"\[2/%d\] › " % total)
        l.answer(":quit")
        l.expect("progress saved: nnbook lesson 1 resumes at cell 2")
        l.finish()
    finally:
        if l.child.isalive():
            l.child.terminate(force=True)
    rows = listing(nnbook_bin, nnbook_home, real, REPO_ROOT)
    assert f"cell 2 of {total}" in rows[3], rows


def test_tab_completes_names_from_the_lessons_session(learner):
    l = learner()
    l.prompt(1)
    l.answer("")            # x = 0.8
    l.prompt(2)
    l.child.send("sigm\t")
    l.expect("oid")            # libedit completes it (redrawing from the cursor)
    l.child.send("(x * 2)\r")
    l.expect(r"0\.832018")
    l.expect("Tried on the side")  # the cell asks for 2*x, not a sigmoid
    l.prompt(2)
    l.answer(":quit")
    l.expect("progress saved")
    assert l.finish() == (0, None)
