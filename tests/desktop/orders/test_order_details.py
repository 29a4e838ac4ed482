"""The selected order's lines with their prices and its total; none selected: an empty state."""

from __future__ import annotations

import pytest

from desktop.main_window import MainWindow
from desktop.orders.details import EMPTY, NOT_YET, OrderDetailsPane
from desktop.orders.panel import OrdersPanel
from domain.bookshelf import AddBook, ConfirmOrder, PlaceOrder
from domain.core.storage.sqlite.reader import SqliteReader
from domain.readside import DetailsQueries


@pytest.fixture
def pane(qtbot, shop_reader: SqliteReader) -> OrderDetailsPane:
    pane = OrderDetailsPane(DetailsQueries(shop_reader).order)
    qtbot.addWidget(pane)
    pane.show()
    return pane


def place(shop, prices_and_quantities: list[tuple[float, int]], customer: str = "Ann") -> str:
    items = []
    for number, (price, quantity) in enumerate(prices_and_quantities):
        book_id = shop.process(AddBook(title=f"Book {number}", author="A. Writer",
                                       price_amount=price))
        items.append({"book_id": book_id, "quantity": quantity})
    return str(shop.process(PlaceOrder(customer_name=customer, items=items)))


def rows(pane: OrderDetailsPane) -> list[list[str]]:
    model = pane.lines
    return [[model.index(row, column).data() for column in range(model.columnCount())]
            for row in range(model.rowCount())]


def test_nothing_selected_says_what_the_pane_is_for(pane):
    assert pane.empty.isVisible() and pane.empty.text() == EMPTY
    assert not pane.table.isVisible()


def test_an_order_shows_each_line_with_its_unit_price_and_line_total_and_the_total(
        pane, shop, locale):
    order_id = place(shop, [(1250.0, 2), (0.1, 3)])
    pane.show_order(order_id)
    assert pane.table.isVisible() and not pane.empty.isVisible()
    if locale == "en_US":
        assert rows(pane) == [["Book 0", "2", "1,250.00 USD", "2,500.00 USD"],
                              ["Book 1", "3", "0.10 USD", "0.30 USD"]]
        assert pane.total.text() == "5 items, total 2,500.30 USD"
    if locale == "de_DE":
        assert rows(pane)[0][2:] == ["1.250,00 USD", "2.500,00 USD"]
        assert pane.total.text() == "5 items, total 2.500,30 USD"
    if locale == "fr_FR":
        assert rows(pane)[0][2:] == ["1\u202f250,00 USD", "2\u202f500,00 USD"]


def test_an_order_not_in_the_projection_and_then_none_say_why_nothing_is_shown(pane):
    pane.show_order("no-such-order")
    assert pane.empty.text() == NOT_YET and pane.lines.rowCount() == 0
    pane.show_order(None)
    assert pane.empty.text() == EMPTY and pane.order_id is None


def test_the_lines_pass_the_model_tester(qtmodeltester, pane, shop):
    pane.show_order(place(shop, [(9.99, 1), (5.0, 4)]))
    qtmodeltester.check(pane.lines)


@pytest.fixture
def panel(qtbot, window: MainWindow) -> OrdersPanel:
    """The window's orders panel, its details pane in view (its dock on top of its tabs)."""
    next(dock for dock in window.docks if dock.objectName() == "orderDetailsDock").raise_()
    return window.orders_panel


def placed_in(window: MainWindow, customer: str, price: float) -> str:
    engine = window.bookshelf.engine
    book_id = engine.submit(AddBook(title=f"{customer}'s book", author="A. Writer",
                                    price_amount=price)).result()
    return str(engine.submit(PlaceOrder(customer_name=customer, items=[
        {"book_id": book_id, "quantity": 2}])).result())


def test_selecting_an_order_shows_its_lines_and_clearing_the_selection_empties_the_pane(
        qtbot, panel, window):
    ann = placed_in(window, "Ann", 10.0)
    bob = placed_in(window, "Bob", 7.5)
    panel.model.refresh()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    details = panel.details
    assert details is not None

    assert panel.select_order(ann)
    assert rows(details) == [["Ann's book", "2", "10.00 USD", "20.00 USD"]]
    assert panel.select_order(bob)
    assert rows(details) == [["Bob's book", "2", "7.50 USD", "15.00 USD"]]
    panel.table.clearSelection()
    assert details.order_id is None and details.empty.isVisible()


def test_the_pane_follows_its_order_as_it_moves_on(qtbot, panel, window):
    ann = placed_in(window, "Ann", 10.0)
    panel.model.refresh()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    panel.select_order(ann)
    assert panel.details is not None
    resets: list[None] = []
    panel.details.lines.modelReset.connect(lambda: resets.append(None))

    window.bookshelf.engine.submit(ConfirmOrder(order_id=ann)).result()
    panel.model.refresh()
    qtbot.waitUntil(lambda: panel.selected_order() is not None
                    and panel.selected_order()["status"] == "CONFIRMED")
    assert panel.details.order_id == ann
    assert rows(panel.details) == [["Ann's book", "2", "10.00 USD", "20.00 USD"]]
    assert resets == []  # the same lines: not read into new rows (the selection stays)
