"""Building the window: a failure after the engine started leaves nothing running; Ctrl-C
quits it cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import desktop.app
from desktop.app import create_main_window
from desktop.bridge import SUBSCRIBER_NAME
from domain.bookshelf import bookshelf
from domain.core.engine import Engine

ROOT = Path(__file__).resolve().parents[2]
WAIT_S = 30


def refuse(*_args, **_kwargs):
    raise RuntimeError("cannot build this")


@pytest.mark.parametrize("part", ("Bridge", "MainWindow"))
def test_a_window_that_fails_to_build_stops_its_engine_and_unsubscribes(
        monkeypatch, open_window, database_path, part):
    engines: list[Engine] = []

    def recorded_engine(*args, **kwargs) -> Engine:
        engines.append(Engine(*args, **kwargs))
        return engines[-1]

    monkeypatch.setattr(desktop.app, "Engine", recorded_engine)
    monkeypatch.setattr(desktop.app, part, refuse)

    with pytest.raises(RuntimeError, match="cannot build this"):
        create_main_window(database_path)

    (engine,) = engines
    assert not engine.running
    assert SUBSCRIBER_NAME not in [subscriber.name for subscriber in bookshelf.subscribers]
    monkeypatch.undo()
    assert open_window(database_path).engine.running  # and the file opens again



@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")
def test_an_interrupt_quits_the_window_through_its_normal_shutdown(database_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop.launcher", "--db", str(database_path)],
        cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        # CI may start us with SIGINT ignored, which the child would inherit.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + WAIT_S
        # The handler is installed before the engine creates the file.
        while not database_path.exists() and process.poll() is None:
            assert time.monotonic() < deadline, "the window never opened its database"
            time.sleep(0.05)  # waiting for the subprocess to get going, not for an outcome
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=WAIT_S)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(WAIT_S)
    assert process.returncode == 0, err.decode()
    assert "Traceback" not in err.decode()
