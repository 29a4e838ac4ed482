"""A projection table a page at a time: counted, read as asked, a few pages held, rows followed."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from domain.bookshelf import Bookshelf
from domain.core.storage.sqlite.reader import SqliteReader
from domain.readside import BOOKS, ProjectionWindow

BOOK_COUNT = 5_000
PAGE = 100


def insert_books(path: Path, numbers: range) -> None:
    """Catalog rows written straight into the projection's table: thousands in a moment."""
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.executemany(
            "INSERT INTO projection_catalog (book_id, title, author, price_cents,"
            " price_currency, added_at, position) VALUES (?, ?, ?, ?, 'USD', ?, ?)",
            [(f"book-{number:05d}", f"Title {number:05d}", f"Author {number % 7}",
              (number % 100) * 100, f"2026-01-01T00:00:{number:05d}", number)
             for number in numbers])


@pytest.fixture
def reader(shop: Bookshelf, database_path: Path) -> Iterator[SqliteReader]:
    insert_books(database_path, range(BOOK_COUNT))
    reader = SqliteReader(str(database_path))
    yield reader
    reader.close()


def window(reader: SqliteReader, sort: str = "added", **options) -> ProjectionWindow:
    return ProjectionWindow(reader, BOOKS, sort, page_size=PAGE, max_pages=4, **options)


def titles(books: ProjectionWindow, indexes: range) -> list[str]:
    return [row["title"] for row in map(books.row, indexes) if row is not None]


def test_it_counts_the_rows_and_reads_none_until_one_is_asked_for(reader: SqliteReader):
    books = window(reader)
    assert books.count == BOOK_COUNT
    assert books.held == 0


def test_any_row_is_the_one_at_its_place_in_the_order(reader: SqliteReader):
    books = window(reader)
    assert titles(books, range(0, 2)) == ["Title 00000", "Title 00001"]
    assert titles(books, range(2_500, 2_501)) == ["Title 02500"]
    # Past the middle, a page is read from the far end, and comes out the same.
    assert titles(books, range(4_898, 4_902)) == [
        "Title 04898", "Title 04899", "Title 04900", "Title 04901"]
    assert titles(books, range(4_999, 5_001)) == ["Title 04999"]  # nothing past the end


def test_it_holds_a_few_pages_however_far_it_is_read(reader: SqliteReader):
    books = window(reader)
    for index in range(0, BOOK_COUNT, 37):
        books.row(index)
    assert books.held <= 4 * PAGE


def test_the_pages_of_pinned_rows_are_kept(reader: SqliteReader):
    books = window(reader, pinned=lambda: [7])
    books.row(7)
    reads = []
    original = reader.rows_at
    reader.rows_at = lambda *args: reads.append(args) or original(*args)  # type: ignore
    for index in range(PAGE, BOOK_COUNT, PAGE):
        books.row(index)
    reads.clear()
    assert books.row(7)["title"] == "Title 00007"
    assert reads == []


def test_a_row_is_followed_by_its_key_through_a_reload(reader: SqliteReader, database_path):
    books = window(reader, sort="title", descending=True)
    assert books.row(3)["title"] == "Title 04996"
    insert_books(database_path, range(BOOK_COUNT, BOOK_COUNT + 10))  # sorted before it
    moved = books.follow([3], books.reload)
    assert moved == {3: 13}
    assert books.count == BOOK_COUNT + 10
    assert books.row(13)["title"] == "Title 04996"


def test_a_row_never_shown_again_is_followed_through_later_reloads(
        reader: SqliteReader, database_path):
    books = window(reader, sort="title", descending=True, pinned=lambda: [3])
    books.row(3)
    insert_books(database_path, range(BOOK_COUNT, BOOK_COUNT + 10))
    assert books.follow([3], books.reload) == {3: 13}
    # Nothing reads row 13 (the view shows other rows) while more books arrive.
    insert_books(database_path, range(BOOK_COUNT + 10, BOOK_COUNT + 20))
    assert books.follow([13], books.reload) == {13: 23}
    assert books.row(23)["title"] == "Title 04996"


def test_a_filtered_out_row_is_followed_to_nowhere(reader: SqliteReader):
    books = window(reader)
    books.row(1)  # by Author 1
    moved = books.follow([1, 7], lambda: books.set_text("author 0"))
    assert moved == {1: None, 7: 1}  # book 7 is the second by Author 0
    assert books.count == len(range(0, BOOK_COUNT, 7))


def test_a_new_order_reads_the_rows_in_it(reader: SqliteReader):
    books = window(reader)
    books.set_order("price", descending=True)
    first = books.row(0)
    assert (first["price_cents"], first["book_id"]) == (9900, "book-04999")
    assert (books.sort, books.descending) == ("price", True)
