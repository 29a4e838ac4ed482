"""Histories of books for the event log tests: one BookAdded event per book."""

from __future__ import annotations

from pathlib import Path

from domain.bookshelf import AddBook, open_bookshelf


def fill(database_path: Path, count: int, start: int = 0) -> None:
    """Add `count` books, one event each: even numbers by one author, odd ones by another."""
    domain = open_bookshelf(database_path)
    for number in range(start, start + count):
        author = "Even Writer" if number % 2 == 0 else "Odd Writer"
        domain.process(AddBook(title=f"Book {number}", author=author, price_amount=1.0))
    domain.close()


def add_needle(database_path: Path) -> None:
    """Add the one book a search for "needle" finds."""
    domain = open_bookshelf(database_path)
    domain.process(AddBook(title="The Needle", author="Hay Stack", price_amount=1.0))
    domain.close()
