"""Command-line behaviour of the nnbook binary: flags, piped mode, colour,
and elision of huge outputs."""

from __future__ import annotations

import re
import subprocess

import pytest

TIMEOUT = 60
ESCAPE = re.compile(rb"\x1b")


def run(binary, env, args=(), stdin: bytes = b"", cwd=None, merge=False):
    try:
        return subprocess.run(
            [str(binary), *args], input=stdin, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT if merge else subprocess.PIPE,
            env=env, cwd=cwd, timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"nnbook {' '.join(args)} did not finish within {TIMEOUT} s", pytrace=False)


def test_help(nnbook_bin, nnbook_env):
    proc = run(nnbook_bin, nnbook_env, ["--help"])
    assert proc.returncode == 0
    out = proc.stdout.decode()
    assert "nnbook" in out
    assert "sigmoid(2)" in out


def test_short_help(nnbook_bin, nnbook_env):
    proc = run(nnbook_bin, nnbook_env, ["-h"])
    assert proc.returncode == 0
    assert "nnbook" in proc.stdout.decode()


def test_version_names_the_program(nnbook_bin, nnbook_env):
    """BUG: `nnbook --version` prints only "0.1.0"; a version line should say
    whose version it is ("nnbook 0.1.0"), as the REPL banner does."""
    proc = run(nnbook_bin, nnbook_env, ["--version"])
    assert proc.returncode == 0
    out = proc.stdout.decode().strip()
    assert re.search(r"\d+\.\d+\.\d+", out), out
    assert "nnbook" in out, f"--version printed {out!r}"


def test_unknown_option_fails_with_usage(nnbook_bin, nnbook_env):
    proc = run(nnbook_bin, nnbook_env, ["--bogus"])
    assert proc.returncode != 0
    assert "--bogus" in proc.stderr.decode()
    assert proc.stdout == b""


def test_piped_sigmoid_prints_exactly_the_value(nnbook_bin, nnbook_env, tmp_path):
    proc = run(nnbook_bin, nnbook_env, stdin=b"sigmoid(2)\n", cwd=tmp_path)
    assert proc.stdout == b"0.880797\n"
    assert proc.stderr == b""
    assert proc.returncode == 0


def test_piped_without_final_newline(nnbook_bin, nnbook_env, tmp_path):
    proc = run(nnbook_bin, nnbook_env, stdin=b"sigmoid(2)", cwd=tmp_path)
    assert (proc.stdout, proc.returncode) == (b"0.880797\n", 0)


def test_empty_input_exits_zero_silently(nnbook_bin, nnbook_env, tmp_path):
    proc = run(nnbook_bin, nnbook_env, stdin=b"", cwd=tmp_path, merge=True)
    assert (proc.stdout, proc.returncode) == (b"", 0)


def test_piped_error_goes_to_stderr_and_exit_is_one(nnbook_bin, nnbook_env, tmp_path):
    proc = run(nnbook_bin, nnbook_env, stdin=b"sigmod(2)\n1+1\n", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout == b"2\n"
    err = proc.stderr.decode()
    assert err.startswith("name error at line 1, column 1: unknown name 'sigmod' — did you mean sigmoid?")


def test_repl_subcommand_is_the_default(nnbook_bin, nnbook_env, tmp_path):
    proc = run(nnbook_bin, nnbook_env, ["repl"], stdin=b"sigmoid(2)\n", cwd=tmp_path)
    assert (proc.stdout, proc.returncode) == (b"0.880797\n", 0)


COLOURFUL = (
    b"sigmoid(2)\nsigmod(2)\nf(x) = x^2\nexplain sigmoid(2)\ndescend f from 1 rate 0.1 steps 2\n"
    b"model = sequential(dense(128, relu, input: 784), dense(10, softmax))\nsummary model\n"
    b":help\n:vars\n"
)


@pytest.mark.parametrize("extra_env", [{"NO_COLOR": "1"}, {"TERM": "xterm-256color"}, {"FORCE_COLOR": "1"}],
                         ids=["NO_COLOR", "TERM-colour", "FORCE_COLOR"])
def test_no_escape_codes_when_not_a_terminal(nnbook_bin, nnbook_env, tmp_path, extra_env):
    env = dict(nnbook_env)
    env.pop("NO_COLOR", None)
    env.update(extra_env)
    proc = run(nnbook_bin, env, stdin=COLOURFUL, cwd=tmp_path, merge=True)
    assert proc.returncode == 1
    assert b"0.880797" in proc.stdout and b"did you mean sigmoid?" in proc.stdout
    assert not ESCAPE.search(proc.stdout), proc.stdout[:400]


def test_no_color_flag_when_piped(nnbook_bin, nnbook_env, tmp_path):
    proc = run(nnbook_bin, nnbook_env, ["repl", "--no-color"], stdin=COLOURFUL, cwd=tmp_path, merge=True)
    assert not ESCAPE.search(proc.stdout)


def test_long_descent_is_elided(nnbook_bin, nnbook_env, tmp_path):
    proc = run(nnbook_bin, nnbook_env, stdin=b"f(x) = x^2\ndescend f from 1 rate 0.01 steps 10000\n",
               cwd=tmp_path, merge=True)
    assert proc.returncode == 0
    lines = proc.stdout.decode().splitlines()
    assert len(lines) < 200, f"{len(lines)} lines"
    assert any("not shown" in line for line in lines)
    assert lines[3].startswith("step 1: f'(1) = 2*1 = 2")
    assert lines[-1].startswith("step 10000: ")


def test_long_descent_then_step_continues_numbering(nnbook_bin, nnbook_env, tmp_path):
    proc = run(nnbook_bin, nnbook_env, stdin=b"f(x) = x^2\ndescend f from 1 rate 0.01 steps 10000\nstep\n",
               cwd=tmp_path, merge=True)
    assert proc.stdout.decode().splitlines()[-1].startswith("step 10001: ")


@pytest.mark.parametrize("expr", [b"range(100000) * 1", b"v = range(100000) * 1\nv"])
def test_huge_vector_is_elided(nnbook_bin, nnbook_env, tmp_path, expr):
    proc = run(nnbook_bin, nnbook_env, stdin=expr + b"\n", cwd=tmp_path, merge=True)
    assert proc.returncode == 0
    out = proc.stdout.decode()
    assert len(out) < 2000, f"{len(out)} characters"
    assert out.startswith("[0, 1, 2,")
    assert "99999]" in out
    assert "100,000" in out or "100000" in out


def test_huge_matrix_is_elided(nnbook_bin, nnbook_env, tmp_path):
    proc = run(nnbook_bin, nnbook_env, cwd=tmp_path, merge=True,
               stdin=b"row = range(1000) * 1\nbig = [" + b", ".join([b"row"] * 1000) + b"]\nbig\n")
    out = proc.stdout.decode()
    assert proc.returncode == 0
    assert "1000×1000" in out
    assert len(out.splitlines()) < 200, f"{len(out.splitlines())} lines"
    assert len(out) < 20_000, f"{len(out)} characters"


def test_many_prints_in_a_loop_are_not_lost(nnbook_bin, nnbook_env, tmp_path):
    """Printing inside a loop is the learner's explicit request: every line shows."""
    proc = run(nnbook_bin, nnbook_env, cwd=tmp_path, merge=True,
               stdin=b"for i in range(300):\n    print(i)\n")
    lines = proc.stdout.decode().splitlines()
    assert lines[0] == "0" and lines[-1] == "299"


def test_plot_draws_a_chart(nnbook_bin, nnbook_env, tmp_path):
    """`plot sigmoid from -6 to 6` (the README's contract) draws a chart: several
    lines, with the axis range visible. (It printed only "chart" until 3d17899.)"""
    proc = run(nnbook_bin, nnbook_env, stdin=b"plot sigmoid from -6 to 6\n", cwd=tmp_path, merge=True)
    assert proc.returncode == 0
    out = proc.stdout.decode()
    assert len(out.splitlines()) >= 5, repr(out)
    assert "-6" in out and "6" in out
