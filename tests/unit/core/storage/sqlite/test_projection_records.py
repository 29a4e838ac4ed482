"""A projection's records as its table holds them: written whole, a record read and written
back sets only what changed, and a row keeps its rowid (the order of ties)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.core.storage.sqlite.projection_records import SqliteProjectionRecords
from domain.core.storage.sqlite.store import SqliteStore
from tests.unit.core.pantry import JarTotal, pantry


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    pantry.close()
    pantry.config["database"] = str(tmp_path / "pantry.db")
    pantry.init()
    opened = pantry.session().store
    assert isinstance(opened, SqliteStore)
    yield opened
    pantry.close()


@pytest.fixture
def records(store: SqliteStore) -> SqliteProjectionRecords:
    return store.projection_records(JarTotal)


def row(store: SqliteStore, jar_id: str) -> tuple[object, ...] | None:
    found: tuple[object, ...] | None = store.execute(
        "SELECT rowid, label, grams, fills FROM projection_jartotal WHERE jar_id = ?",
        (jar_id,)).fetchone()
    return found


def statements(store: SqliteStore) -> list[str]:
    seen: list[str] = []
    store.connection.set_trace_callback(seen.append)
    return seen


def test_a_record_read_and_written_back_sets_only_the_columns_it_changed(
        store: SqliteStore, records: SqliteProjectionRecords) -> None:
    records.write(JarTotal(jar_id="j1", label="Rice", grams=100, fills=1))
    total = records.read("j1")
    assert isinstance(total, JarTotal)
    total.grams = 250
    seen = statements(store)

    records.write(total)

    store.connection.set_trace_callback(None)
    assert seen == ['UPDATE "projection_jartotal" SET "grams" = 250 WHERE "jar_id" = \'j1\'']
    assert row(store, "j1")[1:] == ("Rice", 250, 1)  # type: ignore[index]


def test_a_record_replaced_whole_keeps_its_rowid(
        store: SqliteStore, records: SqliteProjectionRecords) -> None:
    records.write(JarTotal(jar_id="j1", label="Rice"))
    records.write(JarTotal(jar_id="j2", label="Oats"))
    first = row(store, "j1")

    records.write(JarTotal(jar_id="j1", label="Brown rice", grams=5, fills=1))

    assert first is not None
    assert row(store, "j1") == (first[0], "Brown rice", 5, 1)


def test_a_record_removed_then_added_again_unchanged_is_stored(
        store: SqliteStore, records: SqliteProjectionRecords) -> None:
    records.write(JarTotal(jar_id="j1", label="Rice"))
    total = records.read("j1")
    assert total is not None

    records.delete("j1")
    records.write(total)

    assert row(store, "j1") is not None


def test_of_two_copies_read_of_one_record_the_last_written_is_stored_whole(
        store: SqliteStore, records: SqliteProjectionRecords) -> None:
    records.write(JarTotal(jar_id="j1", label="Rice", grams=100))
    first, second = records.read("j1"), records.read("j1")
    assert isinstance(first, JarTotal) and isinstance(second, JarTotal)
    first.label = "Brown rice"
    second.grams = 300

    records.write(first)
    records.write(second)

    assert row(store, "j1")[1:] == ("Rice", 300, 0)  # type: ignore[index]


def test_a_record_written_twice_is_written_whole_the_second_time(
        store: SqliteStore, records: SqliteProjectionRecords) -> None:
    records.write(JarTotal(jar_id="j1", label="Rice"))
    total = records.read("j1")
    assert isinstance(total, JarTotal)
    total.grams = 10
    records.write(total)
    store.execute("UPDATE projection_jartotal SET grams = 99")  # as a rollback might leave it

    records.write(total)

    assert row(store, "j1")[1:] == ("Rice", 10, 0)  # type: ignore[index]

