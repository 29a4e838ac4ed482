"""The books of the catalog projection as a table model, appended to as books are added."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop.widgets.list_table_model import RIGHT_ALIGNED
from desktop.widgets.projection_table_model import ProjectionTableModel
from desktop.widgets.roles import KEY_ROLE, RECORD_ROLE, SORT_ROLE
from domain.bookshelf import BookAdded
from domain.bookshelf.money import format_money
from domain.readside import local_time

PRICE_COLUMN = 2


class CatalogModel(ProjectionTableModel):
    """One row per book, read from the `catalog` table past the last position seen."""

    HEADERS = ("Title", "Author", "Price", "Added")
    ROLES = frozenset({Qt.ItemDataRole.DisplayRole, SORT_ROLE, KEY_ROLE, RECORD_ROLE,
                       Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole})
    KEY = "book_id"
    EVENTS = frozenset({BookAdded._type})

    def _read_since(self, position: int) -> list[dict[str, Any]]:
        return self._read.books_since(position)

    def book(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def cell(self, book: dict[str, Any], column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (book["title"], book["author"],
                    format_money(book["price_amount"], book["price_currency"]),
                    local_time(book["added_at"]))[column]
        if role == SORT_ROLE:
            return (book["title"].casefold(), book["author"].casefold(), book["price_amount"],
                    book["added_at"])[column]
        if role == KEY_ROLE:
            return book["book_id"]
        if role == RECORD_ROLE:
            return book
        if role == Qt.ItemDataRole.TextAlignmentRole and column == PRICE_COLUMN:
            return RIGHT_ALIGNED
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{book['title']} by {book['author']}\nid {book['book_id']}"
        return None
