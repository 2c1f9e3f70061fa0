"""Reports a learner hands in and the teacher's class report, end to end:
`nnbook lesson 1 --report` through a pseudo-terminal (a wrong answer, a hint,
a cell typed for the learner, then the JSON, written after every step);
`--assignment` refusing to give the answer; and `nnbook class report` on a
folder of good and bad files.
"""

from __future__ import annotations

import getpass
import json
import socket
import subprocess
import xml.etree.ElementTree as ET

import pytest

from conftest import REPO_ROOT
from test_lessons_pty import Learner

LESSONS = REPO_ROOT / "Lessons"
LESSON_FILE = "01-activation-functions.md"


@pytest.fixture
def learner(nnbook_bin, nnbook_home, tmp_path, spawned):
    return lambda *args: spawned(Learner(nnbook_bin, nnbook_home, LESSONS, ("lesson", "1") + args, cwd=tmp_path))


def prompt(l, k):
    l.expect(r"\[%d/\d+\] › " % k)


def test_a_report_of_part_of_lesson_one(learner, tmp_path, nnbook_home):
    path = tmp_path / "me.json"
    l = learner("--report", "me.json")
    prompt(l, 1)
    l.answer("sigmoid(3)")
    l.expect(r"Not quite: this cell shows 0\.880797, yours shows 0\.952574\.")
    prompt(l, 1)
    # written after every step, not only at the end
    first = json.loads(path.read_text())["lessons"][0]["cells"][0]
    assert (first["attempts"], first["wrongAnswers"]) == (1, [{"answer": "sigmoid(3)", "mistake": ""}])
    l.answer(":hint")
    l.expect(r"hint: A function call is the function's name")
    prompt(l, 1)
    l.answer("sigmoid(1 + 1)")
    l.expect("Correct!")
    prompt(l, 2)
    l.answer("")  # Enter: typed for the learner
    l.expect(r"» explain sigmoid\(2\)")
    prompt(l, 3)
    l.answer(":quit")
    l.expect("progress saved")
    assert l.finish() == (0, None)

    text = path.read_text()
    report = json.loads(text)
    assert (report["format"], report["version"]) == ("nnbook-lesson-report", 1)
    [lesson] = report["lessons"]
    assert lesson["lesson"] == LESSON_FILE
    assert lesson["title"] == "Activation functions"
    assert (lesson["assignment"], lesson["completed"]) == (False, False)
    c1, c2, c3 = lesson["cells"][:3]
    assert {k: c1[k] for k in ("cell", "attempts", "hintTier", "done", "status", "skipped", "typedForLearner")} == {
        "cell": 1, "attempts": 2, "hintTier": 1, "done": True, "status": "solved with hints",
        "skipped": False, "typedForLearner": False}
    assert c1["wrongAnswers"] == [{"answer": "sigmoid(3)", "mistake": ""}]
    assert isinstance(c1["seconds"], int) and 0 <= c1["seconds"] < 120
    assert (c2["done"], c2["typedForLearner"], c2["status"], c2["attempts"]) == (True, True, "not solved", 0)
    assert (c3["done"], c3["status"], c3["attempts"]) == (False, "not solved", 0)
    assert all(c["done"] is False and c["seconds"] == 0 for c in lesson["cells"][3:])
    # nothing about the machine or the person
    for secret in {str(tmp_path), str(nnbook_home), socket.gethostname(), getpass.getuser()} - {""}:
        assert secret not in text, secret
    assert set(report) == {"format", "version", "lessons"}


def test_an_assignment_cannot_be_skipped_through(learner, tmp_path):
    l = learner("--report", "a.json", "--assignment")
    l.expect("Assignment: type each cell yourself")
    prompt(l, 1)
    l.answer("")
    l.expect("This is an assignment: Enter alone does not type the cell for you.")
    prompt(l, 1)
    l.answer(":skip")
    l.expect("This is an assignment: :skip is off.")
    prompt(l, 1)
    l.answer(":show")
    l.expect("This is an assignment: :show is off.")
    prompt(l, 1)
    l.answer(":help")
    l.expect(":hint")
    l.expect("Assignment: type each cell yourself")
    prompt(l, 1)
    l.answer(":hint")
    l.expect("hint: A function call")
    prompt(l, 1)
    l.answer(":hint")
    l.expect(r"the shape of the answer: sigmoid\(…\)")
    prompt(l, 1)
    l.answer(":hint")
    l.expect(r"the shape of the answer: sigmoid\(…\)   \(this is an assignment: the hints stop here")
    prompt(l, 1)
    l.answer("sigmoid(2)")
    l.expect("Correct!")
    prompt(l, 2)
    l.child.sendcontrol("d")
    l.expect("progress saved")
    assert l.finish() == (0, None)
    lesson = json.loads((tmp_path / "a.json").read_text())["lessons"][0]
    assert lesson["assignment"] is True
    assert [c["status"] for c in lesson["cells"][:2]] == ["solved with hints", "not solved"]
    assert lesson["cells"][0]["hintTier"] == 2
    assert "sigmoid(2)" not in "".join(l.log).split("Correct!")[0].replace("sigmoid(2)\r", ""), \
        "the answer was shown before it was typed"


def cell(n, status, attempts, seconds, wrong=(), done=True):
    return {"cell": n, "status": status, "done": done, "attempts": attempts, "hintTier": 0, "shown": False,
            "skipped": False, "typedForLearner": False, "seconds": seconds,
            "wrongAnswers": [{"answer": w, "mistake": ""} for w in wrong]}


def report(cells):
    return {"format": "nnbook-lesson-report", "version": 1, "lessons": [
        {"lesson": LESSON_FILE, "title": "Activation functions", "assignment": True, "completed": False, "cells": cells}]}


def test_class_report_on_good_and_bad_files(nnbook_bin, tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    evil = "\x1b]0;owned\x07\x1b[2J<script>alert(1)</script>"
    students = [
        [cell(1, "solved", 1, 30), cell(2, "solved", 1, 10)],
        [cell(1, "solved with hints", 3, 90, ["sigmoid(3)", "sigma(2)"]), cell(2, "not solved", 2, 50, [evil], done=False)],
        [cell(1, "solved", 2, 60, ["sigmoid(3)"]), cell(2, "not solved", 0, 0, done=False)],
    ]
    for k, cells in enumerate(students):
        (folder / f"student{k}.json").write_text(json.dumps(report(cells)))
    (folder / "cut.json").write_text(json.dumps(report(students[0]))[:40])
    (folder / "deep.json").write_text("[" * 50000 + "]" * 50000)
    (folder / "huge.json").write_bytes(b'{"format": "' + b"a" * (2 << 20) + b'"}')
    (folder / "wrong.json").write_text(json.dumps({"format": "nnbook-lesson-report", "version": 1, "lessons": "all"}))
    svg, html = tmp_path / "class.svg", tmp_path / "class.html"
    proc = subprocess.run([str(nnbook_bin), "class", "report", str(folder), "--svg", str(svg), "--html", str(html)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert b"\x1b" not in proc.stdout and b"\x07" not in proc.stdout
    lines = out.splitlines()
    assert lines[0] == "3 reports read, 4 files skipped:"
    assert f"  {folder}/cut.json: not valid JSON (cut short, or not JSON at all)" in lines
    assert f"  {folder}/deep.json:1: nested 17 deep (at most 16)" in lines
    assert f"  {folder}/huge.json: larger than 1 MB; not read" in lines
    assert f"  {folder}/wrong.json: field lessons has the wrong type" in lines
    assert f"Lesson {LESSON_FILE} — Activation functions (3 students)" in lines
    rows = [line.split() for line in lines if line.strip()[:1].isdigit() and "/" in line]
    # cell, finished, solved, with hints, not solved, median tries, median time
    assert rows[0] == ["1", "3/3", "2", "1", "0", "2", "1", "min"]
    assert rows[1] == ["2", "1/3", "1", "0", "1", "1.5", "30", "s"]
    assert "  cell 1: ×2 “sigmoid(3)”   ×1 “sigma(2)”" in lines
    assert "  cell 2: ×1 “␛]0;owned␇␛[2J<script>alert(1)</script>”" in lines
    ET.fromstring(svg.read_bytes())  # well-formed XML
    for doc in (svg.read_text(), html.read_text()):
        assert "<script" not in doc and "\x1b" not in doc
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
        assert "3/3 finished · median 2 tries · 1 min" in doc


def test_a_report_file_that_is_not_a_report_is_left_alone(nnbook_bin, nnbook_home, tmp_path):
    mine = tmp_path / "notes.json"
    mine.write_text('{"my": "notes"}')
    proc = subprocess.run([str(nnbook_bin), "lesson", "1", "--report", str(mine)], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=60,
                          env={"NNBOOK_HOME": str(nnbook_home), "NNBOOK_LESSONS": str(LESSONS), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 1
    assert "cannot take the report: not an nnbook lesson report" in proc.stderr.decode()
    assert mine.read_text() == '{"my": "notes"}'


def test_a_lesson_whose_front_matter_says_assignment_is_one(nnbook_bin, nnbook_home, tmp_path, spawned):
    """A teacher's own lesson (NNBOOK_LESSONS) with `assignment: true` in its front matter: no flag needed."""
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "01-homework.md").write_text("---\nassignment: true\n---\n# Homework\n\nThe sigmoid of 2.\n\n"
                                            "```nnbook\nsigmoid(2)\n```\n```output\n0.880797\n```\n")
    l = spawned(Learner(nnbook_bin, nnbook_home, lessons, ("lesson", "1", "--report", "h.json"), cwd=tmp_path))
    l.expect("Homework")
    l.expect("Assignment: type each cell yourself")
    l.expect(r"\[1/1\] › ")
    assert "assignment: true" not in "".join(l.log), "the front matter is not lesson text"
    l.answer(":skip")
    l.expect("This is an assignment: :skip is off.")
    l.expect(r"\[1/1\] › ")
    l.answer("1/(1 + e^-2)")
    l.expect("Correct!")
    l.answer(":quit")
    assert l.finish()[0] == 0
    lesson = json.loads((tmp_path / "h.json").read_text())["lessons"][0]
    assert (lesson["lesson"], lesson["assignment"]) == ("01-homework.md", True)
    assert [c["status"] for c in lesson["cells"]] == ["solved"]
