"""The orders' and the status history's context menus, and several orders selected."""

from __future__ import annotations

from PySide6.QtGui import QAction, QGuiApplication

from domain.bookshelf import Order
from tests.desktop.helpers import add_book, find, place_order


def action(table, row: int, name: str) -> QAction:
    found = table.menu_for(row).findChild(QAction, name)
    assert found is not None
    return found


def test_show_history_asks_the_window_for_the_orders_stream(qtbot, window):
    add_book(qtbot, window, "Dune")
    place_order(qtbot, window, "Ann")
    order_id = window.orders_model.order(0)["order_id"]
    with qtbot.waitSignal(window.historyRequested) as asked:
        action(window.orders_panel.table, 0, "ordersTableShowHistory").trigger()
    assert asked.args == [Order.stream_name(order_id)]
    action(window.orders_panel.table, 0, "ordersTableCopyId").trigger()
    assert QGuiApplication.clipboard().text() == order_id


def test_a_status_change_asks_for_the_trace_of_its_event(qtbot, window):
    add_book(qtbot, window, "Dune")
    place_order(qtbot, window, "Ann")
    history = window.orders_panel.history
    qtbot.waitUntil(lambda: history.model().rowCount() == 1)
    event_id = history.model().item(0)["event_id"]
    with qtbot.waitSignal(window.traceRequested) as asked:
        action(history, 0, "orderHistoryShowTrace").trigger()
    assert asked.args == [event_id]
    action(history, 0, "orderHistoryCopyId").trigger()
    assert QGuiApplication.clipboard().text() == event_id


def test_with_several_orders_selected_none_is_confirmed_or_shipped(qtbot, window):
    add_book(qtbot, window, "Dune")
    place_order(qtbot, window, "Ann")
    place_order(qtbot, window, "Bob")
    window.orders_panel.table.selectAll()
    assert window.orders_panel.selected_order() is None
    assert not find(window, "orderConfirm").isEnabled()
    assert find(window, "orderSelected").text() == "2 orders selected"
