"""Building the window: a failure after the engine started leaves nothing running; Ctrl-C
quits it cleanly."""

from __future__ import annotations

import os
import signal
import sys

import pytest

import desktop.app
from desktop.app import create_main_window
from desktop.bridge import SUBSCRIBER_NAME
from domain.bookshelf import Bookshelf
from tests.processes import WAIT_S, bookshelf_process, wait_while_running


def refuse(*_args, **_kwargs):
    raise RuntimeError("cannot build this")


@pytest.mark.parametrize("part", ("Bridge", "MainWindow"))
def test_a_window_that_fails_to_build_stops_its_engine_and_unsubscribes(
        monkeypatch, open_window, database_path, part):
    opened: list[Bookshelf] = []

    class RecordedBookshelf(Bookshelf):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            opened.append(self)

    monkeypatch.setattr(desktop.app, "Bookshelf", RecordedBookshelf)
    monkeypatch.setattr(desktop.app, part, refuse)

    with pytest.raises(RuntimeError, match="cannot build this"):
        create_main_window(database_path)

    (bookshelf,) = opened
    assert bookshelf.engine is not None and not bookshelf.engine.running
    assert SUBSCRIBER_NAME not in [each.name for each in bookshelf.runtime.subscribers()]
    monkeypatch.undo()
    assert open_window(database_path).engine.running  # and the file opens again



@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")
def test_an_interrupt_quits_the_window_through_its_normal_shutdown(database_path):
    with bookshelf_process("--db", str(database_path),
                           env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}) as process:
        # The handler is installed before the engine creates the file.
        wait_while_running(process, database_path.exists,
                           "the window never opened its database")
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=WAIT_S)
    assert process.returncode == 0, err.decode()
    assert "Traceback" not in err.decode()
