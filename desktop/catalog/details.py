"""The selected book in full: title, author, ISBN, price and description."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFormLayout, QLabel, QPlainTextEdit, QWidget

from desktop.widgets.details_pane import DetailsPane, value_label
from desktop.widgets.price_text import price_text
from domain.readside import BookDetails

EMPTY = "Select a book to see its ISBN and description."
GONE = "The selected book is not stored in this database."


class BookDetailsPane(DetailsPane):
    """Shows the book set with `show_book`, read from the Book's own row (its ISBN and
    description are in no event): the catalog's selection, or a clear empty state."""

    def __init__(self, read_book: Callable[[str], BookDetails | None],
                 parent: QWidget | None = None) -> None:
        """`read_book(book_id)`: the book, or None (DetailsQueries.book)."""
        shown = QWidget()
        super().__init__("bookDetails", shown, parent)
        self._read = read_book
        self._book_id: str | None = None
        self.values = {field: value_label(f"bookDetails{field.title()}")
                       for field in ("title", "author", "isbn", "price")}
        self.description = QPlainTextEdit()
        self.description.setObjectName("bookDetailsDescription")
        self.description.setReadOnly(True)
        self.description.setTabChangesFocus(True)  # Tab leaves it, as it leaves tables
        self.description.setPlaceholderText("No description")

        form = QFormLayout(shown)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field, label in (("title", "Title"), ("author", "Author"), ("isbn", "ISBN"),
                             ("price", "Price")):
            form.addRow(f"{label}:", self.values[field])
        form.addRow("Description:", self.description)
        cast(QLabel, form.labelForField(self.description)).setAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.show_empty(EMPTY)

    @property
    def book_id(self) -> str | None:
        return self._book_id

    @Slot(object)
    def show_book(self, book_id: str | None) -> None:
        """Show the book `book_id` (read again), or the empty state for None."""
        self._book_id = book_id
        book = self._read(book_id) if book_id is not None else None
        if book is None:
            self.show_empty(EMPTY if book_id is None else GONE)
            return
        self.values["title"].setText(book.title)
        self.values["author"].setText(book.author)
        self.values["isbn"].setText(book.isbn or "none given")
        self.values["price"].setText("none given" if book.price_amount is None else
                                     price_text(book.price_amount, book.price_currency))
        self.description.setPlainText(book.description)
        self.show_content()
