"""A real terminal for the full-screen tests (explore, playground): a tmux
server of its own (`-L`), a shell in it, the screen as tmux keeps it and its
flags (`#{alternate_on}`, `#{cursor_flag}`). The shell stays after nnbook
ends, so what nnbook left behind (the terminal's modes) can be asked.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import time
from pathlib import Path

import pytest

TIMEOUT = 15
_servers = itertools.count()


class TmuxTerminal:
    def __init__(self, binary, env, width, height, term="xterm-256color", cwd: Path | None = None, name="nnbook"):
        self.socket = f"{name}-{os.getpid()}-{next(_servers)}"
        self.width, self.height = width, height
        shell_env = " ".join(f"{k}={v}" for k, v in {"NNBOOK_HOME": env["NNBOOK_HOME"], "TERM": term, "LANG": "C.UTF-8",
                                                        "LC_ALL": "C.UTF-8"}.items())
        self.tmux("new-session", "-d", "-x", str(width), "-y", str(height), *(["-c", str(cwd)] if cwd else []),
                  f"env -u NO_COLOR {shell_env} PS1='$ ' sh")
        self.binary = str(binary)

    def tmux(self, *args) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True).stdout

    def keys(self, *keys):
        self.tmux("send-keys", *keys)

    def text(self, s):
        self.tmux("send-keys", "-l", s)

    def type(self, line):
        self.text(line)
        self.tmux("send-keys", "Enter")

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def lines(self) -> list[str]:
        return self.screen().split("\n")

    def joined(self) -> str:
        """The screen and its scrollback with wrapped lines joined (for what the REPL prints)."""
        return self.tmux("capture-pane", "-p", "-J", "-S", "-")

    def flag(self, name) -> str:
        return self.tmux("display", "-p", "#{" + name + "}").strip()

    def until(self, test, what):
        """Waits until `test(lines)` is true; returns the lines."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            lines = self.lines()
            if test(lines):
                return lines
            time.sleep(0.03)
        pytest.fail(f"{what} never came; the screen:\n{self.screen()}", pytrace=False)

    def wait(self, text, what=""):
        """Waits until the screen shows `text`; returns its lines."""
        return self.until(lambda lines: text in "\n".join(lines), f"{text!r}{' ' + what if what else ''}")

    def wait_line(self, row, text):
        """Waits until line `row` (0-based) of the screen contains `text`."""
        return self.until(lambda lines: row < len(lines) and text in lines[row], f"line {row} showing {text!r}")

    def wait_joined(self, text):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            out = self.joined()
            if text in out:
                return out
            time.sleep(0.05)
        pytest.fail(f"{text!r} never appeared; the screen:\n{self.joined()[-3000:]}", pytrace=False)

    def wait_flag(self, name, value):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if self.flag(name) == value:
                return
            time.sleep(0.05)
        pytest.fail(f"{name} never became {value!r}; the screen:\n{self.screen()}", pytrace=False)

    def close(self):
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def terminals(make_one):
    """A fixture body: yields `make(width, height, term=…)`, every terminal made killed at the end."""
    made = []

    def make(width, height, term="xterm-256color"):
        t = make_one(width, height, term)
        made.append(t)
        return t

    yield make
    for t in made:
        t.close()
