"""The lines chosen in the place-order form: a book and a quantity each."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from domain.bookshelf.money import format_money

HEADERS = ("Book", "Quantity", "Unit price")
AnyIndex = QModelIndex | QPersistentModelIndex


class OrderLinesModel(QAbstractTableModel):
    """A plain list of lines; choosing a book twice adds to its quantity."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._lines: list[dict[str, Any]] = []

    def add(self, book: dict[str, Any], quantity: int) -> None:
        for row, line in enumerate(self._lines):
            if line["book_id"] == book["book_id"]:
                line["quantity"] += quantity
                self.dataChanged.emit(self.index(row, 1), self.index(row, 1))
                return
        self.beginInsertRows(QModelIndex(), len(self._lines), len(self._lines))
        self._lines.append({"book_id": book["book_id"], "title": book["title"],
                            "quantity": quantity, "price": book["price_amount"],
                            "currency": book["price_currency"]})
        self.endInsertRows()

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._lines):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._lines[row]
            self.endRemoveRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._lines = []
        self.endResetModel()

    def items(self) -> list[dict[str, Any]]:
        """The lines as PlaceOrder takes them."""
        return [{"book_id": line["book_id"], "quantity": line["quantity"]}
                for line in self._lines]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (line["title"], str(line["quantity"]),
                    format_money(line["price"], line["currency"]))[index.column()]
        return None
