"""The Trace dock: Show trace on the log's event, the tree, and a node selecting its event."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QAction, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QLabel, QTreeView

from desktop.main_window import MainWindow
from desktop.trace.model import POSITION_ROLE
from tests.desktop.helpers import add_book, click, find, log_types, place_order

PLACE_CONFIRM_SHIP = [
    (0, "PlaceOrder"), (1, "OrderItemAdded"), (1, "OrderPlaced"), (2, "ConfirmOrder"),
    (3, "OrderConfirmed"), (4, "ShipOrder"), (5, "OrderShipped")]


def rows(model: QStandardItemModel, parent: QModelIndex = QModelIndex(),  # noqa: B008
         depth: int = 0) -> list[tuple[int, QModelIndex]]:
    """Every row's first cell with its depth, each before the rows under it."""
    found = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        found.append((depth, index))
        found += rows(model, index, depth + 1)
    return found


def tree(window: MainWindow) -> list[tuple[int, str]]:
    return [(depth, index.data()) for depth, index in rows(window.trace_panel.model)]


def shipped_order(qtbot, window: MainWindow) -> None:
    """A book, and an order of it placed, confirmed and shipped with the window's buttons."""
    add_book(qtbot, window, "Dune")
    place_order(qtbot, window, "Ann", quantity=1)
    for button, status in (("orderConfirm", "CONFIRMED"), ("orderShip", "SHIPPED")):
        qtbot.waitUntil(lambda button=button: find(window, button).isEnabled())
        click(qtbot, window, button)
        qtbot.waitUntil(lambda status=status: (
            window.orders_panel.selected_order() or {}).get("status") == status)
    qtbot.waitUntil(lambda: log_types(window)[-1:] == ["Bookshelf.OrderShipped.v1"])


def select_log_row(window: MainWindow, row: int) -> None:
    """Select the log's row `row`, the focus in the log, as a click on it leaves them."""
    table = window.event_log_panel.table
    table.setFocus()
    table.setCurrentIndex(window.event_log_model.index(row, 0))


def show_trace(window: MainWindow) -> QAction:
    action = find(window, "actionTraceEvent", QAction)
    assert isinstance(action, QAction) and action.isEnabled()
    action.trigger()
    return action


def test_show_trace_of_a_shipped_order_s_event_is_the_tree_from_place_to_ship(
        qtbot, window: MainWindow) -> None:
    shipped_order(qtbot, window)
    select_log_row(window, window.event_log_model.rowCount() - 1)

    show_trace(window)

    assert tree(window) == PLACE_CONFIRM_SHIP
    assert find(window, "traceDock").isVisible()
    assert "7 messages" in find(window, "traceLabel", QLabel).text()
    assert find(window, "actionTraceEvent", QAction).shortcut().toString() == "Ctrl+T"


def test_selecting_an_event_node_selects_its_event_in_the_log(qtbot, window: MainWindow
                                                              ) -> None:
    shipped_order(qtbot, window)
    select_log_row(window, window.event_log_model.rowCount() - 1)
    show_trace(window)
    trace_tree = find(window, "traceTree", QTreeView)

    [(_, placed)] = [(depth, index) for depth, index in rows(window.trace_panel.model)
                     if index.data() == "OrderPlaced"]
    trace_tree.setCurrentIndex(placed)

    log_row = window.event_log_panel.table.currentIndex().row()
    assert window.event_log_model.row_at(log_row).position == placed.data(POSITION_ROLE)
    assert window.event_log_model.row_at(log_row).type == "Bookshelf.OrderPlaced.v1"


def test_an_event_the_log_does_not_hold_or_filters_out_is_read_in_and_the_filter_cleared(
        qtbot, window: MainWindow) -> None:
    shipped_order(qtbot, window)
    select_log_row(window, window.event_log_model.rowCount() - 1)
    show_trace(window)
    log_panel = window.event_log_panel
    # The log holds only its newest two rows, of one type: the book's and the placing's
    # events are neither held nor kept by the filter.
    window.event_log_model.pager.page_size = window.event_log_model.pager.max_rows = 2
    types = find(window, "eventLogTypeFilter", QComboBox)
    assert isinstance(types, QComboBox)
    types.setCurrentIndex(types.findData("Bookshelf.OrderShipped.v1"))
    assert log_types(window) == ["Bookshelf.OrderShipped.v1"]

    [item_added] = [index for _, index in rows(window.trace_panel.model)
                    if index.data() == "OrderItemAdded"]
    find(window, "traceTree", QTreeView).setCurrentIndex(item_added)

    selected = window.event_log_model.row_at(log_panel.table.currentIndex().row())
    assert (selected.position, selected.type) == (item_added.data(POSITION_ROLE),
                                                  "Bookshelf.OrderItemAdded.v1")
    assert types.currentIndex() == 0 and not window.event_log_model.filtered
    assert not log_panel.following


def test_a_refused_command_is_marked_in_the_tree(qtbot, window: MainWindow) -> None:
    shipped_order(qtbot, window)
    window.orders_panel.confirm_selected()  # past the buttons: the domain refuses it
    message = find(window, "ordersMessage", QLabel)
    qtbot.waitUntil(lambda: "Could not confirm" in message.text())
    select_log_row(window, window.event_log_model.rowCount() - 1)

    show_trace(window)

    assert tree(window) == [*PLACE_CONFIRM_SHIP, (6, "ConfirmOrder (refused)")]


def test_an_id_the_store_does_not_hold_says_not_found(qtbot, window: MainWindow) -> None:
    missing = "00000000-0000-4000-8000-000000000000"

    assert not window.show_trace(missing)

    assert find(window, "traceLabel", QLabel).text() == f"{missing}: not found."
    assert tree(window) == []
