"""Saving a copy of the database on a thread of its own, its outcome as a signal."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal


class CopyJob(QObject):
    """Runs `copy(target)` off the GUI thread (a large store takes seconds to copy).

    Signals:
        copied(str, int): the target and the copy's size in bytes.
        failed(str, object): the target and the error; no partial file is left there.
    """

    copied = Signal(str, int)
    failed = Signal(str, object)

    def __init__(self, copy: Callable[[Path], int], target: Path,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.target = target
        self._thread = threading.Thread(target=self._run, args=(copy,), name="save-copy",
                                        daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the copy to end (the window waits before it closes the database)."""
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self, copy: Callable[[Path], int]) -> None:
        # Emitted on this thread, received on the GUI thread: Qt queues the signals.
        try:
            size = copy(self.target)
        except Exception as error:  # a full disk, a folder gone: said in the window
            self.failed.emit(str(self.target), error)
            return
        self.copied.emit(str(self.target), size)
