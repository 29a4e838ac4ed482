"""Orders from the orders projection as a lazy table model, with their status in color."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop.widgets.lazy_table_model import LazyTableModel
from desktop.widgets.list_table_model import RIGHT_ALIGNED
from desktop.widgets.price_text import price_text
from desktop.widgets.roles import KEY_ROLE
from desktop.widgets.style import status_colors
from desktop.widgets.time_display import time_display
from domain.bookshelf import OrderConfirmed, OrderPlaced, OrderShipped
from domain.readside.money import from_cents

STATUS_COLUMN = 3
# An order whose lines the projection holds but not its OrderPlaced (the events of one
# write, applied together unless the projection stopped between them): not placed yet.
NOT_PLACED = "—"
NOT_PLACED_TIP = "its OrderPlaced is not in the orders projection yet"


class OrdersModel(LazyTableModel):
    """One row per order, read a page at a time (see LazyTableModel); an order that moves
    on is shown as it is now after the next refresh, and stays selected."""

    HEADERS = ("Customer", "Items", "Total", "Status", "Placed", "Updated")
    TIME_COLUMNS = (4, 5)
    SORTS = ("customer", "items", "total", "status", "placed", "updated")
    ROLES = frozenset({Qt.ItemDataRole.DisplayRole, KEY_ROLE,
                       Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole,
                       Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole})
    EVENTS = frozenset({OrderPlaced._type, OrderConfirmed._type, OrderShipped._type})

    def order(self, row: int) -> dict[str, Any] | None:
        return self.item(row)

    def cell(self, order: dict[str, Any], column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return order["customer_name"] or ""
            if column == 1:
                return str(order["total_items"])
            if column == 2:
                return price_text(from_cents(order["total_cents"]), order["currency"])
            if column == STATUS_COLUMN:
                return order["status"].title() if order["status"] else NOT_PLACED
            moment = order["placed_at" if column == 4 else "updated_at"]
            return time_display().text(moment) if moment else ""
        if role == KEY_ROLE:
            return order["order_id"]
        # Asked at every paint: a switch to dark shows dark colors at the next repaint.
        colors = (status_colors(order["status"]) if column == STATUS_COLUMN and order["status"]
                  else None)
        if colors is not None:
            if role == Qt.ItemDataRole.BackgroundRole:
                return colors[0]
            if role == Qt.ItemDataRole.ForegroundRole:
                return colors[1]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2):
            return RIGHT_ALIGNED
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"order {order['order_id']}"
            return tip if order["status"] else f"{tip}: {NOT_PLACED_TIP}"
        return None
