"""The status history of one order: each transition with its time and event id."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.event_rows import local_time
from desktop.read_store import ReadStore

HEADERS = ("Status", "At", "Event", "Position")
AnyIndex = QModelIndex | QPersistentModelIndex


class TransitionsModel(QAbstractTableModel):
    """Rows of the order_transition projection for the order set with `show_order`."""

    def __init__(self, read_store: ReadStore, parent: Any = None) -> None:
        super().__init__(parent)
        self._read = read_store
        self._order_id: str | None = None
        self._rows: list[dict[str, Any]] = []

    @property
    def order_id(self) -> str | None:
        return self._order_id

    def show_order(self, order_id: str | None) -> None:
        self.beginResetModel()
        self._order_id = order_id
        self._rows = self._read.transitions(order_id) if order_id else []
        self.endResetModel()

    def refresh(self) -> None:
        """Append the transitions the selected order gained (they are only ever added)."""
        if self._order_id is None:
            return
        rows = self._read.transitions(self._order_id)
        if len(rows) > len(self._rows):
            self.beginInsertRows(QModelIndex(), len(self._rows), len(rows) - 1)
            self._rows = rows
            self.endInsertRows()

    def statuses(self) -> list[str]:
        return [row["status"] for row in self._rows]

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
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (row["status"].title(), local_time(row["at"], millis=True), row["event_id"],
                    str(row["position"]))[index.column()]
        return None
