#!/usr/bin/env python3
"""The teacher's whole nbgrader round on this machine, with nnbook as the kernel.

In a fresh course folder (a temporary one, or --course DIR), with the nnbook
kernelspec installed under the course folder and found through JUPYTER_PATH
(nothing in your own Jupyter folders changes):

1. `nbgrader generate_assignment ps1`: the students' copy, solutions replaced
   by `# YOUR CODE HERE`, hidden tests removed;
2. two students hand it in: ada answers every part (in her own words, not the
   teacher's), bob takes part 1's step uphill (w + α·f'(w));
3. `nbgrader autograde ps1`: each notebook run on the nnbook kernel, the
   hidden tests put back; a test cell that ends in an error scores 0;
4. `nbgrader generate_feedback ps1`: the HTML each student gets back;
5. the grades, per student and per part, and what bob's feedback says.

    python3 Examples/nbgrader/run_round.py [--nnbook .build/release/nnbook] [--course DIR] [--json FILE]

Needs nbgrader (scripts/setup.sh installs it) and a built nnbook. Exit status
1 when a step fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html import unescape
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
ASSIGNMENT = "ps1"
NOTEBOOK = "gradient-descent.ipynb"

# Each student's answer to each solution cell (by its nbgrader grade_id).
STUDENTS = {
    "ada": {"one_step": "w1 = w0 - (rate * f'(w0))", "sigmoid": "s = 1/(1 + exp(-2))", "slope": "d = sigmoid(0) - sigmoid(0)^2"},
    "bob": {"one_step": "w1 = w0 + rate * f'(w0)", "sigmoid": "s = 1 / (1 + e^-2)", "slope": "d = sigmoid(0) * (1 - sigmoid(0))"},
}


def run(args: list[str], cwd: Path, env: dict[str, str]) -> None:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
        raise SystemExit(1)


def hand_in(course: Path, student: str, answers: dict[str, str]) -> None:
    """The released notebook with `answers` in its solution cells, where nbgrader collects it from."""
    nb = json.loads((course / "release" / ASSIGNMENT / NOTEBOOK).read_text())
    for cell in nb["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell["source"] = answers[grade_id]
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    (folder / NOTEBOOK).write_text(json.dumps(nb, indent=1, ensure_ascii=False))
    (folder / "timestamp.txt").write_text("2026-12-02 09:00:00.000000 UTC")


def grades(course: Path) -> dict[str, dict]:
    """Each student's total, the maximum, and each graded cell's score, from nbgrader's gradebook."""
    from nbgrader.api import Gradebook

    result = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in sorted(STUDENTS):
            submission = gb.find_submission(ASSIGNMENT, student)
            notebook = submission.notebooks[0]
            result[student] = {
                "score": submission.score,
                "max_score": submission.max_score,
                "cells": {g.name: g.score for g in sorted(notebook.grades, key=lambda g: g.name)},
            }
    return result


def feedback_errors(course: Path, student: str) -> list[str]:
    """The error lines in the student's feedback page (what a failed test said)."""
    page = (course / "feedback" / student / ASSIGNMENT / NOTEBOOK.replace(".ipynb", ".html")).read_text()
    text = unescape(re.sub(r"<[^>]+>", "", page))
    return [line.strip() for line in text.splitlines() if line.strip().startswith("assertion failed")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nnbook", default=str(REPO_ROOT / ".build/release/nnbook"), help="the nnbook binary")
    parser.add_argument("--course", help="the course folder to make (default: a temporary one, removed after)")
    parser.add_argument("--json", help="also write the grades and bob's feedback to this file")
    args = parser.parse_args()
    nnbook = Path(args.nnbook).resolve()
    if not nnbook.exists():
        sys.stderr.write(f"no nnbook at {nnbook}: build it first (swift build -c release)\n")
        return 1
    temporary = None if args.course else tempfile.TemporaryDirectory()
    course = Path(args.course or temporary.name).resolve()
    try:
        course.mkdir(parents=True, exist_ok=True)
        shutil.copy(HERE / "nbgrader_config.py", course)
        shutil.copytree(HERE / "source", course / "source", dirs_exist_ok=True)
        env = dict(os.environ, JUPYTER_PATH=str(course / "jupyter" / "share" / "jupyter"), NNBOOK_HOME=str(course / "nnbook-home"))
        run([str(nnbook), "kernel", "install", "--prefix", str(course / "jupyter")], course, env)
        nbgrader = [sys.executable, "-m", "nbgrader"]
        print(f"course folder: {course}")
        print(f"1. nbgrader generate_assignment {ASSIGNMENT}")
        run(nbgrader + ["generate_assignment", ASSIGNMENT, "--force"], course, env)
        print("2. two submissions: ada (every part right), bob (part 1's step taken uphill)")
        for student, answers in STUDENTS.items():
            hand_in(course, student, answers)
        print(f"3. nbgrader autograde {ASSIGNMENT} (each notebook run on the nnbook kernel)")
        run(nbgrader + ["autograde", ASSIGNMENT, "--create", "--force"], course, env)
        print(f"4. nbgrader generate_feedback {ASSIGNMENT}")
        run(nbgrader + ["generate_feedback", ASSIGNMENT, "--force"], course, env)
        result = grades(course)
        print("5. grades")
        for student, g in result.items():
            cells = ", ".join(f"{name} {score:g}" for name, score in g["cells"].items())
            print(f"   {student}: {g['score']:g} of {g['max_score']:g}  ({cells})")
        said = feedback_errors(course, "bob")
        print("   bob's feedback says:")
        for line in said:
            print(f"     {line}")
        if args.json:
            Path(args.json).write_text(json.dumps({"grades": result, "feedback": {"bob": said}}, indent=1, ensure_ascii=False))
        return 0
    finally:
        if temporary:
            temporary.cleanup()


if __name__ == "__main__":
    sys.exit(main())
