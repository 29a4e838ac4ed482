"""Delivery through the store: failing handlers, retries with backoff, parking, catching up."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from domain.bookshelf import AddBook, Book, BookAdded, Bookshelf, bookshelf, open_bookshelf
from domain.core import HandlersFailedAfterCommit, StorageError, StoredEvent, handle
from domain.core.storage.sqlite.failures import FIRST_DELAY_S, MAX_ATTEMPTS
from tests.integration.ledger import Ledger

ROOT = Path(__file__).parents[2]


class Inbox:
    """What the test handlers received, and whether the flaky one fails."""

    failing = True
    mailed: list[str] = []
    counted: list[str] = []


class FlakyMailer:
    @handle(BookAdded)
    def announce(self, event: BookAdded) -> None:
        if Inbox.failing:
            raise RuntimeError("the mail server is down")
        Inbox.mailed.append(event.book_id)


class Counter:
    @handle(BookAdded)
    def count(self, event: BookAdded) -> None:
        Inbox.counted.append(event.book_id)


MAILER = f"{__name__}.FlakyMailer"


@pytest.fixture
def restored() -> Iterator[None]:
    """Put the bookshelf domain back as it was, whatever a test registers."""
    classes = list(bookshelf.registry.event_handler_classes)
    subscribers, config = bookshelf.registry.subscribers, dict(bookshelf.config)
    yield
    bookshelf.close()
    bookshelf.registry.event_handler_classes[:] = classes
    bookshelf.registry.subscribers = subscribers
    bookshelf.config.clear()
    bookshelf.config.update(config)


@pytest.fixture
def shop_with_handlers(database_path: Path, restored: None)  -> Bookshelf:
    Inbox.failing, Inbox.mailed, Inbox.counted = True, [], []
    bookshelf.event_handler(part_of=Book)(FlakyMailer)
    bookshelf.event_handler(part_of=Book)(Counter)
    bookshelf.registry.init()  # wires the two handlers
    return open_bookshelf(database_path)


def add_book(domain: Bookshelf, title: str = "Dune") -> str:
    return domain.process(AddBook(title=title, author="Frank Herbert", price_amount=9.5))


def add_book_the_mailer_fails_on(domain: Bookshelf, title: str = "Dune") -> str:
    """Sync processing tells the caller of the failure, after the commit: the book id."""
    with pytest.raises(HandlersFailedAfterCommit) as raised:
        add_book(domain, title)
    assert [handler for handler, _, _ in raised.value.failures] == [MAILER]
    book_id: str = raised.value.result  # type: ignore[assignment]
    return book_id


def failure(domain: Bookshelf) -> dict:
    (row,) = domain.session().dispatcher.failures.listing()
    return row


def retry_now(domain: Bookshelf) -> tuple[float, float]:
    """Make every waiting failure due, retry, and return the time span the retry ran in."""
    domain.session().store.execute("UPDATE failures SET next_attempt_at = 0 WHERE parked = 0")
    before = time.time()
    domain.session().dispatcher.retry_due()
    return before, time.time()


def test_a_failing_handler_stops_neither_the_others_nor_the_commit(
        shop_with_handlers: Bookshelf) -> None:
    book_id = add_book_the_mailer_fails_on(shop_with_handlers)  # raised after the commit

    assert Inbox.counted == [book_id]
    assert shop_with_handlers.session().store.execute(
        "SELECT book_id FROM projection_catalog").fetchall() == [(book_id,)]
    assert Inbox.mailed == []


def test_a_failure_is_recorded_with_position_handler_error_attempts_and_time(
        shop_with_handlers: Bookshelf) -> None:
    before = time.time()
    add_book_the_mailer_fails_on(shop_with_handlers)
    after = time.time()

    row = failure(shop_with_handlers)
    assert row["subscriber"] == MAILER
    assert row["position"] == 1
    assert row["event_type"] == "Bookshelf.BookAdded.v1"
    assert row["error"] == "RuntimeError: the mail server is down"
    assert row["attempts"] == 1 and row["parked"] == 0
    assert row["first_failed_at"] == row["last_failed_at"]
    assert before + FIRST_DELAY_S <= row["next_attempt_at"] <= after + FIRST_DELAY_S


def test_a_failure_is_retried_with_growing_delays_then_parked(
        shop_with_handlers: Bookshelf) -> None:
    add_book_the_mailer_fails_on(shop_with_handlers)

    for attempts in range(2, MAX_ATTEMPTS):
        before, after = retry_now(shop_with_handlers)
        row = failure(shop_with_handlers)
        delay = FIRST_DELAY_S * 2 ** (attempts - 1)  # 1 s, 2 s, 4 s...
        assert row["attempts"] == attempts and row["parked"] == 0
        assert before + delay <= row["next_attempt_at"] <= after + delay
    retry_now(shop_with_handlers)

    row = failure(shop_with_handlers)
    assert row["attempts"] == MAX_ATTEMPTS and row["parked"] == 1
    retry_now(shop_with_handlers)  # a parked delivery waits for a person
    assert failure(shop_with_handlers)["attempts"] == MAX_ATTEMPTS
    assert shop_with_handlers.session().dispatcher.failures.listing(parked_only=True) == [row]


def test_a_parked_delivery_is_delivered_after_unpark_and_retry(
        shop_with_handlers: Bookshelf) -> None:
    book_id = add_book_the_mailer_fails_on(shop_with_handlers)
    for _ in range(MAX_ATTEMPTS):
        retry_now(shop_with_handlers)
    assert failure(shop_with_handlers)["parked"] == 1
    Inbox.failing = False

    assert shop_with_handlers.session().dispatcher.failures.unpark() == 1
    shop_with_handlers.session().dispatcher.retry_due()

    assert Inbox.mailed == [book_id]
    assert shop_with_handlers.session().dispatcher.failures.listing() == []


def test_a_failure_does_not_hold_back_later_events_for_the_same_handler(
        shop_with_handlers: Bookshelf) -> None:
    add_book_the_mailer_fails_on(shop_with_handlers, "Dune")
    Inbox.failing = False
    second = add_book(shop_with_handlers, "Emma")

    assert Inbox.mailed == [second]
    assert shop_with_handlers.session().dispatcher.positions[MAILER] == 2


CHILD = textwrap.dedent("""
    import os, sys
    from domain.bookshelf import AddBook, Bookshelf
    if sys.argv[2] == "bare":
        domain = Bookshelf(sys.argv[1], subscribers=())  # delivers to nobody
    else:
        domain = Bookshelf(sys.argv[1])
        domain.runtime.subscribe("test.counter", lambda batch: None)
    for title in ("Dune", "Emma", "Ulysses"):
        domain.process(AddBook(title=title, author="Someone", price_amount=1.0))
    os._exit(0)  # no close: positions held in memory are lost, as in a crash
""")


def run_child(path: Path, mode: str) -> None:
    subprocess.run([sys.executable, "-c", CHILD, str(path), mode], check=True, cwd=ROOT,
                   timeout=60)


def counting(domain: Bookshelf) -> list[int]:
    received: list[int] = []

    def record(batch: list[StoredEvent]) -> None:
        received.extend(each.position for each in batch)

    domain.runtime.subscribe("test.counter", record)
    return received


def test_at_start_undelivered_events_are_delivered(database_path: Path, restored: None) -> None:
    run_child(database_path, "bare")
    domain = Bookshelf(database_path)
    received = counting(domain)

    domain.session()

    assert received == [1, 2, 3]
    assert domain.session().store.execute(
        "SELECT count(*) FROM projection_catalog").fetchone() == (3,)
    assert set(domain.session().store.positions().values()) == {3}


def test_after_a_crash_a_handler_gets_again_what_it_was_not_known_to_have(
        database_path: Path, restored: None) -> None:
    run_child(database_path, "full")
    with closing(sqlite3.connect(database_path)) as connection:
        (persisted,) = connection.execute(
            "SELECT position FROM checkpoints WHERE subscriber = 'test.counter'").fetchone()
    domain = Bookshelf(database_path)
    received = counting(domain)

    domain.session()

    # Its last positions were only in memory when the child died: at least once.
    assert persisted < 3
    assert received == list(range(persisted + 1, 4))
    assert domain.session().store.positions()["projection.catalog"] == 3
    assert domain.session().store.execute(
        "SELECT count(*) FROM projection_catalog").fetchone() == (3,)


def test_projections_see_each_event_exactly_once_on_redelivery(
        database_path: Path, restored: None) -> None:
    ledger = bookshelf.register_projection(Ledger())
    shop = open_bookshelf(database_path)  # creates the ledger table and catches it up
    for title in ("Dune", "Emma", "Ulysses"):
        add_book(shop, title)

    # Forget every position held in memory, as a crash would, and deliver everything again.
    for name in list(shop.session().dispatcher.positions):
        shop.session().dispatcher.positions[name] = 0
    shop.session().dispatcher.catch_up()
    shop.session().dispatcher.deliver(shop.session().store.load())

    ledger_rows = shop.session().store.execute(
        "SELECT position FROM ledger ORDER BY position").fetchall()
    assert ledger_rows == [(1,), (2,), (3,)]
    assert shop.session().dispatcher.failures.listing() == []
    assert shop.session().store.positions()[ledger.name] == 3
    shop.close()


def test_a_delivery_that_fails_after_the_commit_neither_raises_nor_loses_the_command(
        shop: Bookshelf, monkeypatch: pytest.MonkeyPatch) -> None:
    def locked(*_args: object) -> None:
        raise StorageError("bookshelf.db is locked by another program")

    monkeypatch.setattr(shop.session().dispatcher, "_apply", locked)
    book_id = shop.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.5))
    monkeypatch.undo()
    shop.process(AddBook(title="Emma", author="Jane Austen", price_amount=7.0))

    titles = {row[0] for row in
              shop.session().store.execute("SELECT title FROM projection_catalog")}
    assert shop.repository_for(Book).get(book_id).title == "Dune"
    assert titles == {"Dune", "Emma"}  # the projection caught up with the next commit
