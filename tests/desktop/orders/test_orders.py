"""Placing, confirming and shipping orders: the status, the buttons and the history."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSpinBox

from domain.bookshelf import PlaceOrder
from tests.desktop.helpers import (
    add_book,
    click,
    find,
    log_types,
    pick_book,
    place_order,
    type_into,
)


def selected_status(window) -> str:
    order = window.orders_panel.selected_order()
    return order["status"] if order else ""


def test_place_confirm_and_ship_walk_the_status_the_buttons_and_the_history(qtbot, window):
    add_book(qtbot, window, "Dune", price="10.00")
    place_order(qtbot, window, "Ann", quantity=2)
    confirm, ship = find(window, "orderConfirm"), find(window, "orderShip")

    qtbot.waitUntil(lambda: selected_status(window) == "PENDING")
    table = find(window, "ordersTable")
    row = table.selectionModel().selectedRows()[0].row()
    model = table.model()
    assert [model.index(row, column).data() for column in range(4)] == [
        "Ann", "2", "20.00 USD", "Pending"]
    assert (confirm.isEnabled(), ship.isEnabled()) == (True, False)
    assert window.transitions_model.statuses() == ["PENDING"]

    click(qtbot, window, "orderConfirm")
    qtbot.waitUntil(lambda: selected_status(window) == "CONFIRMED")
    assert (confirm.isEnabled(), ship.isEnabled()) == (False, True)
    assert window.transitions_model.statuses() == ["PENDING", "CONFIRMED"]

    click(qtbot, window, "orderShip")
    qtbot.waitUntil(lambda: selected_status(window) == "SHIPPED")
    assert (confirm.isEnabled(), ship.isEnabled()) == (False, False)
    assert window.transitions_model.statuses() == ["PENDING", "CONFIRMED", "SHIPPED"]

    history = find(window, "orderHistory").model()
    event_ids = [history.index(row, 2).data() for row in range(3)]
    assert all(len(event_id) == 36 for event_id in event_ids)
    assert history.index(2, 1).data()  # the time of the transition
    qtbot.waitUntil(lambda: log_types(window)[-1] == "Bookshelf.OrderShipped.v1")
    assert "Bookshelf.OrderItemAdded.v1" in log_types(window)


def test_status_is_shown_with_a_color(qtbot, window):
    add_book(qtbot, window, "Dune")
    place_order(qtbot, window, "Ann")

    from PySide6.QtCore import Qt

    status = find(window, "ordersTable").model().index(0, 3)
    assert status.data(Qt.ItemDataRole.BackgroundRole) is not None


def test_a_refused_transition_shows_its_message_in_the_panel(qtbot, window):
    add_book(qtbot, window, "Dune")
    place_order(qtbot, window, "Ann")
    qtbot.waitUntil(lambda: selected_status(window) == "PENDING")

    # The buttons guard the UI; the domain's guard answers a request that slips past them.
    window.orders_panel.ship_selected()
    message = find(window, "ordersMessage")
    qtbot.waitUntil(lambda: "Could not ship" in message.text())
    assert message.property("kind") == "error"
    assert selected_status(window) == "PENDING"


def test_place_is_disabled_until_there_is_a_customer_and_a_line(qtbot, window):
    add_book(qtbot, window, "Dune")
    place = find(window, "orderPlace")
    assert not place.isEnabled()
    type_into(qtbot, window, "orderCustomer", "Ann")
    assert not place.isEnabled()
    assert not find(window, "orderAddLine").isEnabled()  # no book picked yet
    pick_book(qtbot, window, "Dune")
    click(qtbot, window, "orderAddLine")
    assert place.isEnabled()

    lines = find(window, "orderLines")
    lines.selectRow(0)
    click(qtbot, window, "orderRemoveLine")
    assert window.orders_panel.form.lines.rowCount() == 0
    assert not place.isEnabled()


def test_a_customer_name_typed_then_erased_is_said_to_be_required(qtbot, window):
    type_into(qtbot, window, "orderCustomer", "Ann")
    for _letter in "Ann":
        qtbot.keyClick(find(window, "orderCustomer"), Qt.Key.Key_Backspace)

    assert find(window, "orderCustomerMessage").text() == "is required"


def test_each_step_says_what_it_did(qtbot, window):
    add_book(qtbot, window, "Dune")
    message = find(window, "ordersMessage")

    place_order(qtbot, window, "Ann")
    qtbot.waitUntil(lambda: message.text() == "Placed an order for Ann.")
    qtbot.waitUntil(lambda: selected_status(window) == "PENDING")
    click(qtbot, window, "orderConfirm")
    qtbot.waitUntil(lambda: message.text() == "Confirmed the order of Ann.")
    qtbot.waitUntil(lambda: selected_status(window) == "CONFIRMED")
    click(qtbot, window, "orderShip")
    qtbot.waitUntil(lambda: message.text() == "Shipped the order of Ann.")
    assert message.property("kind") == "info"


def test_place_waits_for_the_answer_and_the_form_clears_after_it(qtbot, window):
    add_book(qtbot, window, "Dune")
    pick_book(qtbot, window, "Dune")
    click(qtbot, window, "orderAddLine")
    type_into(qtbot, window, "orderCustomer", "Ann")

    click(qtbot, window, "orderPlace")
    assert not find(window, "orderPlace").isEnabled()  # no double order on its way

    qtbot.waitUntil(lambda: window.orders_model.rowCount() == 1)
    qtbot.waitUntil(lambda: find(window, "orderCustomer").text() == "")
    assert window.orders_panel.form.lines.rowCount() == 0


def test_an_order_the_handler_refuses_says_why_beside_its_lines(qtbot, window):
    # Valid as a command, refused by the handler: the book is not in the catalog.
    command = PlaceOrder(customer_name="Ann", items=[{"book_id": "no-such-book",
                                                      "quantity": 1}])
    window.orders_panel.form.submitted.emit(command)

    message = find(window, "ordersMessage")
    qtbot.waitUntil(lambda: message.text().startswith("The order of Ann was not placed: "))
    assert message.property("kind") == "error"
    lines_message = find(window, "orderLinesMessage")
    assert lines_message.text() == "no book with id no-such-book is in the catalog"
    assert lines_message.isVisible()
    assert window.orders_model.rowCount() == 0


def test_a_line_shows_the_picked_books_title_quantity_and_unit_price(qtbot, window):
    add_book(qtbot, window, "Dune", price="10.00")
    pick_book(qtbot, window, "Dune")
    find(window, "orderQuantity", QSpinBox).setValue(2)

    click(qtbot, window, "orderAddLine")

    lines = find(window, "orderLines").model()
    assert [lines.index(0, column).data() for column in range(3)] == [
        "Dune", "2", "10.00 USD"]
    assert window.orders_panel.form.lines.items() == [
        {"book_id": window.catalog_model.book(0)["book_id"], "quantity": 2}]


def test_the_status_history_shows_each_status_whole_as_the_order_moves_on(qtbot, window):
    add_book(qtbot, window, "Dune", price="10.00")
    place_order(qtbot, window, "Ann")
    qtbot.waitUntil(lambda: selected_status(window) == "PENDING")
    next(dock for dock in window.docks if dock.objectName() == "historyDock").raise_()
    history = find(window, "orderHistory")

    click(qtbot, window, "orderConfirm")
    qtbot.waitUntil(lambda: selected_status(window) == "CONFIRMED")
    click(qtbot, window, "orderShip")
    qtbot.waitUntil(lambda: window.transitions_model.statuses()[-1:] == ["SHIPPED"])
    qtbot.wait(50)  # painted: the header sizes a ResizeToContents column while painting

    statuses = [history.model().index(row, 0).data() for row in range(3)]
    assert statuses == ["Pending", "Confirmed", "Shipped"]
    needed = max(history.fontMetrics().horizontalAdvance(text) for text in statuses)
    assert history.columnWidth(0) >= needed + 8  # the cell's margins: "Confir…" is cut
