"""The status bar's word on projections that stopped at an event they failed on."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTimer, SignalInstance, Slot
from PySide6.QtWidgets import QLabel, QWidget

from domain.core import StorageError
from domain.readside import EventRow, ProjectionQueries, ProjectionStop

# A retry on the engine's worker, or a skip from a terminal, lets a projection go on
# without a new event: the label looks again this often (one small query).
REFRESH_MS = 2_000


class StopLabel(QLabel):
    """"⚠ projection.orders stopped at event 1,234 (OrderPlaced)", why and what lets it go
    on in its tooltip (and in the Failures dialog); hidden while no projection is stopped.
    Short: the status bar holds the health figures beside it, even at 1024 px.

    The tables of a stopped projection show it as it was before that event, so the window
    says so rather than showing old rows as current.
    """

    def __init__(self, queries: ProjectionQueries, projections: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusStops")
        self._queries = queries
        self._projections = tuple(projections)
        self.stops: list[ProjectionStop] = []
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(REFRESH_MS)
        self.refresh()

    def follow(self, committed: SignalInstance) -> None:
        """Read again when `committed` says something committed, not on a timer (a
        server's window hears every commit, and an idle one sends nothing)."""
        self.stop_timer()
        committed.connect(self.refresh)

    def stop_timer(self) -> None:
        """Read only when `refresh` is called."""
        self._timer.stop()

    @Slot()
    def refresh(self) -> None:
        """Read where the projections stopped, and say it (or hide)."""
        try:
            self.stops = self._queries.stops(self._projections)
        except StorageError:
            return  # a locked or damaged file: the panels' own reads say so; look again later
        if not self.stops:
            self.clear()
            self.setToolTip("")
            self.hide()
            return
        first = self.stops[0]
        more = f" (and {len(self.stops) - 1} more)" if len(self.stops) > 1 else ""
        self.setText(f"⚠ {first.headline}{more}")
        self.setToolTip("\n".join(f"{stop.sentence}\n{stop.remedy}." for stop in self.stops))
        self.show()

    @Slot(list)
    def on_events(self, rows: list[EventRow]) -> None:
        """Connected to Bridge.eventsDelivered: a commit may have stopped a projection."""
        self.refresh()

    def stop_refreshing(self) -> None:
        self._timer.stop()
