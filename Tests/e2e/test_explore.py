"""`explore descend …`, the descent explorer, in a real terminal (tmux).

tmux keeps the screen as a terminal shows it, so each key's effect is read
off the captured screen, and tmux says whether the alternate screen is on
and the cursor shown (`#{alternate_on}`, `#{cursor_flag}`). Each test runs
its own tmux server (`-L`), killed at the end. Where there is no terminal
(a pipe, TERM=dumb, a notebook run) explore refuses, saying what to type.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from tmux_terminal import TmuxTerminal, terminals

TIMEOUT = 15
pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (scripts/setup.sh installs it)")


class Tmux(TmuxTerminal):
    def __init__(self, binary, env, width, height, term="xterm-256color"):
        super().__init__(binary, env, width, height, term, name=f"nnbook-explore-{width}x{height}-{term}")


@pytest.fixture
def terminal(nnbook_bin, nnbook_env):
    yield from terminals(lambda width, height, term: Tmux(nnbook_bin, nnbook_env, width, height, term))


def start(t: Tmux, command="explore descend f from 1 rate 0.3 steps 8"):
    t.type(t.binary)
    t.wait("In [1]:")
    t.type("f(x) = x^2")
    t.wait("In [2]:")
    t.type(command)
    t.wait("explore: gradient descent on f(x) = x^2")
    assert t.flag("alternate_on") == "1"
    assert t.flag("cursor_flag") == "0"


def assert_restored(t: Tmux):
    assert t.flag("alternate_on") == "0", t.screen()
    assert t.flag("cursor_flag") == "1", t.screen()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_keys_change_the_descent_and_q_hands_back_the_cell(terminal, size):
    width, height = size
    t = terminal(width, height)
    start(t)
    lines = t.wait_line(1, "rate α = 0.3   steps 8   w8 = 0.000655")
    assert "converging" in lines[0]
    assert lines[height - 1].startswith("← → rate   ↑ ↓ steps   q back to the prompt")
    assert any("7   0.001638   0.003277   0.000655" in line for line in lines), "the step table beside the chart"
    t.keys("Right")
    t.wait_line(1, "rate α = 0.4   steps 8")
    t.keys("Left")
    t.wait_line(1, "rate α = 0.3   steps 8")
    t.keys("Up")
    lines = t.wait_line(1, "rate α = 0.3   steps 9   w9 = 0.000262")
    assert any("8   0.000655   0.001311   0.000262" in line for line in lines), "a row for the new step"
    t.keys("Down")
    t.wait_line(1, "steps 8   w8")
    for _ in range(5):
        t.keys("Right")  # 0.4 … 0.8
    lines = t.wait_line(1, "rate α = 0.8")
    assert "oscillating, converging" in lines[0]
    for _ in range(7):
        t.keys("Right")  # 0.9 … 1.5
    lines = t.wait_line(1, "rate α = 1.5   steps 8 (stopped at 3)   w3 = -8   f(w3) = 64")
    assert "DIVERGES at step 3" in lines[0]
    assert any("2    4        8   -8 ✗" in line for line in lines), "the step where it diverged is marked"
    assert "lands higher: the rate is too large." in lines[height - 2]
    # A resize redraws for the new size; below 80×24 it says so.
    t.tmux("resize-window", "-x", "70", "-y", "20")
    t.wait("explore needs a terminal of at least 80×24;")
    t.wait("this one is 70×20.")
    t.tmux("resize-window", "-x", str(width + 10), "-y", str(height + 2))
    lines = t.wait_line(height + 1, "← → rate")
    assert "DIVERGES at step 3" in lines[0] and len(lines[0].rstrip()) == width + 10, "the status sits at the new right edge"
    t.keys("q")
    t.wait("descend f from 1 rate 1.5 steps 8\n")
    t.wait("In [3]:")
    assert_restored(t)
    assert "explore: the last settings, as a cell (↑ brings it back, Enter runs it):" in t.screen()
    t.keys("Up")
    t.wait("In [3]: descend f from 1 rate 1.5 steps 8")
    t.keys("Enter")
    t.wait("stopped at step 3: the descent is diverging.")
    # The terminal's modes are back once nnbook ends: echo, canonical input, signals.
    t.keys("C-d")
    t.wait_flag("pane_current_command", "sh")  # (a prompt "$ " cannot be waited for: capture-pane drops its blank)
    t.type("echo modes=$(stty -a | tr ' ' '\\n' | grep -cx -e echo -e icanon -e isig)")
    t.wait("modes=3\n")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_ctrl_c_inside_restores_the_terminal(terminal, size):
    t = terminal(*size)
    start(t, "explore descend f from 2 rate 0.1")
    t.wait_line(1, "w0 = 2   rate α = 0.1   steps 10")
    t.keys("C-c")
    t.wait("descend f from 2 rate 0.1 steps 10\n")
    t.wait("In [3]:")
    assert_restored(t)
    t.type("1 + 1")
    t.wait("Out[3]: 2")  # the session goes on
    # Esc leaves too; a second explore starts where the settings say.
    t.type("explore descend f from 2 rate 0.1 steps 3")
    t.wait_line(1, "steps 3")
    t.keys("Escape")
    t.wait("descend f from 2 rate 0.1 steps 3\n")
    assert_restored(t)


def test_refused_where_there_is_no_terminal(nnbook_bin, nnbook_env, tmp_path):
    piped = subprocess.run([str(nnbook_bin)], input="f(x) = x^2\nexplore descend f from 1 rate 0.3 steps 8\n", capture_output=True,
                           text=True, env=nnbook_env, timeout=TIMEOUT)
    assert piped.returncode == 1
    assert ("value error at line 2, column 1: explore draws on the whole terminal and reads keys, so it needs nnbook's prompt "
            "in a terminal: input or output is not a terminal (a pipe or a file)") in piped.stderr + piped.stdout
    assert "hint: type descend f from 1 rate 0.3 steps 8, then plot descent" in piped.stderr + piped.stdout
    notebook = tmp_path / "nb.md"
    notebook.write_text("```nnbook\nf(x) = x^2\n```\n\n```nnbook\nexplore descend f from 1 rate 0.3\n```\n")
    run = subprocess.run([str(nnbook_bin), "run", str(notebook)], capture_output=True, text=True, env=nnbook_env, timeout=TIMEOUT)
    out = run.stdout + run.stderr
    assert "it needs nnbook's prompt in a terminal: this session runs a notebook's cells" in out, out
    assert "hint: type descend f from 1 rate 0.3 steps 10, then plot descent" in out, out


def test_refused_under_term_dumb(terminal):
    t = terminal(80, 24, term="dumb")
    t.type(t.binary)
    t.wait("In [1]:")
    t.type("f(x) = x^2")
    t.type("explore descend f from 1 rate 0.3")
    t.wait("in a terminal: TERM=dumb says this terminal")  # the message wraps at 80 columns
    t.wait("hint: type descend f from 1 rate 0.3 steps 10, then plot descent")
    assert t.flag("alternate_on") == "0"


def test_refused_in_a_notebook_that_load_runs_then_allowed_again(terminal, tmp_path):
    notebook = tmp_path / "play.md"
    notebook.write_text("```nnbook\nf(x) = x^2\n```\n\n```nnbook\nexplore descend f from 1 rate 0.3\n```\n")
    t = terminal(100, 30)
    t.type(f"cd {tmp_path}")
    t.type(t.binary)
    t.wait("In [1]:")
    t.type(":load play.md")
    t.wait("prompt in a terminal: these are the cells of play.md, which :load runs")
    t.wait("In [4]:")  # its two cells ran as In [2] and In [3]
    assert t.flag("alternate_on") == "0"
    t.type("explore descend f from 1 rate 0.3")
    t.wait_line(1, "rate α = 0.3   steps 10")
    t.keys("q")
    t.wait("descend f from 1 rate 0.3 steps 10\n")
    assert_restored(t)
