"""Driving the window as a user would: typing into named fields, clicking named buttons."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QWidget,
)

from desktop.main_window import MainWindow
from desktop.orders.book_picker import BookPicker
from desktop.widgets.roles import RECORD_ROLE
from domain.core.runtime.engine import Engine

HOLD_S = 10  # the longest a held worker waits, should a test fail before releasing it


def find(window: QWidget, name: str, kind: type = QWidget) -> QWidget:
    widget = window.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} named {name}"
    return widget


def type_into(qtbot, window: QWidget, name: str, text: str) -> None:
    field = find(window, name)
    assert isinstance(field, QLineEdit | QPlainTextEdit)
    field.setFocus()
    qtbot.keyClicks(field, text)


def click(qtbot, window: QWidget, name: str) -> None:
    button = find(window, name, QPushButton)
    assert button.isEnabled(), f"{name} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def add_book(qtbot, window: MainWindow, title: str, author: str = "Frank Herbert",
             price: str = "9.99") -> None:
    """Type a book into the form, press Add, and wait until the catalog shows it."""
    type_into(qtbot, window, "bookTitle", title)
    type_into(qtbot, window, "bookAuthor", author)
    type_into(qtbot, window, "bookPrice", price)
    count = window.catalog_model.rowCount()
    click(qtbot, window, "bookAdd")
    # The answer clears the form; the row may show first (another connection's commit is
    # seen by the store watch), and the form takes the next book only after the answer.
    title = find(window, "bookTitle", QLineEdit)
    qtbot.waitUntil(lambda: window.catalog_model.rowCount() == count + 1
                    and not title.text())


def pick_book(qtbot, window: MainWindow, text: str, row: int = 0) -> None:
    """Type `text` into the book picker, wait for its list, and choose the `row`-th book."""
    picker = find(window, "orderBook", BookPicker)
    picker.setFocus()
    picker.setText(text)
    picker.search()
    qtbot.waitUntil(lambda: picker.matches.rowCount() > row)
    picker.choose(picker.matches.item(row).data(RECORD_ROLE))


def place_order(qtbot, window: MainWindow, customer: str, quantity: int = 2) -> None:
    """Order `quantity` of the first book for `customer`; wait until the orders show it."""
    pick_book(qtbot, window, "")
    find(window, "orderQuantity", QSpinBox).setValue(quantity)
    click(qtbot, window, "orderAddLine")
    type_into(qtbot, window, "orderCustomer", customer)
    count = window.orders_model.rowCount()
    click(qtbot, window, "orderPlace")
    qtbot.waitUntil(lambda: window.orders_model.rowCount() == count + 1)


def log_types(window: MainWindow) -> list[str]:
    model = window.event_log_model
    return [model.row_at(row).type for row in range(model.rowCount())]


def hold_worker(engine: Engine) -> threading.Event:
    """Keep the engine's worker busy on a query until the returned gate is set."""
    gate, holding = threading.Event(), threading.Event()

    def wait(_store) -> None:
        holding.set()
        gate.wait(HOLD_S)

    engine.query(wait)
    assert holding.wait(HOLD_S), "the worker did not take the query"
    return gate


def release_when_stopping(engine: Engine, gate: threading.Event) -> threading.Thread:
    """A thread that sets `gate` once `engine.stop()` has begun (it refuses new work)."""
    def release() -> None:
        deadline = time.monotonic() + HOLD_S
        while engine.running and time.monotonic() < deadline:
            time.sleep(0.01)
        gate.set()

    thread = threading.Thread(target=release, name="release-gate", daemon=True)
    thread.start()
    return thread


def click_header(qtbot, table: QTableView, column: int) -> None:
    """Click the header of `column`, as a user sorts by it."""
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))


def column_texts(table: QTableView, column: int) -> list[str]:
    """What the table shows in `column`, top to bottom."""
    model = table.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]
