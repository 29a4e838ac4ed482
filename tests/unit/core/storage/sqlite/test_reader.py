"""The SQLite reader: read-only queries, and how it notices other connections' commits."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from domain.bookshelf import AddBook, Bookshelf
from domain.core import StorageError
from domain.core.storage.reading import EventFilter
from domain.core.storage.sqlite.reader import SqliteReader


def add_books(shop: Bookshelf, count: int) -> None:
    for number in range(count):
        shop.process(AddBook(title=f"Book {number}", author="A. Writer", price_amount=1.0))


@pytest.fixture
def reader(shop: Bookshelf, database_path: Path) -> Iterator[SqliteReader]:
    add_books(shop, 5)
    reader = SqliteReader(str(database_path))
    yield reader
    reader.close()


def test_a_commit_by_another_connection_is_noticed_once(shop: Bookshelf, reader: SqliteReader):
    assert not reader.changed()
    add_books(shop, 1)
    assert reader.changed()
    assert not reader.changed()  # until the next commit


def test_its_own_reads_are_no_change(reader: SqliteReader):
    reader.last_position()
    reader.events(EventFilter(text="book"))
    reader.projection_rows("projection_catalog", order_by="position")
    assert not reader.changed()


def test_the_generation_counts_the_rebuilds_swapped_in(shop: Bookshelf, reader: SqliteReader):
    assert reader.generation() == 0
    shop.rebuild_projections()
    assert reader.generation() == 3  # the catalog's, the orders' and the search index's


def test_events_lie_strictly_between_after_and_before_in_either_order(reader: SqliteReader):
    def positions(**options) -> list[int]:
        return [record.position for record in reader.events(**options)]

    assert positions() == [1, 2, 3, 4, 5]
    assert positions(after=1, before=5) == [2, 3, 4]
    assert positions(newest_first=True, limit=2) == [5, 4]
    assert positions(after=3, limit=1) == [4]
    assert reader.last_position() == 5


def test_projection_rows_are_filtered_by_equal_and_greater_values(reader: SqliteReader):
    rows = reader.projection_rows("projection_catalog", order_by="position", above={"position": 3})
    assert [row["title"] for row in rows] == ["Book 3", "Book 4"]
    rows = reader.projection_rows("projection_catalog", order_by="position",
                                  equal={"title": "Book 1"})
    assert [row["position"] for row in rows] == [2]


@pytest.mark.parametrize("name", ["catalog; DROP TABLE events", "\"catalog\"", "1st"])
def test_a_table_or_column_name_that_is_no_identifier_is_refused(
        reader: SqliteReader, name: str):
    with pytest.raises(ValueError, match="not a table or column name"):
        reader.projection_rows(name, order_by="position")
    with pytest.raises(ValueError, match="not a table or column name"):
        reader.projection_rows("projection_catalog", order_by=name)


def test_a_closed_reader_refuses_to_read_and_closes_again_quietly(reader: SqliteReader):
    reader.close()
    reader.close()
    with pytest.raises(StorageError, match="closed"):
        reader.last_position()


def test_a_database_without_an_events_table_is_refused(database_path: Path):
    with closing(sqlite3.connect(database_path)) as connection:
        connection.execute("PRAGMA user_version = 1")
        connection.execute("CREATE TABLE other (x)")
        connection.commit()
    with pytest.raises(StorageError, match="it has no events table"):
        SqliteReader(str(database_path))


def test_the_reader_never_writes(reader: SqliteReader, database_path: Path):
    with pytest.raises(StorageError, match="cannot be written"):
        reader._execute("DELETE FROM projection_catalog")
