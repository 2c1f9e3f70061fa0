"""A scripted student walks every lesson, in English and in Chinese, with
colour on, at 80×24 and at 120×40, through a real pseudo-terminal.

Each cell is answered in a form different from the lesson's where one
exists (`ALTERNATIVES`), multi-line cells alternately typed a line at a time
and pasted with bracketed-paste sequences. Per lesson the student also gives
one wrong answer, tries one line on the side, goes `:back` once (and answers
that cell again) and `:skip`s one cell. Every answer must be judged right,
and the lesson must end complete: a wrong answer, a try on the side, `:back`
or `:skip` that corrupted the lesson's state would make a later cell fail.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pexpect
import pytest

from conftest import REPO_ROOT, expect_or_fail
from test_interactive import _Collector

LESSONS = sorted((REPO_ROOT / "Lessons").glob("0*.md"))

# (lesson stem, cell index) -> the student's own way of writing the cell.
ALTERNATIVES = {
    ("01-activation-functions", 0): "1/(1+exp(-2))",
    ("01-activation-functions", 1): "explain sigmoid(1+1)",
    ("01-activation-functions", 2): "sigmoid(2)",
    ("01-activation-functions", 3): "[sigmoid(-2), sigmoid(0), sigmoid(2)]",
    ("01-activation-functions", 4): "max(0, -2)",
    ("01-activation-functions", 5): "relu(4/2)",
    ("01-activation-functions", 6): "relu(-2)",
    ("01-activation-functions", 7): "(exp(4) - 1) / (exp(4) + 1)",
    ("01-activation-functions", 8): "-tanh(2)",
    ("01-activation-functions", 9): "tanh(2)",
    ("01-activation-functions", 10): "tanh(-2)",
    ("01-activation-functions", 11): "sigmoid(2) * (1 - sigmoid(2))",
    ("01-activation-functions", 12): "sigmoid'(2)",
    ("01-activation-functions", 13): "0.25",
    ("01-activation-functions", 14): "0",
    ("01-activation-functions", 15): "1",
    ("01-activation-functions", 16): "1 - tanh(2)^2",
    ("01-activation-functions", 17): "plot sigmoid, relu, tanh from -4/2 to 2",
    ("02-gradient-descent", 0): "def f(x): return x * x",
    ("02-gradient-descent", 1): "2 * 1",
    ("02-gradient-descent", 2): "w1 = 0.8",
    ("02-gradient-descent", 3): "1 - 0.1 * 2",
    ("02-gradient-descent", 4): "f'(0.8)",
    ("02-gradient-descent", 5): "w2 = w1 - 0.1 * f'(w1)",
    ("02-gradient-descent", 6): "0.64",
    ("02-gradient-descent", 7): "0.64 == w2",
    ("02-gradient-descent", 8): "0.52 == w2",
    ("02-gradient-descent", 9): "0.52",
    ("02-gradient-descent", 10): "descend f from 1 rate 1/10 steps 2",
    ("02-gradient-descent", 11): "step 1",
    ("02-gradient-descent", 14): "descend f from 1 rate 3/2 steps 5",
    ("02-gradient-descent", 16): "descend f from 1 rate 3/8 steps 3",
    ("03-pseudo-code", 1): "learning_rate = 1/10",
    ("03-pseudo-code", 3): "weights = [1, 2, 3] / 10",
    ("03-pseudo-code", 4): "biases = [4, 5, 6] * 0.1",
    ("03-pseudo-code", 5): "dot(input_data, weights)",
    ("03-pseudo-code", 6): "dot(input_data, weights) + biases",
    ("03-pseudo-code", 7): "sigmoid(dot(input_data, weights) + biases)",
    ("03-pseudo-code", 9): "sigmoid(dot(input_data, weights) + biases)",
    ("03-pseudo-code", 11): "weights = [1, 2, 3] / 10",
    ("03-pseudo-code", 12): "biases = [4, 5, 6] / 10",
    ("03-pseudo-code", 14): "weights = [1, 2, 3] / 10",
    ("03-pseudo-code", 15): "bias = 4/10",
    ("04-backpropagation-one-neuron", 2): "z = 0.1*1 + 0.2*2 + 0.3*3 + 0.4",
    ("04-backpropagation-one-neuron", 3): "1.8",
    ("04-backpropagation-one-neuron", 4): "y = sigmoid(1.8)",
    ("04-backpropagation-one-neuron", 5): "sigmoid(z)",
    ("04-backpropagation-one-neuron", 6): "(y - 1)**2 / 2",
    ("04-backpropagation-one-neuron", 7): "step n input [1, 2, 3] target 1 rate 1/10",
    ("04-backpropagation-one-neuron", 8): "sigmoid(1.8) * (1 - sigmoid(1.8))",
    ("04-backpropagation-one-neuron", 9): "(y - 1) * y * (1 - y)",
    ("04-backpropagation-one-neuron", 11): "step 1",
    ("04-backpropagation-one-neuron", 26): "L = 0.5 * (y - 1)^2",
    ("05-keras-model-on-digits", 2): "exp([1, 2, 3]) / sum(exp([1, 2, 3]))",
    ("05-keras-model-on-digits", 3): "1",
    ("05-keras-model-on-digits", 7): "show data.test[-359]",
    ("05-keras-model-on-digits", 12): "train model on data epochs 5 batch 32",
    ("05-keras-model-on-digits", 13): "show -w0 + model.layers[0].weights",
    ("05-keras-model-on-digits", 20): "p = model.predict(data.test[0])",
    ("05-keras-model-on-digits", 21): "explain cross_entropy(p, 0)",
    ("05-keras-model-on-digits", 22): "model.evaluate(data.test[0:1])",
    ("05-keras-model-on-digits", 24): "sparse_categorical_crossentropy(y_test, model(x_test))",
    ("06-putting-it-together", 0): "data = circle(noise: 0.1, size: 200)",
    ("06-putting-it-together", 7): "train linear on data epochs 20 rate 1/20",
    ("06-putting-it-together", 18): "centre = [0, 0.0]",
    ("06-putting-it-together", 20): "corner = [1, 1.0]",
    ("07-backpropagation-hidden-layer", 2): "net.layers[0].weights = [[0.15, 0.25], [0.2, 0.3]]",
    ("07-backpropagation-hidden-layer", 7): "h = sigmoid(dot(x, net.layers[0].weights) + net.layers[0].biases)",
    ("07-backpropagation-hidden-layer", 12): "(y[0] - 0.01)**2 / 2",
    ("07-backpropagation-hidden-layer", 13): "step net input [0.05, 0.1] target 0.01 rate 1/2",
    ("07-backpropagation-hidden-layer", 17): "0.4 * dy * h[0] * (1 - h[0]) * 0.05",
    ("07-backpropagation-hidden-layer", 26): "w1.grad + 0",
}

# Per lesson: (cell, wrong answer), the cell after which to go :back, the cell to :skip,
# and the cell at which to try a line on the side.
DETOURS = {
    "01-activation-functions": dict(wrong=(0, "sigmoid(3)"), back=5, skip=9, aside=3),
    "02-gradient-descent": dict(wrong=(2, "w1 = 0.7"), back=11, skip=13, aside=4),
    "03-pseudo-code": dict(wrong=(1, "learning_rate = 0.2"), back=3, skip=10, aside=5),
    "04-backpropagation-one-neuron": dict(wrong=(3, "z + 1"), back=7, skip=12, aside=9),
    "05-keras-model-on-digits": dict(wrong=(2, "softmax([1, 2, 4])"), back=12, skip=15, aside=3),
    "06-putting-it-together": dict(wrong=(1, "data.train"), back=7, skip=16, aside=19),
    "07-backpropagation-hidden-layer": dict(wrong=(12, "0.5 * (y[0] - 0.99)^2"), back=6, skip=15, aside=8),
}

WORDS = {
    "en": dict(correct=r"✓ Correct!", partial=r"✓ So far so good", wrong=r"✗ Not quite", aside=r"↳ Tried on the side",
               complete=r"lesson complete ✓"),
    "zh": dict(correct=r"✓ 正确！", partial=r"✓ 到目前为止都对", wrong=r"✗ 还不对", aside=r"↳ 随便试试",
               complete=r"本课完成 ✓"),
}

TIMEOUT = 40


def cells_of(path: Path) -> list[str]:
    return [c.rstrip("\n") for c in re.findall(r"```nnbook\n(.*?)```", path.read_text(encoding="utf-8"), re.S)]


def groups(cell: str) -> list[list[str]]:
    """A cell as a student types it: top-level statements, each with its indented
    lines; comments and blank lines left out."""
    out: list[list[str]] = []
    for line in cell.split("\n"):
        if not line.strip() or line.strip().startswith("#"):
            continue
        if line[0] in " \t" and out:
            out[-1].append(line)
        else:
            out.append([line])
    return out


class Student:
    def __init__(self, binary, home, lesson: Path, lang: str, size: tuple[int, int]):
        env = dict(os.environ)
        env.pop("NO_COLOR", None)
        env.pop("NNBOOK_LESSONS", None)
        env.update(NNBOOK_HOME=str(home), TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
        self.words = WORDS[lang]
        self.log: list[str] = []
        self.child = pexpect.spawn(str(binary), ["lesson", lesson.stem, "--lang", lang], env=env, encoding="utf-8",
                                   timeout=TIMEOUT, dimensions=(size[1], size[0]))
        self.child.logfile_read = _Collector(self.log)

    def expect(self, pattern, what=""):
        return expect_or_fail(self.child, pattern, "".join(self.log), what=what)

    def prompt(self, k: int, n: int):
        self.expect(re.escape(f"[{k}/{n}]") + r"\S* \S*›(\x1b\[0m)? ", f"(prompt of cell {k})")

    def send_line(self, text: str):
        self.child.send(text + "\r")

    def verdict(self, key: str, what: str):
        self.expect(self.words[key], what)

    def answer(self, cell: str, k: int, n: int, paste: bool):
        """Answers a cell; returns once it is judged right."""
        if "\n" not in cell:
            self.send_line(cell)
            self.verdict("correct", f"for {cell!r}")
            return
        if paste:
            self.child.send("\x1b[200~" + cell + "\x1b[201~")
            self.child.send("\r")  # a paste runs, like a block, on an empty line
            self.verdict("correct", "for the pasted cell")
            return
        parts = groups(cell)
        for i, lines in enumerate(parts):
            if i > 0:
                self.prompt(k, n)
            for line in lines:
                self.send_line(line)
            if len(lines) > 1:
                self.send_line("")  # an empty line ends the block
            self.verdict("correct" if i == len(parts) - 1 else "partial", f"for line {lines[0]!r}")


def walk(binary, home, lesson: Path, lang: str, size):
    stem = lesson.stem
    cells = cells_of(lesson)
    n = len(cells)
    detours = DETOURS[stem]
    s = Student(binary, home, lesson, lang, size)
    pasted = 0
    k = 0
    went_back = False
    while k < n:
        s.prompt(k + 1, n)
        cell = cells[k]
        mine = ALTERNATIVES.get((stem, k), cell)
        if k == detours["aside"]:
            s.send_line("zz_tried = 7")
            s.verdict("aside", "for a try on the side")
            s.prompt(k + 1, n)
        if k == detours["wrong"][0]:
            s.send_line(detours["wrong"][1])
            s.verdict("wrong", f"for the wrong answer {detours['wrong'][1]!r}")
            s.prompt(k + 1, n)
        if k == detours["skip"]:
            s.send_line(":skip")
            s.expect(re.escape("» " + cell.split("\n")[0]), "(the skipped cell shown)")
            k += 1
            continue
        if "\n" in cell:
            pasted += 1
        s.answer(mine, k + 1, n, paste=pasted % 2 == 1)
        if k == detours["back"] and not went_back:
            went_back = True
            s.prompt(k + 2, n)
            s.send_line(":back")
            continue  # the same cell again, from the state before it
        k += 1
    s.expect(s.words["complete"])
    s.expect(r"In \[(?:\x1b\[[0-9;]*m)*\d+(?:\x1b\[[0-9;]*m)*\]:(?:\x1b\[[0-9;]*m)* ")
    s.send_line("zz_tried")  # never kept: a try on the side changes nothing
    s.expect(r"unknown name 'zz_tried'")
    s.child.sendcontrol("d")
    s.expect(pexpect.EOF)
    s.child.close()
    assert s.child.exitstatus == 0
    widest = max((display_width(line) for line in strip_ansi("".join(s.log)).split("\n")), default=0)
    return widest


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|[\x01\x02]")


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text).replace("\r", "")


def display_width(line: str) -> int:
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in line)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_a_student_walks_the_lesson(nnbook_bin, nnbook_home, lesson, lang, size):
    assert set(DETOURS) == {p.stem for p in LESSONS}, "every lesson needs its detours"
    walk(nnbook_bin, nnbook_home, lesson, lang, size)
