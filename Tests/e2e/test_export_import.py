"""`nnbook export FILE.md FILE.ipynb` and `nnbook import FILE.ipynb FILE.md`
end to end: the exported notebook names the nnbook kernel and passes
nbformat's validator, every lesson (English and Chinese) exported, imported
and checked passes, and a bad file is a located error, never a crash.

A test that fails here is a bug in nnbook; the docstring says what a learner
should see.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import nbformat
import pytest

from conftest import REPO_ROOT

TIMEOUT = 120
LESSONS = sorted((REPO_ROOT / "Lessons").glob("*.md")) + sorted((REPO_ROOT / "Lessons" / "zh").glob("*.md"))


def nb(binary, env, *args):
    """Run nnbook; return (stdout, stderr, exit status)."""
    proc = subprocess.run([str(binary), *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=env, timeout=TIMEOUT)
    assert proc.returncode >= 0, f"nnbook killed by signal {-proc.returncode}"
    return proc.stdout.decode(), proc.stderr.decode(), proc.returncode


def test_lessons_export_import_check_round_trip(nnbook_bin, nnbook_env, tmp_path):
    """Each lesson exports to a valid nbformat 4 notebook with the nnbook
    kernel chosen; imported back it passes `nnbook check`, hints kept, and
    exporting the import gives the same bytes."""
    assert len(LESSONS) == 14
    version = nb(nnbook_bin, nnbook_env, "--version")[0].strip().removeprefix("nnbook ")
    imported = []
    for lesson in LESSONS:
        folder = tmp_path / lesson.parent.name
        folder.mkdir(exist_ok=True)
        ipynb, md, again = folder / f"{lesson.stem}.ipynb", folder / lesson.name, folder / f"{lesson.stem}.again.ipynb"
        out, err, status = nb(nnbook_bin, nnbook_env, "export", lesson, ipynb)
        assert (status, err) == (0, ""), lesson
        assert out.startswith("exported ") and out.endswith(f" cells to {ipynb}\n")
        notebook = nbformat.read(ipynb, as_version=4)
        nbformat.validate(notebook)
        assert notebook.metadata.kernelspec == {"name": "nnbook", "display_name": "nnbook", "language": "nnbook"}
        assert notebook.metadata.language_info == {
            "name": "nnbook", "version": version, "mimetype": "text/x-nnbook", "file_extension": ".md",
            "pygments_lexer": "python", "codemirror_mode": "python"}
        out, err, status = nb(nnbook_bin, nnbook_env, "import", ipynb, md)
        assert (status, err, out) == (0, "", f"imported {len(notebook.cells) - sum(c.cell_type == 'markdown' for c in notebook.cells)} cells to {md}\n")
        assert md.read_text().count("```hint") == lesson.read_text().count("```hint")
        assert nb(nnbook_bin, nnbook_env, "export", md, again)[2] == 0
        assert again.read_bytes() == ipynb.read_bytes(), lesson
        imported.append(md)
    out, err, status = nb(nnbook_bin, nnbook_env, "check", *imported)
    assert status == 0, out
    assert out.splitlines()[-1].endswith(" passed, 0 failed")


def test_import_of_a_jupyter_notebook_and_refusals(nnbook_bin, nnbook_env, tmp_path):
    """A notebook written by Jupyter (sources as strings, stream and error
    outputs, a raw cell) imports; its outputs become the expected outputs;
    an existing .md is kept unless --force."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# From Jupyter"),
        nbformat.v4.new_code_cell("print(1 + 1)", outputs=[nbformat.v4.new_output("stream", name="stdout", text="2\n")]),
        nbformat.v4.new_raw_cell("raw"),
        nbformat.v4.new_code_cell("sigmoid(2)", outputs=[nbformat.v4.new_output("execute_result", data={"text/plain": "0.880797"}, execution_count=2)]),
    ]
    ipynb, md = tmp_path / "j.ipynb", tmp_path / "j.md"
    nbformat.write(notebook, ipynb)
    md.write_text("keep me\n")
    out, err, status = nb(nnbook_bin, nnbook_env, "import", ipynb, md)
    assert (status, out, err) == (1, "", f"{md}: already exists; nothing was written (--force replaces it)\n")
    assert md.read_text() == "keep me\n"
    out, err, status = nb(nnbook_bin, nnbook_env, "import", "--force", ipynb, md)
    assert (status, err, out) == (0, "", f"imported 2 cells to {md} (left out: 1 raw cell)\n")
    assert md.read_text() == ("# From Jupyter\n\n```nnbook\nprint(1 + 1)\n```\n```output\n2\n```\n"
                              "```nnbook\nsigmoid(2)\n```\n```output\n0.880797\n```\n")
    out, _, status = nb(nnbook_bin, nnbook_env, "check", md)
    assert (status, out) == (0, "2 passed, 0 failed\n")


def test_export_refusals_and_errors(nnbook_bin, nnbook_env, tmp_path):
    """export names what is wrong: a missing file, a wrong extension, a parse
    error at its line, an existing .ipynb (kept unless --force)."""
    good, bad, out_file = tmp_path / "a.md", tmp_path / "bad.md", tmp_path / "a.ipynb"
    good.write_text("```nnbook\n1 + 1\n```\n```output\n2\n```\n")
    bad.write_text("Prose\n\n```nnbook\n1 + 1\n")
    assert nb(nnbook_bin, nnbook_env, "export", tmp_path / "none.md", out_file) == ("", f"{tmp_path}/none.md: no such file\n", 1)
    assert nb(nnbook_bin, nnbook_env, "export", good, tmp_path / "a.json") == ("", f"{tmp_path}/a.json: expected a .ipynb file\n", 1)
    assert nb(nnbook_bin, nnbook_env, "export", tmp_path / "a.txt", out_file) == ("", f"{tmp_path}/a.txt: expected a .md file\n", 1)
    assert nb(nnbook_bin, nnbook_env, "export", bad, out_file) == ("", f"{bad}:3: this ```nnbook block is never closed\n", 1)
    assert not out_file.exists()
    assert nb(nnbook_bin, nnbook_env, "export", good, out_file) == (f"exported 1 cell to {out_file}\n", "", 0)
    first = out_file.read_bytes()
    good.write_text("```nnbook\n2 + 2\n```\n")
    assert nb(nnbook_bin, nnbook_env, "export", good, out_file)[1:] == (f"{out_file}: already exists; nothing was written (--force replaces it)\n", 1)
    assert out_file.read_bytes() == first
    assert nb(nnbook_bin, nnbook_env, "export", "--force", good, out_file)[2] == 0
    assert json.loads(out_file.read_text())["cells"][0]["source"] == ["2 + 2"]


@pytest.mark.parametrize("name, content, error", [
    ("text.ipynb", b"not json at all", "text.ipynb:1: not valid JSON: invalid value at column 2\n"),
    ("lines.ipynb", b'{"nbformat": 4,\n "cells": [\n  {,\n]}', "lines.ipynb:3: not valid JSON: "),
    ("v3.ipynb", b'{"nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": []}], "metadata": {}}',
     "v3.ipynb: is nbformat 3; nnbook reads nbformat 4 (jupyter nbconvert --to notebook --nbformat 4 converts it)"),
    ("nocells.ipynb", b'{"nbformat": 4, "metadata": {}}', 'nocells.ipynb: the notebook: missing "cells"'),
    ("nosource.ipynb", b'{"nbformat": 4, "cells": [{"cell_type": "code", "outputs": []}]}',
     'nosource.ipynb: cells[0] (cell 1): missing "source"'),
    ("binary.ipynb", bytes(range(256)), "binary.ipynb: is not UTF-8 text"),
    ("empty.ipynb", b"", "empty.ipynb: is empty, not a Jupyter notebook"),
    ("deep.ipynb", b"[" * 100_000, "deep.ipynb:1: not valid JSON: too many nested arrays or dictionaries at column 514\n"),
])
def test_malformed_ipynb_is_a_located_error(nnbook_bin, nnbook_env, tmp_path, name, content, error):
    """A file that is not an nbformat 4 notebook: one located line on stderr,
    exit status 1, no .md written."""
    source, target = tmp_path / name, tmp_path / "out.md"
    source.write_bytes(content)
    out, err, status = nb(nnbook_bin, nnbook_env, "import", source, target)
    assert (out, status) == ("", 1)
    assert err.startswith(f"{tmp_path}/{error}"), err
    assert err.count("\n") == 1
    assert not target.exists()


def test_a_50_mb_notebook_imports_or_is_refused_clearly(nnbook_bin, nnbook_env, tmp_path):
    """A 50 MB .ipynb (one huge output) imports under the default limits
    (JupyterImportTests checks the refusal under a small memory limit)."""
    notebook = nbformat.v4.new_notebook()
    big = "0123456789" * 5_000_000
    notebook.cells = [nbformat.v4.new_code_cell("1", outputs=[nbformat.v4.new_output("stream", name="stdout", text=big)])]
    source, target = tmp_path / "big.ipynb", tmp_path / "big.md"
    nbformat.write(notebook, source)
    assert source.stat().st_size > 50_000_000
    out, err, status = nb(nnbook_bin, nnbook_env, "import", source, target)
    assert (status, err, out) == (0, "", f"imported 1 cell to {target}\n")
    assert target.stat().st_size > 50_000_000


def test_repl_export_names_the_kernel_and_imports_back(nnbook_bin, nnbook_env, tmp_path):
    """`:export` in the REPL writes the same kernelspec and language_info, and
    `nnbook import` of it gives a notebook that checks clean."""
    proc = subprocess.run([str(nnbook_bin)], input=b"x = 0.8\n2*x\nprint(\"hi\", x)\nsigmoid(2)\n:export s.ipynb\n",
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=nnbook_env, cwd=tmp_path, timeout=TIMEOUT)
    assert (proc.returncode, proc.stderr) == (0, b"")
    notebook = nbformat.read(tmp_path / "s.ipynb", as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "nnbook"
    assert notebook.metadata.language_info.mimetype == "text/x-nnbook"
    out, err, status = nb(nnbook_bin, nnbook_env, "import", tmp_path / "s.ipynb", tmp_path / "s.md")
    assert (status, err) == (0, "")
    assert (tmp_path / "s.md").read_text() == ("```nnbook\nx = 0.8\n```\n```nnbook\n2*x\n```\n```output\n1.6\n```\n"
                                               "```nnbook\nprint(\"hi\", x)\n```\n```output\nhi 0.8\n```\n"
                                               "```nnbook\nsigmoid(2)\n```\n```output\n0.880797\n```\n")
    assert nb(nnbook_bin, nnbook_env, "check", tmp_path / "s.md")[::2] == ("3 passed, 0 failed\n", 0)


def test_mutated_notebooks_never_crash_the_import(nnbook_bin, nnbook_env, tmp_path):
    """200 seeded mutations of an exported lesson (bytes flipped, cut short,
    values replaced by other JSON types): each imports, or is refused with
    one line on stderr and exit status 1; never a crash."""
    import random
    ipynb = tmp_path / "lesson.ipynb"
    assert nb(nnbook_bin, nnbook_env, "export", LESSONS[0], ipynb)[2] == 0
    original = ipynb.read_bytes()
    document = json.loads(original)
    rng = random.Random(12)
    replacements = [None, 0, -1, 1.5, "", "x", [], {}, [1, "a"], {"output_type": "error"}, True]
    for k in range(200):
        kind = k % 3
        if kind == 0:
            data = bytearray(original)
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            data = bytes(data)
        elif kind == 1:
            data = original[:rng.randrange(len(original))]
        else:
            mutated = json.loads(original)
            cell = rng.choice(mutated["cells"])
            key = rng.choice(sorted(cell.keys()) + ["outputs"])
            target = cell
            if key == "outputs" and cell.get("outputs"):
                target = rng.choice(cell["outputs"])
                key = rng.choice(sorted(target.keys()))
            target[key] = rng.choice(replacements)
            data = json.dumps(mutated).encode()
        source, target_md = tmp_path / f"m{k}.ipynb", tmp_path / f"m{k}.md"
        source.write_bytes(data)
        out, err, status = nb(nnbook_bin, nnbook_env, "import", source, target_md)
        assert status in (0, 1), (k, status, err)
        if status == 1:
            assert out == "" and err.startswith(str(source)) and err.count("\n") == 1, (k, err)
            assert not target_md.exists()
        else:
            assert err == "" and target_md.exists()
    assert document["nbformat"] == 4
