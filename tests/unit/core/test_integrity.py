"""The store's self-check: a healthy store passes, and each kind of tampering is reported."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from domain.bookshelf import AddBook, Bookshelf, ConfirmOrder, PlaceOrder
from domain.core import Domain
from domain.core.runtime.engine import Engine
from domain.core.runtime.integrity import IntegrityReport, check_integrity
from domain.core.storage.port import EventResolver, Schema
from domain.core.storage.sqlite.snapshot import SqliteSnapshot
from domain.core.storage.sqlite.store import SqliteStore
from tests.unit.core.ledger import Account

INSERT_BOOK = ("INSERT INTO book (id, title, author, isbn, price, description, _version, "
               "_sequence) VALUES ('{id}', 'Stray', 'Nobody', '', '{{}}', '', 0, 1)")


@pytest.fixture
def filled(shop: Bookshelf, database_path: Path) -> Iterator[Path]:
    """A store with two books and two orders, one of them confirmed, closed for tampering."""
    first = shop.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.5))
    second = shop.process(AddBook(title="Emma", author="Jane Austen", price_amount=4.25))
    order = shop.process(PlaceOrder(customer_name="Ann", items=[
        {"book_id": first, "quantity": 2}, {"book_id": second, "quantity": 1}]))
    shop.process(ConfirmOrder(order_id=order))
    shop.process(PlaceOrder(customer_name="Bob", items=[{"book_id": first, "quantity": 1}]))
    shop.close()
    yield database_path


def tamper(path: Path, sql: str) -> None:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute(sql)
        connection.commit()


def check(path: Path, shop: Bookshelf) -> IntegrityReport:
    snapshot = SqliteSnapshot(str(path))
    try:
        return check_integrity(snapshot, shop.runtime.registry)
    finally:
        snapshot.close()


def messages(report: IntegrityReport, check_name: str) -> list[str]:
    return [each.message for each in report.problems if each.check == check_name]


def test_a_healthy_store_passes_every_check(filled: Path, shop: Bookshelf) -> None:
    report = check(filled, shop)

    assert report.ok, report.findings
    assert report.checks == ["sqlite", "streams", "positions", "events", "projections",
                             "commands"]


def test_checking_writes_nothing_to_the_file(filled: Path, shop: Bookshelf) -> None:
    check(filled, shop)  # the first read-only reader leaves its -wal/-shm files behind
    before = filled.read_bytes()

    check(filled, shop)

    assert filled.read_bytes() == before


def test_an_event_stream_without_its_aggregate_row_is_reported(filled: Path, shop: Bookshelf
                                                               ) -> None:
    tamper(filled, "DELETE FROM book WHERE title = 'Emma'")

    found = messages(check(filled, shop), "streams")

    assert len(found) == 1
    assert "no row in table book" in found[0]


def test_an_aggregate_whose_sequence_disagrees_with_its_stream_is_reported(
        filled: Path, shop: Bookshelf) -> None:
    tamper(filled, "UPDATE \"order\" SET _sequence = _sequence + 1 WHERE customer_name = 'Ann'")

    found = messages(check(filled, shop), "streams")

    assert len(found) == 1
    assert "_sequence 5" in found[0] and "4 event(s)" in found[0]


def test_a_stream_that_belongs_to_no_aggregate_is_reported(filled: Path, shop: Bookshelf) -> None:
    tamper(filled, "INSERT INTO events (id, stream, sequence, type, timestamp, payload, metadata)"
                   " SELECT 'x', 'bookshelf::shelf-1', 1, type, timestamp, payload, metadata"
                   " FROM events WHERE position = 1")

    found = messages(check(filled, shop), "streams")

    assert found == ["bookshelf::shelf-1 belongs to no aggregate of Bookshelf"]


def test_an_aggregate_row_without_a_stream_is_reported_wherever_its_id_sorts(
        filled: Path, shop: Bookshelf) -> None:
    # Ids before, between and after the stored ones: the rows and streams are read in step.
    for stray in ("0", "8", "zzz"):
        tamper(filled, INSERT_BOOK.format(id=stray))

    found = messages(check(filled, shop), "streams")

    assert sorted(found) == [
        f"book {stray} has _sequence 1, but its stream holds 0 event(s) up to sequence 0"
        for stray in ("0", "8", "zzz")]


def test_a_stream_with_a_gap_in_its_sequences_is_reported(filled: Path, shop: Bookshelf
                                                          ) -> None:
    with closing(sqlite3.connect(filled)) as connection:
        book_id = connection.execute("SELECT id FROM book WHERE title = 'Emma'").fetchone()[0]
    tamper(filled, "INSERT INTO events (id, stream, sequence, type, timestamp, payload, metadata)"
                   " SELECT 'gap', stream, 3, type, timestamp, payload, metadata FROM events"
                   f" WHERE stream = 'bookshelf::book-{book_id}'")

    found = messages(check(filled, shop), "streams")

    assert found == [
        f"bookshelf::book-{book_id} has sequences 1..3 for 2 event(s): they must run 1..n "
        "without gaps",
        f"book {book_id} has _sequence 1, but its stream holds 2 event(s) up to sequence 3"]


def test_every_problem_of_the_streams_is_found_in_one_pass(filled: Path, shop: Bookshelf
                                                           ) -> None:
    # Streams sorting before, between and after the aggregates' prefixes, a stream without
    # its row and a row without its stream: each found once, whatever comes next to it.
    for stream in ("aaa::x-1", "bookshelf::c-1", "zzz::x-1"):
        tamper(filled, "INSERT INTO events (id, stream, sequence, type, timestamp, payload, "
                       f"metadata) SELECT '{stream}', '{stream}', 1, type, timestamp, payload,"
                       " metadata FROM events WHERE position = 1")
    with closing(sqlite3.connect(filled)) as connection:
        first_book = connection.execute("SELECT min(id) FROM book").fetchone()[0]
    tamper(filled, f"DELETE FROM book WHERE id = '{first_book}'")
    tamper(filled, INSERT_BOOK.format(id="zzz"))

    found = messages(check(filled, shop), "streams")

    assert sorted(found) == sorted([
        "aaa::x-1 belongs to no aggregate of Bookshelf",
        "bookshelf::c-1 belongs to no aggregate of Bookshelf",
        "zzz::x-1 belongs to no aggregate of Bookshelf",
        f"bookshelf::book-{first_book} has 1 event(s) but no row in table book",
        "book zzz has _sequence 1, but its stream holds 0 event(s) up to sequence 0"])


def test_a_position_past_the_last_event_is_reported(filled: Path, shop: Bookshelf) -> None:
    tamper(filled, "UPDATE checkpoints SET position = 999 WHERE subscriber = 'projection.catalog'")

    found = messages(check(filled, shop), "positions")

    assert found == ["projection.catalog is at position 999, past the last event (8)"]


def test_a_lagging_position_is_a_note_not_a_problem(filled: Path, shop: Bookshelf) -> None:
    # After a crash the next start delivers what is missing: that is not damage.
    tamper(filled, "UPDATE checkpoints SET position = 1 WHERE subscriber = 'projection.orders'")
    tamper(filled, "DELETE FROM projection_orders")

    report = check(filled, shop)

    assert report.ok, report.problems
    assert any("7 event(s) to be delivered" in each.message for each in report.notes)


def test_an_edited_projection_row_is_reported(filled: Path, shop: Bookshelf) -> None:
    tamper(filled, "UPDATE projection_catalog SET price_cents = 100 WHERE title = 'Dune'")

    found = messages(check(filled, shop), "projections")

    assert len(found) == 1
    assert ("projection.catalog: table projection_catalog differs from a fresh rebuild"
            in found[0])
    assert "1 row(s) not in the rebuild, 1 rebuilt row(s) missing" in found[0]


def test_a_differing_projection_row_is_shown_as_stored_and_as_rebuilt(
        filled: Path, shop: Bookshelf) -> None:
    tamper(filled, "UPDATE projection_catalog SET price_cents = 100 WHERE title = 'Dune'")
    tamper(filled, "INSERT INTO projection_catalog (book_id, title) VALUES ('stray', 'Stray')")

    found = messages(check(filled, shop), "projections")

    assert len(found) == 1
    assert "(2 row(s) not in the rebuild, 1 rebuilt row(s) missing)" in found[0]
    shown = found[0].split("; ")[1:]
    assert [each.split(" ")[0] for each in shown] == ["stored", "stored", "rebuilt"]
    assert "'Dune', 'Frank Herbert', 100," in shown[0] + shown[1]
    assert "('stray', 'Stray', None" in shown[0] + shown[1]
    assert "'Dune', 'Frank Herbert', 950," in shown[2]


def test_a_missing_projection_row_is_reported(filled: Path, shop: Bookshelf) -> None:
    tamper(filled, "DELETE FROM projection_orders WHERE status = 'CONFIRMED'")

    found = messages(check(filled, shop), "projections")

    assert len(found) == 1
    assert "table projection_orders" in found[0] and "1 rebuilt row(s) missing" in found[0]


def test_a_damaged_file_stops_at_sqlites_own_check(filled: Path, shop: Bookshelf) -> None:
    # Overwrite part of the events table's pages: SQLite itself must notice.
    with closing(sqlite3.connect(filled)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()[0]
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    with open(filled, "r+b") as file:
        file.seek((root - 1) * page_size + 8)
        file.write(b"\xff" * 64)

    report = check(filled, shop)

    assert not report.ok
    assert report.checks == ["sqlite"]


def test_a_store_being_written_checks_whole_from_one_snapshot(filled: Path, shop: Bookshelf
                                                               ) -> None:
    engine = Engine(shop.runtime).start()
    book = engine.submit(AddBook(title="Ulysses", author="James Joyce", price_amount=15.0)
                         ).result(10)
    writing = [engine.submit(PlaceOrder(customer_name=f"Reader {number}",
                                        items=[{"book_id": book, "quantity": 1}]))
               for number in range(1_500)]
    try:
        reports = []
        while not writing[-1].done() or not reports:
            reports.append(check(filled, shop))
    finally:
        engine.stop()
    assert len(reports) >= 1
    assert [problem.message for report in reports for problem in report.problems] == []


def test_projections_are_rebuilt_in_an_empty_file_removed_afterwards(
        filled: Path, shop: Bookshelf, monkeypatch: pytest.MonkeyPatch) -> None:
    # Not a copy of the store: that took as much memory again as the file (issue 9, item 9).
    # The rebuild reads the events from the snapshot and writes the projections' rows only.
    scratches: list[tuple[str, int]] = []
    make_scratch = SqliteSnapshot.scratch

    def recording(snapshot: SqliteSnapshot, schema: Schema, resolve: EventResolver
                  ) -> SqliteStore:
        store = make_scratch(snapshot, schema, resolve)
        count = store.execute("SELECT count(*) FROM events").fetchone()[0]
        scratches.append((store.location, count))
        return store

    monkeypatch.setattr(SqliteSnapshot, "scratch", recording)

    report = check(filled, shop)

    assert report.ok, report.problems
    [(location, events)] = scratches
    assert events == 0
    assert Path(location).name == "scratch.db"
    assert not Path(location).parent.exists()


def test_an_event_sourced_stream_needs_no_row_but_its_gaps_are_reported(
        accounts_file: Domain) -> None:
    accounts = accounts_file  # the gap is made in the file behind the store's back
    account = Account.open("Ada")
    account.credit(1.0)
    accounts.repository_for(Account).add(account)
    accounts.close()
    path = Path(str(accounts.config["database"]))
    snapshot = SqliteSnapshot(str(path))
    try:
        assert check_integrity(snapshot, accounts.runtime.registry).ok
    finally:
        snapshot.close()
    stream = Account.stream_name(account.id)
    tamper(path, "INSERT INTO events (id, stream, sequence, type, timestamp, payload, metadata)"
                 " SELECT 'gap', stream, 4, type, timestamp, payload, metadata FROM events"
                 f" WHERE stream = '{stream}' AND sequence = 2")

    snapshot = SqliteSnapshot(str(path))
    try:
        found = messages(check_integrity(snapshot, accounts.runtime.registry), "streams")
    finally:
        snapshot.close()

    assert found == [f"{stream} has sequences 1..4 for 3 event(s): they must run 1..n "
                     "without gaps"]
