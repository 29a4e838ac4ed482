"""The books of the catalog projection as a table model, appended to as books are added."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.event_rows import EventRow, local_time
from desktop.read_store import ReadStore
from desktop.roles import KEY_ROLE, SORT_ROLE
from domain.bookshelf.money import format_money

HEADERS = ("Title", "Author", "Price", "Added")
AnyIndex = QModelIndex | QPersistentModelIndex
ROLES = frozenset({Qt.ItemDataRole.DisplayRole, SORT_ROLE, KEY_ROLE,
                   Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole})


class CatalogModel(QAbstractTableModel):
    """One row per book, read from the `catalog` table past the last position seen."""

    def __init__(self, read_store: ReadStore, parent: Any = None) -> None:
        super().__init__(parent)
        self._read = read_store
        self._books: list[dict[str, Any]] = []
        self._rows_by_id: dict[str, int] = {}
        self._position = 0
        self.refresh()

    def refresh(self) -> None:
        """Append the books the projection gained since the last refresh."""
        fresh = [book for book in self._read.books_since(self._position)
                 if book["book_id"] not in self._rows_by_id]
        if not fresh:
            return
        first = len(self._books)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        for book in fresh:
            self._rows_by_id[book["book_id"]] = len(self._books)
            self._books.append(book)
        self.endInsertRows()
        self._position = max(self._position, max(book["position"] for book in fresh))

    def on_events(self, rows: list[EventRow]) -> None:
        if any(row.type == "Bookshelf.BookAdded.v1" for row in rows):
            self.refresh()

    def row_of(self, book_id: str) -> int | None:
        return self._rows_by_id.get(book_id)

    def book(self, row: int) -> dict[str, Any]:
        return self._books[row]

    # -- Qt ----------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._books)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for a dozen roles per cell on every paint: answer the others first.
        if role not in ROLES or not index.isValid() or not 0 <= index.row() < len(self._books):
            return None
        book, column = self._books[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (book["title"], book["author"],
                    format_money(book["price_amount"], book["price_currency"]),
                    local_time(book["added_at"]))[column]
        if role == SORT_ROLE:
            return (book["title"].casefold(), book["author"].casefold(), book["price_amount"],
                    book["added_at"])[column]
        if role == KEY_ROLE:
            return book["book_id"]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{book['title']} by {book['author']}\nid {book['book_id']}"
        return None
