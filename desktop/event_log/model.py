"""The event log as a lazy Qt table model: a thin adapter over the read side's pager."""

from __future__ import annotations

import bisect
import re
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal

from desktop.widgets.columns_model import AnyIndex
from desktop.widgets.list_table_model import RIGHT_ALIGNED, ListTableModel
from desktop.widgets.roles import KEY_ROLE
from domain.readside import (
    EventFilter,
    EventLog,
    EventLogPager,
    EventRow,
    Inserted,
    Removed,
    RowChange,
    SearchScope,
)

# A stream as the table shows it (`order-1a2b3c4d`) or as it is stored (`ctx::order-...`).
_STREAM = re.compile(r"(?:[\w.]+::)?[a-z_]+-[0-9a-f]{8}(?:-[0-9a-f]{4}){0,3}(?:-[0-9a-f]{12})?")


def looks_like_stream(text: str) -> bool:
    """Whether `text` names a stream rather than words to search for."""
    return _STREAM.fullmatch(text) is not None


class EventLogModel(ListTableModel):
    """The rows of an EventLogPager, oldest first; its changes become Qt's row signals.

    The pager decides what is read and held (see EventLogPager); this model shows its
    rows, turns `fetchMore`/`canFetchMore` into `fetch_newer`/`can_fetch_newer`, and tells
    views of each change the pager reports, before and after it is made.

    Signals:
        typesSeen(list): event types met for the first time, for the type filter.
        readingStopped(): it reads nothing more (`stop_reading`): nor may those beside it.
    """

    typesSeen = Signal(list)
    readingStopped = Signal()
    HEADERS = ("Position", "Time", "Type", "Stream", "Payload")
    ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, KEY_ROLE,
                       Qt.ItemDataRole.TextAlignmentRole})

    def __init__(self, pager: EventLogPager, parent: Any = None) -> None:
        super().__init__(parent)
        self._stopped = False
        self._utc = False
        self.pager = pager
        self._rows = pager.rows  # one list, which the pager changes in place
        pager.listener = self

    # -- the pager's changes, as Qt signals ------------------------------------------------

    def rows_changing(self, change: RowChange) -> None:
        if isinstance(change, Inserted):
            self.beginInsertRows(QModelIndex(), change.first, change.first + change.count - 1)
        elif isinstance(change, Removed):
            self.beginRemoveRows(QModelIndex(), change.first, change.first + change.count - 1)
        else:
            self.beginResetModel()

    def rows_changed(self, change: RowChange) -> None:
        if isinstance(change, Inserted):
            self.endInsertRows()
        elif isinstance(change, Removed):
            self.endRemoveRows()
        else:
            self.endResetModel()

    def types_seen(self, types: list[str]) -> None:
        self.typesSeen.emit(types)

    # -- what the panel asks -----------------------------------------------------------

    @property
    def types(self) -> list[str]:
        return self.pager.types

    @property
    def last_position(self) -> int:
        return self.pager.last_position

    @property
    def filtered(self) -> bool:
        return self.pager.filtered

    @property
    def log(self) -> EventLog:
        return self.pager.log

    @property
    def selection(self) -> EventFilter:
        return self.pager.selection

    @property
    def scope(self) -> SearchScope:
        return self.pager.scope

    @property
    def scope_note(self) -> str | None:
        """What the filter did not look at (see EventLog.scope); None when it looked
        everywhere."""
        return self.pager.scope.note

    def set_filters(self, event_type: str | None, text: str, since: str | None = None,
                    until: str | None = None) -> None:
        """Start over with new filters, at the newest page of the events they keep. A text
        written as a stream, whole or as the table shows it (`order-1a2b3c4d`), filters by
        stream; any other is searched (see EventFilter)."""
        text = text.strip()
        stream = text if looks_like_stream(text) else None
        self.pager.set_filter(EventFilter(type=event_type or None, stream=stream,
                                          text="" if stream else text,
                                          since=since, until=until))

    def read_newest(self) -> None:
        self.pager.read_newest()

    def read_around(self, position: int) -> bool:
        """The rows around `position` (see EventLogPager.read_around)."""
        return self.pager.read_around(position)

    def row_of(self, position: int) -> int | None:
        """The row showing the event at `position`, None when it is not held."""
        row = bisect.bisect_left(self._rows, position, key=lambda each: each.position)
        return row if row < len(self._rows) and self._rows[row].position == position else None

    def set_following(self, following: bool) -> None:
        self.pager.set_following(following)

    def append_live(self, rows: list[EventRow]) -> None:
        self.pager.append_live(rows)

    def read_committed(self) -> None:
        """Read what other connections committed (see EventLogPager.read_committed)."""
        self.pager.read_committed()

    def can_fetch_older(self) -> bool:
        return self.pager.can_fetch_older()

    def fetch_older(self) -> int:
        return self.pager.fetch_older()

    def row_at(self, row: int) -> EventRow:
        return self.pager.rows[row]

    @property
    def utc(self) -> bool:
        """Whether times are shown in UTC rather than in the local zone."""
        return self._utc

    def set_utc(self, utc: bool) -> None:
        if utc != self._utc:
            self._utc = utc
            if self._rows:
                self.dataChanged.emit(self.index(0, 1), self.index(len(self._rows) - 1, 1),
                                      [Qt.ItemDataRole.DisplayRole])

    # -- Qt ----------------------------------------------------------------------------------

    def stop_reading(self) -> None:
        """Read nothing more (the reader is about to be closed); what is shown stays."""
        self._stopped = True
        self.readingStopped.emit()

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._stopped and self.pager.can_fetch_newer()

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not parent.isValid():
            self.pager.fetch_newer()

    def cell(self, row: EventRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            # Column by column: time_text, type_name and summary are computed when asked.
            if column == 0:
                return str(row.position)
            if column == 1:
                return row.time_text(self._utc)
            if column == 2:
                return row.type_name
            if column == 3:
                return row.stream
            return row.summary
        if role == Qt.ItemDataRole.ToolTipRole:
            return (str(row.position), row.timestamp, row.type, row.stream,
                    row.summary)[column]
        if role == KEY_ROLE:
            return row.position
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return RIGHT_ALIGNED
        return None
