"""The Trace dock: Show trace on the log's event, the tree, a node selecting its event or its
command, and Ctrl+C copying the selected rows."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QGuiApplication, QStandardItemModel
from PySide6.QtWidgets import QCheckBox, QComboBox, QDockWidget, QLabel, QTreeView, QWidget

from desktop.main_window import MainWindow
from desktop.trace.model import POSITION_ROLE
from desktop.widgets.roles import KEY_ROLE
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


def node(window: MainWindow, text: str) -> QModelIndex:
    [found] = [index for _, index in rows(window.trace_panel.model) if index.data() == text]
    return found


def traced_shipped_order(qtbot, window: MainWindow) -> QTreeView:
    shipped_order(qtbot, window)
    select_log_row(window, window.event_log_model.rowCount() - 1)
    show_trace(window)
    trace_tree = find(window, "traceTree", QTreeView)
    assert isinstance(trace_tree, QTreeView)
    return trace_tree


def in_front(widget: QWidget) -> bool:
    """Whether any of it shows: a dock behind another's tab is "visible" all the same."""
    return not widget.visibleRegion().isEmpty()


def selected_command(window: MainWindow) -> str:
    commands = window.commands_panel
    return commands.model.index(commands.table.currentIndex().row(), 1).data()


def test_selecting_a_command_node_selects_that_command_in_the_commands_view(
        qtbot, window: MainWindow) -> None:
    trace_tree = traced_shipped_order(qtbot, window)
    confirm = node(window, "ConfirmOrder")

    trace_tree.setCurrentIndex(confirm)

    assert window.commands_panel.selected_command() == confirm.data(KEY_ROLE)
    assert selected_command(window) == "ConfirmOrder"
    # Tabbed with the Trace (the default), it is not raised over the tree being walked.
    assert in_front(trace_tree)


def test_a_closed_commands_dock_is_opened_for_the_command_chosen(qtbot, window: MainWindow
                                                                 ) -> None:
    trace_tree = traced_shipped_order(qtbot, window)
    commands_dock = find(window, "commandsDock", QDockWidget)
    commands_dock.close()

    trace_tree.setCurrentIndex(node(window, "ShipOrder"))

    assert not commands_dock.isHidden()
    assert selected_command(window) == "ShipOrder"
    assert in_front(trace_tree)


def test_a_commands_dock_behind_another_s_tab_is_raised(qtbot, window: MainWindow) -> None:
    trace_tree = traced_shipped_order(qtbot, window)
    commands_dock = find(window, "commandsDock", QDockWidget)
    add_dock = find(window, "addBookDock", QDockWidget)
    window.tabifyDockWidget(add_dock, commands_dock)  # away from the Trace's tabs
    add_dock.raise_()
    qtbot.waitUntil(lambda: not in_front(commands_dock))

    trace_tree.setCurrentIndex(node(window, "PlaceOrder"))

    qtbot.waitUntil(lambda: in_front(commands_dock))
    assert selected_command(window) == "PlaceOrder"
    assert in_front(trace_tree)


def test_a_command_just_the_refused_keeps_out_is_selected_all_the_same(
        qtbot, window: MainWindow) -> None:
    trace_tree = traced_shipped_order(qtbot, window)
    refused_only = find(window, "commandsRefusedOnly", QCheckBox)
    refused_only.setChecked(True)

    trace_tree.setCurrentIndex(node(window, "ConfirmOrder"))

    assert not refused_only.isChecked()
    assert selected_command(window) == "ConfirmOrder"


def test_ctrl_c_in_the_tree_copies_the_selected_rows_as_the_tables_do(
        qtbot, window: MainWindow) -> None:
    trace_tree = traced_shipped_order(qtbot, window)
    trace_tree.setFocus()
    selection = trace_tree.selectionModel()
    # Shift and Ctrl select several, as in the tables; chosen bottom up, copied top down.
    for text in ("OrderShipped", "PlaceOrder"):
        selection.select(node(window, text), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
    QGuiApplication.clipboard().clear()

    qtbot.keyClick(trace_tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)

    header, placed, shipped = QGuiApplication.clipboard().text().splitlines()
    assert header == "Type\tAggregate\tTime\tDelay"
    assert placed.split("\t")[0] == "PlaceOrder" and shipped.split("\t")[0] == "OrderShipped"
    assert placed.split("\t")[1] == shipped.split("\t")[1].strip() != ""  # the order's
    assert shipped.split("\t")[3].startswith("+")  # its delay from its cause
    copy = window.trace_panel.menu_for(node(window, "PlaceOrder")).findChild(
        QAction, "traceTreeCopyRows")
    assert isinstance(copy, QAction) and copy.text() == "&Copy 2 rows"


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
