"""The selected order in full: its lines with their prices, and its total."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHeaderView, QVBoxLayout, QWidget

from desktop.orders.placed_lines_model import PlacedLinesModel
from desktop.widgets.details_pane import DetailsPane, value_label
from desktop.widgets.price_text import price_text
from desktop.widgets.table_view import make_table, size_columns
from domain.readside import OrderDetails

EMPTY = "Select an order to see its lines."
NOT_YET = "The selected order is not in the orders projection yet."


class OrderDetailsPane(DetailsPane):
    """Shows the order set with `show_order` as the orders projection holds it now (read
    again at each call): its lines and total, or a clear empty state."""

    def __init__(self, read_order: Callable[[str], OrderDetails | None],
                 parent: QWidget | None = None) -> None:
        """`read_order(order_id)`: the order with its lines, or None (DetailsQueries.order)."""
        shown = QWidget()
        super().__init__("orderDetails", shown, parent)
        self._read = read_order
        self._order_id: str | None = None
        self._shown: OrderDetails | None = None
        self.lines = PlacedLinesModel(self)
        self.table = make_table("orderDetailsLines")
        self.table.setModel(self.lines)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        size_columns(self.table, {1: "Quantity", 2: "00,000.00 USD", 3: "000,000.00 USD"})
        self.total = value_label("orderDetailsTotal")
        self.total.setWordWrap(False)  # one short line, under the line totals it sums
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        column = QVBoxLayout(shown)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table)
        column.addWidget(self.total)
        self.show_empty(EMPTY)

    @property
    def order_id(self) -> str | None:
        return self._order_id

    @Slot(object)
    def show_order(self, order_id: str | None) -> None:
        """Show the order `order_id` as it is now, or the empty state for None."""
        self._order_id = order_id
        order = self._read(order_id) if order_id is not None else None
        if order is not None and order == self._shown:
            return  # as shown: the lines keep their selection and scroll
        self._shown = order
        if order is None:
            self.lines.show_lines([])
            self.show_empty(EMPTY if order_id is None else NOT_YET)
            return
        self.lines.show_lines(list(order.lines))
        items = sum(line.quantity for line in order.lines)
        self.total.setText(f"{items} {'item' if items == 1 else 'items'},"
                           f" total {price_text(order.total, order.currency)}")
        self.show_content()
