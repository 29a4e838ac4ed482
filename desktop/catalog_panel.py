"""The catalog panel: the add-book form above a sortable, filterable table of books."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QHeaderView,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.book_form import BookForm
from desktop.bridge import Bridge
from desktop.catalog_model import CatalogModel
from desktop.message_bar import MessageBar
from desktop.table_view import make_table, select_row, size_columns, sort_proxy
from domain.bookshelf import AddBook
from domain.core import ValidationError
from domain.readside import EventRow


class CatalogPanel(QWidget):
    """Adds books through the bridge and shows the catalog projection."""

    def __init__(self, bridge: Bridge, model: CatalogModel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("catalogPanel")
        self.bridge = bridge
        self.model = model
        self._pending: dict[int, AddBook] = {}
        self._select_when_shown: str | None = None

        self.form = BookForm()
        self.form.submitted.connect(self._submit)
        self.message = MessageBar("catalogMessage")

        self.proxy = sort_proxy(model, "catalogProxy", self)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)  # any column
        self.filter = QLineEdit()
        self.filter.setObjectName("catalogFilter")
        self.filter.setPlaceholderText("Filter books by title, author, price…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = make_table("catalogTable")
        self.table.setModel(self.proxy)
        # Unsorted until the user clicks a header: rows then keep the order they were added
        # in, and a flood of new books costs no sorted insertion.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        size_columns(self.table, {2: "00,000.00 USD", 3: "2026-11-27 10:25:35"})
        model.rowsInserted.connect(self._select_pending)

        add_box = QGroupBox("Add a book")
        QVBoxLayout(add_box).addWidget(self.form)
        books_box = QGroupBox("Catalog")
        books = QVBoxLayout(books_box)
        books.addWidget(self.filter)
        books.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.addWidget(add_box)
        layout.addWidget(self.message)
        layout.addWidget(books_box, stretch=1)

        bridge.commandSucceeded.connect(self._succeeded)
        bridge.commandFailed.connect(self._failed)

    @Slot(object)
    def _submit(self, command: AddBook) -> None:
        self.form.add_button.setEnabled(False)  # until the answer: no double adds
        self._pending[self.bridge.submit(command)] = command

    @Slot(int, object)
    def _succeeded(self, request: int, book_id: Any) -> None:
        command = self._pending.pop(request, None)
        if command is None:
            return
        self.message.info(f"Added “{command.title}” by {command.author}.")
        self.form.clear()
        self._select_when_shown = str(book_id)
        self._select_pending()  # the projection may already hold it

    @Slot(int, object)
    def _failed(self, request: int, error: BaseException) -> None:
        command = self._pending.pop(request, None)
        if command is None:
            return
        self.form.validate()
        if isinstance(error, ValidationError):
            self.form.show_errors(error.messages)
        self.message.failure(f"“{command.title}” was not added", error)

    @Slot()
    def _select_pending(self) -> None:
        if self._select_when_shown is None:
            return
        row = self.model.row_of(self._select_when_shown)
        if row is None:
            return
        self._select_when_shown = None
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.select(index)

    def select(self, index: QModelIndex) -> None:
        select_row(self.table, index)

    def on_events(self, rows: list[EventRow]) -> None:
        self.model.on_events(rows)
