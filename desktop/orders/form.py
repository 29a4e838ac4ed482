"""The place-order form: a customer name and lines of books picked from the catalog."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.orders.book_picker import BookPicker
from desktop.orders.lines_model import OrderLinesModel
from desktop.widgets.command_form import CommandForm
from desktop.widgets.field_message import FieldMessage, with_message
from desktop.widgets.table_view import make_table
from domain.bookshelf import PlaceOrder


class OrderForm(CommandForm):
    """Builds a PlaceOrder; Place is enabled once the command would validate.

    Signals:
        submitted(object): a valid PlaceOrder, when Place is pressed or Enter typed in
            the customer field.
    """

    def __init__(self, find_books: Callable[[str, int], list[dict[str, Any]]],
                 parent: QWidget | None = None) -> None:
        """`find_books(text, limit)`: the catalog's books whose title or author contains
        `text` (ProjectionQueries.books_matching)."""
        super().__init__(parent)
        self.setObjectName("orderForm")
        self.customer = QLineEdit()
        self.customer.setObjectName("orderCustomer")
        self.customer.setPlaceholderText("Customer name")
        self.customer.textEdited.connect(self._customer_edited)
        self.customer.returnPressed.connect(self.submit)
        self.customer_message = FieldMessage("orderCustomerMessage")
        self._customer_touched = False

        self.book = BookPicker(find_books)
        self.book.picked.connect(self._update_add_line)
        self.quantity = QSpinBox()
        self.quantity.setObjectName("orderQuantity")
        self.quantity.setRange(1, 999)
        self.add_line_button = QPushButton("Add &line")
        self.add_line_button.setObjectName("orderAddLine")
        self.add_line_button.clicked.connect(self.add_line)

        self.lines = OrderLinesModel(self)
        self.lines_table = make_table("orderLines")
        self.lines_table.setModel(self.lines)
        self.lines_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        self.lines_table.setMaximumHeight(96)
        self.lines_message = FieldMessage("orderLinesMessage")
        self.remove_line_button = QPushButton("Re&move line")
        self.remove_line_button.setObjectName("orderRemoveLine")
        self.remove_line_button.clicked.connect(self.remove_line)
        self.place_button = QPushButton("Plac&e order")
        self.place_button.setObjectName("orderPlace")
        self.place_button.clicked.connect(self.submit)

        for signal in (self.lines.rowsInserted, self.lines.rowsRemoved, self.lines.modelReset):
            signal.connect(lambda *_: self.validate())
        self.lines_table.selectionModel().selectionChanged.connect(self._update_remove)

        pick = QHBoxLayout()
        pick.addWidget(self.book, stretch=1)
        pick.addWidget(self.quantity)
        pick.addWidget(self.add_line_button)
        customer = with_message(self.customer, self.customer_message)
        lines = with_message(self.lines_table, self.lines_message)
        form = QFormLayout()
        # addRow(text, ...) makes a QLabel, which labelForField returns as a QWidget.
        form.addRow("&Customer:", customer)
        cast(QLabel, form.labelForField(customer)).setBuddy(self.customer)
        form.addRow("&Book:", pick)
        cast(QLabel, form.labelForField(pick)).setBuddy(self.book)
        form.addRow("Lines:", lines)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_line_button)
        buttons.addStretch(1)
        buttons.addWidget(self.place_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self._update_add_line()
        self._update_remove()
        self.validate()

    def command(self) -> PlaceOrder:
        # A blank name was not filled in: given as None, the command says "is required"
        # (its words for "" are Protean's: "String should have at least 1 character").
        given: dict[str, Any] = {"customer_name": self.customer.text().strip() or None}
        return PlaceOrder(**given, items=self.lines.items())

    @Slot()
    def validate(self, show_all: bool = False) -> dict[str, list[str]]:
        """Enable Place when valid; the lines' message waits for a submit to be shown."""
        problems = self.problems()
        self.place_button.setEnabled(not problems)
        shown = show_all or self._customer_touched
        self.customer_message.show_messages(problems.get("customer_name", []) if shown else [])
        self.lines_message.show_messages(problems.get("items", []) if show_all else [])
        return problems

    def show_errors(self, messages: dict[str, list[str]]) -> None:
        self.customer_message.show_messages(messages.get("customer_name", []))
        self.lines_message.show_messages(messages.get("items", []))

    def clear(self) -> None:
        self.customer.clear()
        self.lines.clear()
        self.quantity.setValue(1)
        self._customer_touched = False
        self.validate()

    @Slot()
    def add_line(self) -> None:
        book = self.book.book()
        if book is not None:
            self.lines.add(book, self.quantity.value())
            self.quantity.setValue(1)

    @Slot()
    def remove_line(self) -> None:
        rows = self.lines_table.selectionModel().selectedRows()
        for index in sorted(rows, key=lambda index: -index.row()):
            self.lines.remove(index.row())
        self._update_remove()

    def _customer_edited(self) -> None:
        self._customer_touched = True
        self.validate()

    @Slot()
    def _update_add_line(self) -> None:
        self.add_line_button.setEnabled(self.book.book() is not None)

    @Slot()
    def _update_remove(self) -> None:
        self.remove_line_button.setEnabled(self.lines_table.selectionModel().hasSelection())
