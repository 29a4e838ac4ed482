"""Notices a rebuild swapped in by any connection, so that the panels read their rows again."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from domain.core import StorageError
from domain.readside import ProjectionQueries

log = logging.getLogger(__name__)

INTERVAL_MS = 1_000


class RebuildWatch(QObject):
    """Asks the projections' generation every `interval_ms` (one small query on the GUI
    thread) and emits `rebuilt` when it moved.

    The panels read only the rows written past the last position they saw; a rebuild
    swapped in keeps positions but may change any row, so they must read everything again.
    """

    rebuilt = Signal()

    def __init__(self, projections: ProjectionQueries, interval_ms: int = INTERVAL_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._read = projections
        self._generation = projections.generation()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.look)
        self._timer.start(interval_ms)

    @Slot()
    def look(self) -> None:
        """Emit `rebuilt` if a rebuild was swapped in since the last look."""
        try:
            generation = self._read.generation()
        except StorageError as error:  # a busy or vanished file: the next look tells
            log.warning("could not read the projections' generation: %s", error)
            return
        if generation != self._generation:
            self._generation = generation
            self.rebuilt.emit()

    def stop(self) -> None:
        self._timer.stop()
