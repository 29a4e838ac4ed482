"""A small bookshelf on a real file: its events as delivered, and a reader of the file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from domain.bookshelf import AddBook, Bookshelf, ConfirmOrder, PlaceOrder, ShipOrder
from domain.core.storage.sqlite.reader import SqliteReader
from domain.readside import EventLog, EventRow
from tests.time_zones import local_zone

# Titles a text search may trip on: case beyond ASCII, a Kelvin sign (its lower case is an
# ASCII k), wildcards of GLOB and LIKE, quotes.
TITLES = ("Dune", "Émile ou De l'éducation", "\u212aelvin Waves", "100% * ? [sic] _under_",
          'The "Quoted" Book')


@attrs.frozen
class Shelf:
    """What was stored: the ids, and every event as the engine delivered it."""

    books: list[str]
    shipped: str
    pending: str
    delivered: list[EventRow]


@pytest.fixture
def shelf(shop: Bookshelf) -> Shelf:
    delivered: list[EventRow] = []
    subscriber = shop.runtime.subscribe(
        "readside-tests", lambda batch: delivered.extend(map(EventRow.from_stored, batch)))
    books = [shop.process(AddBook(title=title, author="A. Writer", price_amount=5.0))
             for title in TITLES]
    shipped = shop.process(PlaceOrder(customer_name="Ann", items=[
        {"book_id": books[0], "quantity": 2}, {"book_id": books[1], "quantity": 1}]))
    shop.process(ConfirmOrder(order_id=shipped))
    shop.process(ShipOrder(order_id=shipped))
    pending = shop.process(PlaceOrder(customer_name="Bob",
                                      items=[{"book_id": books[2], "quantity": 1}]))
    shop.runtime.unsubscribe(subscriber)
    return Shelf(books, shipped, pending, delivered)


@pytest.fixture
def reader(shelf: Shelf, database_path: Path) -> Iterator[SqliteReader]:
    reader = SqliteReader(str(database_path))
    yield reader
    reader.close()


@pytest.fixture
def log(reader: SqliteReader) -> EventLog:
    return EventLog(reader)


@pytest.fixture
def berlin() -> Iterator[None]:
    """Local time is Berlin's: +01:00 in winter, +02:00 in summer."""
    with local_zone("Europe/Berlin"):
        yield
