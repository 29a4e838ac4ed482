"""The PostgreSQL reader's own ways: read-only, every commit seen and noticed once, jsonb's
text put back in the event's order, and opened by open_reader for a server's address.
(What it answers, the same as SQLite's reader: tests/unit/core/storage/test_reading.py.)"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.postgres_server import require_psycopg

psycopg = require_psycopg()

from domain.bookshelf import AddBook, BookAdded, Bookshelf, bookshelf  # noqa: E402
from domain.core import ConfigurationError, StorageError  # noqa: E402
from domain.core.metadata import Metadata  # noqa: E402
from domain.core.storage import open_reader  # noqa: E402
from domain.core.storage.postgres import event_log, schema  # noqa: E402
from domain.core.storage.postgres.json_order import METADATA_KEYS  # noqa: E402
from domain.core.storage.postgres.reader import PostgresReader  # noqa: E402
from tests.unit.core.storage.backends import mirror  # noqa: E402


@pytest.fixture
def url(shop: Bookshelf, database_path: Path, postgres_url: str) -> str:
    """A PostgreSQL store holding three books."""
    for title in ("Dune", "Emma", "Ulysses"):
        shop.process(AddBook(title=title, author="Someone", price_amount=1.0))
    mirror(database_path, postgres_url)
    return postgres_url


@pytest.fixture
def reader(url: str) -> Iterator[PostgresReader]:
    opened = PostgresReader(url, bookshelf.registry.event_class)
    yield opened
    opened.close()


def append_book(url: str, title: str) -> None:
    """A commit of another process: one BookAdded appended."""
    with psycopg.connect(url) as connection:
        event = BookAdded(book_id=f"{title}-id", title=title, author="Someone",
                          price_amount=2.0, price_currency="USD")
        event.__dict__["_metadata"] = Metadata(
            id=f"{title}-event", timestamp=datetime.now(UTC), type=BookAdded._type,
            stream=f"bookshelf::book-{title}", sequence=1)
        event_log.append(connection, event)


def test_each_read_sees_every_commit_before_it_and_a_commit_is_noticed_once(
        url: str, reader: PostgresReader):
    assert not reader.changed()
    append_book(url, "Emma 2")
    assert reader.last_position() == 4
    assert reader.changed()
    assert not reader.changed()  # until the next commit


@pytest.mark.parametrize("statement", [
    "UPDATE checkpoints SET position = position + 1",
    "UPDATE checkpoints SET generation = generation + 1",
    "INSERT INTO failures (subscriber, position, attempts, last_failed_at) VALUES"
    " ('projection.catalog', 4, 1, 'now')",
    "INSERT INTO slow_deliveries (subscriber, position, started_at, seconds, finished)"
    " VALUES ('projection.catalog', 3, 'now', 2.5, 0)",
    "INSERT INTO aggregate_states (position, stream, version, sequence, state) VALUES"
    " (-1, 'bookshelf::book-x', 2, 1, '{}')",
], ids=lambda statement: statement.split(" (")[0])
def test_a_commit_that_raised_no_event_is_noticed_too(url: str, reader: PostgresReader,
                                                      statement: str):
    with psycopg.connect(url) as connection:
        connection.execute(statement)
    assert reader.changed()
    assert not reader.changed()


def test_a_rolled_back_transaction_is_no_change(url: str, reader: PostgresReader):
    with psycopg.connect(url) as connection:
        connection.execute("UPDATE checkpoints SET position = position + 1")
        connection.rollback()
    assert not reader.changed()


def test_a_lost_connection_is_said_and_the_next_read_connects_again(
        url: str, reader: PostgresReader):
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                      " WHERE datname = current_database() AND pid <> pg_backend_pid()")
    with pytest.raises(StorageError, match="the connection was lost"):
        reader.last_position()
    assert reader.last_position() == 3


def test_the_reader_never_writes(reader: PostgresReader):
    with pytest.raises(StorageError, match="cannot be written"):
        reader._execute("DELETE FROM projection_catalog")
    assert len(reader.projection_rows("projection_catalog", order_by="position")) == 3


def test_a_database_without_an_events_table_is_refused(postgres_url: str):
    with pytest.raises(StorageError, match="it has no events table"):
        PostgresReader(postgres_url)


def test_open_reader_opens_a_server_s_store_and_names_it_without_its_password(url: str):
    opened = open_reader(url)
    try:
        assert isinstance(opened, PostgresReader)
        assert opened.last_position() == 3
    finally:
        opened.close()
    with pytest.raises(StorageError) as refused:
        open_reader("postgresql://ann:s3cret@127.0.0.1:1/shop")
    assert "postgresql://ann@127.0.0.1:1/shop" in str(refused.value)
    assert "s3cret" not in str(refused.value)


def test_without_psycopg_a_server_s_address_says_what_to_install(
        monkeypatch: pytest.MonkeyPatch):
    for name in [name for name in sys.modules if name.startswith("domain.core.storage.postgres")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(ConfigurationError, match=r"bookshelf-events\[postgres\]"):
        open_reader("postgresql://ann:s3cret@db/shop")


def test_payloads_come_back_in_their_class_s_field_order_not_jsonb_s(url: str,
                                                                     reader: PostgresReader):
    fields = list(BookAdded._fields)
    assert list(json.loads(reader.events()[0].payload)) == fields
    without = PostgresReader(url)  # no resolver: jsonb's order, shortest key first
    try:
        keys = list(json.loads(without.events()[0].payload))
        assert sorted(keys) == sorted(fields) and keys != fields
        assert keys == sorted(keys, key=lambda key: (len(key), key))
    finally:
        without.close()


def test_metadata_comes_back_in_the_order_metadata_writes_it(reader: PostgresReader):
    assert list(json.loads(reader.events()[0].metadata)) == list(METADATA_KEYS)
    written = Metadata(id="x", timestamp=datetime.now(UTC), type="T").to_dict()
    assert list(written) == list(METADATA_KEYS)


def test_an_unknown_type_keeps_jsonb_s_text(url: str, reader: PostgresReader):
    with psycopg.connect(url) as connection:
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (schema.APPEND_LOCK,))
        connection.execute(
            "INSERT INTO events (position, id, stream, sequence, type, timestamp, payload,"
            " metadata) VALUES (4, 'x', 'other::thing-1', 1, 'Other.Thing.v1',"
            " '2026-01-01T00:00:00+00:00', '{\"zz\": 1, \"a\": 2}', '{\"id\": \"x\"}')")
    assert reader.events(after=3)[0].payload == '{"a": 2, "zz": 1}'


@pytest.mark.parametrize(("column", "compare"), [("title", "nocase"), ("price_cents", "binary")])
def test_a_window_of_the_catalog_walks_its_sort_s_index_instead_of_sorting(
        postgres_url: str, column: str, compare: str) -> None:
    from domain.bookshelf import open_bookshelf
    from domain.core.storage.postgres.row_queries import window_sql
    from domain.core.storage.row_query import RowQuery, SortKey

    with open_bookshelf(postgres_url) as shop:
        for title in ("dune", "Emma", "ulysses"):
            shop.process(AddBook(title=title, author="Someone", price_amount=1.0))
    query = RowQuery("projection_catalog", "book_id", SortKey(column, compare))  # type: ignore[arg-type]
    sql, parameters = window_sql(query, 0, 2)
    with psycopg.connect(postgres_url) as connection:
        connection.execute("SET enable_seqscan = off")  # three rows would not need an index
        plan = "\n".join(row[0] for row in connection.execute(f"EXPLAIN {sql}", parameters))

    assert "Sort" not in plan and "Index Scan" in plan, plan
