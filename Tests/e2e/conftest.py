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
