"""Every lesson, English and Chinese, run in Jupyter by the nnbook kernel.

Each lesson is exported with `nnbook export`, its outputs cleared, and the
notebook executed headless by nbclient with the `nnbook` kernel, as Jupyter
runs a notebook. The kernel's outputs are then judged with `nnbook check`'s
own comparator (OutputComparator), twice:

1. `nnbook import` turns the executed notebook's outputs into expected
   outputs (stream text, and the text/plain of execute_result and
   display_data: a plot's text fallback counts as its output), and
   `nnbook check` re-runs every cell in nnbook itself and compares: the
   kernel printed what the REPL prints.
2. The imported expected outputs are compared, cell by cell, with the
   lesson's own expected outputs by `nnbook check --expected-from`, which
   runs nothing: the kernel printed what the lesson says it prints.

The kernelspec is installed with `nnbook kernel install --prefix TMP` and found
through JUPYTER_PATH, so the developer's own Jupyter folders are never touched.
No lesson cell is a terminal-only meta-command (`:lesson`, `:save` …), which
the kernel answers with an error; the test asserts that, so a lesson that gains
one fails here with its name rather than silently.
"""

import re
import subprocess
from pathlib import Path

import pytest

nbclient = pytest.importorskip("nbclient")
nbformat = pytest.importorskip("nbformat")

REPO_ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((REPO_ROOT / "Lessons").glob("*.md")) + sorted((REPO_ROOT / "Lessons" / "zh").glob("*.md"))
# A lesson trains small models; generous, since CI shares two cores.
CELL_TIMEOUT = 300


def run(nnbook_bin, env, *args):
    return subprocess.run([str(nnbook_bin), *args], capture_output=True, text=True, env=env)


def lesson_id(path):
    return str(path.relative_to(REPO_ROOT / "Lessons"))


def test_every_lesson_is_covered():
    names = {lesson_id(p) for p in LESSONS}
    assert len([n for n in names if n.startswith("zh/")]) == 7
    assert len([n for n in names if not n.startswith("zh/")]) == 7


@pytest.mark.parametrize("lesson", LESSONS, ids=lesson_id)
def test_lesson_runs_in_jupyter(lesson, nnbook_bin, nnbook_env, nnbook_kernelspec, tmp_path):
    exported = tmp_path / "lesson.ipynb"
    out = run(nnbook_bin, nnbook_env, "export", str(lesson), str(exported))
    assert out.returncode == 0, out.stderr

    nb = nbformat.read(str(exported), as_version=4)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert code_cells, "the export has no code cell"
    metas = [c.source for c in code_cells if re.match(r"\s*:", c.source)]
    assert metas == [], f"terminal-only meta-commands in {lesson_id(lesson)}: {metas}"
    for cell in code_cells:
        cell.outputs = []
        cell.execution_count = None

    client = nbclient.NotebookClient(nb, kernel_name="nnbook", timeout=CELL_TIMEOUT,
                                     allow_errors=True, resources={"metadata": {"path": str(tmp_path)}})
    client.execute()

    # A cell the lesson shows failing (03's undefined learning_rate) fails in
    # Jupyter too, and its traceback is compared below; any other cell must
    # print exactly when the lesson shows output, so an error in a silent cell fails here.
    silent = [c.source for c in code_cells if not c.outputs]
    expected_silent = [c.source for c in nbformat.read(str(exported), as_version=4).cells
                       if c.cell_type == "code" and not c.outputs]
    assert silent == expected_silent, "cells whose output in Jupyter differs from the lesson's in being empty"

    executed = tmp_path / "executed.ipynb"
    nbformat.write(nb, str(executed))
    imported = tmp_path / "imported.md"
    out = run(nnbook_bin, nnbook_env, "import", str(executed), str(imported))
    assert out.returncode == 0, out.stderr

    # 1. The kernel printed what the REPL prints.
    out = run(nnbook_bin, nnbook_env, "check", str(imported))
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"{len(code_cells) - len(silent)} passed, 0 failed" in out.stdout

    # 2. The kernel printed what the lesson expects.
    out = run(nnbook_bin, nnbook_env, "check", str(lesson), "--expected-from", str(imported))
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"{len(code_cells) - len(expected_silent)} passed, 0 failed" in out.stdout


def test_expected_from_compares_without_running(nnbook_bin, nnbook_env, tmp_path):
    lesson = tmp_path / "lesson.md"
    lesson.write_text("```nnbook\nsigmoid(2)\n```\n```output\n0.88\n```\n")
    close = tmp_path / "close.md"
    close.write_text("```nnbook\nsigmoid(2)\n```\n```output\n0.880797\n```\n")
    far = tmp_path / "far.md"
    far.write_text("```nnbook\nsigmoid(2)\n```\n```output\n0.65\n```\n")
    out = run(nnbook_bin, nnbook_env, "check", str(lesson), "--expected-from", str(close))
    assert (out.returncode, out.stdout) == (0, "1 passed, 0 failed\n")
    out = run(nnbook_bin, nnbook_env, "check", str(lesson), "--expected-from", str(far))
    assert out.returncode == 1
    assert out.stdout == f"{lesson}:5: output differs\n  Expected: 0.88\n  Got:      0.65\n0 passed, 1 failed\n"
    out = run(nnbook_bin, nnbook_env, "check", str(lesson), str(far), "--expected-from", str(close))
    assert out.returncode != 0
    assert "--expected-from takes exactly one notebook" in out.stderr
