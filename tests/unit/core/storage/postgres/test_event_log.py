"""The event log on PostgreSQL (issue 16, items 1 and 2): events come back as they were
appended, a stale sequence is refused, and under concurrent writers a reader sees every
position exactly once, in order."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Iterator

import pytest

from tests.postgres_server import require_psycopg

psycopg = require_psycopg()

from domain.core import (  # noqa: E402
    Domain,
    ExpectedVersionError,
    IncorrectUsageError,
    StorageError,
)
from domain.core.storage.postgres import event_log, schema  # noqa: E402
from tests.unit.core.ledger import Account, AccountOpened, Credited, ledger  # noqa: E402
from tests.unit.core.storage.postgres.appender import append_credits  # noqa: E402

WRITERS = 4
EACH = 150


@pytest.fixture
def connection(postgres_url: str, accounts: Domain) -> Iterator[psycopg.Connection]:
    with psycopg.connect(postgres_url) as opened:
        schema.migrate(opened)
        yield opened


def test_a_new_database_is_brought_to_the_schema_once_by_concurrent_openers(
        postgres_url: str) -> None:
    reached: list[int] = []

    def open_one() -> None:
        with psycopg.connect(postgres_url) as opened:
            reached.append(schema.migrate(opened))

    threads = [threading.Thread(target=open_one) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert reached == [schema.SCHEMA_VERSION] * 3
    with psycopg.connect(postgres_url) as opened:
        assert schema.schema_version(opened) == schema.SCHEMA_VERSION


def test_appended_events_come_back_in_order_with_their_metadata_and_positions(
        connection: psycopg.Connection) -> None:
    account = Account.open("Ada")
    account.credit(12.5)
    stored = [event_log.append(connection, event) for event in account._events]
    connection.commit()

    loaded = event_log.load(connection, ledger.registry.event_class)

    assert [each.position for each in stored] == [each.position for each in loaded] == [1, 2]
    assert [type(each.event) for each in loaded] == [AccountOpened, Credited]
    assert loaded[1].event == account._events[1]
    assert loaded[1].metadata == account._events[1]._metadata
    assert loaded[1].metadata.event_store.global_position == 2
    assert event_log.last_position(connection) == 2


def test_a_second_event_at_a_stream_s_sequence_is_refused_and_nothing_is_written(
        connection: psycopg.Connection) -> None:
    account = Account.open("Ada")
    event_log.append(connection, account._events[0])
    connection.commit()
    stale = Account._create_new(id=account.id)  # another copy, raising at sequence 1 too
    stale.raise_(AccountOpened(account_id=account.id, holder="Bo"))

    with pytest.raises(ExpectedVersionError, match="already has an event at sequence 1"):
        event_log.append(connection, stale._events[0])
    connection.rollback()

    assert event_log.last_position(connection) == 1


def test_the_same_event_appended_twice_is_a_storage_error_not_a_stale_copy(
        connection: psycopg.Connection) -> None:
    event = Account.open("Ada")._events[0]
    event_log.append(connection, event)
    connection.commit()

    with pytest.raises(StorageError, match="could not be appended: duplicate key"):
        event_log.append(connection, event)
    connection.rollback()


def test_the_log_is_append_only(connection: psycopg.Connection) -> None:
    event_log.append(connection, Account.open("Ada")._events[0])
    connection.commit()

    with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
        connection.execute("UPDATE events SET type = 'changed'")
    connection.rollback()


def test_appending_outside_a_transaction_is_refused(postgres_url: str,
                                                    accounts: Domain) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as opened:
        schema.migrate(opened)
        with pytest.raises(IncorrectUsageError, match="inside a transaction"):
            event_log.append(opened, Account.open("Ada")._events[0])


def test_under_concurrent_writers_a_reader_sees_every_position_once_and_in_order(
        connection: psycopg.Connection, postgres_url: str) -> None:
    spawn = multiprocessing.get_context("spawn")
    writers = [spawn.Process(target=append_credits, args=(postgres_url, EACH))
               for _ in range(WRITERS)]
    for writer in writers:
        writer.start()
    seen: list[int] = []
    deadline = time.monotonic() + 120
    while len(seen) < WRITERS * EACH and time.monotonic() < deadline:
        connection.rollback()  # a fresh snapshot for each read
        page = event_log.load(connection, ledger.registry.event_class,
                              after=seen[-1] if seen else 0)
        seen += [each.position for each in page]
    for writer in writers:
        writer.join(30)

    assert [writer.exitcode for writer in writers] == [0] * WRITERS
    assert seen == list(range(1, WRITERS * EACH + 1))
