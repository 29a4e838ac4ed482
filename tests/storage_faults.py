"""Damaged database files and symbolic link loops, made for real, for the storage tests."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from domain.bookshelf import AddBook, open_bookshelf

ROOT = Path(__file__).resolve().parents[1]
PAGE = 4096


def filled_file(path: Path, books: int = 300) -> Path:
    with open_bookshelf(path) as shop:
        for number in range(books):
            shop.process(AddBook(title=f"Book {number}", author="Author", price_amount=1.0))
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the file itself
    return path


def overwrite_page(path: Path, number: int) -> None:
    with open(path, "r+b") as file:
        file.seek((number - 1) * PAGE)
        file.write(b"\xcd" * PAGE)


def damaged_first_page(folder: Path) -> Path:
    path = filled_file(folder / "first.db")
    overwrite_page(path, 1)
    return path


def damaged_middle_page(folder: Path) -> Path:
    """A leaf page of the event log in its middle: opening works, reading it does not."""
    path = filled_file(folder / "middle.db")
    with closing(sqlite3.connect(path)) as connection:
        leaves = [page for (page,) in connection.execute(
            "SELECT pageno FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' "
            "ORDER BY pageno")]
    assert len(leaves) > 4
    overwrite_page(path, leaves[len(leaves) // 2])
    return path


def symbolic_link_loop(folder: Path) -> Path:
    first, second = folder / "a.db", folder / "b.db"
    first.symlink_to(second)
    second.symlink_to(first)
    return first


def open_and_use(path: Path) -> None:
    with open_bookshelf(path) as shop:
        shop.process(AddBook(title="One more", author="Author", price_amount=1.0))
        reader = shop.open_reader()
        reader.events()


OPEN_ERRORS = {
    "a damaged first page": (damaged_first_page, "restore it from a backup"),
    "a damaged middle page": (damaged_middle_page, "bookshelf check --db"),
    "a loop of symbolic links": (symbolic_link_loop, "point --db at the database file itself"),
}
