"""Python's habits at nnbook's prompts (issue 13): `quit`, `exit`, `quit()`,
`exit()` leave as in Python's REPL, piped or at a terminal, in a lesson too;
`help(...)` and `sigmoid?` are `:help` (see transcripts/50-python-habits.nbt)."""

import subprocess

import pexpect
import pytest

from test_interactive import Repl
from test_reliability import history_entries


@pytest.mark.parametrize("spelling", ["quit", "exit", "quit()", "exit()", "  exit ( )  "])
def test_piped_python_exit_ends_the_session(nnbook_bin, nnbook_env, spelling):
    out = subprocess.run([str(nnbook_bin)], input=f"print(1)\n{spelling}\nprint(2)\n", capture_output=True,
                         text=True, env=nnbook_env, timeout=60)
    assert (out.returncode, out.stdout, out.stderr) == (0, "1\n", "")


def test_quit_at_the_terminal_leaves_and_keeps_history(nnbook_bin, nnbook_home, spawned):
    r = spawned(Repl(nnbook_bin, nnbook_home))
    r.prompt(1)
    r.run("kept = 1")
    r.run("help(relu)", r"relu\(x\) — rectified linear unit")
    r.child.send("quit()\r")
    r.expect(pexpect.EOF)
    r.child.close()
    assert r.child.exitstatus == 0
    assert history_entries(nnbook_home)[-3:] == ["kept = 1", "help(relu)", "quit()"]


def test_exit_in_a_lesson_leaves_it_with_progress_saved(nnbook_bin, nnbook_home, spawned):
    r = spawned(Repl(nnbook_bin, nnbook_home, args=["lesson", "1"]))
    r.expect(r"\[1/\d+\] › ")
    r.child.send("help\r")  # in a lesson, help is the lesson's own key list, as :help
    r.expect(r":hint")
    r.expect(r"\[1/\d+\] › ")
    r.child.send("exit\r")
    r.expect(r"progress saved")
    r.expect(pexpect.EOF)
    r.child.close()
    assert r.child.exitstatus == 0
