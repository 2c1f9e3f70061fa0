"""A notebook is a guest: through `nnbook run`, `nnbook check` and `:load`,
a hostile notebook (absolute paths, `..`, a symbolic link to a folder
outside, a link to a file outside, existing files, `:save!`, `:export!`)
writes nothing outside its own folder and replaces nothing, and each refusal
says which path, why, and where. A notebook that loads itself, directly or
through others, ends at once with the chain. Typed at the prompt, `save`,
`plot` and `graph … to` refuse to replace a file unless written `save!`,
`plot!`, `graph!`; `~` is the home folder for writes as for reads. A
temporary left by a killed nnbook is removed at the next start, and a full
disk (a small tmpfs, where this machine lets the test mount one) is named.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from test_interactive import Repl

TIMEOUT = 60


def nb(binary, env, args=(), stdin: str = "", cwd=None):
    """Run nnbook; return (stdout, stderr, exit status, seconds)."""
    started = time.monotonic()
    try:
        proc = subprocess.run([str(binary), *map(str, args)], input=stdin.encode(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env, cwd=cwd, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"nnbook {' '.join(map(str, args))} did not finish within {TIMEOUT} s", pytrace=False)
    assert proc.returncode >= 0, f"nnbook killed by signal {-proc.returncode}"
    return (proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"), proc.returncode,
            time.monotonic() - started)


def snapshot(root: Path) -> dict[str, str]:
    """Every path under `root` (links not followed) but NNBOOK_HOME, with what
    it is: a link's target, a file's SHA-256, or "folder"."""
    seen = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if key.startswith("nnbook-home"):  # nnbook's own folder (progress, journals)
            continue
        if path.is_symlink():
            seen[key] = "link to " + os.readlink(path)
        elif path.is_dir():
            seen[key] = "folder"
        else:
            seen[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return seen


def cells(*sources: str) -> str:
    return "\n".join(f"```nnbook\n{s}\n```\n" for s in sources)


@pytest.fixture
def world(tmp_path):
    """tmp/nb (the notebook's folder: existing.txt, dirlink → ../outside,
    filelink → ../outside/secret.txt), tmp/outside (secret.txt) and
    tmp/cwd (where nnbook runs, so relative paths prove which folder they use)."""
    (tmp_path / "nb").mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "cwd").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text("secret\n")
    (tmp_path / "nb" / "existing.txt").write_text("precious\n")
    (tmp_path / "nb" / "dirlink").symlink_to("../outside")
    (tmp_path / "nb" / "filelink").symlink_to(tmp_path / "outside" / "secret.txt")
    return tmp_path


OUT = "is outside this notebook's folder"
EXISTS = "already exists — a notebook never replaces a file"
SESSION = "is not allowed in a notebook: only what you type at the prompt can save or export the session"


def hostile(world: Path) -> tuple[str, list[tuple[int, str]]]:
    """The hostile notebook, and each refusal it must get: (line in the file, the error's first line)."""
    outside = world / "outside"
    text = cells(  # each cell's source starts 4 lines after the one before: 2, 7, 11, 15 …
        "m = sequential(dense(2, relu, input: 2))\na = value(2)",
        f'save m to "{outside}/abs.json"',
        'save m to "../outside/up.json"',
        'graph a to "dirlink/x.dot"',
        'plot sigmoid from -1 to 1 to "existing.txt"',
        'save! m to "existing.txt"',
        'save m to "filelink"',
        'load("filelink")',
        'load_csv("../outside/secret.txt", label: "x")',
        ":save! existing.txt",
        ":export! existing.ipynb",
        'save m to "fresh.json"',
        "1 + 1",
    )
    link = "goes through the symbolic link {0}, which leads outside this notebook's folder"
    refusals = [
        (7, f'value error at line 1, column 11: "{outside}/abs.json" {OUT}'),
        (11, f'value error at line 1, column 11: "../outside/up.json" {OUT}'),
        (15, 'value error at line 1, column 12: "dirlink/x.dot" ' + link.format("dirlink")),
        (19, f'value error at line 1, column 30: "existing.txt" {EXISTS}'),
        (23, f'value error at line 1, column 12: "existing.txt" {EXISTS}'),
        (27, 'value error at line 1, column 11: "filelink" ' + link.format("filelink")),
        (31, 'value error at line 1, column 6: "filelink" ' + link.format("filelink")),
        (35, f'value error at line 1, column 10: "../outside/secret.txt" {OUT}'),
        (39, f"value error at line 1, column 1: :save! {SESSION}"),
        (43, f"value error at line 1, column 1: :export! {SESSION}"),
    ]
    return text, refusals


def assert_only_fresh_json_was_written(world: Path, before: dict[str, str]):
    after = snapshot(world)
    added = {k: v for k, v in after.items() if k not in before}
    changed = {k for k in before if before[k] != after.get(k)}
    assert changed == set(), f"changed or removed: {changed}"
    assert set(added) == {"nb/fresh.json"}, f"written: {sorted(added)}"
    assert (world / "nb" / "existing.txt").read_text() == "precious\n"
    assert (world / "outside" / "secret.txt").read_text() == "secret\n"


def run_hostile(nnbook_bin, nnbook_env, world, args=(), stdin=""):
    """Writes the hostile notebook, runs nnbook on it from tmp/cwd and checks
    that nothing but nb/fresh.json was written; returns (out, err, status, refusals)."""
    text, refusals = hostile(world)
    (world / "nb" / "hostile.md").write_text(text)
    before = snapshot(world)
    out, err, status, _ = nb(nnbook_bin, nnbook_env, args, stdin=stdin, cwd=world / "cwd")
    assert_only_fresh_json_was_written(world, before)
    return out, err, status, refusals


def test_run_a_hostile_notebook(nnbook_bin, nnbook_env, world):
    out, err, status, refusals = run_hostile(nnbook_bin, nnbook_env, world, ["run", "../nb/hostile.md"])
    assert status == 1 and err == ""
    for _, message in refusals:
        assert message in out.split("\n"), message
    assert "saved the model (6 parameters) to fresh.json" in out
    assert out.rstrip().endswith("```nnbook\n1 + 1\n```\n```output\n2\n```"), "the notebook goes on to its end"
    assert "secret" not in out.split("\n"), "the file outside is never shown"


def test_check_a_hostile_notebook(nnbook_bin, nnbook_env, world):
    out, err, status, refusals = run_hostile(nnbook_bin, nnbook_env, world, ["check", "../nb/hostile.md"])
    assert status == 1 and err == ""
    lines = out.split("\n")
    for line, message in refusals:
        at = lines.index(f"../nb/hostile.md:{line}: cell failed with an error")
        assert lines[at + 2] == "  Got:      " + message
    assert lines[-2:] == ["0 passed, 10 failed", ""]


def test_load_a_hostile_notebook(nnbook_bin, nnbook_env, world):
    out, err, status, refusals = run_hostile(nnbook_bin, nnbook_env, world, stdin=":load ../nb/hostile.md\nm.parameters\n")
    assert status == 1
    for line, message in refusals:  # errors of a loaded notebook name lines of its file
        assert message.replace("at line 1,", f"at line {line},") in err.split("\n"), message
    assert out.rstrip().split("\n")[-2:] == ["ran 13 cells from ../nb/hostile.md", "6"]


def test_demo_a_hostile_notebook(nnbook_bin, nnbook_env, world):
    """Piped, `nnbook demo` runs every cell: the same refusals, nothing outside written."""
    out, err, status, refusals = run_hostile(nnbook_bin, nnbook_env, world, ["demo", "../nb/hostile.md"])
    flat = " ".join(out.split())  # the demo wraps lines to the width
    for _, message in refusals:
        assert " ".join(message.split()) in flat, message


def test_a_lessons_cells_write_nothing_but_the_learner_may(nnbook_bin, nnbook_env, world):
    lessons = world / "nb"
    (lessons / "01-saving.md").write_text("# Saving\n\nA model.\n\n" + cells(
        "m = sequential(dense(2, relu, input: 2))") + "\nSave it.\n\n" + cells('save m to "lesson.json"'))
    env = dict(nnbook_env, NNBOOK_LESSONS=str(lessons))
    before = snapshot(world)
    out, err, status, _ = nb(nnbook_bin, env, ["lesson", "1"], stdin="\n\n", cwd=world / "cwd")
    assert err.split("\n")[0] == 'value error at line 1, column 11: "lesson.json" was not written: a lesson writes no files'
    assert snapshot(world) == before
    out, err, status, _ = nb(nnbook_bin, env, ["lesson", "1"], stdin='\nsave m to "mine.json"\n', cwd=world / "cwd")
    assert (world / "cwd" / "mine.json").exists(), "what the learner types runs as at the prompt"


def test_a_loaded_notebook_loads_only_inside_its_folder(nnbook_bin, nnbook_env, world):
    (world / "outside" / "far.md").write_text(cells("far = 1"))
    (world / "nb" / "near.md").write_text(cells("near = 1"))
    (world / "nb" / "main.md").write_text(cells(":load ../outside/far.md", ":load dirlink/far.md", ":load near.md"))
    out, err, status, _ = nb(nnbook_bin, nnbook_env, stdin=":load ../nb/main.md\nnear\nfar\n", cwd=world / "cwd")
    assert status == 1
    assert f'value error at line 2, column 7: "../outside/far.md" {OUT}' in err
    assert 'value error at line 6, column 7: "dirlink/far.md" goes through the symbolic link dirlink' in err
    assert "ran 1 cell from near.md" in out and "unknown name 'far'" in err
    assert out.split("\n").count("1") == 1, "near is set, far is not"


# --- notebooks that load themselves ---------------------------------------------------


def test_a_notebook_that_loads_itself_ends_at_once(nnbook_bin, nnbook_env, world):
    (world / "nb" / "self.md").write_text(cells("x = 1", ":load self.md", "y = 2"))
    out, err, status, seconds = nb(nnbook_bin, nnbook_env, stdin=":load ../nb/self.md\nx + y\n", cwd=world / "cwd")
    assert seconds < 1.0, seconds
    assert status == 1
    assert err == "file error: ../nb/self.md loads itself: ../nb/self.md → self.md (not loaded again)\n"
    assert out.split("\n")[-2:] == ["3", ""], "the rest of it ran, and the session goes on"


def test_notebooks_that_load_each_other_end_at_once(nnbook_bin, nnbook_env, world):
    (world / "nb" / "x.md").write_text(cells(":load y.md", "done = 1"))
    (world / "nb" / "y.md").write_text(cells(":load ./x.md"))
    out, err, status, seconds = nb(nnbook_bin, nnbook_env, stdin=":load ../nb/x.md\ndone\n", cwd=world / "cwd")
    assert seconds < 1.0, seconds
    assert err == "file error: ../nb/x.md loads itself: ../nb/x.md → y.md → ./x.md (not loaded again)\n"
    assert out.rstrip().split("\n")[-1] == "1"


def test_nesting_of_loads_is_bounded(nnbook_bin, nnbook_env, world):
    for k in range(12):
        (world / "nb" / f"n{k}.md").write_text(cells(f":load n{k + 1}.md", f"v{k} = {k}"))
    (world / "nb" / "n12.md").write_text(cells("v12 = 12"))
    out, err, status, seconds = nb(nnbook_bin, nnbook_env, stdin=":load ../nb/n0.md\nv0 + v7\n", cwd=world / "cwd")
    assert seconds < 1.0, seconds
    chain = " → ".join(["../nb/n0.md"] + [f"n{k}.md" for k in range(1, 9)])
    assert err == f"file error: n8.md was not loaded: notebooks may load one another at most 8 deep ({chain})\n"
    assert out.rstrip().split("\n")[-1] == "7"


def test_run_and_check_of_a_self_loading_notebook_finish(nnbook_bin, nnbook_env, world):
    """`nnbook run` and `check` leave `:load` to the REPL: nothing recurses."""
    (world / "nb" / "self.md").write_text(cells(":load self.md", "1 + 1") + "```output\n2\n```\n")
    out, err, status, seconds = nb(nnbook_bin, nnbook_env, ["check", world / "nb" / "self.md"])
    assert (status, out.strip(), seconds < 1.0) == (0, "1 passed, 0 failed", True)


def test_a_self_loading_notebook_at_the_prompt(nnbook_bin, nnbook_home, spawned, world):
    (world / "nb" / "self.md").write_text(cells(":load self.md"))
    r = spawned(Repl(nnbook_bin, nnbook_home))
    r.prompt(1)
    started = time.monotonic()
    r.child.send(f":load {world}/nb/self.md\r")
    r.expect(r"loads itself: \S+/nb/self\.md → self\.md \(not loaded again\)")
    r.expect("ran 1 cell from")
    r.prompt()
    assert time.monotonic() - started < 1.0
    r.run("1 + 1", r"Out\[\d+\]: 2")
    assert r.quit() == (0, None)


# --- typed at the prompt ---------------------------------------------------------------


def test_typed_save_plot_graph_refuse_to_replace_a_file_unless_written_with_a_bang(nnbook_bin, nnbook_env, tmp_path):
    for name in ("m.json", "p.svg", "g.dot"):
        (tmp_path / name).write_text("mine\n")
    program = "\n".join([
        "m = sequential(dense(2, relu, input: 2))", "a = value(2)",
        'save m to "m.json"', 'plot sigmoid from -1 to 1 to "p.svg"', 'graph a to "g.dot"',
    ]) + "\n"
    out, err, status, _ = nb(nnbook_bin, nnbook_env, stdin=program, cwd=tmp_path)
    assert status == 1 and out == ""
    assert err.split("\n") == [
        "value error at line 3, column 11: m.json already exists; nothing was written",
        '3 | save m to "m.json"', "  |           ^^^^^^^^", 'hint: save! m to "m.json" replaces it',
        "value error at line 4, column 30: p.svg already exists; nothing was written",
        '4 | plot sigmoid from -1 to 1 to "p.svg"', "  |                              ^^^^^^^",
        'hint: plot! sigmoid from -1 to 1 to "p.svg" replaces it',
        "value error at line 5, column 12: g.dot already exists; nothing was written",
        '5 | graph a to "g.dot"', "  |            ^^^^^^^", 'hint: graph! a to "g.dot" replaces it', "",
    ]
    assert all((tmp_path / n).read_text() == "mine\n" for n in ("m.json", "p.svg", "g.dot"))
    bang = program.replace("save m", "save! m").replace("plot sigmoid", "plot! sigmoid").replace("graph a", "graph! a")
    out, err, status, _ = nb(nnbook_bin, nnbook_env, stdin=bang, cwd=tmp_path)
    assert (err, status) == ("", 0)
    assert out.split("\n")[0] == "saved the model (6 parameters) to m.json"
    assert '"nnbook-model"' in (tmp_path / "m.json").read_text()
    assert "<svg" in (tmp_path / "p.svg").read_text() and "digraph" in (tmp_path / "g.dot").read_text()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_tilde_is_the_home_folder_for_writes(nnbook_bin, nnbook_env, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = dict(nnbook_env, HOME=str(home))
    program = 'm = sequential(dense(2, relu, input: 2))\nsave m to "~/m.json"\nm2 = load("~/m.json")\n' \
              'plot sigmoid from -1 to 1 to "~/p.svg"\n:save ~/s.md\n:export ~/s.ipynb\n'
    out, err, status, _ = nb(nnbook_bin, env, stdin=program, cwd=tmp_path)
    assert (err, status) == ("", 0)
    assert out.split("\n") == [
        "saved the model (6 parameters) to ~/m.json", "wrote ~/p.svg (SVG: a browser, slides or a handout show it)",
        f"saved 4 cells to {home}/s.md (nnbook check {home}/s.md re-runs them)",
        f"exported 4 cells to {home}/s.ipynb (Jupyter, VS Code and GitHub open it)", "",
    ]
    assert sorted(p.name for p in home.iterdir()) == ["m.json", "p.svg", "s.ipynb", "s.md"]
    assert not (tmp_path / "~").exists()


# --- temporaries and a full disk ---------------------------------------------------------


def dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_stale_temporaries_are_removed_at_start(nnbook_bin, nnbook_env, nnbook_home, tmp_path):
    """What `kill -9` during a large `:save` leaves (`.NAME.nnbook-PID.tmp`)
    is removed at the next start, from the working folder and NNBOOK_HOME;
    a live process's temporary and other files are left alone."""
    dead, alive = dead_pid(), os.getpid()
    work = tmp_path / "work"
    work.mkdir()
    names = [f".s.md.nnbook-{dead}.tmp", f".t.md.nnbook-{alive}.tmp", ".notes.tmp", "s.md"]
    for folder in (work, nnbook_home):
        for name in names:
            (folder / name).write_text("x")
    out, err, status, _ = nb(nnbook_bin, nnbook_env, stdin="1 + 1\n", cwd=work)
    assert (out, err, status) == ("2\n", "", 0)
    for folder in (work, nnbook_home):
        assert sorted(p.name for p in folder.iterdir()) == sorted(names[1:]), folder


def test_a_killed_save_leaves_only_a_temporary_that_the_next_start_removes(nnbook_bin, nnbook_env, tmp_path):
    """A `:save` killed mid-write: the old file is whole, and the next start clears the temporary."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "s.md").write_text("old\n")
    child = subprocess.Popen([str(nnbook_bin)], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, env=nnbook_env, cwd=work)
    # A temporary of this process's name, as a kill -9 during the write leaves it.
    (work / f".s.md.nnbook-{child.pid}.tmp").write_text("half a notebo")
    child.kill()
    child.wait()
    assert (work / "s.md").read_text() == "old\n"
    out, err, status, _ = nb(nnbook_bin, nnbook_env, stdin="1\n", cwd=work)
    assert status == 0
    assert sorted(p.name for p in work.iterdir()) == ["s.md"]


@pytest.fixture
def tiny_disk(tmp_path):
    """A 64 KB tmpfs, where this machine lets the test mount one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if shutil.which("mount") is None or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (AtomicFileTests covers a full disk through its fault seam)")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_is_named_and_the_session_goes_on(nnbook_bin, nnbook_env, tiny_disk):
    program = "m = sequential(dense(128, relu, input: 128))\nsave m to \"big.json\"\n1 + 1\n"
    out, err, status, _ = nb(nnbook_bin, nnbook_env, stdin=program, cwd=tiny_disk)
    assert status == 1 and out == "2\n"
    assert err.split("\n")[0] == \
        "value error at line 2, column 11: could not write big.json: the disk is full (free some space and try again)"
    assert sorted(p.name for p in tiny_disk.iterdir()) == [], "no half file, no temporary"
