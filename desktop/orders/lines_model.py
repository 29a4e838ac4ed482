"""The lines chosen in the place-order form: a book and a quantity each."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex

from desktop.widgets.list_table_model import ListTableModel
from desktop.widgets.price_text import price_text
from domain.readside.money import from_cents

QUANTITY_COLUMN = 1


class OrderLinesModel(ListTableModel):
    """A plain list of lines; choosing a book twice adds to its quantity."""

    HEADERS = ("Book", "Quantity", "Unit price")

    def add(self, book: dict[str, Any], quantity: int) -> None:
        for row, line in enumerate(self._rows):
            if line["book_id"] == book["book_id"]:
                line["quantity"] += quantity
                changed = self.index(row, QUANTITY_COLUMN)
                self.dataChanged.emit(changed, changed)
                return
        self._append_rows([{"book_id": book["book_id"], "title": book["title"],
                            "quantity": quantity, "price": from_cents(book["price_cents"]),
                            "currency": book["price_currency"]}])

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def clear(self) -> None:
        self._reset_rows([])

    def items(self) -> list[dict[str, Any]]:
        """The lines as PlaceOrder takes them."""
        return [{"book_id": line["book_id"], "quantity": line["quantity"]}
                for line in self._rows]

    def cell(self, line: dict[str, Any], column: int, role: int) -> Any:
        return (line["title"], str(line["quantity"]),
                price_text(line["price"], line["currency"]))[column]
