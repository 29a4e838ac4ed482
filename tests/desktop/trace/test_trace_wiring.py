"""Every way to Show trace ends in the Trace dock: the tables' menus, the details' links,
the Commands view, Ctrl+T wherever the focus is; and the tree's own menu."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QWidget

from desktop.main_window import MainWindow
from domain.bookshelf import Order
from tests.desktop.event_details.conftest import index_at
from tests.desktop.helpers import add_book, find, place_order
from tests.desktop.trace.test_trace_dock import (
    PLACE_CONFIRM_SHIP,
    rows,
    select_log_row,
    shipped_order,
    tree,
)

ADD_BOOK = [(0, "AddBook"), (1, "BookAdded")]
PLACE = [(0, "PlaceOrder"), (1, "OrderItemAdded"), (1, "OrderPlaced")]


def menu_action(table, row: int, name: str) -> QAction:
    found = table.menu_for(row).findChild(QAction, name)
    assert isinstance(found, QAction) and found.isEnabled()
    return found


def shows(qtbot, window: MainWindow, expected: list[tuple[int, str]]) -> None:
    qtbot.waitUntil(lambda: tree(window) == expected)
    assert find(window, "traceDock").isVisible()


def test_the_log_s_menu_shows_the_trace_of_its_event(qtbot, window: MainWindow) -> None:
    shipped_order(qtbot, window)

    menu_action(window.event_log_panel.table, window.event_log_model.rowCount() - 1,
                "eventLogTableShowTrace").trigger()

    shows(qtbot, window, PLACE_CONFIRM_SHIP)


def test_the_details_correlation_id_shows_the_trace(qtbot, window: MainWindow) -> None:
    shipped_order(qtbot, window)
    select_log_row(window, window.event_log_model.rowCount() - 1)
    details = window.event_log_panel.details
    details.tree.setFocus()
    details.tree.setCurrentIndex(index_at(details, "metadata", "correlation_id"))

    qtbot.keyClick(details.tree, Qt.Key.Key_Return)

    shows(qtbot, window, PLACE_CONFIRM_SHIP)


def test_the_catalog_s_menu_shows_the_chain_that_added_the_book(qtbot, window: MainWindow
                                                                ) -> None:
    add_book(qtbot, window, "Dune")

    menu_action(window.catalog_panel.table, 0, "catalogTableShowTrace").trigger()

    shows(qtbot, window, ADD_BOOK)


def test_the_orders_menu_shows_the_chain_that_placed_the_order(qtbot, window: MainWindow
                                                               ) -> None:
    shipped_order(qtbot, window)

    menu_action(window.orders_panel.table, 0, "ordersTableShowTrace").trigger()

    shows(qtbot, window, PLACE_CONFIRM_SHIP)


def test_the_commands_view_shows_the_trace_of_a_refused_command(qtbot, window: MainWindow
                                                                ) -> None:
    shipped_order(qtbot, window)
    window.orders_panel.confirm_selected()  # past the buttons: refused
    commands = window.commands_panel
    find(window, "commandsDock").raise_()
    qtbot.waitUntil(lambda: commands.model.rowCount() > 0
                    and commands.model.item(0).refused)

    menu_action(commands.table, 0, "commandsTableShowTrace").trigger()

    shows(qtbot, window, [*PLACE_CONFIRM_SHIP, (6, "ConfirmOrder (refused)")])
    refused = rows(window.trace_panel.model)[-1][1]
    # Its aggregate is its cause's: the order it was about.
    order_id = window.orders_model.order(0)["order_id"]
    assert refused.siblingAtColumn(1).data() == f"order-{order_id[:8]}"


def ctrl_t_in(qtbot, window: MainWindow, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: widget.hasFocus())
    find(window, "actionTraceEvent", QAction).trigger()


def test_ctrl_t_in_the_catalog_traces_the_selected_book(qtbot, window: MainWindow) -> None:
    add_book(qtbot, window, "Dune")
    place_order(qtbot, window, "Ann", quantity=1)
    select_log_row(window, window.event_log_model.rowCount() - 1)  # the log's: the order's
    window.catalog_panel.table.selectRow(0)

    ctrl_t_in(qtbot, window, window.catalog_panel.table)

    shows(qtbot, window, ADD_BOOK)


def test_ctrl_t_in_the_orders_traces_the_selected_order(qtbot, window: MainWindow) -> None:
    add_book(qtbot, window, "Dune")
    place_order(qtbot, window, "Ann", quantity=1)
    select_log_row(window, 0)  # the log's: the book's

    ctrl_t_in(qtbot, window, window.orders_panel.table)

    shows(qtbot, window, PLACE)


def test_ctrl_t_in_the_commands_traces_the_selected_command(qtbot, window: MainWindow
                                                            ) -> None:
    add_book(qtbot, window, "Dune")
    place_order(qtbot, window, "Ann", quantity=1)
    select_log_row(window, window.event_log_model.rowCount() - 1)  # the log's: the order's
    commands = window.commands_panel
    find(window, "commandsDock").raise_()
    qtbot.waitUntil(lambda: commands.model.rowCount() == 2)
    commands.table.setCurrentIndex(commands.model.index(1, 0))  # the AddBook

    ctrl_t_in(qtbot, window, commands.table)

    shows(qtbot, window, ADD_BOOK)


def test_ctrl_t_elsewhere_traces_the_log_s_event(qtbot, window: MainWindow) -> None:
    add_book(qtbot, window, "Dune")
    place_order(qtbot, window, "Ann", quantity=1)
    select_log_row(window, 0)  # the book's

    ctrl_t_in(qtbot, window, window.trace_panel.tree)

    shows(qtbot, window, ADD_BOOK)


def test_ctrl_t_with_nothing_selected_says_so(qtbot, window: MainWindow) -> None:
    ctrl_t_in(qtbot, window, window.trace_panel.tree)

    assert "select an event" in window.statusBar().currentMessage()
    assert tree(window) == []


def test_the_tree_s_menu_shows_a_node_s_history_and_copies_its_id(qtbot, window: MainWindow
                                                                  ) -> None:
    shipped_order(qtbot, window)
    select_log_row(window, window.event_log_model.rowCount() - 1)
    find(window, "actionTraceEvent", QAction).trigger()
    shows(qtbot, window, PLACE_CONFIRM_SHIP)
    [confirm] = [index for _, index in rows(window.trace_panel.model)
                 if index.data() == "ConfirmOrder"]
    menu = window.trace_panel.menu_for(confirm)

    menu.findChild(QAction, "traceTreeCopyId").trigger()
    assert QGuiApplication.clipboard().text() == window.commands_panel.reader.commands(
        limit=2)[1].id  # ShipOrder, then ConfirmOrder
    with qtbot.waitSignal(window.historyRequested) as asked:
        menu.findChild(QAction, "traceTreeShowHistory").trigger()
    assert asked.args == [Order.stream_name(window.orders_model.order(0)["order_id"])]
