"""Notices commits of other connections (other windows, simulations, command lines)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from domain.core import StorageError
from domain.readside import Reader

log = logging.getLogger(__name__)

# Commits elsewhere show within this, plus the time to read them (the issue asks for 1 s).
INTERVAL_MS = 250


class StoreWatch(QObject):
    """Asks the reader whether another connection committed, every `interval_ms` (SQLite's
    `PRAGMA data_version`: one small query on the GUI thread), and emits `committed` with
    the newest position when one did.

    This process's own commits come through the engine's feed, but they are made by other
    connections too (the engine's worker and lanes), so `committed` also follows them:
    whoever listens reads only what it has not seen.
    """

    committed = Signal(int)

    def __init__(self, reader: Reader, interval_ms: int = INTERVAL_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reader = reader
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.look)
        self._timer.start(interval_ms)

    @Slot()
    def look(self) -> None:
        """Emit `committed` if another connection committed since the last look."""
        try:
            if not self._reader.changed():
                return
            last = self._reader.last_position()
        except StorageError as error:  # a busy or vanished file: the next look tells
            log.warning("could not look for other connections' commits: %s", error)
            return
        self.committed.emit(last)

    def stop(self) -> None:
        self._timer.stop()
