"""Orders from the order_summary projection, with their status in color."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.event_rows import EventRow, local_time
from desktop.read_store import ReadStore
from desktop.roles import KEY_ROLE, SORT_ROLE
from domain.bookshelf.money import format_money

HEADERS = ("Customer", "Items", "Total", "Status", "Placed", "Updated")
STATUS_COLUMN = 3
# Background and text colors per status: waiting (amber), on its way (blue), done (green).
STATUS_COLORS = {
    "PENDING": ("#fff3cd", "#7a5200"),
    "CONFIRMED": ("#d6e9ff", "#0b4a8b"),
    "SHIPPED": ("#d4f4dd", "#1b6b32"),
}
ORDER_EVENTS = ("Bookshelf.OrderPlaced.v1", "Bookshelf.OrderConfirmed.v1",
                "Bookshelf.OrderShipped.v1")
AnyIndex = QModelIndex | QPersistentModelIndex


class OrdersModel(QAbstractTableModel):
    """One row per order; rows are updated in place when an order moves on."""

    def __init__(self, read_store: ReadStore, parent: Any = None) -> None:
        super().__init__(parent)
        self._read = read_store
        self._orders: list[dict[str, Any]] = []
        self._rows_by_id: dict[str, int] = {}
        self._position = 0
        self.refresh()

    def refresh(self) -> None:
        """Read the orders placed or moved since the last refresh."""
        changed = self._read.orders_since(self._position)
        if not changed:
            return
        self._position = max(self._position, max(order["position"] for order in changed))
        fresh = []
        moved: list[int] = []
        for order in changed:
            row = self._rows_by_id.get(order["order_id"])
            if row is None:
                fresh.append(order)
            else:
                self._orders[row] = order
                moved.append(row)
        # One signal per run of neighbouring rows, not per row and not one span over all of
        # them: the sorting proxy re-sorts every row a signal spans, and a simulation moves
        # hundreds of orders, old and new, between two refreshes.
        for first, last in runs(sorted(set(moved))):
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(HEADERS) - 1))
        if fresh:
            first = len(self._orders)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            for order in fresh:
                self._rows_by_id[order["order_id"]] = len(self._orders)
                self._orders.append(order)
            self.endInsertRows()

    def on_events(self, rows: list[EventRow]) -> None:
        if any(row.type in ORDER_EVENTS for row in rows):
            self.refresh()

    def row_of(self, order_id: str) -> int | None:
        return self._rows_by_id.get(order_id)

    def order(self, row: int) -> dict[str, Any]:
        return self._orders[row]

    # -- Qt ----------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._orders)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._orders):
            return None
        order, column = self._orders[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (order["customer_name"], str(order["total_items"]),
                    format_money(Decimal(order["total"]), order["currency"]),
                    order["status"].title(), local_time(order["placed_at"]),
                    local_time(order["updated_at"]))[column]
        if role == SORT_ROLE:
            return (order["customer_name"].casefold(), order["total_items"],
                    float(Decimal(order["total"])), order["status"], order["placed_at"],
                    order["updated_at"])[column]
        if role == KEY_ROLE:
            return order["order_id"]
        colors = STATUS_COLORS.get(order["status"])
        if column == STATUS_COLUMN and colors is not None:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QColor(colors[0])
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(colors[1])
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"order {order['order_id']}"
        return None


def runs(rows: list[int]) -> list[tuple[int, int]]:
    """Ascending row numbers as (first, last) runs of consecutive rows."""
    spans: list[tuple[int, int]] = []
    for row in rows:
        if spans and spans[-1][1] == row - 1:
            spans[-1] = (spans[-1][0], row)
        else:
            spans.append((row, row))
    return spans
