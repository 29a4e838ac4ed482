"""Show history: an order placed, confirmed and shipped through the window, version by version."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QTableView

from desktop.history.window import HistoryWindow
from desktop.look.marks import CHANGED_DARK, CHANGED_LIGHT, changed_background
from desktop.look.palettes import dark_palette
from desktop.main_window import MainWindow
from domain.bookshelf import Order
from tests.desktop.helpers import add_book, click, find, log_types, place_order
from tests.unit.readside.memory_reader import ORDER, MemoryReader
from tests.unit.readside.memory_reader import order_event as event


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


def shown_history(qtbot, window: MainWindow) -> HistoryWindow:
    qtbot.waitUntil(lambda: window.history_window is not None
                    and window.history_window.isVisible())
    assert window.history_window is not None
    return window.history_window


def chosen_event(history: HistoryWindow) -> str:
    return history.versions_table.currentIndex().siblingAtColumn(3).data()


def log_row_of(window: MainWindow, short_type: str) -> int:
    return log_types(window).index(f"Bookshelf.{short_type}.v1")


def test_show_history_on_an_event_in_the_logs_menu_chooses_the_version_that_raised_it(
        qtbot, window: MainWindow) -> None:
    walked_order(qtbot, window)
    qtbot.waitUntil(lambda: "Bookshelf.OrderShipped.v1" in log_types(window))
    confirmed = window.event_log_model.row_at(log_row_of(window, "OrderConfirmed"))
    menu = window.event_log_panel.table.menu_for(log_row_of(window, "OrderConfirmed"))

    menu.findChild(QAction, "eventLogTableShowHistory").trigger()

    history = shown_history(qtbot, window)
    assert history.history is not None and history.history.stream == confirmed.stream
    assert (history.chosen_version(), chosen_event(history)) == (1, "OrderConfirmed")


def test_ctrl_h_on_an_event_in_the_log_chooses_the_version_that_raised_it(
        qtbot, window: MainWindow) -> None:
    walked_order(qtbot, window)
    qtbot.waitUntil(lambda: "Bookshelf.OrderShipped.v1" in log_types(window))
    log_table = find(window, "eventLogTable", QTableView)
    log_table.setCurrentIndex(log_table.model().index(log_row_of(window, "OrderConfirmed"), 0))

    history = history_of_selection(qtbot, window, "eventLogTable")

    assert (history.chosen_version(), chosen_event(history)) == (1, "OrderConfirmed")


def test_show_history_on_a_status_change_chooses_the_version_it_was_made_by(
        qtbot, window: MainWindow) -> None:
    walked_order(qtbot, window)
    changes = window.orders_panel.history
    qtbot.waitUntil(lambda: window.transitions_model.statuses()[-1:] == ["SHIPPED"])
    row = window.transitions_model.statuses().index("CONFIRMED")

    changes.menu_for(row).findChild(QAction, "orderHistoryShowHistory").trigger()

    history = shown_history(qtbot, window)
    assert history.history is not None and history.history.stream == Order.stream_name(
        str(window.orders_panel.selected_order()["order_id"]))
    assert (history.chosen_version(), chosen_event(history)) == (1, "OrderConfirmed")


def test_show_history_in_the_orders_menu_opens_the_history_of_that_order(
        qtbot, window: MainWindow) -> None:
    add_book(qtbot, window, "Dune", price="10.00")
    place_order(qtbot, window, "Ann", quantity=2)
    qtbot.waitUntil(lambda: selected_status(window) == "PENDING")
    order_id = str(window.orders_model.order(0)["order_id"])

    window.orders_panel.table.menu_for(0).findChild(QAction, "ordersTableShowHistory").trigger()

    history = shown_history(qtbot, window)
    assert history.history is not None
    assert history.history.stream == Order.stream_name(order_id)
    assert history.stream_label.text() == Order.stream_name(order_id)


def test_an_event_of_the_versions_list_has_its_trace_and_its_id_in_the_menu(
        qtbot, window: MainWindow) -> None:
    walked_order(qtbot, window)
    history = history_of_selection(qtbot, window, "ordersTable")
    assert history.history is not None
    shipped = history.history.versions[-1].events[0]
    last = history.versions.rowCount() - 1

    with qtbot.waitSignal(window.traceRequested) as asked:
        history.versions_table.menu_for(last).findChild(
            QAction, "historyVersionsShowTrace").trigger()
    history.versions_table.menu_for(last).findChild(QAction, "historyVersionsCopyId").trigger()

    assert asked.args == [shipped.event_id]
    assert QGuiApplication.clipboard().text() == shipped.event_id


def test_the_states_menu_traces_the_chosen_version_and_copies_the_aggregate_s_id(
        qtbot, window: MainWindow) -> None:
    walked_order(qtbot, window)
    history = history_of_selection(qtbot, window, "ordersTable")
    assert history.history is not None
    history.choose(1)
    confirmed = history.history.versions[-2].events[0]
    status = column(history.comparison_table, 0).index("status")
    menu = history.comparison_table.menu_for(status)

    with qtbot.waitSignal(window.traceRequested) as asked:
        menu.findChild(QAction, "historyComparisonShowTrace").trigger()
    menu.findChild(QAction, "historyComparisonCopyId").trigger()

    assert asked.args == [confirmed.event_id]
    assert QGuiApplication.clipboard().text() == str(
        window.orders_panel.selected_order()["order_id"])


def test_a_version_whose_states_were_not_recorded_counts_no_changed_fields(qtbot) -> None:
    # Written before states were kept: the order's row says it is at version 1.
    reader = MemoryReader([event(1, 1, "place", "OrderPlaced"), event(2, 2, "confirm")])
    reader.aggregate_row = lambda kind, aggregate_id: {"_version": 1}  # type: ignore[method-assign]
    history = HistoryWindow(reader)
    qtbot.addWidget(history)

    assert history.show_history(ORDER)

    assert history.chosen_version() == 1
    assert history.note.text() == "Before: state not recorded. After: state not recorded."


def test_an_event_sourced_aggregate_s_unrecorded_versions_show_their_replayed_state(
        qtbot) -> None:
    # An account opened and credited twice in one write, by a program that kept no state.
    reader = MemoryReader([event(1, 1, "open", "AccountOpened"), event(2, 2, "open", "Credited"),
                           event(3, 3, "open", "Credited")])
    history = HistoryWindow(reader, replay=lambda stream, events: [
        {"balance": balance} for balance in (0.0, 10.0, 15.0)[:len(events)]])
    qtbot.addWidget(history)

    assert history.show_history(ORDER)

    assert history.versions.rowCount() == 3  # a version an event
    assert history.chosen_version() == 2
    assert history.note.text() == "Before: version 1. After: version 2. 1 changed field, marked."
    assert [history.comparison.index(0, column).data() for column in (1, 2)] == ["10.0", "15.0"]


def test_escape_closes_the_history_window(qtbot) -> None:
    reader = MemoryReader([event(1, 1, "place", "OrderPlaced")])
    reader.aggregate_row = lambda kind, aggregate_id: {"_version": 0}  # type: ignore[method-assign]
    history = HistoryWindow(reader)
    qtbot.addWidget(history)
    assert history.show_history(ORDER)
    history.show()
    history.activateWindow()
    qtbot.waitUntil(history.isActiveWindow)

    qtbot.keyClick(history.versions_table, Qt.Key.Key_Escape)

    assert not history.isVisible()
    history.show()
    history.activateWindow()
    qtbot.waitUntil(history.isActiveWindow)

    qtbot.keySequence(history, QKeySequence(QKeySequence.StandardKey.Close))

    assert not history.isVisible()
