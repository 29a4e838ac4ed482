"""Storage faults made on real SQLite files: what callers are told matches what is stored."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import Future
from contextlib import closing
from pathlib import Path

import pytest

from domain.bookshelf import AddBook, open_bookshelf
from domain.core import StorageError

GROUP = 30


def big_book(number: int) -> AddBook:
    """A command whose rows take most of a page, so a few of them fill a capped file."""
    return AddBook(title=f"Book {number}", author="Author", price_amount=1.0,
                   description="x" * 1900)


def stored_titles(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as connection:
        books = {title for (title,) in connection.execute("SELECT title FROM book")}
        events = connection.execute("SELECT count(*) FROM events").fetchone()[0]
    assert events == len(books)  # one BookAdded per stored book, nothing else
    return books


def outcome(future: Future[object]) -> str | None:
    error = future.exception(timeout=30)
    return None if error is None else f"{type(error).__name__}: {error}"


def test_a_full_disk_in_the_middle_of_a_group_stores_exactly_what_the_futures_say(
        tmp_path: Path) -> None:
    path = tmp_path / "full.db"
    shop = open_bookshelf(path, engine=True)
    try:
        engine = shop.engine
        assert engine is not None
        pages = engine.query(
            lambda store: store.execute("PRAGMA page_count").fetchone()[0]).result(30)
        # Room for about three of them: a command in the middle of the group hits SQLITE_FULL.
        engine.query(lambda store: store.execute(f"PRAGMA max_page_count = {pages + 3}"))
        gate = threading.Event()
        engine.query(lambda store: gate.wait(30))  # the group waits in the mailbox meanwhile
        futures = [engine.submit(big_book(number)) for number in range(GROUP)]
        gate.set()
        outcomes = [outcome(future) for future in futures]
    finally:
        shop.close()

    failing = next(index for index, said in enumerate(outcomes)
                   if said is not None and "disk is full" in said and "was lost" not in said)
    assert 0 < failing < GROUP - 1, outcomes  # earlier ones rolled back, later ones refused
    assert all(said is not None and "rolled back" in said and "disk is full" in said
               for said in outcomes[:failing]), outcomes[:failing]
    assert outcomes[failing].startswith("StorageError"), outcomes[failing]
    assert all(said is not None and "was lost" in said and "not run" in said
               for said in outcomes[failing + 1:]), outcomes[failing + 1:]
    # None says success, and what is stored is exactly what succeeded: nothing.
    reported_stored = {f"Book {number}" for number, said in enumerate(outcomes) if said is None}
    assert stored_titles(path) == reported_stored == set()


def test_a_group_after_a_lost_transaction_runs_and_commits_again(tmp_path: Path) -> None:
    path = tmp_path / "full.db"
    with open_bookshelf(path, engine=True) as shop:
        engine = shop.engine
        assert engine is not None
        pages = engine.query(
            lambda store: store.execute("PRAGMA page_count").fetchone()[0]).result(30)
        engine.query(lambda store: store.execute(f"PRAGMA max_page_count = {pages + 3}"))
        gate = threading.Event()
        engine.query(lambda store: gate.wait(30))
        lost = [engine.submit(big_book(number)) for number in range(GROUP)]
        gate.set()
        assert all(future.exception(timeout=30) is not None for future in lost)
        engine.query(lambda store: store.execute("PRAGMA max_page_count = 1073741823"))
        engine.submit(big_book(GROUP)).result(30)
    assert stored_titles(path) == {f"Book {GROUP}"}


def test_a_full_disk_in_the_middle_of_a_sync_command_raises_and_stores_nothing(
        tmp_path: Path) -> None:
    path = tmp_path / "full.db"
    with open_bookshelf(path) as shop:
        store = shop.session().store
        pages = store.execute("PRAGMA page_count").fetchone()[0]
        store.execute(f"PRAGMA max_page_count = {pages + 3}")
        stored = set()
        with pytest.raises(StorageError, match="disk is full"):
            for number in range(GROUP):
                shop.process(big_book(number))
                stored.add(f"Book {number}")
        assert stored  # the disk filled in the middle, not at the first command
    assert stored_titles(path) == stored
