"""The catalog panel: the add-book form above a sortable, filterable table of books."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QLineEdit,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from desktop.bridge import Bridge
from desktop.catalog.details import BookDetailsPane
from desktop.catalog.form import BookForm
from desktop.catalog.model import CatalogModel
from desktop.widgets.menu_items import aggregate_items
from desktop.widgets.message_bar import MessageBar
from desktop.widgets.table_view import make_table, select_row, size_columns
from domain.bookshelf import AddBook, Book
from domain.core import ValidationError

# How long typing must pause before the catalog is filtered.
FILTER_PAUSE_MS = 200


class CatalogPanel(QWidget):
    """Adds books through the bridge and shows the catalog projection.

    The panel is the catalog (its filter and table); `add_section` holds the add-book form,
    which the window docks on its own.

    Each add's answer comes back to this panel alone (the callbacks given to
    `Bridge.submit`); the catalog model refreshes on the bridge's `eventsDelivered`.

    Signals:
        historyRequested(str): the history of a book's stream was asked for.
        streamRequested(str): a book's events were asked for (in the event log).
        streamTraceRequested(str): the trace of a book's stream was asked for: the chain
            that created it (its first event's).
    """

    historyRequested = Signal(str)
    streamRequested = Signal(str)
    streamTraceRequested = Signal(str)

    def __init__(self, bridge: Bridge, model: CatalogModel,
                 details: BookDetailsPane | None = None, parent: QWidget | None = None) -> None:
        """`details`: the pane that shows the selected book in full, under the table."""
        super().__init__(parent)
        self.setObjectName("catalogPanel")
        self.bridge = bridge
        self.model = model
        self._select_when_shown: str | None = None

        self.form = BookForm()
        self.form.submitted.connect(self._submit)
        self.message = MessageBar("catalogMessage")

        self.filter = QLineEdit()
        self.filter.setObjectName("catalogFilter")
        self.filter.setPlaceholderText("Filter books by title or author…")
        self.filter.setClearButtonEnabled(True)
        # Filtered by SQL once typing pauses, not at every key: each filter is a query.
        self._filter_pause = QTimer(self)
        self._filter_pause.setSingleShot(True)
        self._filter_pause.setInterval(FILTER_PAUSE_MS)
        self._filter_pause.timeout.connect(self._apply_filter)
        self.filter.textChanged.connect(self._filter_typed)
        self.table = make_table("catalogTable", several=True)
        self.table.menuOpening.connect(self._menu_items)
        self.table.setModel(model)
        # Sorted by SQL (model.sort): the indicator shows the model's order, which
        # enabling sorting asks for again, at no cost.
        self.table.horizontalHeader().setSortIndicator(model.sort_column, model.sort_order)
        self.table.setSortingEnabled(True)
        # Title and author keep a readable width and the table scrolls sideways in a narrow
        # dock: stretched, they were the columns squeezed to "..." beside the fixed ones.
        size_columns(self.table, {0: "The Left Hand of Darkness", 1: "Ursula K. Le Guin",
                                  2: "00,000.00 USD", 3: "2026-11-27 10:25:35 +00:00"})
        self.table.horizontalHeader().setStretchLastSection(True)
        model.layoutChanged.connect(self._select_pending)
        # Projections are committed before the bridge delivers their events: read them now.
        bridge.eventsDelivered.connect(model.on_events)

        # The form is a section of its own: the window docks it apart from the catalog.
        self.add_section = QWidget()
        self.add_section.setObjectName("addBookSection")
        adding = QVBoxLayout(self.add_section)
        adding.addWidget(self.form)
        adding.addWidget(self.message)
        adding.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, stretch=1)
        # The pane is shown where the window docks it; the panel keeps it on the selection.
        self.details = details
        if details is not None:
            self.table.selectionModel().selectionChanged.connect(self._show_selected)
            # A refresh, a sort or a filter moves the selection, or drops it.
            model.layoutChanged.connect(self._show_selected)
            model.modelReset.connect(self._show_selected)

    @Slot(object)
    def _submit(self, command: AddBook) -> None:
        self.form.add_button.setEnabled(False)  # until the answer: no double adds
        self.bridge.submit(command, lambda book_id: self._added(command, book_id),
                           lambda error: self._refused(command, error))

    def _added(self, command: AddBook, book_id: Any) -> None:
        self.message.info(f"Added “{command.title}” by {command.author}.")
        self.form.clear()
        self._select_when_shown = str(book_id)
        self._select_pending()  # the projection may already hold it

    def _refused(self, command: AddBook, error: BaseException) -> None:
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
            return  # not shown yet (its events are on their way), or filtered out
        self._select_when_shown = None
        self.select(self.model.index(row, 0))

    def select(self, index: QModelIndex) -> None:
        select_row(self.table, index)

    def selected_book(self) -> dict[str, Any] | None:
        """The book selected, if one is (not several)."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.book(rows[0].row()) if len(rows) == 1 else None

    def _menu_items(self, menu: QMenu, row: int) -> None:
        book = self.model.book(row)
        if book is not None:
            book_id = str(book["book_id"])
            aggregate_items(menu, "catalogTable", book_id, Book.stream_name(book_id),
                            self.streamTraceRequested.emit, self.historyRequested.emit,
                            self.streamRequested.emit)

    @Slot()
    def _show_selected(self) -> None:
        book = self.selected_book()
        book_id = None if book is None else str(book["book_id"])
        # A book never changes once added: read it only when another one is selected.
        if self.details is not None and book_id != self.details.book_id:
            self.details.show_book(book_id)

    @Slot(str)
    def _filter_typed(self, _text: str) -> None:
        self._filter_pause.start()  # again: the pause counts from the last key

    @Slot()
    def _apply_filter(self) -> None:
        self.model.set_text(self.filter.text())
