"""The event log as a lazy table model: pages from the store, live rows from the bridge."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop.event_rows import EventRow
from desktop.read_store import ReadStore
from desktop.roles import KEY_ROLE

HEADERS = ("Position", "Time", "Type", "Stream", "Payload")
PAGE_SIZE = 500
AnyIndex = QModelIndex | QPersistentModelIndex
ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, KEY_ROLE,
                   Qt.ItemDataRole.TextAlignmentRole})


class EventLogModel(QAbstractTableModel):
    """Events oldest first, read PAGE_SIZE at a time as the view scrolls (`fetchMore`).

    The filters (an event type, a free text) are applied by the store's query, so a
    filtered log of any length opens as fast as the whole one. Live rows are appended
    only once every stored page was read; until then the next page will bring them. A
    row at or below the last position held is a redelivery and is skipped.

    Signals:
        typesSeen(list): event types met for the first time, for the type filter.
    """

    typesSeen = Signal(list)

    def __init__(self, read_store: ReadStore, page_size: int = PAGE_SIZE,
                 known_types: tuple[str, ...] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._read = read_store
        self._page_size = page_size
        self._rows: list[EventRow] = []
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
        self.beginResetModel()
        self._event_type, self._text = event_type or None, text.strip()
        self._rows, self._last_position, self._exhausted = [], 0, False
        self.endResetModel()
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
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self._last_position = rows[-1].position
        self.endInsertRows()

    # -- Qt ----------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for a dozen roles per cell on every paint: answer the others first.
        if role not in ROLES or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
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
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
