"""One book from its own row, one order with its lines: what the details panes show."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

from domain.bookshelf import AddBook, Bookshelf, PlaceOrder
from domain.core.storage.sqlite.reader import SqliteReader
from domain.readside import BookDetails, DetailsQueries, PlacedLine
from tests.unit.readside.conftest import Shelf


def test_a_book_is_read_from_its_own_row_with_what_its_event_did_not_carry(
        shop: Bookshelf, database_path: Path):
    book_id = shop.process(AddBook(title="Dune", author="Frank Herbert", isbn="9780441172719",
                                   price_amount=1250.5, price_currency="EUR",
                                   description="Spice.\nSand."))
    reader = SqliteReader(str(database_path))
    try:
        assert DetailsQueries(reader).book(book_id) == BookDetails(
            book_id=book_id, title="Dune", author="Frank Herbert", isbn="9780441172719",
            price_amount=1250.5, price_currency="EUR", description="Spice.\nSand.")
        assert DetailsQueries(reader).book("no-such-book") is None
    finally:
        reader.close()


def test_a_column_an_older_file_lacks_reads_as_empty(shop: Bookshelf, database_path: Path):
    book_id = shop.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.0,
                                   description="Spice."))
    shop.close()
    with sqlite3.connect(database_path) as connection:
        connection.execute("ALTER TABLE book DROP COLUMN description")
    reader = SqliteReader(str(database_path))
    try:
        book = DetailsQueries(reader).book(book_id)
        assert book is not None and (book.title, book.description) == ("Dune", "")
    finally:
        reader.close()


def test_an_order_is_read_with_its_lines_their_totals_and_its_own(
        shelf: Shelf, reader: SqliteReader):
    order = DetailsQueries(reader).order(shelf.shipped)
    assert order is not None
    assert (order.customer_name, order.total, order.currency) == ("Ann", Decimal("15.00"), "USD")
    assert order.lines == (PlacedLine("Dune", 2, Decimal("5.00"), "USD"),
                           PlacedLine("Émile ou De l'éducation", 1, Decimal("5.00"), "USD"))
    assert [line.line_total for line in order.lines] == [Decimal("10.00"), Decimal("5.00")]
    assert DetailsQueries(reader).order("no-such-order") is None


def test_a_line_total_is_exact_to_the_cent(shop: Bookshelf, database_path: Path):
    book_id = shop.process(AddBook(title="Dune", author="Frank Herbert", price_amount=0.1))
    order_id = shop.process(PlaceOrder(customer_name="Ann",
                                       items=[{"book_id": book_id, "quantity": 3}]))
    reader = SqliteReader(str(database_path))
    try:
        order = DetailsQueries(reader).order(order_id)
        assert order is not None
        assert order.lines[0].line_total == Decimal("0.30") == order.total
    finally:
        reader.close()
