"""The add-book form: validated as the user types by building the AddBook command."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.catalog.isbn_text import UnreadableIsbn, read_isbn
from desktop.widgets.command_form import CommandForm
from desktop.widgets.field_message import FieldMessage, with_message
from desktop.widgets.price_text import UnreadablePrice, price_text, read_price
from domain.bookshelf import AddBook
from domain.core import ValidationError

# The command's field, the widget's objectName, and the label the user reads.
# Each label's mnemonic (after "&") is unique in the window (tests/desktop/test_keyboard.py).
FIELDS = (
    ("title", "bookTitle", "&Title"),
    ("author", "bookAuthor", "&Author"),
    ("isbn", "bookIsbn", "&ISBN"),
    ("price_amount", "bookPrice", "&Price"),
    ("price_currency", "bookCurrency", "Currenc&y"),
    ("description", "bookDescription", "&Description"),
)

# The text fields AddBook requires, as it declares them (the price is read apart).
REQUIRED = tuple(name for name, field in AddBook._fields.items()
                 if field.required and name != "price_amount")


class BookForm(CommandForm):
    """Title, author, ISBN, price, currency and description, with a message beside each.

    Building `AddBook` is pure validation (no I/O), so it runs on the GUI thread at every
    keystroke; the command itself goes to the engine only when Add is pressed.

    Signals:
        submitted(object): a valid AddBook, when Add is pressed or Enter typed.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookForm")
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.line_edits: dict[str, QLineEdit] = {}  # the same edits but the description's
        self.messages: dict[str, FieldMessage] = {}
        self._touched: set[str] = set()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field, name, label in FIELDS:
            edit: QLineEdit | QPlainTextEdit
            if field == "description":
                edit = QPlainTextEdit()
                edit.setTabChangesFocus(True)
                edit.setFixedHeight(48)
                edit.textChanged.connect(lambda field=field: self._edited(field))
            else:
                edit = QLineEdit()
                edit.textEdited.connect(lambda _text, field=field: self._edited(field))
                edit.returnPressed.connect(self.submit)
                self.line_edits[field] = edit
            edit.setObjectName(name)
            self.edits[field] = edit
            self.messages[field] = FieldMessage(f"{name}Message")
            column = with_message(edit, self.messages[field])
            form.addRow(f"{label}:", column)
            cast(QLabel, form.labelForField(column)).setBuddy(edit)  # addRow made a QLabel
        # As the locale writes a price: "12.50" in English, "12,50" in German.
        self.edits["price_amount"].setPlaceholderText(
            f"for example {price_text(12.5, '').strip()}")
        self.line_edits["price_currency"].setText("USD")
        self.line_edits["price_currency"].setMaxLength(3)
        self.edits["isbn"].setPlaceholderText(
            "optional, ISBN-10 or ISBN-13, hyphens and spaces allowed")
        self.add_button = QPushButton("Add boo&k")
        self.add_button.setObjectName("bookAdd")
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.add_button, alignment=Qt.AlignmentFlag.AlignRight)
        self.validate()

    # -- values --------------------------------------------------------------------------

    def _read(self) -> tuple[dict[str, Any], dict[str, list[str]]]:
        """The fields as AddBook takes them, and the problems of those whose text cannot be
        turned into a value at all (a price the locale cannot read, an ISBN with letters):
        those are None among the values."""
        text = {field: (edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text())
                for field, edit in self.edits.items()}
        values: dict[str, Any] = {field: value.strip() for field, value in text.items()}
        for field in REQUIRED:
            # A blank field was not filled in: "is required" says so to a person, where the
            # command's words for "" are Protean's ("String should have at least 1 character").
            values[field] = values[field] or None
        values["price_currency"] = values["price_currency"].upper()
        unreadable: dict[str, list[str]] = {}
        try:
            values["isbn"] = read_isbn(values["isbn"])
        except UnreadableIsbn as error:
            values["isbn"], unreadable["isbn"] = None, [str(error)]
        try:
            price = read_price(values["price_amount"])
        except UnreadablePrice as error:
            values["price_amount"], unreadable["price_amount"] = None, [str(error)]
        else:
            values["price_amount"] = price.amount if price else None
            if price and price.currency and price.currency != values["price_currency"]:
                unreadable["price_amount"] = [
                    f"ends in {price.currency}, but the currency is"
                    f" “{values['price_currency']}”"]
        return values, unreadable

    def command(self) -> AddBook:
        """The AddBook the form describes; raises ValidationError while it is invalid."""
        values, unreadable = self._read()
        if not unreadable:
            return AddBook(**values)
        # Every field's problems at once, as the command gives them, but the unreadable
        # ones' own: "is required" would be wrong for a price typed but not understood.
        try:
            AddBook(**values)
        except ValidationError as error:
            raise ValidationError({**error.messages, **unreadable}) from None
        raise ValidationError(unreadable)

    def clear(self) -> None:
        for field, edit in self.edits.items():
            edit.clear() if field != "price_currency" else self.line_edits[field].setText("USD")
        self._touched.clear()
        self.validate()
        self.edits["title"].setFocus()

    # -- validation ----------------------------------------------------------------------

    @Slot()
    def validate(self, show_all: bool = False) -> dict[str, list[str]]:
        """Enable Add when valid; show the messages of the fields the user has touched."""
        problems = self.problems()
        self.add_button.setEnabled(not problems)
        for field, label in self.messages.items():
            shown = show_all or field in self._touched
            label.show_messages(problems.get(field, []) if shown else [])
        return problems

    def show_errors(self, messages: dict[str, list[str]]) -> None:
        """Show messages that came back from the engine (the handler's own checks)."""
        for field, label in self.messages.items():
            label.show_messages(messages.get(field, []))

    def _edited(self, field: str) -> None:
        self._touched.add(field)
        self.validate()
