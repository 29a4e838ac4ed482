"""Notices commits of other connections (other windows, simulations, command lines) and rebuilds."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from domain.core import StorageError
from domain.readside import ProjectionQueries

log = logging.getLogger(__name__)

# Commits elsewhere show within this, plus the time to read them (the issue asks for 1 s).
INTERVAL_MS = 250


class StoreWatch(QObject):
    """Asks the reader whether another connection committed, every `interval_ms` (SQLite's
    `PRAGMA data_version`: one small query on the GUI thread). When one did, it emits
    `committed` with the newest position, and `rebuilt` too if a rebuild was swapped in
    (the projections' generation moved: rows read before may be gone or different).

    This process's own commits come through the engine's feed, but they are made by other
    connections too (the engine's worker and lanes), so `committed` also follows them:
    whoever listens reads only what it has not seen.
    """

    committed = Signal(int)
    rebuilt = Signal()

    def __init__(self, projections: ProjectionQueries, interval_ms: int = INTERVAL_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._projections = projections
        self._reader = projections.reader
        self._generation = projections.generation()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.look)
        self._timer.start(interval_ms)

    @Slot()
    def look(self) -> None:
        """Emit `committed` (and `rebuilt`) if another connection committed since the last
        look."""
        try:
            if not self._reader.changed():
                return
            last = self._reader.last_position()
            generation = self._projections.generation()
        except StorageError as error:  # a busy or vanished file: the next look tells
            log.warning("could not look for other connections' commits: %s", error)
            return
        if generation != self._generation:
            self._generation = generation
            self.rebuilt.emit()
        self.committed.emit(last)

    def stop(self) -> None:
        self._timer.stop()
