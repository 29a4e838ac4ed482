"""The event log as a lazy table model: pages from the store, live rows from the bridge."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal

from desktop.event_rows import EventRow
from desktop.list_table_model import RIGHT_ALIGNED, AnyIndex, ListTableModel
from desktop.read_store import ReadStore
from desktop.roles import KEY_ROLE

PAGE_SIZE = 500


class EventLogModel(ListTableModel):
    """Events oldest first, read PAGE_SIZE at a time as the view scrolls (`fetchMore`).

    The filters (an event type, a free text) are applied by the store's query, so a
    filtered log of any length opens as fast as the whole one. Live rows are appended
    only once every stored page was read; until then the next page will bring them. A
    row at or below the last position held is a redelivery and is skipped.

    Signals:
        typesSeen(list): event types met for the first time, for the type filter.
    """

    typesSeen = Signal(list)
    HEADERS = ("Position", "Time", "Type", "Stream", "Payload")
    ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, KEY_ROLE,
                       Qt.ItemDataRole.TextAlignmentRole})

    def __init__(self, read_store: ReadStore, page_size: int = PAGE_SIZE,
                 known_types: tuple[str, ...] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._read = read_store
        self._page_size = page_size
        self._last_position = 0
        self._exhausted = False
        self._event_type: str | None = None
        self._text = ""
        self._types: set[str] = {*known_types, *read_store.event_types()}

    @property
    def types(self) -> list[str]:
        return sorted(self._types)

    @property
    def last_position(self) -> int:
        return self._last_position

    def set_filters(self, event_type: str | None, text: str) -> None:
        """Start over with new filters; the first page is read at once."""
        self._event_type, self._text = event_type or None, text.strip()
        self._last_position, self._exhausted = 0, False
        self._reset_rows([])
        self.fetchMore(QModelIndex())

    def row_at(self, row: int) -> EventRow:
        return self._rows[row]

    # -- lazy loading ------------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        page = self._read.events_page(self._last_position, self._page_size,
                                      self._event_type, self._text)
        self._exhausted = len(page) < self._page_size
        self._append(page)

    def append_live(self, rows: list[EventRow]) -> None:
        """Rows delivered by the bridge, oldest first."""
        fresh_types = sorted({row.type for row in rows} - self._types)
        if fresh_types:
            self._types.update(fresh_types)
            self.typesSeen.emit(fresh_types)
        if not self._exhausted:
            return  # fetchMore will read them from the store, in order
        self._append([row for row in rows if row.position > self._last_position
                      and row.matches(self._event_type, self._text)])

    def _append(self, rows: list[EventRow]) -> None:
        if rows:
            self._last_position = rows[-1].position
            self._append_rows(rows)

    def cell(self, row: EventRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            # Column by column: time_text, type_name and summary are computed when asked.
            if column == 0:
                return str(row.position)
            if column == 1:
                return row.time_text
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
