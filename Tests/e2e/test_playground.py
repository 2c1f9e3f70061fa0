"""`playground …` and `nnbook playground`, the TensorFlow-Playground view, in a real terminal (tmux).

As in test_explore.py, tmux keeps the screen as a terminal shows it, so each
key's effect is read off the captured screen: row 0 the header (paused or
playing, epoch, losses, view), rows 1–2 the settings phrases, row 3 the
notice (what the last key did, or the selected neuron), a box over the
network for the feature chooser and `e`'s explanation, the keys legend at the
bottom. tmux also says whether the alternate screen is on and the cursor
shown. Each test runs its own tmux server (`-L`) whose shell sits in the
test's own temporary folder (where `s` and `x` write), killed at the end.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from tmux_terminal import TmuxTerminal, terminals

TIMEOUT = 15
pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (scripts/setup.sh installs it)")

HEADER = re.compile(r"^playground  (paused|playing)  epoch (\d+)  loss: train ([0-9.]+) test ([0-9.]+)  view: (forward|backward)")
DEFAULT_CELL = ("playground data: circle noise: 0.1 split: 0.5 batch: 10 features: [x1, x2] layers: [4, 2] activation: tanh "
                "rate: 0.1 regularization: none regularization_rate: 0 seed: 42")
DEFAULT_SETTINGS = ("data circle · noise 0.1 · split 50% train · batch 10 · rate 0.1 · tanh · layers [4, 2] · regularization none · "
                    "features x1 x2 · seed 42")
SIZES = [(80, 24), (120, 40)]


class Tmux(TmuxTerminal):
    def __init__(self, binary, env, width, height, cwd: Path, term="xterm-256color"):
        super().__init__(binary, env, width, height, term, cwd=cwd, name="nnbook-playground")

    # The playground's screen.

    def header(self, lines=None):
        lines = lines or self.lines()
        m = HEADER.match(lines[0])
        assert m, f"no playground header on row 0:\n{chr(10).join(lines)}"
        return {"state": m[1], "epoch": int(m[2]), "train": float(m[3]), "test": float(m[4]), "view": m[5]}

    @staticmethod
    def settings(lines) -> str:
        """Rows 1–2, the settings phrases, as one line (where they wrap depends on the width)."""
        return lines[1].strip() + " · " + lines[2].strip()

    def press(self, key, notice, *settings, literal=True):
        """Presses `key` and waits until row 3 (the notice) says `notice` and
        the settings rows hold every phrase of `settings`; returns the lines."""
        (self.text if literal else self.keys)(key)
        return self.until(lambda lines: len(lines) > 3 and lines[3].rstrip() == notice and HEADER.match(lines[0])
                          and all(s in self.settings(lines) for s in settings),
                          f"after {key!r}: notice {notice!r} and settings {settings!r}")


@pytest.fixture
def terminal(nnbook_bin, nnbook_env, tmp_path):
    yield from terminals(lambda width, height, term: Tmux(nnbook_bin, nnbook_env, width, height, tmp_path, term))


def legend_ok(t: Tmux, lines):
    """The keys legend is the last rows of the screen, whole (waiting for a frame still being written)."""
    words = ("space play/pause", "+/- rate", "f features", "Tab select", "R rewind", "v view", "q quit")
    t.until(lambda lines: all(word in "\n".join(lines[t.height - 3:t.height]) for word in words), "the keys legend at the bottom")


def start(t: Tmux, command="playground"):
    t.type(t.binary)
    t.wait("In [1]:")
    t.type(command)
    # The whole first frame: the header is drawn first, the legend's last row last.
    lines = t.until(lambda lines: HEADER.match(lines[0]) is not None and "q quit" in "\n".join(lines[-4:]), "the playground's first frame")
    assert t.flag("alternate_on") == "1"
    assert t.flag("cursor_flag") == "0"
    return lines


def leave(t: Tmux, key="q", literal=True):
    (t.text if literal else t.keys)(key)
    out = t.wait_joined("playground: the last settings, as a cell (↑ brings it back, Enter runs it):")
    assert_restored(t)
    return out


def assert_restored(t: Tmux):
    t.wait_flag("alternate_on", "0")
    assert t.flag("cursor_flag") == "1", t.screen()


def printed_cell(out: str) -> str:
    """The line after the last "as a cell" note."""
    rest = out.rsplit("playground: the last settings, as a cell (↑ brings it back, Enter runs it):\n", 1)[1]
    return rest.split("\n", 1)[0].rstrip()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_settings_key_changes_the_screen_and_the_cell(terminal, size):
    t = terminal(*size)
    lines = start(t)
    assert t.header(lines) == {"state": "paused", "epoch": 0, "train": 0.697, "test": 0.697, "view": "forward"}
    assert t.settings(lines) == DEFAULT_SETTINGS
    assert lines[3].strip() == "", "no notice before a key"
    legend_ok(t, lines)
    kept, new = ", weights kept", ": new weights, epoch 0"
    t.press("+", "rate 0.3" + kept, "rate 0.3")
    t.press("-", "rate 0.1" + kept, "rate 0.1")
    t.press("+", "rate 0.3" + kept, "rate 0.3")
    t.press("a", "activation linear" + new, "rate 0.3 · linear")
    t.press("]", "layers [4, 2, 2]" + new, "layers [4, 2, 2]")
    t.press("[", "layers [4, 2]" + new, "layers [4, 2]")
    t.press("]", "layers [4, 2, 2]" + new, "layers [4, 2, 2]")
    t.press("}", "layers [4, 2, 3]" + new, "layers [4, 2, 3]")
    t.press("{", "layers [4, 2, 2]" + new, "layers [4, 2, 2]")
    t.press("}", "layers [4, 2, 3]" + new, "layers [4, 2, 3]")
    t.press("d", "data xor" + new, "data xor")
    t.press("n", "noise 0.15" + new, "noise 0.15")
    t.press("t", "split 0.6: 300 training and 200 test points" + new, "split 60% train")
    t.press("b", "batch 20" + kept, "batch 20")
    # f opens the feature chooser over the network; 3 switches x1² on; Esc closes it (the playground stays).
    t.text("f")
    lines = t.wait("3 [ ] x1²")
    assert "features: press a number to switch one on or off, f or Esc to close" in "\n".join(lines)
    assert "1 [x] x1" in "\n".join(lines) and "2 [x] x2" in "\n".join(lines)
    lines = t.press("3", "features x1, x2, x1²" + new, "features x1 x2 x1²")
    assert "3 [x] x1²" in "\n".join(lines), "the chooser stays open and shows x1² on"
    t.keys("Escape")
    lines = t.until(lambda lines: "features: press a number" not in "\n".join(lines), "the chooser closing on Esc")
    assert t.header(lines)["state"] == "paused"
    legend_ok(t, lines)
    # The last feature stays on.
    t.text("f")
    t.wait("3 [x] x1²")
    t.press("1", "features x2, x1²" + new, "features x2 x1²")
    t.press("1", "features x1, x2, x1²" + new, "features x1 x2 x1²")
    t.text("f")
    t.until(lambda lines: "features: press a number" not in "\n".join(lines), "the chooser closing on f")
    t.press(">", "regularization is none: r chooses L1 or L2 first", "regularization none")
    t.press("r", "regularization l1, λ 0.001" + kept, "l1 0.001")
    t.press(">", "regularization l1, λ 0.003" + kept, "l1 0.003")
    t.press("<", "regularization l1, λ 0.001" + kept, "l1 0.001")
    lines = t.press(">", "regularization l1, λ 0.003" + kept, "l1 0.003")
    assert t.header(lines)["epoch"] == 0
    assert t.settings(lines) == ("data xor · noise 0.15 · split 60% train · batch 20 · rate 0.3 · linear · layers [4, 2, 3] · "
                                 "l1 0.003 · features x1 x2 x1² · seed 42")
    legend_ok(t, lines)
    out = leave(t)
    assert printed_cell(out) == ("playground data: xor noise: 0.15 split: 0.6 batch: 20 features: [x1, x2, x1_squared] "
                                 "layers: [4, 2, 3] activation: linear rate: 0.3 regularization: l1 regularization_rate: 0.003 seed: 42")
    assert "data: its 300 training and 200 test points (x1, x2, label)" in out
    assert "inputs: the same points as the model reads them (x1, x2, x1²)" in out
    t.wait("In [2]:")


def test_limits_say_so(terminal):
    t = terminal(80, 24)
    start(t, "playground layers: [8] rate: 10")
    t.press("+", "rate 10 is the largest", "rate 10")
    t.press("}", "8 neurons a layer is the most", "layers [8]")
    t.press("[", "layers []: new weights, epoch 0", "layers []")
    t.press("[", "no hidden layers left: the inputs go straight to the output", "layers []")
    t.press("}", "there is no hidden layer: ] adds one", "layers []")
    leave(t)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_play_then_pause_lowers_the_loss_and_q_keeps_that_model(terminal, size):
    t = terminal(*size)
    start(t)
    t.text(" ")
    t.until(lambda lines: t.header(lines)["state"] == "playing", "playing in the header")
    time.sleep(1.5)
    t.text(" ")
    lines = t.until(lambda lines: t.header(lines)["state"] == "paused", "paused in the header")
    time.sleep(0.2)
    lines = t.lines()
    h = t.header(lines)
    assert h["epoch"] > 5, lines[0]
    assert h["train"] < 0.697 and h["test"] < 0.697, lines[0]
    time.sleep(0.3)
    assert t.header()["epoch"] == h["epoch"], "paused means no more epochs"
    # → steps exactly one epoch.
    t.keys("Right")
    t.until(lambda lines: t.header(lines)["epoch"] == h["epoch"] + 1, "one epoch more after →")
    t.text(".")
    lines = t.until(lambda lines: t.header(lines)["epoch"] == h["epoch"] + 2, "one epoch more after .")
    h = t.header(lines)
    out = leave(t)
    assert f"model: the network at epoch {h['epoch']} (summary model; evaluate model on data.test gives the test loss shown)" in out
    assert printed_cell(out) == DEFAULT_CELL
    t.type("evaluate model on data.test")
    out = t.wait_joined("on 250 examples")
    loss = float(re.search(r"loss ([0-9.]+)  accuracy [0-9.]+%  on 250 examples", out)[1])
    assert abs(loss - h["test"]) <= 0.0005 + 1e-9, (loss, lines[0])


def test_the_saved_cell_replays_the_same_settings(terminal):
    t = terminal(120, 40)
    start(t, "playground data: gauss batch: 5")
    t.text("a")
    lines = t.until(lambda lines: re.fullmatch(r"activation \w+: new weights, epoch 0", lines[3].rstrip()), "a's notice")
    activation = lines[3].split()[1].rstrip(":")
    assert activation != "tanh" and f" · {activation} · " in t.settings(lines)
    t.press("+", "rate 0.3, weights kept", "rate 0.3")
    t.keys("Right", "Right", "Right")
    lines = t.until(lambda lines: t.header(lines)["epoch"] == 3, "epoch 3")
    settings = t.settings(lines)
    assert settings == (f"data gauss · noise 0.1 · split 50% train · batch 5 · rate 0.3 · {activation} · layers [4, 2] · regularization none · "
                        "features x1 x2 · seed 42")
    out = leave(t)
    cell = printed_cell(out)
    assert cell == DEFAULT_CELL.replace("circle", "gauss").replace("batch: 10", "batch: 5").replace("tanh", activation).replace("rate: 0.1", "rate: 0.3")
    t.wait("In [2]:")
    t.keys("Up")
    t.wait_joined(f"In [2]: {cell}")
    t.keys("Enter")
    lines = t.until(lambda lines: HEADER.match(lines[0]) is not None, "the playground again")
    assert t.settings(lines) == settings
    assert t.header(lines)["epoch"] == 0
    leave(t)
    t.wait("In [3]:")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_ctrl_c_esc_q_and_ctrl_d_leave_and_restore_the_terminal(terminal, size):
    t = terminal(*size)
    start(t)
    t.text(" ")
    t.until(lambda lines: t.header(lines)["state"] == "playing" and t.header(lines)["epoch"] > 3, "playing")
    t.keys("C-c")
    out = leave_with(t)
    assert "model: the network at epoch" in out
    t.wait("In [2]:")
    t.type("1+1")
    t.wait("Out[2]: 2")
    cell = 3
    for key in ("Escape", "q", "C-d"):
        t.type("playground")
        t.until(lambda lines: HEADER.match(lines[0]) is not None, "the playground")
        t.text(" ")
        t.until(lambda lines: t.header(lines)["state"] == "playing", "playing")
        t.keys(key)
        t.wait(f"In [{cell + 1}]:", f"after {key} leaves the playground")
        assert_restored(t)
        t.type("2*3")
        t.wait(f"Out[{cell + 1}]: 6")
        cell += 2
    # The terminal's modes are back once nnbook ends: echo, canonical input, signals.
    t.keys("C-d")
    t.wait_flag("pane_current_command", "sh")
    t.type("echo modes=$(stty -a | tr ' ' '\\n' | grep -cx -e echo -e icanon -e isig)")
    t.wait("modes=3\n")


def leave_with(t: Tmux):
    """After a key that leaves (C-c …) was sent: waits for the REPL's notes."""
    out = t.wait_joined("playground: the last settings, as a cell (↑ brings it back, Enter runs it):")
    assert_restored(t)
    return out


def test_resize_below_80x24_says_so_and_back_redraws(terminal):
    t = terminal(120, 40)
    lines = start(t)
    legend_ok(t, lines)
    t.tmux("resize-window", "-x", "70", "-y", "20")
    lines = t.wait("The playground needs a terminal of at least 80×24; this one is 70×20.")
    assert "Make the window larger." in "\n".join(lines)
    t.tmux("resize-window", "-x", "80", "-y", "24")
    t.height = 24
    lines = t.until(lambda lines: HEADER.match(lines[0]) is not None and "80×24" not in "\n".join(lines), "the playground again at 80×24")
    assert t.settings(lines) == DEFAULT_SETTINGS
    legend_ok(t, lines)
    leave(t)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_tab_selects_and_e_explains(terminal, size):
    t = terminal(*size)
    start(t)
    t.keys("Tab")
    lines = t.until(lambda lines: lines[3].startswith("▸ hidden layer 1, neuron 1 (tanh): w [0.231, 0.334] b 0.1"), "neuron 1 selected")
    assert lines[3].rstrip().endswith("· e explains it")
    t.text("w")
    t.until(lambda lines: lines[3].startswith("▸ hidden layer 1, neuron 1 (tanh), w1 (from x1) = 0.231, ∂loss/∂w1 = 0.000"), "w: its first weight")
    t.text("w")
    t.text("w")
    t.until(lambda lines: lines[3].startswith("▸ hidden layer 1, neuron 1 (tanh): w [0.231, 0.334]"), "w after the last weight: the neuron")
    t.keys("BTab")
    t.until(lambda lines: lines[3].startswith("▸ the output neuron (sigmoid): w ["), "Shift-Tab: back round to the output")
    t.keys("Tab")
    t.until(lambda lines: lines[3].startswith("▸ hidden layer 1, neuron 1 (tanh)"), "Tab: round to the first")
    t.keys("Tab")
    t.until(lambda lines: lines[3].startswith("▸ hidden layer 1, neuron 2 (tanh)"), "Tab: the next")
    t.keys("BTab")
    t.until(lambda lines: lines[3].startswith("▸ hidden layer 1, neuron 1 (tanh)"), "Shift-Tab: the one before")
    t.text("e")
    t.wait("z = b + Σ wᵢ·xᵢ = 0.1 + 0.2312·(-0.0728) + 0.3345·(-0.782) = -0.1784")
    lines = t.wait("e: the next point · Esc: close", "(the box's last line: the whole box is drawn)")
    screen = "\n".join(lines)
    for text in ("explain hidden layer 1, neuron 1 (tanh) at epoch 0,",
                 "on training point 1 of 250: x1 = -0.0728, x2 = -0.782, class 1",
                 "output = tanh(-0.1784) = -0.1765",
                 "∂loss/∂w1 = δ·x1 = 0.0041   w1 → 0.2312 − 0.1·0.0041 = 0.2308",
                 "∂loss/∂b = δ = -0.0563   b → 0.1 − 0.1·(-0.0563) = 0.1056",
                 "e: the next point · Esc: close"):
        assert text in screen, f"{text!r} not in the panel:\n{screen}"
    assert t.header(lines)["state"] == "paused"
    t.text("e")
    t.wait("on training point 2 of 250")
    t.keys("Escape")
    lines = t.until(lambda lines: "Σ wᵢ·xᵢ" not in "\n".join(lines), "the panel closing on Esc")
    assert t.header(lines)["state"] == "paused" and t.flag("alternate_on") == "1", "Esc closed the box, not the playground"
    assert lines[3].startswith("▸ hidden layer 1, neuron 1 (tanh)")
    legend_ok(t, lines)
    out = leave(t)
    after = out.rsplit("In [1]: playground", 1)[1]
    assert "playground: the last explanation e showed\nexplain hidden layer 1, neuron 1 (tanh) at epoch 0,\non training point 2 of 250" in after
    assert "z = b + Σ wᵢ·xᵢ" in after


def test_s_and_x_write_files_that_load_back(terminal, tmp_path):
    t = terminal(80, 24)
    start(t)
    t.press("s", "wrote playground-epoch-0.svg")
    svg = (tmp_path / "playground-epoch-0.svg").read_text()
    assert svg.startswith("<svg") or svg.startswith("<?xml"), svg[:100]
    assert "</svg>" in svg
    t.press("s", "wrote playground-epoch-0-2.svg")  # never over a file already there
    assert (tmp_path / "playground-epoch-0-2.svg").is_file()
    t.text("x")
    t.until(lambda lines: lines[3].startswith("wrote playground-train.csv and playground-test.csv"), "x's notice")
    for name in ("playground-train.csv", "playground-test.csv"):
        rows = (tmp_path / name).read_text().splitlines()
        assert rows[0] == "x1,x2,label"
        assert len(rows) == 1 + 250, (name, len(rows))
        assert all(re.fullmatch(r"-?[0-9.e-]+,-?[0-9.e-]+,[01]", row) for row in rows[1:]), name
    leave(t)
    t.type('load_csv("playground-train.csv", label: "label")')
    t.wait("playground-train: 250 examples, 2 features, 2 classes")


def test_v_shows_gradients_and_r_rewinds(terminal):
    t = terminal(120, 40)
    start(t)
    lines = t.press("v", "backward view: each weight's gradient on the last batch, scaled to the largest")
    assert t.header(lines)["view"] == "backward"
    t.keys("Tab")
    t.until(lambda lines: lines[3].startswith("▸ hidden layer 1, neuron 1 (tanh): ∂loss/∂w ["), "gradients in the selected neuron's line")
    t.keys("Right", "Right", "Right")
    lines = t.until(lambda lines: t.header(lines)["epoch"] == 3, "epoch 3")
    at3 = lines[0]
    t.press("R", "rewound to the seeded initial weights: epoch 0, the same run replays")
    lines = t.lines()
    assert t.header(lines) == {"state": "paused", "epoch": 0, "train": 0.697, "test": 0.697, "view": "backward"}
    t.keys("Right", "Right", "Right")
    lines = t.until(lambda lines: t.header(lines)["epoch"] == 3, "epoch 3 again")
    assert lines[0] == at3, "the same run replays after R"
    lines = t.press("v", "forward view: the weights")
    assert t.header(lines)["view"] == "forward"
    leave(t)


def test_nnbook_playground_opens_with_its_settings(terminal):
    t = terminal(120, 40)
    t.type(f"{t.binary} playground 'data: spiral layers: [8, 8]'")
    lines = t.until(lambda lines: HEADER.match(lines[0]) is not None, "the playground")
    assert "data spiral" in t.settings(lines) and "layers [8, 8]" in t.settings(lines)
    out = leave(t)
    assert printed_cell(out) == DEFAULT_CELL.replace("circle", "spiral").replace("[4, 2]", "[8, 8]")
    t.wait("In [2]:")
    t.keys("C-d")
    t.wait_flag("pane_current_command", "sh")


def test_refused_without_a_terminal(nnbook_bin, nnbook_env):
    sub = subprocess.run([str(nnbook_bin), "playground"], input="", capture_output=True, text=True, env=nnbook_env, timeout=TIMEOUT)
    assert sub.returncode == 1
    assert "nnbook playground draws on the whole terminal and reads keys: input or output is not a terminal" in sub.stderr
    piped = subprocess.run([str(nnbook_bin)], input="playground\n", capture_output=True, text=True, env=nnbook_env, timeout=TIMEOUT)
    out = piped.stdout + piped.stderr
    assert piped.returncode == 1
    assert ("value error at line 1, column 1: playground draws on the whole terminal and reads keys, so it needs nnbook's prompt "
            "in a terminal: input or output is not a terminal (a pipe or a file)") in out, out
    assert "hint: run nnbook in a terminal and type: " + DEFAULT_CELL in out, out


def test_refused_under_term_dumb(terminal):
    t = terminal(100, 30, term="dumb")
    t.type(t.binary)
    t.wait("In [1]:")
    t.type("playground rate: 0.03")
    t.wait("TERM=dumb says this terminal cannot move the cursor")  # nnbook wraps the message at the width
    out = t.wait("hint: run nnbook in a terminal and type: playground data: circle")
    assert "rate: 0.03 regularization: none" in "\n".join(out)
    assert t.flag("alternate_on") == "0"


def test_colour_paints_backgrounds(terminal):
    t = terminal(80, 24)
    start(t)
    coloured = t.tmux("capture-pane", "-p", "-e")
    assert re.search(r"\x1b\[(?:[0-9;]*;)?48;5;[0-9]+m", coloured), "no 256-colour background on the screen"
    leave(t)


# Found while writing these tests and fixed: a notice cut mid-word, settings
# phrases that did not fit, and e's box cutting a long sum.

def test_a_notice_fits_or_ends_in_an_ellipsis_at_80_columns(terminal):
    t = terminal(80, 24)
    start(t, "playground layers: [8, 8]")
    t.text("x")
    lines = t.until(lambda lines: lines[3].startswith("wrote playground-train.csv"), "x's notice")
    assert lines[3].rstrip() == "wrote playground-train.csv and playground-test.csv (x1, x2, label)", lines[3]
    for _ in range(10):
        t.keys("Tab")
    lines = t.until(lambda lines: lines[3].startswith("▸ hidden layer 2, neuron 2 (tanh)"), "a neuron of 8 inputs selected")
    assert lines[3].rstrip().endswith("…") and len(lines[3].rstrip()) == 80, lines[3]
    leave(t)


def test_settings_that_do_not_fit_leave_out_the_least_important(terminal):
    command = "playground layers: [8, 8, 8, 8, 8, 8] features: [x1, x2, x1_squared, x2_squared, x1_times_x2, sin_x1, sin_x2]"
    t = terminal(80, 24)
    lines = start(t, command)
    settings = t.settings(lines)
    assert settings.startswith("data circle · noise 0.1 · split 50% train · batch 10 · rate 0.1 · tanh"), settings
    assert "layers [8, 8, 8, 8, 8, 8]" in settings and "features" not in settings, settings
    # The features left out of the phrases still label the network's inputs.
    labels = [line.split(" ")[0] for line in lines[4:] if line[:1] in ("x", "s")]
    assert {"x1", "x2", "x1²", "x2²", "x1·x2", "sin"} <= set(labels), lines
    leave(t)
    wide = terminal(120, 40)
    settings = wide.settings(start(wide, command))
    assert "features x1 x2 x1² x2² x1·x2 sin x1 sin x2 · seed 42" in settings, settings
    leave(wide)


@pytest.mark.parametrize("size", SIZES)
def test_the_explanation_wraps_the_whole_sum(terminal, size):
    t = terminal(*size)
    start(t, "playground layers: [8, 8]")
    for _ in range(10):
        t.keys("Tab")
    t.until(lambda lines: lines[3].startswith("▸ hidden layer 2, neuron 2 (tanh)"), "neuron 2 of layer 2 selected")
    t.text("e")
    t.wait("z = b + Σ wᵢ·xᵢ")
    lines = t.wait("e: the next point · Esc: close", "(the box's last line: the whole box is drawn)")
    box = [line[2:-2].rstrip() for line in lines if line.startswith("│ ") and line.rstrip().endswith("│")]
    assert box[-1] == "e: the next point · Esc: close", box
    # The sum of 8 products, wrapped onto indented lines, whole, ending with its value.
    k = next(i for i, line in enumerate(box) if line.startswith("z = b + Σ wᵢ·xᵢ"))
    z = box[k] + "".join(" " + line.strip() for line in itertools.takewhile(lambda line: line.startswith("    "), box[k + 1:]))
    number = r"\(?-?[0-9.]+\)?"
    assert re.fullmatch(rf"z = b \+ Σ wᵢ·xᵢ = -?[0-9.]+( \+ {number}·{number}){{8}} = -?[0-9.]+", z), z
    leave(t)
