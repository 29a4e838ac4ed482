"""The books of the catalog projection as a lazy table model, sorted and filtered by SQL."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop.widgets.lazy_table_model import LazyTableModel
from desktop.widgets.list_table_model import RIGHT_ALIGNED
from desktop.widgets.price_text import price_text
from desktop.widgets.roles import KEY_ROLE, RECORD_ROLE
from desktop.widgets.time_display import time_display
from domain.bookshelf import BookAdded
from domain.readside.money import from_cents

PRICE_COLUMN = 2


class CatalogModel(LazyTableModel):
    """One row per book of the `catalog` table, read a page at a time (see LazyTableModel)."""

    HEADERS = ("Title", "Author", "Price", "Added")
    TIME_COLUMNS = (3,)
    SORTS = ("title", "author", "price", "added")
    ROLES = frozenset({Qt.ItemDataRole.DisplayRole, KEY_ROLE, RECORD_ROLE,
                       Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole})
    EVENTS = frozenset({BookAdded._type})

    def book(self, row: int) -> dict[str, Any] | None:
        return self.item(row)

    def cell(self, book: dict[str, Any], column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return book["title"]
            if column == 1:
                return book["author"]
            if column == PRICE_COLUMN:
                return price_text(from_cents(book["price_cents"]), book["price_currency"])
            return time_display().text(book["added_at"])
        if role == KEY_ROLE:
            return book["book_id"]
        if role == RECORD_ROLE:
            return book
        if role == Qt.ItemDataRole.TextAlignmentRole and column == PRICE_COLUMN:
            return RIGHT_ALIGNED
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{book['title']} by {book['author']}\nid {book['book_id']}"
        return None
