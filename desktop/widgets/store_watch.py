"""Notices commits of other connections (other windows, simulations, command lines) and rebuilds."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.widgets.commit_hearing import CommitHearing
from domain.core import StorageError
from domain.core.storage import is_server
from domain.core.storage.location import server_address
from domain.core.storage.server import CommitWaiter, listen_for_commits
from domain.readside import ProjectionQueries

log = logging.getLogger(__name__)

# Commits elsewhere show within this, plus the time to read them (the issue asks for 1 s).
INTERVAL_MS = 250


class StoreWatch(QObject):
    """Emits `committed` with the newest position when another connection committed, and
    `rebuilt` too if a rebuild was swapped in (the projections' generation moved: rows
    read before may be gone or different).

    On a SQLite file it asks the reader every `interval_ms` (`PRAGMA data_version`: one
    small query on the GUI thread). On a PostgreSQL server it asks nothing: a
    CommitHearing blocks on the server's announcements on a thread of its own (issue 16,
    item 3), and a lost connection is said in `said` and listened again.

    This process's own commits come through the engine's feed, but they are made by other
    connections too (the engine's worker and lanes), so `committed` also follows them:
    whoever listens reads only what it has not seen.

    Signals:
        committed(int): the newest position committed.
        rebuilt(): the projections were rebuilt and swapped in.
        said(str): news of the server's connection, for the status bar.
    """

    committed = Signal(int)
    rebuilt = Signal()
    said = Signal(str)

    def __init__(self, projections: ProjectionQueries, interval_ms: int = INTERVAL_MS,
                 parent: QObject | None = None,
                 listen: Callable[[str], CommitWaiter] = listen_for_commits) -> None:
        super().__init__(parent)
        self._projections = projections
        self._reader = projections.reader
        self._generation = projections.generation()
        self._timer: QTimer | None = None
        self.hearing: CommitHearing | None = None
        self._lost = False
        if is_server(self._reader.location):
            # No parent: its thread may outlive the window by a connect's timeout, and
            # emits into nothing then rather than into a deleted object.
            self.hearing = CommitHearing(self._reader.location, listen)
            self.hearing.heard.connect(self._heard)
            self.hearing.listening.connect(self._listening)
            self.hearing.lost.connect(self._connection_lost)
            self.hearing.start()
        else:
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
        except StorageError as error:  # a busy or vanished file: the next look tells
            log.warning("could not look for other connections' commits: %s", error)
            return
        self._read_and_say()

    def _read_and_say(self, last: int | None = None) -> None:
        try:
            if last is None:
                last = self._reader.last_position()
            generation = self._projections.generation()
        except StorageError as error:
            log.warning("could not read other connections' commits: %s", error)
            return
        if generation != self._generation:
            self._generation = generation
            self.rebuilt.emit()
        self.committed.emit(last)

    @Slot()
    def _heard(self) -> None:
        if self.hearing is not None:
            self._read_and_say(self.hearing.newest())

    @Slot()
    def _listening(self) -> None:
        # Listening from now: what committed before (while the window opened, or while
        # the connection was lost) is read once.
        if self._lost:
            self._lost = False
            self.said.emit(f"Connected again to {server_address(self._reader.location)}")
        self._read_and_say()

    @Slot(str)
    def _connection_lost(self, why: str) -> None:
        self._lost = True
        self.said.emit(f"Not hearing other windows' commits: {why}")

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self.hearing is not None:
            self.hearing.stop()
