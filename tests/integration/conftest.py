"""Fixtures for the integration tests: a small closed store on a real file."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.bookshelf import AddBook, Bookshelf, ConfirmOrder, PlaceOrder, ShipOrder


def fill(shop: Bookshelf) -> dict[str, str]:
    """Two books, an order shipped and an order pending: 9 events."""
    dune = shop.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.5))
    emma = shop.process(AddBook(title="Emma", author="Jane Austen", price_amount=4.25))
    shipped = shop.process(PlaceOrder(customer_name="Ann", items=[
        {"book_id": dune, "quantity": 2}, {"book_id": emma, "quantity": 1}]))
    shop.process(ConfirmOrder(order_id=shipped))
    shop.process(ShipOrder(order_id=shipped))
    pending = shop.process(PlaceOrder(customer_name="Bob",
                                      items=[{"book_id": emma, "quantity": 1}]))
    return {"dune": dune, "emma": emma, "shipped": shipped, "pending": pending}


@pytest.fixture
def filled(shop: Bookshelf, database_path: Path) -> dict[str, str]:
    """The ids of a filled store whose file is closed (the shop fixture restores the domain)."""
    ids = fill(shop)
    shop.close()
    return ids
