"""Feedback that names the mistake, through a real pseudo-terminal: a student
in lesson 2 (English and Chinese) types f(1) for the slope f'(1) and sees the
lesson's own mistake block, then the gradient step taken uphill and is told
so, with the fix; a right answer written differently is just right; a
wrong answer that is no known mistake gets the plain "Not quite"; and the
progress file and the `--report` file record each wrong answer's mistake.
"""

from __future__ import annotations

import json
import os
import re

import pexpect
import pytest

from conftest import expect_or_fail
from test_interactive import _Collector

TIMEOUT = 40

SAY = {
    "en": dict(uphill=r"✗ Not quite — that is the step taken uphill: w \+ α·g climbs the loss\. Use w − α·g\.",
               plain=r"✗ Not quite: after this cell w1 is 0\.8; yours left it 0\.7\.",
               rate=r"✗ Not quite — the learning rate is left out \(w − g\)\.",
               correct=r"✓ Correct!",
               value=r"✗ Not quite — That is f\(1\) = 1², the function's value\. The slope is f′\(1\) = 2 · 1 = 2"),
    "zh": dict(uphill=r"✗ 还不对——这一步走向了上坡：w \+ α·g 会让损失变大。应该用 w − α·g。",
               plain=r"✗ 还不对：这个单元之后 w1 等于 0\.8；你的使它等于 0\.7。",
               rate=r"✗ 还不对——漏掉了学习率（w − g）。",
               correct=r"✓ 正确！",
               value=r"✗ 还不对——这是 f\(1\) = 1²，是函数值。斜率是 f′\(1\) = 2 · 1 = 2"),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_uphill_step_is_named_in_lesson_two(nnbook_bin, nnbook_home, lang, tmp_path):
    env = dict(os.environ)
    env.pop("NNBOOK_LESSONS", None)
    env.update(NNBOOK_HOME=str(nnbook_home), TERM="xterm", NO_COLOR="1", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    log: list[str] = []
    report = tmp_path / "me.json"
    child = pexpect.spawn(str(nnbook_bin), ["lesson", "2", "--lang", lang, "--report", str(report)], env=env,
                          encoding="utf-8", timeout=TIMEOUT, dimensions=(40, 160))
    child.logfile_read = _Collector(log)

    def expect(pattern):
        return expect_or_fail(child, pattern, "".join(log))

    def prompt(k):
        expect(re.escape(f"[{k}/17]") + r"\S* \S*› ")

    say = SAY[lang]
    prompt(1)
    child.send("\r")  # f(x) = x^2, typed for the student
    prompt(2)
    child.send("f(1)\r")  # the value for the slope: the lesson's own mistake block names it
    expect(say["value"])
    prompt(2)
    child.send("\r")  # f'(1)
    prompt(3)
    child.send("w1 = 1 + 0.1 * f'(1)\r")
    expect(say["uphill"])
    prompt(3)
    child.send("w1 = 1 - 2\r")
    expect(say["rate"])
    prompt(3)
    child.send("w1 = 0.7\r")
    expect(say["plain"])
    prompt(3)
    child.send("w1 = 1 - (0.1 * 2)\r")
    expect(say["correct"])
    prompt(4)
    child.send(":quit\r")
    expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    records = json.loads((nnbook_home / "progress.json").read_text())["02-gradient-descent.md"]["records"]
    assert records[1]["wrongAnswers"] == ["f(1)"]
    assert records[1]["mistakes"] == ["lesson"]
    record = records[2]
    assert record["wrongAnswers"] == ["w1 = 1 + 0.1 * f'(1)", "w1 = 1 - 2", "w1 = 0.7"]
    assert record["mistakes"] == ["uphill-step", "rate-missing", ""]
    assert record["inputs"] == ["w1 = 1 - (0.1 * 2)"]
    cells = json.loads(report.read_text())["lessons"][0]["cells"]
    assert cells[1]["wrongAnswers"] == [{"answer": "f(1)", "mistake": "lesson"}]
    assert cells[2]["wrongAnswers"] == [{"answer": "w1 = 1 + 0.1 * f'(1)", "mistake": "uphill-step"},
                                        {"answer": "w1 = 1 - 2", "mistake": "rate-missing"},
                                        {"answer": "w1 = 0.7", "mistake": ""}]


# lesson, its number of cells, and at cell k (1-based) the mistakes typed and what is said.
TOUR = [
    ("1", 22, {
        1: [("sigmoid(-2)", r"that is sigmoid with e\^x instead of e\^-x, i\.e\. σ\(−x\)\. Use 1/\(1\+e\^-x\)\.")],
        3: [("1 / (1 + exp(2))", r"that is sigmoid with e\^x instead of e\^-x")],
        8: [("sigmoid(2)", r"that is sigmoid, not tanh: tanh runs from −1 to 1, sigmoid from 0 to 1\. Use tanh\.")],
        14: [("sigmoid(0)", r"That is σ\(0\), the value\. The slope is σ′\(0\)")],
    }),
    ("2", 17, {
        6: [("w2 = 0.8 - 0.1 * 0.1 * 1.6", r"the learning rate is applied twice \(α·α·g\)")],
        11: [("descend f from 1 rate 0.1 steps 3", r"that is one step too many\. Take 2 steps\."),
             ("descend f from 1 rate 0.1 steps 1", r"that is one step too few\. Take 2 steps\.")],
    }),
    ("4", 45, {
        3: [("z = n.weights * [1, 2, 3] + n.bias", r"that is a vector where this cell's answer is one number")],
        10: [("sigmoid(1.8) - 1", r"the chain rule is missing a factor: sigmoid'\(1\.8\) was left out\.")],
    }),
    ("3", 19, {  # the lesson's own block: the article's sign (3.4), typed where the fix goes
        14: [(("for i in range(1001):",
               "    output = sigmoid(sum(input_data * weights) + biases)",
               "    error = expected_output - output",
               "    delta = error * output * (1 - output)",
               "    weights = weights - learning_rate * input_data * delta",
               "    biases = biases - learning_rate * delta",
               "    if i == 0 or i == 9 or i == 99 or i == 1000:",
               "        print(\"iteration\", i + 1, \"output\", output, \"loss\", sum(0.5 * error^2))"),
              r"That is the article's sign, the loop of erratum 3 again")],
    }),
    ("7", 27, {  # the lesson's own block: δh1 with w5 after its update
        18: [("0.358916 * dy * h[0] * (1 - h[0]) * x[0]", r"That uses w5 after its update, 0\.358916\.")],
    }),
]


@pytest.mark.parametrize("lesson,cells,stops", TOUR, ids=[t[0] for t in TOUR])
def test_each_built_in_mistake_is_named_on_the_lessons_cells(nnbook_bin, nnbook_home, lesson, cells, stops):
    env = dict(os.environ)
    env.pop("NNBOOK_LESSONS", None)
    env.update(NNBOOK_HOME=str(nnbook_home), TERM="xterm", NO_COLOR="1", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    log: list[str] = []
    child = pexpect.spawn(str(nnbook_bin), ["lesson", lesson, "--lang", "en"], env=env, encoding="utf-8",
                          timeout=TIMEOUT, dimensions=(40, 200))
    child.logfile_read = _Collector(log)

    def expect(pattern):
        return expect_or_fail(child, pattern, "".join(log))

    last = max(stops)
    for k in range(1, last + 1):
        expect(re.escape(f"[{k}/{cells}]") + r"\S* \S*› ")
        for wrong, said in stops.get(k, []):
            if isinstance(wrong, tuple):  # a block: line by line at the continuation prompt, then a blank line
                for line in wrong:
                    child.send(line + "\r")
                    expect(r"… ")
                wrong = ""
            child.send(wrong + "\r")
            expect(r"✗ Not quite — " + said)
            expect(re.escape(f"[{k}/{cells}]") + r"\S* \S*› ")
        child.send("\r")  # typed for the student
    expect(re.escape(f"[{last + 1}/{cells}]") + r"\S* \S*› ")
    child.send(":quit\r")
    expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_relu_at_the_kink_in_a_teachers_own_lesson(nnbook_bin, nnbook_home, tmp_path):
    """relu′(0) is in no bundled lesson, so a teacher's lesson (NNBOOK_LESSONS) asks for it: 1 is named, 0 is right."""
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "01-the-kink.md").write_text(
        "# The kink\n\nReLU's slope jumps from 0 to 1 at 0; nnbook, as PyTorch and TensorFlow, takes it as 0 there. "
        "Type relu'(0).\n\n```nnbook\nrelu'(0)\n```\n```output\n0\n```\n\nThen its slope at 3.\n\n```nnbook\nrelu'(3)\n```\n```output\n1\n```\n")
    env = dict(os.environ, NNBOOK_LESSONS=str(lessons), NNBOOK_HOME=str(nnbook_home), TERM="xterm", NO_COLOR="1",
               LANG="C.UTF-8", LC_ALL="C.UTF-8")
    log: list[str] = []
    child = pexpect.spawn(str(nnbook_bin), ["lesson", "1", "--lang", "en"], env=env, encoding="utf-8", timeout=TIMEOUT,
                          dimensions=(40, 160))
    child.logfile_read = _Collector(log)

    def expect(pattern):
        return expect_or_fail(child, pattern, "".join(log))

    expect(re.escape("[1/2]") + r"\S* \S*› ")
    child.send("1\r")
    expect(r"✗ Not quite — that takes relu'\(0\) as 1; nnbook takes it as 0 \(relu' is 1 only for x > 0\)\.")
    expect(re.escape("[1/2]") + r"\S* \S*› ")
    child.send("relu'(0.0)\r")
    expect(r"✓ Correct!")
    expect(re.escape("[2/2]") + r"\S* \S*› ")
    child.send("1\r")  # away from 0 both conventions agree: right, nothing named
    expect(r"✓ Correct!")
    child.send(":quit\r")
    expect(pexpect.EOF)
    child.close()
    records = json.loads((nnbook_home / "progress.json").read_text())["01-the-kink.md"]["records"]
    assert records[0]["wrongAnswers"] == ["1"] and records[0]["mistakes"] == ["relu-derivative-at-zero"]
