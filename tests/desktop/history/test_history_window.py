"""Show history: an order placed, confirmed and shipped through the window, version by version."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTableView

from desktop.history.window import HistoryWindow
from desktop.look.marks import CHANGED_DARK, CHANGED_LIGHT, changed_background
from desktop.look.palettes import dark_palette
from desktop.main_window import MainWindow
from tests.desktop.helpers import add_book, click, find, log_types, place_order


def selected_status(window: MainWindow) -> str:
    order = window.orders_panel.selected_order()
    return order["status"] if order else ""


def walked_order(qtbot, window: MainWindow) -> None:
    """A book, then an order for it placed, confirmed and shipped, all through the window."""
    add_book(qtbot, window, "Dune", price="10.00")
    place_order(qtbot, window, "Ann", quantity=2)
    qtbot.waitUntil(lambda: selected_status(window) == "PENDING")
    click(qtbot, window, "orderConfirm")
    qtbot.waitUntil(lambda: selected_status(window) == "CONFIRMED")
    click(qtbot, window, "orderShip")
    qtbot.waitUntil(lambda: selected_status(window) == "SHIPPED")


def history_of_selection(qtbot, window: MainWindow, table_name: str) -> HistoryWindow:
    """Ctrl+H with the focus in `table_name`; the History window once it shows."""
    table = find(window, table_name, QTableView)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.history_window is not None
                    and window.history_window.isVisible())
    assert window.history_window is not None
    return window.history_window


def column(table: QTableView, number: int) -> list[str]:
    model = table.model()
    return [model.index(row, number).data() for row in range(model.rowCount())]


def field_rows(history: HistoryWindow) -> dict[str, tuple[str, str, bool]]:
    """Each field shown: before, after, and whether it is marked changed (bold)."""
    model = history.comparison_table.model()
    rows = {}
    for row in range(model.rowCount()):
        font = model.index(row, 0).data(Qt.ItemDataRole.FontRole)
        rows[model.index(row, 0).data()] = (
            model.index(row, 1).data(), model.index(row, 2).data(),
            isinstance(font, QFont) and font.bold())
    return rows


def test_history_shows_each_version_and_its_events(qtbot, window: MainWindow) -> None:
    walked_order(qtbot, window)

    history = history_of_selection(qtbot, window, "ordersTable")

    table = history.versions_table
    assert column(table, 0) == ["0", "", "1", "2"]
    assert column(table, 3) == ["OrderItemAdded", "OrderPlaced", "OrderConfirmed",
                                "OrderShipped"]
    assert history.windowTitle().startswith("History — order-")


def test_choosing_a_version_shows_its_state_beside_the_last_with_the_changes_marked(
        qtbot, window: MainWindow) -> None:
    walked_order(qtbot, window)
    history = history_of_selection(qtbot, window, "ordersTable")

    assert history.chosen_version() == 2  # the newest first
    shipped = field_rows(history)
    history.choose(1)
    confirmed = field_rows(history)
    history.choose(0)
    placed = field_rows(history)

    assert shipped["status"] == ("CONFIRMED", "SHIPPED", True)
    assert [name for name, (_, _, marked) in shipped.items() if marked] == ["status"]
    assert confirmed["status"] == ("PENDING", "CONFIRMED", True)
    assert confirmed["items[0].quantity"] == ("2", "2", False)
    assert placed["customer_name"] == ("—", "Ann", True)
    assert placed["items[0].unit_price.amount"] == ("—", "10.0", True)
    assert history.note.text().startswith("Before: did not exist.")


def test_a_changed_field_has_the_changed_background_of_the_look(qtbot, window) -> None:
    walked_order(qtbot, window)
    history = history_of_selection(qtbot, window, "ordersTable")
    model = history.comparison_table.model()
    status = column(history.comparison_table, 0).index("status")

    background = model.index(status, 1).data(Qt.ItemDataRole.BackgroundRole)

    assert background in (CHANGED_LIGHT, CHANGED_DARK)
    assert changed_background(dark_palette()) == CHANGED_DARK
    assert model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole) is None  # the id: same


def test_the_history_of_an_event_is_its_aggregates(qtbot, window: MainWindow) -> None:
    add_book(qtbot, window, "Dune", price="10.00")
    place_order(qtbot, window, "Ann", quantity=2)  # an order selected: not what is asked
    qtbot.waitUntil(lambda: "Bookshelf.OrderPlaced.v1" in log_types(window))
    log_table = find(window, "eventLogTable", QTableView)
    book_added = log_types(window).index("Bookshelf.BookAdded.v1")
    log_table.setCurrentIndex(log_table.model().index(book_added, 0))

    history = history_of_selection(qtbot, window, "eventLogTable")

    assert column(history.versions_table, 3) == ["BookAdded"]
    assert field_rows(history)["title"] == ("—", "Dune", True)


def test_the_history_shown_grows_with_the_next_write(qtbot, window: MainWindow) -> None:
    add_book(qtbot, window, "Dune", price="10.00")
    place_order(qtbot, window, "Ann", quantity=2)
    qtbot.waitUntil(lambda: selected_status(window) == "PENDING")
    history = history_of_selection(qtbot, window, "ordersTable")
    assert column(history.versions_table, 3) == ["OrderItemAdded", "OrderPlaced"]

    click(qtbot, window, "orderConfirm")

    qtbot.waitUntil(lambda: column(history.versions_table, 3)[-1:] == ["OrderConfirmed"])


def test_a_name_of_no_aggregate_is_not_found_in_the_status_bar(qtbot, window) -> None:
    assert not window.show_history("order-ffffffff")

    assert window.statusBar().currentMessage() == (
        "History: not found: order-ffffffff names no aggregate")


def test_show_history_with_nothing_selected_says_what_to_select(qtbot, window) -> None:
    window.show_selected_history()

    assert window.history_window is None
    assert window.statusBar().currentMessage() == (
        "History: select a book, an order or an event first")
