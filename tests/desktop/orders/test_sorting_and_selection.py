"""The orders sorted by SQL, and the selected order kept selected as orders move and re-sort."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from domain.bookshelf import AddBook, ConfirmOrder, PlaceOrder, open_bookshelf
from tests.desktop.helpers import click, click_header, column_texts, find, place_order

# (customer, price of the one book ordered): totals of 9.00, 100.00 and 10.00, which as
# text would sort 10.00, 100.00, 9.00.
ORDERS = [("bob", 9.0), ("Carla", 100.0), ("ann", 10.0)]


@pytest.fixture
def stocked(open_window, database_path: Path):
    with open_bookshelf(database_path) as shop:
        for customer, price in ORDERS:
            book = shop.process(AddBook(title=f"Book {price}", author="A. Writer",
                                        price_amount=price))
            shop.process(PlaceOrder(customer_name=customer,
                                    items=[{"book_id": book, "quantity": 1}]))
    return open_window(database_path)


def selected_customer(window) -> str | None:
    order = window.orders_panel.selected_order()
    return order["customer_name"] if order else None


def test_the_newest_order_shows_first(stocked):
    table = find(stocked, "ordersTable")
    assert column_texts(table, 0) == ["ann", "Carla", "bob"]
    assert (table.horizontalHeader().sortIndicatorSection(),
            table.horizontalHeader().sortIndicatorOrder()) == (4, Qt.SortOrder.DescendingOrder)


def test_clicking_the_total_header_sorts_the_totals_as_numbers(qtbot, stocked):
    table = find(stocked, "ordersTable")
    click_header(qtbot, table, 2)
    assert column_texts(table, 2) == ["9.00 USD", "10.00 USD", "100.00 USD"]
    click_header(qtbot, table, 2)
    assert column_texts(table, 2) == ["100.00 USD", "10.00 USD", "9.00 USD"]


@pytest.mark.parametrize("column, customers", [
    (0, ["ann", "bob", "Carla"]),  # whatever their case
    (2, ["bob", "ann", "Carla"]),  # by total: 9.00, 10.00, 100.00
    (4, ["bob", "Carla", "ann"]),  # placed
    (5, ["bob", "Carla", "ann"]),  # updated
])
def test_each_column_sorts_the_orders(stocked, column, customers):
    table = find(stocked, "ordersTable")
    table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    assert column_texts(table, 0) == customers
    table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    assert column_texts(table, 0) == customers[::-1]


def test_the_selected_order_stays_selected_through_a_sort(stocked):
    panel, table = stocked.orders_panel, find(stocked, "ordersTable")
    assert panel.select_order(stocked.orders_model.order(2)["order_id"])  # bob
    for column in range(6):
        table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        assert selected_customer(stocked) == "bob"


def test_a_confirmed_order_moves_in_its_order_keeps_its_selection_and_its_buttons(
        qtbot, stocked):
    panel, table = stocked.orders_panel, find(stocked, "ordersTable")
    table.sortByColumn(5, Qt.SortOrder.DescendingOrder)  # the latest change first
    assert panel.select_order(stocked.orders_model.order(2)["order_id"])  # bob, at the end
    assert (find(stocked, "orderConfirm").isEnabled(), find(stocked, "orderShip").isEnabled()
            ) == (True, False)

    click(qtbot, stocked, "orderConfirm")

    qtbot.waitUntil(lambda: column_texts(table, 3)[0] == "Confirmed")
    assert column_texts(table, 0) == ["bob", "ann", "Carla"]
    assert table.selectionModel().selectedRows()[0].row() == 0
    assert selected_customer(stocked) == "bob"
    assert (find(stocked, "orderConfirm").isEnabled(), find(stocked, "orderShip").isEnabled()
            ) == (False, True)
    assert stocked.transitions_model.statuses() == ["PENDING", "CONFIRMED"]


def test_an_order_placed_while_sorted_by_customer_is_selected_where_it_lands(qtbot, stocked):
    table = find(stocked, "ordersTable")
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)

    place_order(qtbot, stocked, "Bea")

    qtbot.waitUntil(lambda: selected_customer(stocked) == "Bea")
    assert column_texts(table, 0) == ["ann", "Bea", "bob", "Carla"]
    assert table.selectionModel().selectedRows()[0].row() == 1
    assert find(stocked, "orderConfirm").isEnabled()


def test_an_order_confirmed_elsewhere_updates_the_selected_row(qtbot, stocked, database_path):
    panel = stocked.orders_panel
    order_id = stocked.orders_model.order(0)["order_id"]  # ann
    assert panel.select_order(order_id)

    stocked.engine.submit(ConfirmOrder(order_id=order_id)).result(5)  # as the simulation does

    qtbot.waitUntil(lambda: panel.selected_order()["status"] == "CONFIRMED")
    assert find(stocked, "orderSelected").text().startswith("ann: Confirmed")
    assert find(stocked, "orderShip").isEnabled()
