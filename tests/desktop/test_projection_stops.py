"""The window says when a projection stopped at an event it failed on (issue 10, item 3)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.main_window import MainWindow
from desktop.orders.model import NOT_PLACED, NOT_PLACED_TIP, STATUS_COLUMN
from domain.bookshelf import AddBook, OrderPlaced, OrdersProjector, PlaceOrder
from domain.cli import main
from tests.desktop.helpers import find

WAIT_MS = 5_000


@pytest.fixture
def placing_fails(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The orders projection fails on every OrderPlaced (on the engine's worker)."""

    def broken(projector: OrdersProjector, event: OrderPlaced) -> None:
        raise ConnectionError("the disk hiccuped")

    monkeypatch.setattr(OrdersProjector, "placed", broken)
    yield


def place_order(window: MainWindow) -> int:
    """Submit a book and an order to the window's engine; the OrderPlaced position."""
    engine = window.engine
    book_id = engine.submit(AddBook(title="Dune", author="Frank Herbert",
                                    price_amount=9.5)).result(WAIT_MS / 1000)
    engine.submit(PlaceOrder(customer_name="Ann", items=[
        {"book_id": book_id, "quantity": 1}])).result(WAIT_MS / 1000)
    last: int = engine.query(lambda store: store.last_position()).result(WAIT_MS / 1000)
    return last


def test_the_status_bar_says_nothing_of_stops_while_every_projection_goes_on(
        window: MainWindow) -> None:
    assert not find(window, "statusStops", QLabel).isVisible()


def test_the_status_bar_says_where_and_why_the_orders_stopped(
        window: MainWindow, placing_fails: None, qtbot) -> None:
    placed = place_order(window)

    label = find(window, "statusStops", QLabel)
    qtbot.waitUntil(label.isVisible, timeout=WAIT_MS)
    assert label.text() == f"⚠ projection.orders stopped at event {placed} (OrderPlaced)"
    assert "ConnectionError: the disk hiccuped" in label.toolTip()
    assert f"bookshelf failures --skip projection.orders {placed}" in label.toolTip()
    # Its lines are in the projection, its placing is not: a row that says so.
    qtbot.waitUntil(lambda: window.orders_model.rowCount() == 1, timeout=WAIT_MS)
    status = window.orders_model.index(0, STATUS_COLUMN)
    assert status.data() == NOT_PLACED
    assert NOT_PLACED_TIP in status.data(Qt.ItemDataRole.ToolTipRole)
    window.orders_panel.table.selectRow(0)
    assert window.orders_panel.selected_label.text().startswith(
        f"No customer yet: {NOT_PLACED} (order ")


def test_the_status_bar_clears_when_a_person_skips_the_event_from_a_terminal(
        window: MainWindow, placing_fails: None, database_path: Path, qtbot) -> None:
    placed = place_order(window)
    label = find(window, "statusStops", QLabel)
    qtbot.waitUntil(label.isVisible, timeout=WAIT_MS)

    code = main(["failures", "--db", str(database_path), "--skip", "projection.orders",
                 str(placed)])

    assert code == 0
    qtbot.waitUntil(lambda: not label.isVisible(), timeout=WAIT_MS)
