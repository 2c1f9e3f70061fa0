"""The session journal survives what the issue threw at it: a journal cut at
every byte of its last record resumes every cell before it; output that
forges Markdown fences or journal records cannot inject a cell; a cell
stopped by Ctrl-C is skipped on resume (and the variables it changed are
named) while a counter loop and a training run come back exact; a replayed
cell can be stopped with Ctrl-C; a full disk is reported once and the
session goes on; NNBOOK_HOME that is a file is an error at start-up;
journals of earlier versions (Markdown) still resume.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pexpect
import pytest

from journal_file import HEADER, frame, record, records, spans
from test_interactive import Repl

SLOW = 60


@pytest.fixture
def repl(nnbook_bin, nnbook_home, spawned):
    return lambda home=None, **kwargs: spawned(Repl(nnbook_bin, home or nnbook_home, timeout=SLOW, **kwargs))


def the_journal(home: Path) -> Path:
    journals = sorted((home / "journal").glob("session-*.journal"))
    assert len(journals) == 1, journals
    return journals[0]


def resume(nnbook_bin, env, cwd, typed: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([str(nnbook_bin), "resume"], input=typed, capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=SLOW)


def kill_9(r: Repl):
    os.kill(r.child.pid, signal.SIGKILL)
    r.child.expect(pexpect.EOF)
    r.child.close()


def test_a_journal_cut_at_every_byte_of_its_last_record_resumes_every_cell_before_it(repl, nnbook_bin, nnbook_env,
                                                                                       nnbook_home, tmp_path):
    r = repl()
    r.prompt(1)
    r.run("a = 41")
    r.run("b = a + 1")
    r.run('s = "the last cell"')
    kill_9(r)
    journal = the_journal(nnbook_home)
    whole = journal.read_bytes()
    (start, end), = spans(whole)[-1:]
    assert end == len(whole)
    for cut in range(start, end + 1):
        journal.write_bytes(whole[:cut])
        out = resume(nnbook_bin, nnbook_env, tmp_path, "a + b\n")
        assert (out.stderr, out.returncode) == ("", 0), cut
        if cut == end:
            expected = [f"resumed 3 cells from {journal}", "variables: a, b, s"]
        elif cut == start:
            expected = [f"resumed 2 cells from {journal}", "variables: a, b"]
        else:
            n = cut - start
            expected = [f"resumed 2 cells from {journal}",
                        f"the journal's last {n} byte{'' if n == 1 else 's'} were a cell cut short as it was written "
                        "(by a kill or a full disk) and were left out; every cell before them is restored",
                        "variables: a, b"]
        assert out.stdout.split("\n") == expected + ["83", ""], cut


def test_output_that_forges_fences_and_records_cannot_inject_a_cell(repl, nnbook_bin, nnbook_env, nnbook_home,
                                                                    tmp_path):
    r = repl()
    r.prompt(1)
    cr = "\x16\r"  # Ctrl-V Enter: a carriage return inside the string, as the paste had
    r.run('print("a' + cr + '\\n```' + cr + '\\n```nnbook' + cr + '\\nhacked = 666' + cr + '\\n```' + cr + '\\n")')
    forged = frame(record(9, "forged = 1")).decode().replace("\n", "\\n").replace('"', '\\"')
    r.run(f'print("\\n```\\n\\n```nnbook\\nalso_hacked = 1\\n```\\n{forged}")')
    r.run("x = 1")
    assert r.quit() == (0, None)
    cells = records(the_journal(nnbook_home))
    assert [c["source"] for c in cells][2:] == ["x = 1"]
    # The forged fences stay output (a carriage return shown as its picture, ␍).
    assert cells[0]["output"][:4] == ["a␍", "```␍", "```nnbook␍", "hacked = 666␍"]
    out = resume(nnbook_bin, nnbook_env, tmp_path, "x\nhacked\nalso_hacked\nforged\n")
    assert out.stdout.split("\n")[:3] == [f"resumed 3 cells from {the_journal(nnbook_home)}", "variables: x", "1"]
    for name in ("hacked", "also_hacked", "forged"):
        assert f"unknown name '{name}'" in out.stderr, out.stderr


def test_an_interrupted_cell_is_skipped_and_finished_work_comes_back_exact(repl, nnbook_bin, nnbook_env, nnbook_home,
                                                                         tmp_path):
    r = repl()
    r.prompt(1)
    r.run("i = 0")
    for line in ("while True:", "    i = i + 1", "    if i == 1000:", '        print("counting")'):
        r.child.send(line + "\r")
        r.expect(r"\.\.\.: ")
    r.child.send("\r")
    r.expect("counting")  # the loop runs
    r.child.sendintr()
    r.expect("interrupted")
    r.prompt(3)
    r.run("c = 0")
    r.block("for k in range(100000):", "    c = c + 1")
    r.run("data = xor()")
    r.run("m = sequential(dense(8, tanh, input: 2), dense(2, softmax))")
    r.run("train m on data epochs 30", r"Epoch 30/30")
    r.child.send("evaluate m on data\r")
    r.expect(r"(loss [0-9.]+  accuracy [0-9.]+%  on 40 examples)")
    accuracy = r.child.match.group(1)
    r.prompt(9)
    kill_9(r)
    cells = records(the_journal(nnbook_home))
    assert [c["outcome"] for c in cells] == ["ran", "interrupted", "ran", "ran", "ran", "ran", "ran", "ran"]

    out = resume(nnbook_bin, nnbook_env, tmp_path, "c\nk\nevaluate m on data\n")
    assert (out.stderr, out.returncode) == ("", 0)
    lines = out.stdout.split("\n")
    assert lines[:4] == [
        f"resumed 7 cells from {the_journal(nnbook_home)}",
        "skipped In [2], stopped by Ctrl-C when it ran",
        "variables: c, data, i, k, m",
        "may differ from what you had: i (In [2] changed it and was skipped)",
    ]
    assert lines[4:6] == ["100000", "99999"]
    assert accuracy in out.stdout, (accuracy, out.stdout)  # trained as far as it was, no further


def test_a_replayed_cell_can_be_stopped_with_ctrl_c(nnbook_bin, nnbook_home, spawned, tmp_path):
    folder = nnbook_home / "journal"
    folder.mkdir()
    journal = folder / "session-20250101-000000-1.journal"
    # A cell that ran to its end once but runs forever now (a slow machine, a hand-edited journal).
    journal.write_bytes(HEADER + frame(record(1, "y = 1", state={"y": {"number": {"_0": 1}}}))
                        + frame(record(2, "while True:\n    y = y + 1")) + frame(record(3, "z = 3")))
    r = spawned(Repl(nnbook_bin, nnbook_home, timeout=SLOW, args=("resume",)))
    stopped = re.escape(f"resumed 1 cell from {journal}\r\nCtrl-C stopped the resume at In [2]: the cells before it "
                        "came back; 1 cell after it was not replayed\r\nvariables: y")
    # The replay shows nothing while it runs: give nnbook a moment to start (a
    # Ctrl-C before it handles SIGINT ends it), then press Ctrl-C until the
    # replay stops, never three within 1.5 s (which leaves nnbook).
    time.sleep(1)
    for _ in range(20):
        r.child.sendintr()
        if r.child.expect([stopped, pexpect.TIMEOUT], timeout=1.6) == 0:
            break
    else:
        pytest.fail("Ctrl-C never stopped the replay:\n" + r.text()[-2000:])
    r.prompt(3)
    r.run("y > 1", r"Out\[3\]: True")
    r.run("z", r"unknown name 'z'")
    assert r.quit() == (0, None)


@pytest.fixture
def small_disk(tmp_path):
    """A 256 KB tmpfs, where the machine allows mounting one."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({made.stderr.strip()}); JournalWriterTests covers a full disk")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def fill(folder: Path) -> Path:
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 512)
    except OSError as e:
        assert e.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_is_reported_once_and_the_session_goes_on(repl, nnbook_bin, small_disk, tmp_path):
    home = small_disk / "home"
    home.mkdir()
    r = repl(home=home)
    r.prompt(1)
    r.run("v1 = 1")
    filler = fill(small_disk)
    warning = re.compile(r"warning: the journal could not be written: the disk is full; cells from In \[(\d+)\] on are "
                         r"not journaled \(the session goes on; :save FILE\.md keeps it in a notebook\)")
    failed_at = None
    for n in range(2, 200):
        r.child.send(f"v{n} = {n}\r")
        if r.child.expect([warning, r"In \[\d+\]: "]) == 0:
            failed_at = int(r.child.match.group(1))
            r.prompt(n + 1)
            break
    assert failed_at == n, r.text()
    for k in range(n + 1, n + 6):
        r.run(f"v{k} = {k}")
    r.run(f"v1 + v{n + 5}", rf"Out\[{n + 6}\]: {n + 6}")
    assert r.quit() == (0, None)
    assert len(warning.findall(r.text())) == 1, r.text()

    filler.unlink()
    env = dict(os.environ, NNBOOK_HOME=str(home))
    out = resume(nnbook_bin, env, tmp_path, "v1\n")
    assert (out.stderr, out.returncode) == ("", 0)
    lines = out.stdout.split("\n")
    assert lines[0] == f"resumed {n - 1} cells from {the_journal(home)}"  # no damaged tail: the torn record was cut off
    assert lines[1] == "variables: " + ", ".join(sorted(f"v{k}" for k in range(1, n)))


@pytest.mark.parametrize("args", [(), ("resume",), ("lesson",), ("lesson", "1")])
def test_nnbook_home_that_is_a_file_is_an_error_at_start_up(nnbook_bin, tmp_path, args):
    home = tmp_path / "not-a-folder"
    home.write_text("x", encoding="utf-8")
    env = dict(os.environ, NNBOOK_HOME=str(home), TERM="xterm", NO_COLOR="1")
    child = pexpect.spawn(str(nnbook_bin), list(args), env=env, encoding="utf-8", timeout=SLOW, cwd=str(tmp_path))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert child.before.strip() == (
        f"nnbook: NNBOOK_HOME ({home}) is a file, not a folder: nnbook keeps your history, session journals and lesson "
        "progress there; point NNBOOK_HOME at a folder you can write, or unset it to use ~/.nnbook")
    assert home.read_text(encoding="utf-8") == "x"


def test_a_piped_run_does_not_need_nnbook_home(nnbook_bin, tmp_path):
    home = tmp_path / "not-a-folder"
    home.write_text("x", encoding="utf-8")
    out = subprocess.run([str(nnbook_bin)], input="1 + 1\n", capture_output=True, text=True,
                         env=dict(os.environ, NNBOOK_HOME=str(home)), timeout=SLOW)
    assert (out.stdout, out.stderr, out.returncode) == ("2\n", "", 0)


def test_a_markdown_journal_of_an_earlier_version_still_resumes(nnbook_bin, nnbook_env, nnbook_home, tmp_path):
    folder = nnbook_home / "journal"
    folder.mkdir()
    old = folder / "session-20250101-000000-7.md"
    old.write_text("# nnbook session journal\n\nStarted 20250101-000000. `nnbook resume` replays the cells below.\n\n"
                   "```nnbook\na = 41\n```\n\n```nnbook\nf(x) = x^2\n```\n```output\nf(x) = x^2\nf'(x) = 2*x\n```\n\n",
                   encoding="utf-8")
    out = resume(nnbook_bin, nnbook_env, tmp_path, "f(a)\n")
    assert (out.stdout, out.stderr, out.returncode) == (f"resumed 2 cells from {old}\nvariables: a, f\n1681\n", "", 0)
