"""Building the window: a failure after the engine started leaves nothing running; Ctrl-C
quits it cleanly."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer

import desktop.app
from desktop.app import create_main_window, quit_on_interrupt
from desktop.bridge import SUBSCRIBER_NAME
from domain.bookshelf import bookshelf
from domain.core.engine import Engine


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


@pytest.fixture
def interrupt_handler() -> Iterator[None]:
    """Put the SIGINT handler back as it was."""
    handler = signal.getsignal(signal.SIGINT)
    yield
    signal.signal(signal.SIGINT, handler)


def test_an_interrupt_quits_the_event_loop_through_the_window_shutdown(
        qapp, window, interrupt_handler):
    qapp.aboutToQuit.connect(window.shutdown)
    poll = quit_on_interrupt(qapp)
    # Sent once the loop runs (Qt 6 ignores a quit outside it), from another thread: the
    # loop is then waiting in C++, where only the poll timer lets Python run the handler.
    QTimer.singleShot(0, threading.Thread(
        target=os.kill, args=(os.getpid(), signal.SIGINT), daemon=True).start)
    safety_net = QTimer(singleShot=True, interval=10_000)
    safety_net.timeout.connect(lambda: qapp.exit(1))
    safety_net.start()
    try:
        assert qapp.exec() == 0, "the interrupt did not quit the loop"
    finally:
        safety_net.stop()
        poll.stop()
        poll.deleteLater()
        qapp.aboutToQuit.disconnect(window.shutdown)
    assert not window.engine.running
    assert SUBSCRIBER_NAME not in [subscriber.name for subscriber in bookshelf.subscribers]
