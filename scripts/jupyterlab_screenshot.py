#!/usr/bin/env python3
"""Lesson 1 run by JupyterLab in headless Chromium with the nnbook kernel, photographed.

    python3 scripts/jupyterlab_screenshot.py --nnbook PATH --out-dir docs/images

Run it through scripts/jupyterlab_screenshot.sh, which installs Chromium and
JupyterLab and builds nnbook first. Standard library only: Chromium is driven
over its DevTools protocol on a pipe (--remote-debugging-pipe: JSON messages
ended by a NUL byte on file descriptors 3 and 4), so no websocket client and
no chromedriver are needed.

What it does, all inside one temporary folder that is removed at the end:
the nnbook kernelspec is installed with `--prefix` and found through
JUPYTER_PATH (JupyterLab's config, data, runtime and settings folders point
there too, so the user's own are never read or written); lesson 1 is
exported with `nnbook export`, its outputs cleared (a plot cell is appended if
the lesson has none); JupyterLab starts on a free localhost port with a random
token; Chromium opens the notebook and JupyterLab runs it (the command
`notebook:run-all-cells`, Run ▸ Run All Cells) with the nnbook kernel.

The run is checked before anything is written: the kernel is nnbook and its
name is in the notebook's toolbar, every code cell ran (an execution count,
no error output, nothing on stderr), the kernel is idle again, and each plot
cell shows its SVG picture. Any failure exits 1 and writes no picture, so a
screenshot never shows a broken run. Then two PNGs: the top of the lesson
(its text, the first cells and their outputs) and the plot with the text
around it.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import secrets
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

WIDTH, HEIGHT = 1024, 800
LESSON = "01-activation-functions.md"
PLOT_CELL = "plot sigmoid from -6 to 6"
RUN_TIMEOUT = 120  # seconds for Run All; lesson 1 takes about two


class Failure(Exception):
    """A step that did not work: the message says which and what was seen."""


def log(message: str) -> None:
    print(f"==> {message}", file=sys.stderr, flush=True)


# --- the notebook ---------------------------------------------------------------

def make_notebook(nnbook: Path, lesson: Path, out: Path, env: dict) -> int:
    """Exports the lesson, clears its outputs (the browser's run makes them) and
    appends a plot cell when the lesson has none. Returns the number of code cells."""
    subprocess.run([str(nnbook), "export", str(lesson), str(out)], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    nb = json.loads(out.read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    if not any("".join(c["source"]).lstrip().startswith("plot ") for c in code):
        nb["cells"].append({"cell_type": "code", "execution_count": None, "id": "nnbook-plot",
                            "metadata": {}, "outputs": [], "source": [PLOT_CELL]})
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    out.write_text(json.dumps(nb, indent=1, ensure_ascii=False))
    return sum(1 for c in nb["cells"] if c["cell_type"] == "code")


# --- processes ------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen | None) -> None:
    """Ends a process started here and everything it started (its own process group)."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


def stop_strays(tmp: Path) -> None:
    """Ends any process still running with a file of our temporary folder in its
    command line: a kernel (`nnbook kernel -f TMP/runtime/kernel-….json`) that
    JupyterLab did not shut down runs in a session of its own."""
    for proc_dir in Path("/proc").glob("[0-9]*"):
        if int(proc_dir.name) == os.getpid():
            continue
        try:
            argv = (proc_dir / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(arg.startswith(str(tmp).encode()) or f"={tmp}".encode() in arg for arg in argv):
            try:
                os.kill(int(proc_dir.name), signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


def write_lab_settings(settings: Path) -> None:
    """No news or update toasts over the picture; every cell kept in the page
    (windowing off) so the checks below see all outputs."""
    files = {
        "apputils-extension/notification": {"checkForUpdates": False, "fetchNews": "false"},
        "notebook-extension/tracker": {"windowingMode": "none"},
    }
    for name, values in files.items():
        path = settings / "@jupyterlab" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


def start_lab(python: str, tmp: Path, root: Path, env: dict, port: int, token: str,
              log_file) -> subprocess.Popen:
    settings = tmp / "lab-settings"
    write_lab_settings(settings)
    cmd = [python, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           "--port-retries=0", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
           f"--LabApp.user_settings_dir={settings}",
           f"--LabApp.workspaces_dir={tmp / 'lab-workspaces'}",
           "--LanguageServerManager.autodetect=False"]  # no probing for npm, node and the like
    if os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and CI machines run as root
    proc = subprocess.Popen(cmd, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}/api/status?token={token}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise Failure(f"JupyterLab exited with status {proc.returncode} (log above)")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    raise Failure("JupyterLab did not answer on its port within 60 s")


# --- Chromium over the DevTools protocol ------------------------------------------

class Browser:
    """Headless Chromium with one page, commanded over --remote-debugging-pipe."""

    def __init__(self, chromium: str, profile: Path, env: dict, log_file):
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        args = [chromium, "--headless=new", "--remote-debugging-pipe",
                f"--user-data-dir={profile}", f"--window-size={WIDTH},{HEIGHT}",
                "--force-device-scale-factor=1", "--hide-scrollbars", "--no-first-run",
                "--no-default-browser-check", "--disable-gpu", "--disable-extensions",
                "--mute-audio", "about:blank"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox

        # Chromium reads commands on fd 3 and writes replies on fd 4; the shell puts the pipes there.
        wired = ["/bin/sh", "-c", f'exec "$@" 3<&{to_chrome_r} 4>&{from_chrome_w}', "sh", *args]
        self.proc = subprocess.Popen(wired, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                                     pass_fds=(to_chrome_r, from_chrome_w), start_new_session=True)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next_id = 0
        self.session = None
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target,
                                 flatten=True)["sessionId"]
        self.call("Emulation.setDeviceMetricsOverride", width=WIDTH, height=HEIGHT,
                  deviceScaleFactor=1, mobile=False)

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._from_chrome], [], [], remaining)[0]:
                raise Failure("Chromium did not answer within its time")
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise Failure("Chromium closed its DevTools pipe (did it crash? log above)")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, timeout: float = 60, **params) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if self.session is not None and not method.startswith("Target."):
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise Failure(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})

    def evaluate(self, expression: str, timeout: float = 60):
        """The value of a JavaScript expression in the page (promises awaited)."""
        result = self.call("Runtime.evaluate", timeout=timeout, expression=expression,
                           awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise Failure(f"in the page: {text}")
        return result["result"].get("value")

    def wait_for(self, expression: str, what: str, timeout: float):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.25)
        raise Failure(f"timed out after {timeout:.0f} s waiting for {what}")

    def screenshot(self) -> bytes:
        """The page as it is in view, a PNG."""
        return base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])

    def close(self) -> None:
        try:
            os.close(self._to_chrome)
            os.close(self._from_chrome)
        except OSError:
            pass
        stop(self.proc)


# --- JupyterLab in the page ----------------------------------------------------------
# window.jupyterapp is there because of --LabApp.expose_app_in_browser.

NOTEBOOK = "jupyterapp.shell.currentWidget"

STATE = f"""(() => {{
  // JupyterLab shows image/svg+xml as an <img> with a data: URL; loaded means it parsed.
  const isPlot = cell => cell.model.sharedModel.getSource().trim().startsWith('plot ');
  const drawnSvg = node => [...node.querySelectorAll('.jp-OutputArea-output[data-mime-type="image/svg+xml"] img, .jp-OutputArea-output svg')]
    .some(e => e.tagName.toLowerCase() === 'svg' || (e.complete && e.naturalWidth > 0));
  const panel = {NOTEBOOK};
  if (!panel || !panel.content || !panel.sessionContext) return null;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const cells = panel.content.widgets.filter(c => c.model.type === 'code');
  const plots = cells.filter(isPlot);
  const problems = [];
  cells.forEach((cell, i) => {{
    for (const out of cell.model.outputs.toJSON()) {{
      if (out.output_type === 'error')
        problems.push(`cell ${{i + 1}} (${{cell.model.sharedModel.getSource()}}): ${{out.ename}}: ${{out.evalue}}`);
      if (out.output_type === 'stream' && out.name === 'stderr')
        problems.push(`cell ${{i + 1}} (${{cell.model.sharedModel.getSource()}}) wrote to stderr: ${{out.text}}`);
    }}
  }});
  const badge = panel.node.querySelector('.jp-KernelName, .jp-Toolbar-kernelName');
  return {{
    kernelName: kernel ? kernel.name : null,
    kernelStatus: kernel ? kernel.status : null,
    badge: badge ? badge.textContent.trim() : null,
    codeCells: cells.length,
    ran: cells.filter(c => c.model.executionCount !== null).length,
    running: [...panel.content.node.querySelectorAll('.jp-InputArea-prompt')]
      .filter(p => p.textContent.includes('*')).length,
    plotCells: plots.length,
    plotSvgs: plots.filter(c => drawnSvg(c.node)).length,
    problems,
  }};
}})()"""


SCROLLER = """(node => { for (let n = node.parentElement; n; n = n.parentElement) {
    const style = getComputedStyle(n);
    if (/(auto|scroll)/.test(style.overflowY) && n.scrollHeight > n.clientHeight) return n; }
  return null; })"""


def scroll_to(browser: Browser, cell_expr: str, at_bottom: bool = False) -> None:
    """Scrolls the notebook so that the cell chosen by the JavaScript expression
    (over `all` cells and `cells`, the code cells) starts at the top of the view,
    or, `at_bottom`, ends at its bottom. The last cell is made the active one, so
    no blue bar or cell toolbar is in view."""
    browser.evaluate(f"""(() => {{
      const panel = {NOTEBOOK};
      const all = panel.content.widgets;
      const cells = all.filter(c => c.model.type === 'code');
      const target = {cell_expr};
      panel.content.activeCellIndex = all.length - 1;
      panel.content.deselectAll();
      const scroller = ({SCROLLER})(target.node);
      if (!scroller) throw new Error('no scrolling element around the notebook');
      const cell = target.node.getBoundingClientRect(), view = scroller.getBoundingClientRect();
      scroller.scrollTop += {"cell.bottom - view.bottom + 2" if at_bottom else "cell.top - view.top - 4"};
      return true;
    }})()""")
    time.sleep(0.5)


def run_in_browser(browser: Browser, url: str, code_cells: int) -> dict[str, bytes]:
    """Runs the notebook in the page, checks the run and returns the two pictures."""
    browser.call("Page.enable")
    browser.call("Runtime.enable")
    browser.call("Page.navigate", url=url)
    browser.wait_for("typeof jupyterapp !== 'undefined' && !!jupyterapp.shell",
                     "JupyterLab to load", 90)
    browser.evaluate("jupyterapp.restored.then(() => true)", timeout=90)
    browser.wait_for(f"!!({NOTEBOOK} && {NOTEBOOK}.sessionContext)", "the notebook to open", 60)
    browser.evaluate(f"{NOTEBOOK}.sessionContext.ready.then(() => true)", timeout=60)
    browser.wait_for(f"(() => {{ const k = {NOTEBOOK}.sessionContext.session?.kernel;"
                     " return k && k.status === 'idle'; })()", "the nnbook kernel to start", 60)
    # More room for the notebook: no file browser, no right-hand panel.
    browser.evaluate("""(() => {
      if (!jupyterapp.shell.leftCollapsed) jupyterapp.shell.collapseLeft();
      if (!jupyterapp.shell.rightCollapsed) jupyterapp.shell.collapseRight();
      return true; })()""")

    log("Run ▸ Run All Cells (notebook:run-all-cells)")
    browser.evaluate("jupyterapp.commands.execute('notebook:run-all-cells').then(() => true)",
                     timeout=RUN_TIMEOUT)
    # The command's promise ends when the last cell has run, or at the first cell
    # with an error (Run All stops there); then the kernel goes idle, and the plot's
    # SVG is drawn by its output renderer. A wait that runs out is not an error
    # here: check() says what is missing, with everything else that is wrong.
    settled = (f"(() => {{ const s = {STATE}; return s && s.kernelStatus === 'idle' && !s.running"
               " && (s.ran < s.codeCells || s.plotSvgs === s.plotCells); }})()")
    try:
        browser.wait_for(settled, "the kernel to be idle and the plot drawn", 30)
    except Failure:
        pass
    state = browser.evaluate(STATE)
    check(state, code_cells)
    log(f"checked: kernel {state['kernelName']} ({state['badge']} in the toolbar), "
        f"{state['ran']}/{state['codeCells']} code cells ran, {state['plotSvgs']} plot(s) as SVG, "
        "no errors")

    browser.evaluate("jupyterapp.commands.execute('docmanager:save').then(() => true)")
    # The status bar says "Saving completed" for a moment; the picture waits for it to go.
    try:
        browser.wait_for("!document.querySelector('#jp-main-statusbar')"
                         ".textContent.includes('Saving')", "the save message to go", 10)
    except Failure:
        pass
    scroll_to(browser, "all[0]")
    top = browser.screenshot()
    # The last plot at the bottom, the text that asks for it and the cells before above.
    scroll_to(browser, "cells.filter(c => c.model.sharedModel.getSource().trim()"
                       ".startsWith('plot ')).pop()", at_bottom=True)
    return {"jupyterlab-lesson1.png": top, "jupyterlab-lesson1-plot.png": browser.screenshot()}


def check(state: dict | None, code_cells: int) -> None:
    if not state:
        raise Failure("no notebook in JupyterLab")
    failures = []
    if state["kernelName"] != "nnbook":
        failures.append(f"the kernel is {state['kernelName']!r}, not nnbook")
    if state["badge"] != "nnbook":
        failures.append(f"the toolbar's kernel name shows {state['badge']!r}, not nnbook")
    if state["codeCells"] != code_cells:
        failures.append(f"the page has {state['codeCells']} code cells, the notebook {code_cells}")
    if state["ran"] != state["codeCells"] or state["running"]:
        failures.append(f"{state['ran']} of {state['codeCells']} code cells ran "
                        f"({state['running']} still running)")
    if state["kernelStatus"] != "idle":
        failures.append(f"the kernel is {state['kernelStatus']}, not idle")
    if state["plotCells"] == 0 or state["plotSvgs"] != state["plotCells"]:
        failures.append(f"{state['plotSvgs']} of {state['plotCells']} plot cells show an SVG")
    failures += state["problems"]
    if failures:
        raise Failure("the run in the browser did not work:\n  " + "\n  ".join(failures))


def write_pictures(pictures: dict[str, bytes], tmp: Path, out_dir: Path) -> None:
    """Optimises the PNGs (optipng, when installed) in the temporary folder, then
    moves them all into out_dir, so a failure leaves no half-new set behind."""
    staged = []
    for name, png in pictures.items():
        (tmp / name).write_bytes(png)
        staged.append(tmp / name)
    if shutil.which("optipng"):
        subprocess.run(["optipng", "-quiet", "-o2", "-strip", "all", *map(str, staged)], check=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in staged:
        target = out_dir / path.name
        shutil.move(path, target)
        log(f"wrote {target} ({target.stat().st_size // 1024} KB)")


# --- main ---------------------------------------------------------------------------

def main() -> int:
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nnbook", type=Path, default=root / ".build/release/nnbook")
    parser.add_argument("--lesson", type=Path, default=root / "Lessons" / LESSON)
    parser.add_argument("--out-dir", type=Path, default=root / "docs/images")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--python", default=sys.executable,
                        help="the Python that has JupyterLab (default: this one)")
    args = parser.parse_args()
    nnbook = args.nnbook.resolve()
    if not os.access(nnbook, os.X_OK):
        print(f"jupyterlab_screenshot: no nnbook binary at {nnbook}", file=sys.stderr)
        return 1

    # SIGTERM/SIGHUP end the run through the finally below, as Ctrl-C does.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda *_: sys.exit(1))

    tmp = Path(tempfile.mkdtemp(prefix="nnbook-jupyterlab-"))
    lab = browser = None
    lab_log = open(tmp / "jupyterlab.log", "w+")
    chrome_log = open(tmp / "chromium.log", "w+")
    try:
        prefix = tmp / "prefix"
        home = tmp / "home"
        home.mkdir()
        env = dict(os.environ,
                   JUPYTER_PATH=str(prefix / "share" / "jupyter"),
                   JUPYTER_CONFIG_DIR=str(tmp / "config"),
                   JUPYTER_DATA_DIR=str(tmp / "data"),
                   JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
                   JUPYTER_PLATFORM_DIRS="1",
                   # Chromium's crash reports and dconf cache, anything else that
                   # writes to ~: the temporary folder, not the user's home.
                   HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
                   XDG_CACHE_HOME=str(home / ".cache"), XDG_DATA_HOME=str(home / ".local/share"))
        env.pop("JUPYTER_CONFIG_PATH", None)
        subprocess.run([str(nnbook), "kernel", "install", "--prefix", str(prefix)], check=True,
                       env=env, stdout=subprocess.DEVNULL)
        notebooks = tmp / "notebooks"
        notebooks.mkdir()
        name = "lesson1.ipynb"
        code_cells = make_notebook(nnbook, args.lesson.resolve(), notebooks / name, env)
        log(f"exported {args.lesson.name}: {code_cells} code cells, outputs cleared")

        port, token = free_port(), secrets.token_hex(24)
        lab = start_lab(args.python, tmp, notebooks, env, port, token, lab_log)
        log(f"JupyterLab on 127.0.0.1:{port}")
        browser = Browser(args.chromium, tmp / "chromium-profile", env, chrome_log)
        url = f"http://127.0.0.1:{port}/lab/tree/{name}?token={token}&reset"
        write_pictures(run_in_browser(browser, url, code_cells), tmp, args.out_dir)
        return 0
    except (Failure, subprocess.CalledProcessError) as error:
        for title, f in (("JupyterLab", lab_log), ("Chromium", chrome_log)):
            f.flush()
            f.seek(0)
            # Headless Chromium complains about the missing D-Bus at length: not the problem.
            tail = "".join(line for line in f.read().splitlines(keepends=True)
                           if "dbus" not in line)[-3000:]
            if tail.strip():
                print(f"--- {title} log (end) ---\n{tail}", file=sys.stderr)
        print(f"jupyterlab_screenshot: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("jupyterlab_screenshot: interrupted", file=sys.stderr)
        return 130
    finally:
        if browser is not None:
            browser.close()
        stop(lab)
        stop_strays(tmp)
        lab_log.close()
        chrome_log.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
