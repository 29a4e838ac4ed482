"""The order form's book picker: type part of a title or an author, pick from what matches."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from desktop.widgets.price_text import price_text
from desktop.widgets.roles import COMPLETION_ROLE, RECORD_ROLE
from domain.readside.money import from_cents

# Books offered at once: a person picks from a short list and types more to narrow it.
MATCHES = 50
TYPING_PAUSE_MS = 150  # one query once typing pauses, not one per keystroke

Index = QModelIndex | QPersistentModelIndex


def describe(book: dict[str, Any]) -> str:
    """`Dune — Frank Herbert, 9.99 USD`: what the list shows for a book."""
    return (f"{book['title']} — {book['author']}, "
            f"{price_text(from_cents(book['price_cents']), book['price_currency'])}")


class BookPicker(QLineEdit):
    """A line edit whose completer lists the books matching what is typed, read from the
    catalog in SQL (at most MATCHES, by title) once typing pauses: the form never holds the
    whole catalog, however large. Down with nothing typed lists the first books.

    Signals:
        picked(object): the book (its catalog row) chosen, or None once the text no longer
            names the chosen one.
    """

    picked = Signal(object)

    def __init__(self, find: Callable[[str, int], list[dict[str, Any]]],
                 parent: QWidget | None = None) -> None:
        """`find(text, limit)`: the books whose title or author contains `text`."""
        super().__init__(parent)
        self.setObjectName("orderBook")
        self.setPlaceholderText("Type a title or an author")
        self.setClearButtonEnabled(True)
        self._find = find
        self._book: dict[str, Any] | None = None
        self.matches = QStandardItemModel(self)
        completer = QCompleter(self.matches, self)
        # The catalog filtered already: the completer shows the list as it is.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(12)
        completer.setCompletionRole(COMPLETION_ROLE)  # the title goes into the field
        # The overloads that say which row, not only its text. A highlighted row puts its
        # title into the field: it is the one picked while the field shows it.
        completer.activated[QModelIndex].connect(self._chosen)  # type: ignore[index]
        completer.highlighted[QModelIndex].connect(self._chosen)  # type: ignore[index]
        self.setCompleter(completer)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(self.search)
        self.textEdited.connect(self._typed)
        # Whatever puts text into the field (typing, a highlighted row, Escape, Tab), the
        # book picked is always the one the field names, or none.
        self.textChanged.connect(self._follow_text)

    def book(self) -> dict[str, Any] | None:
        """The book picked, if the text still names it."""
        return self._book

    def choose(self, book: dict[str, Any] | None) -> None:
        """Pick `book` (as a person would from the list), or nothing."""
        self._pause.stop()  # a search still due would open the list again
        self._set_book(book)
        self.setText("" if book is None else str(book["title"]))

    def _set_book(self, book: dict[str, Any] | None) -> None:
        if book is not self._book:
            self._book = book
            self.picked.emit(book)

    @Slot()
    def search(self) -> None:
        """Read the books matching the text now, and show them."""
        self._pause.stop()
        found = self._find(self.text().strip(), MATCHES)
        self.matches.clear()
        for book in found:
            item = QStandardItem(describe(book))
            item.setData(book, RECORD_ROLE)
            item.setData(book["title"], COMPLETION_ROLE)
            item.setEditable(False)
            self.matches.appendRow(item)
        self._follow_text(self.text())  # a title typed out names a book of the list now
        if found and self.hasFocus():
            self.completer().complete()

    def keyPressEvent(self, event: Any) -> None:
        popup = self.completer().popup()
        if event.key() == Qt.Key.Key_Down and popup is not None and not popup.isVisible():
            self.search()  # Down opens the list, with nothing typed too
            return
        super().keyPressEvent(event)

    def _typed(self, _text: str) -> None:
        self._pause.start()

    @Slot(str)
    def _follow_text(self, text: str) -> None:
        if self._book is not None and text == self._book["title"]:
            return
        # A title typed out, or put back by Escape: the book of the list with that title.
        named = [book for book in self._listed() if book["title"] == text]
        self._set_book(named[0] if named else None)

    def _listed(self) -> list[dict[str, Any]]:
        return [self.matches.item(row).data(RECORD_ROLE)
                for row in range(self.matches.rowCount())]

    @Slot(QModelIndex)
    def _chosen(self, index: Index) -> None:
        book = index.data(RECORD_ROLE)
        if book is not None:
            self._pause.stop()
            self._set_book(book)
