"""Malformed input that does not fit a .nbt transcript: lines too long to
read, raw bytes, unusual Unicode, and bugs whose exact wording is the
implementers' call (checked loosely here; exact-text bugs are in
transcripts/25-malformed-bugs.nbt).

Every test pipes bytes to the real binary and checks that the process
neither crashes nor hangs, that the session goes on after the bad line, and
that a variable defined before it survives. A test that fails here is a bug
in nnbook, not in the test: the docstring says what a learner should see.
"""

from __future__ import annotations

import random
import subprocess
import time

import pytest

TIMEOUT = 20


def run(binary, env, data: bytes, cwd) -> tuple[str, int, bytes]:
    """Pipe data to nnbook; return (merged output as text, exit status, raw output)."""
    try:
        proc = subprocess.run(
            [str(binary)], input=data, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env=env, cwd=cwd, timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"nnbook did not finish within {TIMEOUT} s on {data[:80]!r}…", pytrace=False)
    assert proc.returncode >= 0, f"nnbook was killed by signal {-proc.returncode} on {data[:80]!r}"
    return proc.stdout.decode("utf-8", "replace"), proc.returncode, proc.stdout


@pytest.fixture
def nb(nnbook_bin, nnbook_env, tmp_path):
    def go(data: bytes | str):
        if isinstance(data, str):
            data = data.encode("utf-8")
        return run(nnbook_bin, nnbook_env, data, tmp_path)
    return go


def last_lines(text: str, n: int) -> list[str]:
    return [line.rstrip() for line in text.rstrip("\n").split("\n")][-n:]


# --- 10,000 nested brackets ----------------------------------------------------------


@pytest.mark.parametrize("open_, close", [("(", ")"), ("[", "]")])
def test_ten_thousand_nested_brackets_closed(nb, open_, close):
    line = open_ * 10_000 + "1" + close * 10_000
    started = time.monotonic()
    out, status, _ = nb(f"keep = 7\n{line}\n1+1\nkeep\n")
    assert time.monotonic() - started < 10
    assert status == 1
    assert "nested more than" in out, out[:300]
    assert last_lines(out, 2) == ["2", "7"]


def test_ten_thousand_minus_signs(nb):
    out, status, _ = nb("keep = 7\n" + "-" * 10_000 + "1\n1+1\nkeep\n")
    assert status == 1
    assert "nested too deeply" in out
    assert last_lines(out, 2) == ["2", "7"]


def test_hundred_thousand_term_sum(nb):
    out, status, _ = nb("keep = 7\n" + "1+" * 100_000 + "1\n1+1\nkeep\n")
    assert status == 0
    assert last_lines(out, 3) == ["100001", "2", "7"]


def test_ten_thousand_unclosed_brackets_do_not_swallow_the_session(nb):
    """BUG: after 'brackets nested more than 200 deep' the still-open brackets
    swallow every later line, so 1+1 and keep never run. The depth error ends
    the statement; the next lines must run."""
    out, status, _ = nb("keep = 7\n" + "(" * 10_000 + "\n1+1\nkeep\n")
    assert status == 1
    assert "nested more than" in out
    assert last_lines(out, 2) == ["2", "7"]


# --- unclosed brackets and strings in piped input ----------------------------------


def test_unclosed_bracket_then_lines_that_cannot_continue_it(nb):
    """BUG: '(1 + 2' followed by '1+1' and 'keep' reports only "'(' is never
    closed" at end of input; 1+1 and keep are silently swallowed. Like
    Python's REPL, the joined text '(1 + 2 1+1' is already an error on line
    3: report it there and go on, so 'keep' still prints 42."""
    out, status, _ = nb("keep = 42\n(1 + 2\n1+1\nkeep\n")
    assert status == 1
    assert "error" in out
    assert last_lines(out, 1) == ["42"], out


def test_unterminated_string_inside_a_call_does_not_swallow_the_session(nb):
    """BUG: 'print("hello' reports the unclosed string, then its '(' stays open
    and swallows every following line. The string error ends the statement."""
    out, status, _ = nb('keep = 42\nprint("hello\n1+1\nkeep\n')
    assert status == 1
    assert "this string is never closed" in out
    assert last_lines(out, 2) == ["2", "42"], out


def test_continuation_that_completes_is_fine(nb):
    out, status, _ = nb("v = [1,\n2,\n3]\nv\n")
    assert (out, status) == ("[1, 2, 3]\n", 0)


# --- runaway recursion ---------------------------------------------------------------


def test_runaway_recursion_points_at_the_call(nb):
    """Was a bug (fixed in 84279f0): the error pointed at column 8, the column
    of f(x) in the DEFINITION, under the 4-character line 'f(1)'. Still
    rough: the definition echoes the meaningless "f'(x) = f'(x)"."""
    out, status, _ = nb("f(x) = f(x)\nf(1)\n1+1\n")
    assert status == 1
    assert "runaway recursion" in out
    assert last_lines(out, 1) == ["2"]
    error_line = next(line for line in out.split("\n") if "runaway recursion" in line)
    assert "line 2, column 1:" in error_line, error_line
    lines = out.split("\n")
    i = lines.index(error_line)
    assert lines[i + 1].rstrip() == "2 | f(1)"
    assert lines[i + 2].rstrip() == "  | ^^^^"


def test_mutual_recursion_is_stopped(nb):
    out, status, _ = nb("g(x) = h(x)\nh(x) = g(x)\ng(2)\n1+1\n")
    assert status == 1
    assert "runaway recursion" in out
    assert last_lines(out, 1) == ["2"]


# --- raw bytes -------------------------------------------------------------------------


@pytest.mark.parametrize("garbage", [
    b"\xff", b"\xfe\xff", b"\xc3", b"\x80abc", b"\x01", b"\x7f", b"\x1b", b"\x07\x08",
    b"\xed\xa0\x80",  # an encoded UTF-16 surrogate: invalid UTF-8
])
def test_binary_garbage_line(nb, garbage):
    out, status, _ = nb(b"keep = 7\n" + garbage + b"\n1+1\nkeep\n")
    assert status == 1
    assert "error at line 2" in out
    assert last_lines(out, 2) == ["2", "7"]


def test_nul_byte_in_a_line_keeps_the_whole_error_report(nb):
    """BUG: a NUL byte truncates the error report: the source line is cut at
    the NUL, and the caret line and newline are lost, so the next output is
    glued on ('1 | x = 12'). Show the NUL visibly (e.g. as \\0 or U+2400 ␀)
    and the caret under it."""
    out, status, raw = nb(b"keep = 7\nx = 1\x00\n1+1\nkeep\n")
    assert status == 1
    assert b"\x00" not in raw
    assert "unexpected character (control code 0)" in out
    lines = out.split("\n")
    i = next(n for n, line in enumerate(lines) if "control code 0" in line)
    assert lines[i + 1].startswith("2 | x = 1"), lines[i + 1]
    assert lines[i + 2].rstrip().endswith("^"), lines[i + 2]
    assert last_lines(out, 2) == ["2", "7"]


def test_escape_byte_is_not_echoed_raw(nb):
    """BUG: the error report echoes the raw ESC byte of the bad line, so a
    pasted escape sequence (e.g. ESC[31m) would recolour or move the learner's
    terminal. Piped output must contain no escape codes: show it as ^[ or
    U+241B ␛."""
    out, status, raw = nb(b"keep = 7\n\x1b\n1+1\nkeep\n")
    assert status == 1
    assert b"\x1b" not in raw
    assert last_lines(out, 2) == ["2", "7"]


def test_every_byte_value(nb):
    out, status, _ = nb(bytes(range(256)) + b"\n")
    assert status == 1
    assert "error" in out


@pytest.mark.parametrize("seed", range(5))
def test_random_binary_lines_without_brackets(nb, seed):
    rng = random.Random(seed)
    # no brackets (they open a continuation) and no NUL (see the NUL test)
    alphabet = [b for b in range(256) if b not in b"\n\x00([{"]
    lines = [bytes(rng.choice(alphabet) for _ in range(rng.randint(1, 80))) for _ in range(30)]
    out, status, _ = nb(b"keep = 7\n" + b"\n".join(lines) + b"\nkeep\n")
    assert status in (0, 1)
    assert last_lines(out, 1) == ["7"]


@pytest.mark.parametrize("seed", range(3))
def test_random_binary_with_brackets_does_not_crash_or_hang(nb, seed):
    rng = random.Random(100 + seed)
    data = bytes(rng.randrange(256) for _ in range(20_000))
    out, status, _ = nb(data)
    assert status in (0, 1)


# --- unusual Unicode ---------------------------------------------------------------


def test_chinese_identifiers(nb):
    out, status, _ = nb("权重 = 3\n权重 * 2\n偏置 = [0.4, 0.5]\n偏置 + 权重\n")
    assert (out, status) == ("6\n[3.4, 3.5]\n", 0)


def test_greek_identifier_and_unicode_operators(nb):
    out, status, _ = nb("σ = 2\nσ\n1 − 2\n3 × 2\n")
    assert (out, status) == ("2\n-1\n6\n", 0)


@pytest.mark.parametrize("line, message", [
    ("x\u200b = 1", "unexpected character U+200B"),  # zero-width space
    ("\u202e1+1", "unexpected character U+202E"),  # right-to-left override
    ("“hello”", "use straight quotes"),
    ("🙂", "unexpected character '🙂'"),
    ("👨\u200d👩\u200d👧 = 2", "unexpected character"),
    ("sigm\u043eid(2)", "did you mean sigmoid?"),  # Cyrillic o
])
def test_unusual_unicode_is_an_error_and_the_session_goes_on(nb, line, message):
    out, status, _ = nb(f"keep = 7\n{line}\n1+1\nkeep\n")
    assert status == 1
    assert message in out
    assert last_lines(out, 2) == ["2", "7"]


def test_decomposed_accent_is_the_same_name(nb):
    """BUG: 'café' typed with a combining accent (e + U+0301, what macOS
    input often produces) is rejected ("unexpected character '́'"), and is a
    different name from the precomposed 'café'. Python normalizes identifiers
    (NFKC), so both spellings should be one variable."""
    out, status, _ = nb("cafe\u0301 = 1\ncaf\u00e9\n")
    assert (out, status) == ("1\n", 0)


def test_byte_order_mark_at_the_start_is_ignored(nb):
    """BUG: a file saved by Windows Notepad starts with a BOM; piping it gives
    'unexpected character U+FEFF' on the first line. Skip a leading BOM."""
    out, status, _ = nb("\ufeffsigmoid(2)\n")
    assert (out, status) == ("0.880797\n", 0)


def test_crlf_line_endings(nb):
    out, status, _ = nb("x = 1\r\nx + 1\r\n")
    assert (out, status) == ("2\n", 0)


def test_very_long_name_is_quick(nb):
    """Rough: a 1,000,000-character unknown name takes ~3 s (the did-you-mean
    search) and echoes the whole name twice."""
    started = time.monotonic()
    out, status, _ = nb("keep = 7\n" + "x" * 1_000_000 + "\nkeep\n")
    assert status == 1
    assert last_lines(out, 1) == ["7"]
    assert time.monotonic() - started < 10


# --- messages whose wording is the implementers' call ------------------------------


def test_unknown_command_word_is_an_unknown_name(nb):
    """Rough: 'frobnicate 3' says "unexpected number 3 after a complete
    statement"; the learner's mistake is the unknown word."""
    out, status, _ = nb("frobnicate 3\n")
    assert status == 1
    assert "unknown name 'frobnicate'" in out, out


def test_unknown_function_in_descend_suggests_a_function(nb):
    """Rough: 'descend g from 1 rate 0.1 steps 2' with no g suggests
    "did you mean _?" once a result exists, or "assign it first, e.g. g = 1"
    (a number cannot be descended). It should suggest defining g(x) = ..."""
    out, status, _ = nb("1+1\ndescend g from 1 rate 0.1 steps 2\n")
    assert status == 1
    assert "unknown function 'g'" in out
    assert "g(x) = " in out
    assert "did you mean _" not in out
    assert "g = 1" not in out


def test_shadowed_builtin_call_gets_a_sensible_hint(nb):
    """Rough: after 'sigmoid = 3', 'sigmoid(2)' hints "to multiply, write
    '*': sigmoid*(…)". It should say sigmoid is now a number, assigned on
    line 1, hiding the built-in."""
    out, status, _ = nb("sigmoid = 3\nsigmoid(2)\n")
    assert status == 1
    assert "sigmoid*(" not in out


def test_conditional_expression_works_as_in_python(nb):
    """Once a rough edge (it hinted "put each statement on its own line"); now Python's conditional expression."""
    out, status, _ = nb("1 if 2 else 3\n1 if 0 else 3\n")
    assert (status, out) == (0, "1\n3\n")
