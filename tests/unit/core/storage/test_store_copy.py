"""copy_store between any two stores: SQLite to PostgreSQL and back keeps every event, row,
position and failure; the copy is of one moment while others write; what PostgreSQL cannot
hold stops it before anything is written; an existing store is never replaced."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from domain.core import Domain, HandlersFailedAfterCommit, StorageError
from domain.core.runtime.integrity import IntegrityReport, check_integrity
from domain.core.storage import open_snapshot, open_store
from domain.core.storage.port import Schema
from domain.core.storage.postgres import copying as postgres_copying
from domain.core.storage.store_copy import copy_store, remove_copy
from tests.postgres_server import require_psycopg
from tests.store_rows import rows
from tests.unit.core.pantry import PROJECTOR, FillJar, JarTotalProjector, LabelJar, pantry

psycopg = require_psycopg()


def schema(domain: Domain) -> Schema:
    return domain.runtime.schema


def on(location: str) -> Domain:
    pantry.close()
    pantry.config["database"] = location
    pantry.init()
    return pantry


@pytest.fixture
def source(tmp_path: Path) -> Iterator[str]:
    """A pantry file: two jars, three fills, one fill the projector failed on."""
    location = str(tmp_path / "source.db")
    domain = on(location)
    JarTotalProjector.failing = {13}
    rice = domain.process(LabelJar(label="Rice"))
    oats = domain.process(LabelJar(label="Oats"))
    domain.process(FillJar(jar_id=rice, grams=500))
    with pytest.raises(HandlersFailedAfterCommit):
        domain.process(FillJar(jar_id=oats, grams=13))
    domain.process(FillJar(jar_id=rice, grams=250))
    domain.close()
    JarTotalProjector.failing = set()
    yield location
    pantry.close()


def events(location: str) -> list[tuple[object, ...]]:
    """Every event as stored: position, type, payload and metadata, decoded."""
    store = open_store(location, schema(pantry), pantry.registry.event_class)
    try:
        return [(each.position, type(each.event).__name__, each.event.to_dict(),
                 each.event._metadata.to_dict()) for each in store.load()]
    finally:
        store.close()


def table(location: str, sql: str) -> list[tuple[object, ...]]:
    store = open_store(location, schema(pantry), pantry.registry.event_class)
    try:
        return sorted(tuple(row) for row in store.execute(sql).fetchall())
    finally:
        store.close()


def check(location: str) -> IntegrityReport:
    snapshot = open_snapshot(location)
    try:
        return check_integrity(snapshot, pantry.registry)
    finally:
        snapshot.close()


def copied(source: str, target: str) -> None:
    counts = copy_store(source, target, schema(pantry), pantry.registry.event_class)
    assert counts.problems == []


WHAT_IS_KEPT = [
    "SELECT id, label, _version, _sequence FROM jar",
    "SELECT jar_id, label, grams, fills, _version FROM projection_jartotal",
    "SELECT subscriber, position, generation FROM checkpoints",
    "SELECT subscriber, position, event_type, error, attempts, parked FROM failures",
    "SELECT position, id, type, outcome FROM commands",
    "SELECT position, stream, version, sequence FROM aggregate_states",
]


def test_sqlite_to_postgresql_and_back_keeps_every_event_row_and_position(
        source: str, postgres_url: str, tmp_path: Path) -> None:
    back = str(tmp_path / "back.db")

    copied(source, postgres_url)
    copied(postgres_url, back)

    assert events(postgres_url) == events(source) == events(back)
    assert len(events(source)) == 5
    stored = "SELECT position, id, stream, sequence, type, timestamp, payload, metadata FROM events"
    assert rows(back, stored) == rows(source, stored)  # byte for byte: jsonb's order put back
    for sql in WHAT_IS_KEPT:
        assert table(postgres_url, sql) == table(source, sql) == table(back, sql), sql
    assert table(back, "SELECT count(*) FROM failures") == [(1,)]
    for location in (postgres_url, back):
        report = check(location)
        assert report.problems == [], report.findings


def test_a_copy_is_of_one_moment_while_another_writes_to_the_source(
        source: str, postgres_url: str) -> None:
    stop = threading.Event()

    def write() -> None:
        domain = on(source)
        jar = domain.process(LabelJar(label="Salt"))
        while not stop.is_set():
            domain.process(FillJar(jar_id=jar, grams=1))

    writer = threading.Thread(target=write)
    writer.start()
    try:
        counts = copy_store(source, postgres_url, schema(pantry), pantry.registry.event_class)
    finally:
        stop.set()
        writer.join()
        pantry.close()

    assert counts.problems == []
    report = check(postgres_url)
    assert report.problems == [], report.findings
    stored = events(postgres_url)
    assert [each[0] for each in stored] == list(range(1, len(stored) + 1))
    assert stored == events(source)[:len(stored)]


def test_an_event_postgresql_cannot_hold_is_named_and_nothing_is_written(
        source: str, postgres_url: str) -> None:
    with closing(sqlite3.connect(source)) as connection:
        connection.execute("DROP TRIGGER events_are_append_only_update")
        payload = json.dumps({"jar_id": "x", "label": "Ri\x00ce"})
        connection.execute("UPDATE events SET payload = ? WHERE position = 2", (payload,))
        connection.commit()

    with pytest.raises(StorageError) as refused:
        copy_store(source, postgres_url, schema(pantry), pantry.registry.event_class)

    assert "event 2, payload: it holds the character U+0000" in str(refused.value)
    assert "Nothing was copied" in str(refused.value)
    with psycopg.connect(postgres_url) as looked:
        assert looked.execute("SELECT count(*) FROM information_schema.tables"
                              " WHERE table_schema = 'public'").fetchone() == (0,)
        # Refused before the store was made: not even an extension was created.
        assert looked.execute("SELECT extname FROM pg_extension ORDER BY extname"
                              ).fetchall() == [("plpgsql",)]


def test_a_database_holding_a_store_is_never_replaced(source: str, postgres_url: str
                                                       ) -> None:
    copied(source, postgres_url)

    with pytest.raises(StorageError) as refused:
        copy_store(source, postgres_url, schema(pantry), pantry.registry.event_class)

    assert "holds a store (table" in str(refused.value)
    assert "never replaces one" in str(refused.value)
    assert len(events(postgres_url)) == 5


def test_an_existing_file_is_never_replaced(source: str, tmp_path: Path) -> None:
    target = tmp_path / "there.db"
    target.write_bytes(b"")

    with pytest.raises(StorageError) as refused:
        copy_store(source, str(target), schema(pantry), pantry.registry.event_class)

    assert "exists: copy makes a new store and never replaces one" in str(refused.value)


def test_a_failed_copy_leaves_the_database_as_it_was(
        source: str, postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> None:
        raise StorageError("the disk is full")

    monkeypatch.setattr(postgres_copying.PostgresCopyTarget, "commit", broken)

    with pytest.raises(StorageError, match="the disk is full"):
        copy_store(source, postgres_url, schema(pantry), pantry.registry.event_class)

    with psycopg.connect(postgres_url) as looked:
        assert looked.execute("SELECT count(*) FROM information_schema.tables"
                              " WHERE table_schema = 'public'").fetchone() == (0,)
    monkeypatch.undo()
    copied(source, postgres_url)  # and it can run again


def test_a_copy_that_did_not_verify_is_emptied(source: str, postgres_url: str) -> None:
    copied(source, postgres_url)

    remove_copy(postgres_url)

    assert events(postgres_url) == []
    copied(source, postgres_url)


def test_the_projection_of_a_copy_is_checked_against_its_events(
        source: str, postgres_url: str) -> None:
    copied(source, postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute("UPDATE projection_jartotal SET grams = 1")

    (finding,) = [each.message for each in check(postgres_url).problems]

    assert f"{PROJECTOR}: table projection_jartotal differs" in finding


def test_a_database_that_holds_no_store_or_a_newer_one_is_not_copied(
        source: str, postgres_url: str, tmp_path: Path) -> None:
    psycopg = require_psycopg()
    with psycopg.connect(postgres_url, autocommit=True) as other:
        other.execute("CREATE TABLE customers (name TEXT)")

    with pytest.raises(StorageError, match="holds no bookshelf store; nothing was copied"):
        copy_store(postgres_url, str(tmp_path / "a.db"), schema(pantry),
                   pantry.registry.event_class)

    with psycopg.connect(postgres_url, autocommit=True) as other:
        other.execute("DROP TABLE customers")
    copied(source, postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as other:
        other.execute("UPDATE bookshelf_schema SET version = 99")

    with pytest.raises(StorageError, match="newer Bookshelf Events"):
        copy_store(postgres_url, str(tmp_path / "b.db"), schema(pantry),
                   pantry.registry.event_class)
    assert not (tmp_path / "a.db").exists() and not (tmp_path / "b.db").exists()
