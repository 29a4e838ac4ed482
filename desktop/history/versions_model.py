"""The versions of an aggregate, one row an event under the version its write raised it in."""

from __future__ import annotations

from typing import Any

import attrs
from PySide6.QtCore import Qt

from desktop.widgets.list_table_model import RIGHT_ALIGNED, ListTableModel
from desktop.widgets.time_display import time_display
from domain.readside import short_type
from domain.readside.history import History, HistoryEvent, Version


@attrs.frozen
class VersionRow:
    """One line of the list: an event of `version` (None: the write raised none)."""

    version: Version
    event: HistoryEvent | None
    first: bool  # the first line of its version: the one that shows its number


class VersionsModel(ListTableModel):
    """The rows of a History, oldest first; every row of a version selects that version."""

    HEADERS = ("Version", "Time", "Seq", "Event")
    TIME_COLUMNS = (1,)
    ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole,
                       Qt.ItemDataRole.ToolTipRole})

    def show(self, history: History) -> None:
        self._reset_rows([
            VersionRow(version, event, index == 0)
            for version in history.versions
            for index, event in enumerate(version.events or (None,))])

    def row_of(self, number: int) -> int | None:
        """The first row of version `number`, None when it has none."""
        for row, item in enumerate(self._rows):
            if item.version.number == number:
                return row
        return None

    def row_of_event(self, event_id: str) -> int | None:
        """The row of the event `event_id`, None when no version raised it."""
        for row, item in enumerate(self._rows):
            if item.event is not None and item.event.event_id == event_id:
                return row
        return None

    def cell(self, item: VersionRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT_ALIGNED if column in (0, 2) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if item.version.state is None:
                return "This write's state was not recorded (written before states were kept)"
            return item.event.type if item.event else None
        number = "?" if item.version.number is None else str(item.version.number)
        event = item.event
        if column == 0:
            return number if item.first else ""
        if event is None:
            return "(no event)" if column == 3 else ""
        return (time_display().text(event.timestamp, millis=True), str(event.sequence),
                short_type(event.type))[column - 1]
