"""A snapshot reads streams, aggregate rows and projection rows in order, as they are asked for."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from domain.bookshelf import AddBook, Book, Bookshelf, PlaceOrder
from domain.core.storage.ordering import sort_key
from domain.core.storage.sqlite.snapshot import SqliteSnapshot


@pytest.fixture
def filled(shop: Bookshelf, database_path: Path) -> Path:
    """20 books and an order of one of them."""
    books = [shop.process(AddBook(title=f"Book {number}", author="Ann Author",
                                  price_amount=1.0 + number)) for number in range(20)]
    shop.process(PlaceOrder(customer_name="Ann", items=[{"book_id": books[0], "quantity": 1}]))
    return database_path


@pytest.fixture
def snapshot(filled: Path) -> Iterator[SqliteSnapshot]:
    opened = SqliteSnapshot(str(filled))
    yield opened
    opened.close()


def test_streams_come_ordered_by_name_one_at_a_time(snapshot: SqliteSnapshot) -> None:
    streams = snapshot.streams()

    assert isinstance(streams, Iterator)
    names = [name for name, _count, _first, _last in streams]
    assert names == sorted(names) and len(names) == 21


def test_aggregate_rows_come_ordered_by_id(snapshot: SqliteSnapshot) -> None:
    ids = [aggregate_id for aggregate_id, _sequence in snapshot.stored_sequences(Book)]

    assert ids == sorted(ids) and len(ids) == 20


def test_rows_come_ordered_by_every_column(filled: Path) -> None:
    # Two rows share their first column (NULL): the next one orders them.
    with closing(sqlite3.connect(filled)) as connection:
        connection.execute("INSERT INTO projection_catalog (book_id, title) VALUES (NULL, 'b')")
        connection.execute("INSERT INTO projection_catalog (book_id, title) VALUES (NULL, 'a')")
        connection.commit()
    snapshot = SqliteSnapshot(str(filled))
    try:
        rows = snapshot.rows("projection_catalog")
        assert rows is not None
        listed = list(rows)
    finally:
        snapshot.close()

    assert [sort_key(row) for row in listed] == sorted(sort_key(row) for row in listed)
    assert listed[0][:2] == (None, "a") and len(listed) == 22


def test_a_missing_table_has_no_rows(snapshot: SqliteSnapshot) -> None:
    assert snapshot.rows("no_such_table") is None


def test_events_load_a_span_of_positions(snapshot: SqliteSnapshot, shop: Bookshelf) -> None:
    resolve = shop.runtime.registry.event_class

    page = snapshot.load_span(resolve, after=5, through=8)

    assert [each.position for each in page] == [6, 7, 8]
