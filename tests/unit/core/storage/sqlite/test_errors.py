"""Whatever SQLite refuses reaches the caller as one StorageError, whichever part asked."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from domain.bookshelf import AddBook, Book, Bookshelf
from domain.core import StorageError


def test_reading_an_aggregate_from_a_damaged_schema_is_a_storage_error(
        shop: Bookshelf, database_path: Path) -> None:
    book_id = shop.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.5))
    with closing(sqlite3.connect(database_path)) as other:
        other.execute("ALTER TABLE book RENAME TO book_elsewhere")
        other.commit()

    with pytest.raises(StorageError, match="no such table: book"):
        shop.repository_for(Book).get(book_id)


def test_writing_an_aggregate_to_a_damaged_schema_is_a_storage_error(
        shop: Bookshelf, database_path: Path) -> None:
    shop.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.5))
    with closing(sqlite3.connect(database_path)) as other:
        other.execute("ALTER TABLE book RENAME TO book_elsewhere")
        other.commit()

    with pytest.raises(StorageError, match="no such table: book"):
        shop.process(AddBook(title="Emma", author="Jane Austen", price_amount=4.0))
    assert shop.session().store.last_position() == 1  # nothing of it was stored
