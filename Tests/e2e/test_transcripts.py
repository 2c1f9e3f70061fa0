"""End-to-end transcript tests for nnbook, and unit tests of the format.

Transcript format (Tests/e2e/transcripts/*.nbt), one file = one test:

    ## a comment (a line "##" alone is a comment too)
    #! exit: 1            expected exit status (default 0)
    #! env: NAME=value    extra environment variable (repeatable)
    >>> f(x) = x^2        an input line, fed to stdin without the ">>> "
    ... more              a continuation input line directly after an input
                          line, fed without the "... "; "..." alone feeds an
                          empty line (e.g. to end an indented block)
    expected output       any other line is expected output (stdout and
                          stderr merged, in the order the program wrote them)

">>>" alone also feeds an empty line. A "... " line that does not follow an
input line is expected output, so output may itself start with "...". Blank
lines before the first input line are ignored; after it, a blank line is an
expected empty line of output (use "##" to separate things visually).

The binary runs once per file with every input line piped to its stdin, in a
fresh temporary working directory and NNBOOK_HOME, with a 60 s timeout.
The whole output is compared with the expected output, ignoring trailing
whitespace on each line and trailing blank lines. On a mismatch the failure
shows a unified diff and FILE.nbt:LINE of the first differing expected line.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

TRANSCRIPT_DIR = Path(__file__).resolve().parent / "transcripts"
TIMEOUT_SECONDS = 60


# --- format ----------------------------------------------------------------


class TranscriptError(ValueError):
    """A malformed transcript; the message starts with FILE:LINE."""


@dataclass
class ExpectedLine:
    lineno: int  # 1-based line number in the .nbt file
    text: str


@dataclass
class Transcript:
    name: str
    inputs: list[str] = field(default_factory=list)
    expected: list[ExpectedLine] = field(default_factory=list)
    exit_status: int = 0
    env: dict[str, str] = field(default_factory=dict)
    total_lines: int = 0

    def stdin_text(self) -> str:
        return "".join(line + "\n" for line in self.inputs)


_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def parse_transcript(text: str, name: str = "<transcript>") -> Transcript:
    t = Transcript(name=name)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the file's final newline does not start another line
    t.total_lines = len(lines)
    seen_input = False
    previous_was_input = False
    for lineno, raw in enumerate(lines, start=1):
        line = raw[:-1] if raw.endswith("\r") else raw
        where = f"{name}:{lineno}"
        if line == "##" or line.startswith("## "):
            continue  # comments keep a continuation run going
        if line.startswith("#!"):
            _directive(t, line[2:].strip(), where)
            continue
        if line == ">>>" or line.startswith(">>> "):
            t.inputs.append(line[4:])
            seen_input = previous_was_input = True
            continue
        if previous_was_input and (line == "..." or line.startswith("... ")):
            t.inputs.append(line[4:])
            continue
        previous_was_input = False
        if not seen_input and line.strip() == "":
            continue
        t.expected.append(ExpectedLine(lineno, line))
    if not t.inputs:
        raise TranscriptError(f"{name}: no input lines ('>>> ...')")
    return t


def _directive(t: Transcript, body: str, where: str) -> None:
    key, sep, value = body.partition(":")
    key, value = key.strip(), value.strip()
    if not sep:
        raise TranscriptError(f"{where}: directive needs 'name: value', got {body!r}")
    if key == "exit":
        try:
            t.exit_status = int(value)
        except ValueError:
            raise TranscriptError(f"{where}: exit status must be an integer, got {value!r}") from None
    elif key == "env":
        var, eq, val = value.partition("=")
        if not eq or not _ENV_NAME.match(var):
            raise TranscriptError(f"{where}: expected 'env: NAME=value', got {value!r}")
        t.env[var] = val
    else:
        raise TranscriptError(f"{where}: unknown directive {key!r} (known: exit, env)")


def normalize(lines: list[str]) -> list[str]:
    """Strip trailing whitespace on each line and drop trailing blank lines."""
    out = [line.rstrip() for line in lines]
    while out and out[-1] == "":
        out.pop()
    return out


def split_output(output: str) -> list[str]:
    return output.replace("\r\n", "\n").split("\n")


def compare(t: Transcript, output: str, exit_status: int) -> str | None:
    """None if the run matches the transcript, else a human-readable report."""
    expected = normalize([e.text for e in t.expected])
    actual = normalize(split_output(output))
    problems = []
    if actual != expected:
        first = next(
            (i for i, (e, a) in enumerate(zip(expected, actual)) if e != a),
            min(len(expected), len(actual)),
        )
        if first < len(expected):
            lineno = t.expected[first].lineno
            what = f"expected {expected[first]!r}"
        else:
            lineno = t.total_lines
            what = "output continues after the last expected line"
        diff = difflib.unified_diff(
            expected, actual, fromfile=f"{t.name} (expected)", tofile=f"{t.name} (actual output)",
            lineterm="",
        )
        problems.append(f"{t.name}:{lineno}: first difference: {what}\n" + "\n".join(diff))
    if exit_status != t.exit_status:
        problems.append(f"{t.name}: exit status {exit_status}, expected {t.exit_status}")
    return "\n\n".join(problems) or None


def run_transcript(t: Transcript, binary: Path, env: dict, cwd: Path) -> tuple[str, int]:
    """Run the binary once with every input piped; return (merged output, exit status)."""
    run_env = dict(env)
    run_env.update(t.env)
    try:
        proc = subprocess.run(
            [str(binary)], input=t.stdin_text().encode(), stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, env=run_env, cwd=cwd, timeout=TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired as exc:
        partial = (exc.output or b"").decode("utf-8", "replace")
        pytest.fail(f"{t.name}: no exit within {TIMEOUT_SECONDS} s; output so far:\n{partial}", pytrace=False)
    return proc.stdout.decode("utf-8", "replace"), proc.returncode


# --- the transcript tests ----------------------------------------------------------


@pytest.mark.parametrize("path", sorted(TRANSCRIPT_DIR.glob("*.nbt")), ids=lambda p: p.name)
def test_transcript(path: Path, nnbook_bin: Path, nnbook_env: dict, tmp_path: Path) -> None:
    t = parse_transcript(path.read_text(encoding="utf-8"), name=path.name)
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    output, status = run_transcript(t, nnbook_bin, nnbook_env, workdir)
    report = compare(t, output, status)
    if report:
        pytest.fail(report, pytrace=False)


# --- unit tests of the format (no nnbook binary needed) ------------------------------


def test_parse_inputs_outputs_and_line_numbers():
    t = parse_transcript("## hi\n>>> sigmoid(2)\n0.880797\n>>> 1 + 2\n3\n", "a.nbt")
    assert t.inputs == ["sigmoid(2)", "1 + 2"]
    assert [(e.lineno, e.text) for e in t.expected] == [(3, "0.880797"), (5, "3")]
    assert t.exit_status == 0 and t.env == {}
    assert t.stdin_text() == "sigmoid(2)\n1 + 2\n"


def test_continuation_lines_and_bare_dots():
    text = ">>> for i in range(3):\n...     v = v * 2\n...\n>>> v\n[8, 16, 24]\n"
    t = parse_transcript(text)
    assert t.inputs == ["for i in range(3):", "    v = v * 2", "", "v"]
    assert [e.text for e in t.expected] == ["[8, 16, 24]"]


def test_dots_after_output_are_output_and_bare_prompt_is_empty_input():
    t = parse_transcript(">>> big\n[1, 2,\n... 9]\n...\n>>>\n")
    assert t.inputs == ["big", ""]
    assert [e.text for e in t.expected] == ["[1, 2,", "... 9]", "..."]


def test_comment_between_input_lines_keeps_continuation():
    t = parse_transcript(">>> if x:\n## the body\n...     y\n")
    assert t.inputs == ["if x:", "    y"]


def test_directives():
    t = parse_transcript("#! exit: 1\n#! env: NO_COLOR=1\n#! env: A=b=c\n>>> sigmod(2)\nerror\n")
    assert t.exit_status == 1
    assert t.env == {"NO_COLOR": "1", "A": "b=c"}
    assert [e.text for e in t.expected] == ["error"]


@pytest.mark.parametrize("bad, message", [
    ("#! exit: one\n>>> 1\n", "x.nbt:1: exit status must be an integer"),
    ("#! env: 1X=2\n>>> 1\n", "x.nbt:1: expected 'env: NAME=value'"),
    ("#! timeout: 3\n>>> 1\n", "x.nbt:1: unknown directive 'timeout'"),
    (">>> 1\n#! exit\n", "x.nbt:2: directive needs 'name: value'"),
    ("## only a comment\n", "x.nbt: no input lines"),
])
def test_malformed_transcripts(bad, message):
    with pytest.raises(TranscriptError) as info:
        parse_transcript(bad, "x.nbt")
    assert str(info.value).startswith(message)


def test_blank_lines_before_first_input_ignored_after_it_expected():
    t = parse_transcript("## header\n\n>>> explain x\nstep 1\n\nstep 2\n\n\n")
    assert [(e.lineno, e.text) for e in t.expected] == [(4, "step 1"), (5, ""), (6, "step 2"), (7, ""), (8, "")]


def test_compare_ignores_trailing_whitespace_and_trailing_blank_lines():
    t = parse_transcript(">>> a\n1   \n>>> b\n2\n\n")
    assert compare(t, "1\n2  \n\n\n", 0) is None
    assert compare(t, "1\r\n2\r\n", 0) is None


def test_compare_reports_first_difference_with_nbt_line_and_diff():
    t = parse_transcript("## c\n>>> a\n1\n>>> b\n2\n>>> c\n3\n", "demo.nbt")
    report = compare(t, "1\n20\n3\n", 0)
    assert report.startswith("demo.nbt:5: first difference: expected '2'")
    assert "--- demo.nbt (expected)" in report and "+++ demo.nbt (actual output)" in report
    assert "-2\n+20" in report


def test_compare_reports_missing_and_extra_output():
    t = parse_transcript(">>> a\n1\n>>> b\n2\n", "m.nbt")
    assert compare(t, "1\n", 0).startswith("m.nbt:4: first difference: expected '2'")
    assert compare(t, "1\n2\nboom\n", 0).startswith("m.nbt:4: first difference: output continues")


def test_compare_reports_exit_status():
    t = parse_transcript("#! exit: 1\n>>> sigmod(2)\nerr\n", "e.nbt")
    assert compare(t, "err\n", 1) is None
    assert compare(t, "err\n", 0) == "e.nbt: exit status 0, expected 1"


def _fake_binary(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "fake-nnbook"
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


def test_runner_pipes_all_inputs_merges_stderr_and_sets_env(tmp_path: Path):
    fake = _fake_binary(tmp_path, 'echo "home=$NNBOOK_HOME extra=$EXTRA"\ncat\necho oops >&2\nexit 3\n')
    t = parse_transcript("#! env: EXTRA=yes\n#! exit: 3\n>>> a\n...   b\n")
    output, status = run_transcript(t, fake, {"PATH": os.environ["PATH"], "NNBOOK_HOME": "/h"}, tmp_path)
    assert status == 3
    assert output == "home=/h extra=yes\na\n  b\noops\n"


def test_every_shipped_transcript_parses():
    paths = sorted(TRANSCRIPT_DIR.glob("*.nbt"))
    assert paths, f"no transcripts in {TRANSCRIPT_DIR}"
    for path in paths:
        parse_transcript(path.read_text(encoding="utf-8"), name=path.name)
