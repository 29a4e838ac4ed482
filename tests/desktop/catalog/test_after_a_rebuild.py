"""A rebuild swapped in by another connection: the catalog and orders show the rebuilt rows."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from domain.bookshelf import AddBook, PlaceOrder, open_bookshelf


def test_the_catalog_shows_the_rows_a_rebuild_by_another_connection_restored(
        qtbot, open_window, database_path: Path) -> None:
    with open_bookshelf(database_path) as shop:
        dune = shop.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.5))
        shop.process(AddBook(title="Emma", author="Jane Austen", price_amount=4.25))
        shop.process(PlaceOrder(customer_name="Ann", items=[{"book_id": dune, "quantity": 1}]))
    with closing(sqlite3.connect(database_path)) as connection, connection:
        # What the bug of issue 10 left: rows missing, the positions saying up to date.
        connection.execute("DELETE FROM projection_catalog WHERE title = 'Dune'")
        connection.execute("DELETE FROM projection_orders")
    window = open_window(database_path)
    assert window.catalog_model.rowCount() == 1
    assert window.orders_model.rowCount() == 0

    with open_bookshelf(database_path) as other:  # `bookshelf rebuild`, say
        other.rebuild_projections()

    qtbot.waitUntil(lambda: window.catalog_model.rowCount() == 2, timeout=5_000)
    assert sorted(window.catalog_model.book(row)["title"] for row in range(2)) == ["Dune",
                                                                                   "Emma"]
    assert window.catalog_model.row_of(dune) is not None
    assert window.orders_model.rowCount() == 1
