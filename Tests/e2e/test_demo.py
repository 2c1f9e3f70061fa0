"""`nnbook demo`, the classroom mode, through a real pseudo-terminal.

Keys are sent as the escape sequences terminals and presentation clickers
really send (Right `ESC [ C` or `ESC O C`, PageDown `ESC [ 6 ~` …). The demo
writes its position in a status line at the bottom (`… 5/11`, between the
save-cursor and restore-cursor codes ESC 7 / ESC 8), so each test can check
that one key is one step. Piped, the demo prints every piece in order.
"""

from __future__ import annotations

import re
import subprocess
import time
import unicodedata

import pexpect

from conftest import expect_or_fail
import pytest

from test_interactive import _Collector

TIMEOUT = 15
RIGHT, LEFT, UP, DOWN = "\x1b[C", "\x1b[D", "\x1b[A", "\x1b[B"
RIGHT_SS3, DOWN_SS3 = "\x1bOC", "\x1bOB"
PAGE_UP, PAGE_DOWN = "\x1b[5~", "\x1b[6~"
HOME, END = "\x1b[H", "\x1b[F"

NOTEBOOK = """# Sigmoid

The sigmoid squashes any number into (0, 1).

```nnbook
sigmoid(2)
```

A counter shows whether a cell runs again:

```nnbook
k = 0
```

```nnbook
k = k + 1
k * 100
```

Its slope at 2:

```nnbook
sigmoid'(2)
```
"""
# Steps: 1 heading + paragraph, 2 input sigmoid(2), 3 its output, 4 prose,
# 5 input k = 0, 6 its (empty) output, 7 input k = k + 1, 8 output 100,
# 9 prose, 10 input sigmoid'(2), 11 output.
STEPS = 11

WIDE = """# A wide notebook

A long paragraph that a teacher might write, with numbers that must never be broken across lines:
the final output is [0.000611, 0.000665, 0.000723], sigmoid(2) is 0.880797 and tanh(2) is
0.964028, while the article rounds them to 0.88 and 0.96; after 1,000 iterations the loss is
1.4921 and the learning rate 0.1 — every one of these numbers stays whole on its line.

| article section | example | correct value | what the article printed |
| --- | --- | --- | --- |
| 4.1.1 sigmoid | σ(2) = 1/(1+e^-2) | 0.880797 (article: ≈ 0.88) | 0.88 |
| 4.2 gradient descent | f(x)=x², w0=1, α=0.1, two iterations | f'(1)=2, w1=0.8; f'(0.8)=1.6, w2=0.64 | w2 = 0.52 |
| 3.4 pseudo-code | weights [0.1,0.2,0.3], biases [0.4,0.5,0.6], input [1,2,3] | runs as written | — |

```nnbook
plot sigmoid, tanh from -6 to 6
```

```nnbook
range(10) * 1.234567 + 1000.000611
```

```nnbook
explain tanh(-2)
```
"""

STATUS = re.compile(r"\x1b7(.*?)\x1b8", re.S)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def screen_lines(stream: str) -> list[str]:
    """The lines the demo wrote, without escape codes, the status line on its own line."""
    text = STATUS.sub(lambda m: "\n" + m.group(1) + "\n", stream)
    return [ANSI.sub("", line) for line in re.split(r"\r?\n|\r", text)]


def content_lines(stream: str) -> list[str]:
    """The notebook's lines as written, without the status line or escape codes."""
    return [ANSI.sub("", line) for line in re.split(r"\r?\n|\r", STATUS.sub("", stream))]


class Demo:
    def __init__(self, binary, env, args, colour=False, size=(24, 80)):
        env = dict(env, TERM="xterm-256color" if colour else "xterm", LANG="C.UTF-8", LC_ALL="C.UTF-8")
        env.pop("NO_COLOR", None)
        env.pop("NNBOOK_LANG", None)
        if not colour:
            env["NO_COLOR"] = "1"
        self.child = pexpect.spawn(str(binary), ["demo", *map(str, args)], env=env, encoding="utf-8",
                                   timeout=TIMEOUT, dimensions=size)
        self.seen: list[str] = []
        self.child.logfile_read = _Collector(self.seen)
        self.mark = 0

    def text(self) -> str:
        return "".join(self.seen)

    def since_mark(self) -> str:
        return self.text()[self.mark:]

    def expect(self, pattern, timeout=TIMEOUT):
        return expect_or_fail(self.child, pattern, repr(self.text()), timeout)

    def at_step(self, n: int, total: int = STEPS):
        """Waits until the status line says step n."""
        self.expect(r"\s%d/%d(?:\x1b\[0m)?\x1b8" % (n, total))

    def key(self, keys: str, step: int, total: int = STEPS) -> str:
        """Sends keys, waits for the status to show `step`, checks it stays there; returns what was written."""
        self.mark = len(self.text())
        self.child.send(keys)
        self.at_step(step, total)
        time.sleep(0.4)  # a second step would arrive by now
        try:
            self.child.expect(r"\x1b8", timeout=0.1)
        except pexpect.TIMEOUT:
            pass
        written = self.since_mark()
        steps = [int(m.group(1)) for m in re.finditer(r"\s(\d+)/%d(?:\x1b\[0m)?\x1b8" % total, written)]
        assert steps and steps[-1] == step, f"expected to stay at step {step}, the status went {steps}"
        return written

    def quit(self, key="q"):
        self.child.send(key)
        self.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus


@pytest.fixture
def notebook(tmp_path):
    path = tmp_path / "demo.md"
    path.write_text(NOTEBOOK, encoding="utf-8")
    return path


@pytest.fixture
def demo(nnbook_bin, nnbook_env, spawned):
    return lambda *args, **kwargs: spawned(Demo(nnbook_bin, nnbook_env, args, **kwargs))


def test_piped_demo_prints_every_piece_in_order(nnbook_bin, nnbook_env, notebook):
    out = subprocess.run([str(nnbook_bin), "demo", str(notebook)], input="", capture_output=True, text=True,
                         env=nnbook_env, timeout=30)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "\x1b" not in text
    order = [text.index(s) for s in ["Sigmoid\n═══════", "squashes", "» sigmoid(2)\n0.880797", "» k = 0\n(no output)",
                                     "» k = k + 1\n» k * 100\n100", "Its slope", "» sigmoid'(2)\n0.104994"]]
    assert order == sorted(order), text
    assert "SIGMOID" not in text  # headings keep their case


def test_each_key_is_one_step_and_a_cell_takes_two(demo, notebook):
    d = demo(notebook)
    d.at_step(1)
    assert "squashes" in d.text() and "» sigmoid(2)" not in d.text()
    shown = d.key(RIGHT, 2)                                  # the input, so the class can predict
    assert "» sigmoid(2)" in shown and "0.880797" not in shown
    assert "0.880797" in d.key(PAGE_DOWN, 3)                 # the clicker's PageDown: its output
    assert "A counter" in d.key(RIGHT_SS3, 4)                # SS3 form of Right
    shown = d.key(LEFT, 3)                                   # back: redrawn from memory
    assert "0.880797" in shown and "A counter" not in shown
    d.key(PAGE_UP, 2)
    assert "0.880797" not in d.key(UP, 1).split("\x1b[2J")[-1]
    d.key(DOWN_SS3, 2)
    d.key(" ", 3)
    d.key("\r", 4)
    assert d.quit() == 0


def test_several_keys_in_one_read_are_several_steps(demo, notebook):
    d = demo(notebook)
    d.at_step(1)
    d.key(RIGHT + RIGHT + PAGE_DOWN, 4)
    d.key(LEFT + "b", 2)
    d.key(END, STEPS)
    assert "0.104994" in d.text()
    d.key(HOME, 1)
    assert d.quit() == 0


def test_going_back_does_not_run_a_cell_again_but_r_does(demo, notebook):
    d = demo(notebook)
    d.at_step(1)
    for step in range(2, 9):
        d.key(RIGHT, step)
    lines = content_lines(d.text())
    assert lines[lines.index("» k * 100") + 1] == "100", lines
    d.key(LEFT, 7)
    assert "100" in d.key(RIGHT, 8) and "200" not in d.text()      # shown again, not re-run
    shown = d.key("r", 8)                                            # run again: k is now 2
    assert "200" in shown and "↻ run again" in shown
    d.key(LEFT, 7)
    assert "300" not in d.key(RIGHT, 8)
    assert d.quit() == 0


def test_e_edits_the_cell_and_runs_it(demo, notebook):
    d = demo(notebook)
    d.at_step(1)
    d.key(RIGHT, 2)
    d.key(RIGHT, 3)
    d.child.send("e")
    d.expect("edit 1/1 › ")
    d.expect(r"sigmoid\(2\)")                                        # the line, ready to change
    d.mark = len(d.text())
    d.child.send("\x7f\x7f3)\r")
    d.at_step(3)
    shown = d.since_mark()
    assert "0.952574" in shown and "✎ edited" in shown and "» sigmoid(3)" in shown
    d.key(RIGHT, 4)
    d.key(LEFT, 3)
    assert "0.952574" in d.since_mark()                              # the edited cell is what is remembered
    assert d.quit() == 0


def test_ctrl_c_cancels_an_edit(demo, notebook):
    d = demo(notebook)
    d.at_step(1)
    d.key(RIGHT, 2)
    d.child.send("e")
    d.expect("edit 1/1 › ")
    d.child.sendintr()
    d.expect(r"edit cancelled")
    d.key(RIGHT, 3)
    assert "0.880797" in d.since_mark()
    assert d.quit("\x03") == 0                                       # Ctrl-C quits outside an edit


def test_a_lone_escape_quits(demo, notebook):
    d = demo(notebook)
    d.at_step(1)
    assert d.quit("\x1b") == 0


@pytest.mark.parametrize("size", [(24, 80), (40, 120)])
def test_nothing_is_wider_than_the_terminal(demo, tmp_path, size):
    path = tmp_path / "wide.md"
    path.write_text(WIDE, encoding="utf-8")
    d = demo(path, colour=True, size=size)
    total = 8  # heading and paragraph, table, three cells of two steps each
    d.at_step(1, total)
    for step in range(2, total + 1):
        d.key(PAGE_DOWN, step, total)
    d.key(HOME, 1, total)
    d.key(END, total, total)
    assert d.quit() == 0
    stream = d.text()
    assert re.search(r"\x1b\[[0-9;]*m", stream)
    lines = screen_lines(stream)
    width = size[1]
    too_wide = [(display_width(l), l) for l in lines if display_width(l) > width]
    assert not too_wide, too_wide
    words = {w for l in lines for w in l.split()}
    for number in ["[0.000611,", "0.000665,", "0.000723],", "0.880797", "0.964028,", "1,000", "1.4921", "1001.235178,"]:
        assert number in words, number
    assert any("│" in l and "article section" in l for l in lines)   # the table, as a box
    assert any("sigmoid" in l and "tanh" in l and "•" in l for l in lines)   # the plot's legend


def test_a_resized_terminal_is_redrawn_at_its_new_width(demo, tmp_path):
    path = tmp_path / "wide.md"
    path.write_text(WIDE, encoding="utf-8")
    d = demo(path, colour=True, size=(24, 80))
    d.at_step(1, 8)
    d.key(PAGE_DOWN, 2, 8)
    assert any(display_width(l) > 60 for l in screen_lines(d.text()))
    d.mark = len(d.text())
    d.child.setwinsize(20, 50)                       # no key pressed: the demo redraws by itself
    d.at_step(2, 8)
    lines = screen_lines(d.since_mark())
    assert any("│" in l and "w2 = 0.52" in l for l in lines), lines
    assert all(display_width(l) <= 50 for l in lines), [l for l in lines if display_width(l) > 50]
    assert d.quit() == 0


def test_chinese_demo(demo, notebook):
    d = demo(notebook, "--lang", "zh")
    d.expect("按键")
    d.expect("下一步")
    d.at_step(1)
    d.key(RIGHT, 2)
    d.key(RIGHT, 3)
    d.child.send("e")
    d.expect("编辑 1/1 › ")
    d.child.sendintr()
    d.expect("已取消编辑")
    d.key(END, STEPS)
    d.child.send(RIGHT)
    d.expect("演示结束")
    assert d.quit() == 0


def test_a_lesson_by_number_in_chinese(demo):
    d = demo("1", "--lang", "zh")
    d.expect("nnbook 演示 — 激活函数")
    d.expect(r"\s1/\d+")
    assert d.quit() == 0


def test_unknown_lesson_and_language_are_errors(nnbook_bin, nnbook_env, notebook):
    out = subprocess.run([str(nnbook_bin), "demo", "no-such-lesson"], capture_output=True, text=True, env=nnbook_env, timeout=30)
    assert out.returncode == 1 and "no file or lesson 'no-such-lesson'; the lessons are: 1 activation-functions" in out.stderr
    out = subprocess.run([str(nnbook_bin), "demo", str(notebook), "--lang", "fr"], capture_output=True, text=True,
                         env=dict(nnbook_env, NNBOOK_LANG="en"), timeout=30)
    assert out.returncode == 2 and "unknown language 'fr': use en or zh" in out.stderr
