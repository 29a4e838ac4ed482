"""The reader's tallies for the command line and the simulation's checks."""

from __future__ import annotations

from pathlib import Path

from domain.bookshelf import AddBook, Book, BookAdded, Bookshelf
from domain.core.storage.sqlite.reader import SqliteReader


def test_a_reader_counts_events_by_type_past_a_position(shop: Bookshelf,
                                                         database_path: Path) -> None:
    for title in ("Dune", "Emma", "Ulysses"):
        shop.process(AddBook(title=title, author="Someone", price_amount=1.0))
    reader = SqliteReader(str(database_path))
    try:
        assert reader.type_counts() == {BookAdded._type: 3}
        assert reader.type_counts(after=2) == {BookAdded._type: 1}
        assert reader.positions() == {"projection.catalog": 3, "projection.orders": 3,
                                      "projection.search": 3}
        assert reader.failures() == []
    finally:
        reader.close()
    assert shop.repository_for(Book)  # the shop is still open beside the reader
