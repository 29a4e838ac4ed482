"""A table model over the rows of one projection, keyed by id and read past a position."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Slot

from desktop.widgets.list_table_model import ListTableModel
from domain.readside import EventRow, ProjectionQueries


class ProjectionTableModel(ListTableModel):
    """Rows of a projection table, one per `KEY`, refreshed when one of `EVENTS` is delivered.

    Each refresh reads the rows written past the last position seen (`_read_since`). A
    row met for the first time is appended; one met again (an order that moved on)
    replaces the old one in place, so a selection or a sort stays where it was.
    """

    KEY: ClassVar[str]
    EVENTS: ClassVar[frozenset[str]]

    def __init__(self, projections: ProjectionQueries, parent: Any = None) -> None:
        super().__init__(parent)
        self._read = projections
        self._rows_by_id: dict[str, int] = {}
        self._position = 0
        self.refresh()

    def _read_since(self, position: int) -> list[dict[str, Any]]:
        """The projection's rows written after `position`, each with its own `position`."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Read the rows added or changed since the last refresh."""
        changed = self._read_since(self._position)
        if not changed:
            return
        self._position = max(self._position, max(entry["position"] for entry in changed))
        fresh: list[dict[str, Any]] = []
        moved: list[int] = []
        for entry in changed:
            row = self._rows_by_id.get(entry[self.KEY])
            if row is None:
                fresh.append(entry)
            else:
                self._rows[row] = entry
                moved.append(row)
        # One signal per run of neighbouring rows, not per row and not one span over all of
        # them: the sorting proxy re-sorts every row a signal spans, and a simulation moves
        # hundreds of orders, old and new, between two refreshes.
        for first, last in runs(sorted(set(moved))):
            self.dataChanged.emit(self.index(first, 0),
                                  self.index(last, len(self.HEADERS) - 1))
        # Known before the rows are inserted: rowsInserted handlers look them up by id.
        for offset, entry in enumerate(fresh):
            self._rows_by_id[entry[self.KEY]] = len(self._rows) + offset
        self._append_rows(fresh)

    @Slot()
    def reload(self) -> None:
        """Read every row again: a rebuild was swapped in, rows seen before may differ."""
        rows = self._read_since(0)
        self._position = max((entry["position"] for entry in rows), default=0)
        self._rows_by_id = {entry[self.KEY]: row for row, entry in enumerate(rows)}
        self._reset_rows(rows)

    @Slot(list)
    def on_events(self, rows: list[EventRow]) -> None:
        """Connected to Bridge.eventsDelivered by the panel that shows this model."""
        if any(row.type in self.EVENTS for row in rows):
            self.refresh()

    def row_of(self, key: str) -> int | None:
        return self._rows_by_id.get(key)


def runs(rows: list[int]) -> list[tuple[int, int]]:
    """Ascending row numbers as (first, last) runs of consecutive rows."""
    spans: list[tuple[int, int]] = []
    for row in rows:
        if spans and spans[-1][1] == row - 1:
            spans[-1] = (spans[-1][0], row)
        else:
            spans.append((row, row))
    return spans
