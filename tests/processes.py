"""Running `bookshelf` in a child process for the tests that signal or kill it."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from domain.core.storage import is_server
from domain.core.storage.sqlite.connection import connect
from tests.store_rows import count

ROOT = Path(__file__).resolve().parents[1]
WAIT_S = 30


@contextmanager
def bookshelf_process(*arguments: str, env: dict[str, str] | None = None,
                      stdout: int = subprocess.PIPE) -> Iterator[subprocess.Popen]:
    """`python -m desktop.launcher ARGUMENTS`, killed at the end if it is still running."""
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop.launcher", *arguments], cwd=ROOT, env=env,
        stdout=stdout, stderr=subprocess.PIPE,
        # CI may start us with SIGINT ignored, which the child would inherit.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(WAIT_S)


def wait_while_running(process: subprocess.Popen, until: Callable[[], bool], what: str) -> None:
    """Poll until `until()` holds, failing with `what` if the time runs out first."""
    deadline = time.monotonic() + WAIT_S
    while not until() and process.poll() is None:
        assert time.monotonic() < deadline, what
        time.sleep(0.05)  # waiting for the subprocess to get busy, not for an outcome


def stored_events(path: Path | str) -> int:
    """How many events the store holds (a file, or a server's database), 0 while it does
    not exist yet."""
    if is_server(str(path)):
        try:
            return count(path, "SELECT count(*) FROM events")
        except Exception:
            return 0  # not created yet
    try:
        connection = connect(str(path), read_only=True)
    except Exception:
        return 0  # not created yet
    try:
        return connection.execute("SELECT count(*) FROM events").fetchone()[0]
    except Exception:
        return 0
    finally:
        connection.close()
