"""Orders from the order_summary projection, with their status in color."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from operator import itemgetter
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.widgets.list_table_model import RIGHT_ALIGNED
from desktop.widgets.projection_table_model import ProjectionTableModel
from desktop.widgets.roles import KEY_ROLE, SORT_ROLE
from domain.bookshelf import OrderConfirmed, OrderPlaced, OrderShipped
from domain.bookshelf.money import format_money
from domain.readside import local_time

STATUS_COLUMN = 3
# Background and text colors per status: waiting (amber), on its way (blue), done (green).
STATUS_COLORS = {
    "PENDING": ("#fff3cd", "#7a5200"),
    "CONFIRMED": ("#d6e9ff", "#0b4a8b"),
    "SHIPPED": ("#d4f4dd", "#1b6b32"),
}
# The sort value of each column, computed for that column alone: a sort asks for it about
# 2 log2(n) times per row.
SORT_KEYS: tuple[Callable[[dict[str, Any]], Any], ...] = (
    lambda order: order["customer_name"].casefold(), itemgetter("total_items"),
    lambda order: float(Decimal(order["total"])), itemgetter("status"),
    itemgetter("placed_at"), itemgetter("updated_at"))


class OrdersModel(ProjectionTableModel):
    """One row per order; rows are updated in place when an order moves on."""

    HEADERS = ("Customer", "Items", "Total", "Status", "Placed", "Updated")
    ROLES = frozenset({Qt.ItemDataRole.DisplayRole, SORT_ROLE, KEY_ROLE,
                       Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole,
                       Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole})
    KEY = "order_id"
    EVENTS = frozenset({OrderPlaced._type, OrderConfirmed._type, OrderShipped._type})

    def _read_since(self, position: int) -> list[dict[str, Any]]:
        return self._read.orders_since(position)

    def order(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def cell(self, order: dict[str, Any], column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (order["customer_name"], str(order["total_items"]),
                    format_money(Decimal(order["total"]), order["currency"]),
                    order["status"].title(), local_time(order["placed_at"]),
                    local_time(order["updated_at"]))[column]
        if role == SORT_ROLE:
            return SORT_KEYS[column](order)
        if role == KEY_ROLE:
            return order["order_id"]
        colors = STATUS_COLORS.get(order["status"])
        if column == STATUS_COLUMN and colors is not None:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QColor(colors[0])
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(colors[1])
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2):
            return RIGHT_ALIGNED
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"order {order['order_id']}"
        return None
