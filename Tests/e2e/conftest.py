"""Fixtures for nnbook's end-to-end tests.

The binary under test is $NNBOOK_BIN, or <repo>/.build/release/nnbook when
that is unset. Tests that need it fail (never skip) when it is missing, so a
broken build cannot pass CI by skipping everything. Each test gets a fresh,
empty NNBOOK_HOME so history, journals and lesson progress never leak between
tests or from the developer's own ~/.nnbook.
"""

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BIN = REPO_ROOT / ".build" / "release" / "nnbook"


def nnbook_bin_path() -> Path:
    """Where the binary under test is expected to be (it may not exist)."""
    env = os.environ.get("NNBOOK_BIN")
    return Path(env).expanduser().resolve() if env else DEFAULT_BIN


@pytest.fixture(scope="session")
def nnbook_bin() -> Path:
    path = nnbook_bin_path()
    source = "$NNBOOK_BIN" if os.environ.get("NNBOOK_BIN") else "the default path"
    if not path.is_file():
        pytest.fail(
            f"nnbook binary not found at {path} ({source}). "
            "Build it with `swift build -c release` (or scripts/setup.sh), "
            "or point NNBOOK_BIN at a binary.",
            pytrace=False,
        )
    if not os.access(path, os.X_OK):
        pytest.fail(f"nnbook binary at {path} ({source}) is not executable", pytrace=False)
    return path


@pytest.fixture
def nnbook_home(tmp_path: Path) -> Path:
    """A fresh, empty directory to use as NNBOOK_HOME for one test."""
    home = tmp_path / "nnbook-home"
    home.mkdir()
    return home


@pytest.fixture
def nnbook_env(nnbook_home: Path) -> dict:
    """The environment to run nnbook with: the caller's, plus a fresh NNBOOK_HOME."""
    env = dict(os.environ)
    env["NNBOOK_HOME"] = str(nnbook_home)
    return env


@pytest.fixture
def spawned():
    """Registers a driver of a spawned nnbook (anything with a pexpect `child`)
    and returns it; whatever is still running at the end of the test is killed."""
    drivers = []

    def track(driver):
        drivers.append(driver)
        return driver

    yield track
    for driver in drivers:
        if driver.child.isalive():
            driver.child.terminate(force=True)


def expect_or_fail(child, pattern, screen: str, timeout=-1, what: str = ""):
    """`child.expect(pattern)`, but a timeout or an early end fails the test
    with the end of what the terminal showed (`screen`), not a pexpect dump."""
    import pexpect

    try:
        return child.expect(pattern, timeout=timeout)
    except (pexpect.TIMEOUT, pexpect.EOF) as exc:
        pytest.fail(f"{type(exc).__name__} waiting for {pattern!r}{' ' + what if what else ''}; screen so far:\n"
                    f"{screen[-2500:]}", pytrace=False)


def cpu_seconds_used(pid: int) -> float:
    """The CPU time (user + system) process `pid` has used so far, from /proc."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) "; utime and stime are fields 14, 15
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_until_computing(pid: int, cpu_seconds: float = 0.3, timeout: float = 60.0, catches_sigint: bool = True) -> None:
    """Waits until process `pid` catches SIGINT and has used `cpu_seconds` of
    CPU: a notebook's long cell is running and Ctrl-C will reach nnbook's
    handler. A fixed sleep raced a loaded CI machine, where the SIGINT came
    before the handler was installed and killed nnbook silently. The kernel
    is interrupted by a message, not SIGINT: `catches_sigint=False` for it."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            used = cpu_seconds_used(pid)
        except OSError:
            pytest.fail(f"process {pid} ended before it started computing", pytrace=False)
        caught = int(next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:")), 16)
        if (caught & (1 << 1) or not catches_sigint) and used >= cpu_seconds:  # bit 1 is signal 2, SIGINT
            return
        time.sleep(0.02)
    pytest.fail(f"process {pid} did not start computing within {timeout:.0f} s", pytrace=False)


def running_kernel(km, timeout: float = 30, **start):
    """Starts the kernel of jupyter_client's manager `km` (`start`: start_kernel's
    arguments), yields a ready client, and stops both whatever the test did."""
    km.start_kernel(**start)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=timeout)
        yield kc
    finally:
        kc.stop_channels()
        if km.is_alive():
            km.shutdown_kernel(now=True)


@pytest.fixture(scope="module")
def nnbook_kernelspec(nnbook_bin, tmp_path_factory):
    """Installs the nnbook kernelspec with `nnbook kernel install --prefix TMP`
    and points JUPYTER_PATH at it for the module, so jupyter_client finds
    `nnbook` and the developer's own Jupyter folders are never touched.
    Yields the kernelspec's folder (TMP/share/jupyter/kernels/nnbook)."""
    import subprocess

    prefix = tmp_path_factory.mktemp("jupyter-prefix")
    out = subprocess.run([str(nnbook_bin), "kernel", "install", "--prefix", str(prefix)],
                         capture_output=True, text=True, check=True)
    spec_dir = prefix / "share" / "jupyter" / "kernels" / "nnbook"
    assert str(spec_dir / "kernel.json") in out.stdout
    old_path = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(prefix / "share" / "jupyter")
    yield spec_dir
    if old_path is None:
        os.environ.pop("JUPYTER_PATH", None)
    else:
        os.environ["JUPYTER_PATH"] = old_path
