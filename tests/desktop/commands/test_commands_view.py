"""The Commands dock: the commands on record, newest first, a refusal marked, its trace and
its aggregate's history."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QCheckBox, QLabel

from desktop.commands.model import REFUSED_COLOR
from desktop.commands.panel import NO_HISTORY
from desktop.history.window import HistoryWindow
from desktop.main_window import MainWindow
from desktop.widgets.time_display import time_display
from domain.bookshelf import Order, PlaceOrder
from domain.core import ValidationError
from domain.core.errors import StorageError
from tests.desktop.helpers import add_book, find, place_order


def shown(window: MainWindow) -> list[tuple[str, str]]:
    model = window.commands_panel.model
    return [(model.index(row, 1).data(), model.index(row, 2).data())
            for row in range(model.rowCount())]


def in_view(window: MainWindow) -> None:
    dock = find(window, "commandsDock")
    dock.show()
    dock.raise_()


def refused_confirm(qtbot, window: MainWindow) -> None:
    """A book, an order of it, confirmed, then confirmed again past the buttons: refused."""
    add_book(qtbot, window, "Dune")
    place_order(qtbot, window, "Ann", quantity=1)
    window.orders_panel.confirm_selected()
    qtbot.waitUntil(lambda: (window.orders_panel.selected_order() or {}).get(
        "status") == "CONFIRMED")
    window.orders_panel.confirm_selected()
    message = find(window, "ordersMessage", QLabel)
    qtbot.waitUntil(lambda: "Could not confirm" in message.text())


def test_the_commands_are_listed_newest_first_as_they_are_recorded(qtbot, window: MainWindow
                                                                   ) -> None:
    in_view(window)
    add_book(qtbot, window, "Dune")
    qtbot.waitUntil(lambda: shown(window) == [("AddBook", "accepted")])

    place_order(qtbot, window, "Ann", quantity=1)

    qtbot.waitUntil(lambda: shown(window) == [("PlaceOrder", "accepted"),
                                              ("AddBook", "accepted")])
    assert "newest 500" in find(window, "commandsLabel", QLabel).text()


def test_a_refused_command_shows_up_in_red_with_its_messages(qtbot, window: MainWindow
                                                             ) -> None:
    in_view(window)
    refused_confirm(qtbot, window)

    # It raised no event: only the commit of its record can have told the view.
    qtbot.waitUntil(lambda: shown(window)[:1] == [("ConfirmOrder", "refused")])
    model = window.commands_panel.model
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole).color() == REFUSED_COLOR
    assert model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    tip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "refused" in tip and len(tip.splitlines()) > 3  # type, id, outcome, messages
    order_id = window.orders_model.order(0)["order_id"]
    assert model.index(0, 3).data() == f"order-{order_id[:8]}"


def test_refused_only_keeps_the_refused_commands(qtbot, window: MainWindow) -> None:
    in_view(window)
    refused_confirm(qtbot, window)

    find(window, "commandsRefusedOnly", QCheckBox).setChecked(True)

    qtbot.waitUntil(lambda: shown(window) == [("ConfirmOrder", "refused")])


def test_a_command_s_time_is_written_as_the_window_writes_times(qtbot, window: MainWindow
                                                                ) -> None:
    in_view(window)
    add_book(qtbot, window, "Dune")
    qtbot.waitUntil(lambda: len(shown(window)) == 1)
    time_display().set_utc(True)
    try:
        assert window.commands_panel.model.index(0, 0).data().endswith("+00:00")
    finally:
        time_display().set_utc(False)


def test_the_menu_copies_the_command_s_id_and_asks_for_its_trace(qtbot, window: MainWindow
                                                                 ) -> None:
    in_view(window)
    add_book(qtbot, window, "Dune")
    qtbot.waitUntil(lambda: len(shown(window)) == 1)
    command_id = window.commands_panel.model.item(0).id
    menu = window.commands_panel.table.menu_for(0)

    menu.findChild(QAction, "commandsTableCopyId").trigger()
    assert QGuiApplication.clipboard().text() == command_id
    with qtbot.waitSignal(window.traceRequested) as asked:
        menu.findChild(QAction, "commandsTableShowTrace").trigger()
    assert asked.args == [command_id]


def shown_history(qtbot, window: MainWindow) -> HistoryWindow:
    qtbot.waitUntil(lambda: window.history_window is not None
                    and window.history_window.isVisible())
    assert window.history_window is not None and window.history_window.history is not None
    return window.history_window


def history_item(window: MainWindow, row: int) -> QAction:
    found = window.commands_panel.table.menu_for(row).findChild(
        QAction, "commandsTableShowHistory")
    assert isinstance(found, QAction)
    return found


def test_the_menu_shows_the_history_of_a_command_s_aggregate_at_the_version_it_wrote(
        qtbot, window: MainWindow) -> None:
    in_view(window)
    refused_confirm(qtbot, window)
    qtbot.waitUntil(lambda: [name for name, _ in shown(window)] == [
        "ConfirmOrder", "ConfirmOrder", "PlaceOrder", "AddBook"])
    order_stream = Order.stream_name(window.orders_model.order(0)["order_id"])

    history_item(window, 1).trigger()  # the ConfirmOrder accepted

    history = shown_history(qtbot, window)
    assert history.history.stream == order_stream
    assert history.chosen_version() == 1
    assert history.versions_table.currentIndex().siblingAtColumn(3).data() == "OrderConfirmed"


def test_a_command_that_names_no_aggregate_shows_the_history_of_the_one_it_made(
        qtbot, window: MainWindow) -> None:
    in_view(window)
    add_book(qtbot, window, "Dune")
    place_order(qtbot, window, "Ann", quantity=1)
    qtbot.waitUntil(lambda: shown(window)[:1] == [("PlaceOrder", "accepted")])

    history_item(window, 0).trigger()

    history = shown_history(qtbot, window)
    assert history.history.stream == Order.stream_name(window.orders_model.order(0)["order_id"])
    assert history.chosen_version() == 0


def test_a_refused_command_shows_the_history_of_the_aggregate_it_names(
        qtbot, window: MainWindow) -> None:
    in_view(window)
    refused_confirm(qtbot, window)
    qtbot.waitUntil(lambda: shown(window)[:1] == [("ConfirmOrder", "refused")])

    history_item(window, 0).trigger()

    history = shown_history(qtbot, window)
    assert history.history.stream == Order.stream_name(window.orders_model.order(0)["order_id"])


def test_a_refused_command_naming_no_aggregate_says_why_it_has_no_history(
        qtbot, window: MainWindow) -> None:
    in_view(window)
    refusal = window.engine.submit(PlaceOrder(customer_name="Ann", items=[
        {"book_id": "00000000-0000-4000-8000-000000000000", "quantity": 1}]))
    assert isinstance(refusal.exception(timeout=10), ValidationError)
    qtbot.waitUntil(lambda: shown(window) == [("PlaceOrder", "refused")])

    item = history_item(window, 0)

    assert not item.isEnabled()
    assert item.toolTip() == item.statusTip() == NO_HISTORY
    assert item.parent().toolTipsVisible()


def test_enter_on_a_command_asks_for_its_trace(qtbot, window: MainWindow) -> None:
    in_view(window)
    add_book(qtbot, window, "Dune")
    qtbot.waitUntil(lambda: len(shown(window)) == 1)
    table = window.commands_panel.table
    table.setFocus()
    table.setCurrentIndex(window.commands_panel.model.index(0, 0))

    with qtbot.waitSignal(window.traceRequested) as asked:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert asked.args == [window.commands_panel.model.item(0).id]


def test_a_read_that_fails_says_so_and_the_next_one_lists_again(
        qtbot, window: MainWindow, monkeypatch) -> None:
    in_view(window)
    add_book(qtbot, window, "Dune")
    qtbot.waitUntil(lambda: len(shown(window)) == 1)
    label = find(window, "commandsLabel", QLabel)

    def locked(*_args: object, **_kwargs: object) -> list[object]:
        raise StorageError("database is locked")

    with monkeypatch.context() as patched:
        patched.setattr("desktop.commands.panel.command_rows", locked)
        window.commands_panel.refresh()
        qtbot.waitUntil(lambda: "could not be read: database is locked" in label.text())
    window.commands_panel.refresh()

    qtbot.waitUntil(lambda: label.text().startswith("The newest 500"))
    assert shown(window) == [("AddBook", "accepted")]
