"""The article's section 3.4 block, pasted verbatim (blank indented lines
and all) into the REPL and piped from a file; bracketed paste as one cell;
the journal kept for interactive sessions only and pruned; `nnbook resume`
offering an unfinished lesson; `:lesson` from the REPL handing its
variables back; lessons found from any folder and from an installed copy.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import pexpect

from conftest import REPO_ROOT
from test_interactive import Repl, _Collector

BLOCK = re.search(r"```nnbook\n(.*?)```", (REPO_ROOT / "Lessons" / "03-pseudo-code.md").read_text(encoding="utf-8"),
                  re.S).group(1).rstrip("\n")
FINAL = "Final output: [0.000611, 0.000665, 0.000723]"
START, END = "\x1b[200~", "\x1b[201~"


def test_the_block_has_blank_indented_lines_inside_its_loop():
    lines = BLOCK.split("\n")
    loop = next(i for i, l in enumerate(lines) if l.startswith("for "))
    body = lines[loop + 1:]
    assert any(l.strip() == "" and l != "" for l in body), "no whitespace-only line inside the loop"
    assert "learning_rate" in lines[16] and lines[16].startswith("weights = weights - learning_rate")


def test_pasting_the_article_block_into_the_repl_runs_it_whole(nnbook_bin, nnbook_home):
    r = Repl(nnbook_bin, nnbook_home)
    r.prompt(1)
    r.child.send(START + BLOCK + END)
    r.expect(r"\.\.\.: ")           # a paste waits for Enter, as a typed block does
    r.child.send("\r")
    r.expect(r"name error at line 17, column 21: unknown name 'learning_rate'")
    r.prompt(2)
    r.run("learning_rate = 0.1")
    r.child.send(START + BLOCK + END + "\r")
    r.expect(re.escape(FINAL))
    r.prompt()
    r.child.send("\x1b[A")          # the whole pasted block is one history entry
    r.expect(re.escape('print("Final output:", output)'))
    r.child.send("\x03")
    r.prompt()
    assert r.quit() == (0, None)


def test_piping_the_block_keeps_blank_lines_inside_the_loop(nnbook_bin, nnbook_env, tmp_path):
    source = tmp_path / "block.nb"
    source.write_text("learning_rate = 0.1\n" + BLOCK + "\n", encoding="utf-8")
    out = subprocess.run([str(nnbook_bin)], stdin=source.open(), capture_output=True, text=True, env=nnbook_env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == FINAL


def test_a_piped_run_leaves_nothing_in_nnbook_home(nnbook_bin, nnbook_env, nnbook_home):
    out = subprocess.run([str(nnbook_bin)], input="x = 2\nsigmoid(x)\n", capture_output=True, text=True, env=nnbook_env,
                         timeout=30)
    assert out.stdout == "0.880797\n"
    assert list(nnbook_home.iterdir()) == []


def test_journals_are_pruned_to_the_last_twenty(nnbook_bin, nnbook_home):
    folder = nnbook_home / "journal"
    folder.mkdir()
    for i in range(25):
        old = folder / f"session-20250101-0000{i:02d}-{i}.md"
        old.write_text("# nnbook session journal\n", encoding="utf-8")
        os.utime(old, (1_700_000_000 + i, 1_700_000_000 + i))
    r = Repl(nnbook_bin, nnbook_home)
    r.prompt(1)
    r.run("x = 1")
    assert r.quit() == (0, None)
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 20
    assert "session-20250101-000000-0.md" not in names and "session-20250101-000024-24.md" in names


def _env(home, **extra):
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    env.pop("NNBOOK_LESSONS", None)
    env.update(NNBOOK_HOME=str(home), TERM="xterm", LANG="C.UTF-8", LC_ALL="C.UTF-8", NO_COLOR="1", **extra)
    return env


def test_resume_offers_the_unfinished_lesson(nnbook_bin, nnbook_home, tmp_path):
    child = pexpect.spawn(str(nnbook_bin), ["lesson", "2"], env=_env(nnbook_home), encoding="utf-8", timeout=20,
                          dimensions=(40, 120), cwd=str(tmp_path))
    child.expect(r"\[1/\d+\] › ")
    child.send("\r")                # f(x) = x^2, typed for the learner
    child.expect(r"\[2/\d+\] › ")
    child.send("2 * 1\r")
    child.expect("Correct")
    child.expect(r"\[3/\d+\] › ")
    child.sendcontrol("d")
    child.expect("progress saved")
    child.expect(pexpect.EOF)

    again = pexpect.spawn(str(nnbook_bin), ["resume"], env=_env(nnbook_home), encoding="utf-8", timeout=20,
                          dimensions=(40, 120), cwd=str(tmp_path))
    again.expect(r"Resume lesson 2 \(Gradient descent\) at cell 3 of \d+\? \[Y/n\] ")
    again.send("\r")
    again.expect(r"welcome back: resuming Gradient descent at cell 3")
    again.expect(r"\[3/\d+\] › ")
    again.send("w1 = 0.8\r")        # f, defined at cell 1, came back with the replay
    again.expect("Correct")
    again.sendcontrol("d")
    again.expect(pexpect.EOF)


def test_a_lesson_started_from_the_repl_hands_its_variables_back(nnbook_bin, nnbook_home, tmp_path):
    r = Repl(nnbook_bin, nnbook_home)
    r.prompt(1)
    r.child.send(":lesson 2\r")
    r.expect(r"\[1/\d+\] › ")
    r.child.send("f(x) = x^2\r")
    r.expect("Correct")
    r.expect(r"\[2/\d+\] › ")
    r.child.send(":quit\r")
    r.expect(r"back in the REPL with the lesson's variables: f")
    r.prompt()
    r.run("f'(3)", r"Out\[\d+\]: 6")
    assert r.quit() == (0, None)


def test_chinese_lessons_by_flag_and_by_meta_command(nnbook_bin, nnbook_home, tmp_path):
    listing = subprocess.run([str(nnbook_bin), "lesson", "--lang", "zh"], capture_output=True, text=True,
                             env=_env(nnbook_home), cwd=tmp_path, timeout=30)
    assert "激活函数" in listing.stdout and "未开始" in listing.stdout, listing.stdout
    child = pexpect.spawn(str(nnbook_bin), ["lesson", "1"], env=_env(nnbook_home), encoding="utf-8", timeout=20,
                          dimensions=(40, 120), cwd=str(tmp_path))
    child.expect(r"\[1/22\] › ")
    child.send(":lang zh\r")
    child.expect("课程语言已切换为中文")
    child.expect(r"\[1/22\] › ")      # the same cell, now in Chinese
    child.send("sigmoid(2)\r")
    child.expect("✓ 正确！")
    child.sendcontrol("d")
    child.expect("进度已保存")
    child.expect(pexpect.EOF)


def test_lessons_travel_with_an_installed_copy(nnbook_bin, tmp_path):
    prefix = tmp_path / "prefix"
    out = subprocess.run([str(REPO_ROOT / "scripts" / "install.sh"), str(prefix)], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    installed = prefix / "bin" / "nnbook"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    home = tmp_path / "home"
    listing = subprocess.run([str(installed), "lesson"], capture_output=True, text=True, env=_env(home), cwd=elsewhere,
                             timeout=30)
    assert listing.returncode == 0 and "Activation functions" in listing.stdout, listing.stdout + listing.stderr
    digits = subprocess.run([str(installed)], input="digits()\n", capture_output=True, text=True, env=_env(home),
                            cwd=elsewhere, timeout=30)
    assert digits.stdout.startswith("digits: 1,438 training and 359 test examples"), digits.stdout + digits.stderr


def test_resume_after_training_replays_quietly(nnbook_bin, nnbook_home, tmp_path):
    r = Repl(nnbook_bin, nnbook_home)
    r.prompt(1)
    r.run("data = xor()")
    r.run("m = sequential(dense(8, tanh, input: 2), dense(2, softmax))")
    r.run("train m on data epochs 30", r"Epoch 30/30")
    assert r.quit() == (0, None)
    again = Repl(nnbook_bin, nnbook_home, args=("resume",))
    again.expect(r"resumed 3 cells from .*\r\nvariables: data, m")
    before = again.text()
    assert "ETA" not in before and "Epoch" not in before, before  # no progress bar or epochs while replaying
    again.prompt()
    assert again.quit() == (0, None)


def test_a_paste_with_windows_line_endings_has_no_extra_lines(nnbook_bin, nnbook_home):
    r = Repl(nnbook_bin, nnbook_home)
    r.prompt(1)
    time.sleep(0.2)  # a paste comes while the prompt waits, not in the instant it is drawn
    r.child.send(START + "a = 1\r\nb = 2\r\nprint(a + b)" + END + "\r")
    r.expect(r"\r\n3\r\n")
    r.prompt(2)
    r.child.send("\x1b[A")  # the cell, as history has it: three lines, no blank ones
    r.expect(re.escape("print(a + b)"))
    r.child.send("\x03")
    r.prompt()
    assert r.quit() == (0, None)
    assert "...: \r\n   ...: " not in r.text()
