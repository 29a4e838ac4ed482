"""Where the domain stores its data, the tables init() creates, and the append-only event log,
on either backend (the `testing` fixture runs each test on both)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.core import Domain, StorageError
from tests.unit.core.library import CreateShelf, Shelf, library


@pytest.fixture
def in_memory() -> Iterator[Domain]:
    library.close()
    library.config["database"] = ":memory:"
    library.init()
    yield library
    library.close()


def on_postgres(domain: Domain) -> bool:
    return getattr(domain.session().store, "dialect", "sqlite") == "postgresql"


def columns(domain: Domain, table: str) -> list[str]:
    """The table's columns in order; PostgreSQL's own `_row` (the order rows were first
    written in, which SQLite's rowid keeps) left out."""
    store = domain.session().store
    if on_postgres(domain):
        return [row[0] for row in store.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?"
            " AND table_schema = current_schema() AND column_name != '_row'"
            " ORDER BY ordinal_position", (table,))]
    return [row[1] for row in store.execute(f'PRAGMA table_info("{table}")')]


def foreign_keys(domain: Domain, table: str) -> list[tuple[str, str, str]]:
    """(referenced table, column, referenced column) of each foreign key of `table`."""
    store = domain.session().store
    if on_postgres(domain):
        return [tuple(row) for row in store.execute(
            "SELECT ccu.table_name, kcu.column_name, ccu.column_name"
            " FROM information_schema.table_constraints tc"
            " JOIN information_schema.key_column_usage kcu"
            " ON kcu.constraint_name = tc.constraint_name"
            " JOIN information_schema.constraint_column_usage ccu"
            " ON ccu.constraint_name = tc.constraint_name"
            " WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_name = ?", (table,))]
    return [(row[2], row[3], row[4])
            for row in store.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()]


def refused(domain: Domain) -> tuple[type[BaseException], ...]:
    """What the backend raises when a constraint or trigger refuses a statement."""
    if on_postgres(domain):
        import psycopg
        return (psycopg.errors.IntegrityError, psycopg.errors.RaiseException)
    return (sqlite3.IntegrityError,)


def test_the_default_database_is_in_memory() -> None:
    assert Domain("Fresh").config["database"] == ":memory:"


def test_an_in_memory_domain_writes_no_file(in_memory: Domain, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shelf_id = in_memory.process(CreateShelf(name="Poetry"))
    assert in_memory.repository_for(Shelf).get(shelf_id).name == "Poetry"
    assert list(tmp_path.iterdir()) == []


def test_a_stored_database_keeps_its_data_after_closing(testing: Domain) -> None:
    shelf_id = testing.process(CreateShelf(name="Poetry"))
    testing.close()
    assert testing.repository_for(Shelf).get(shelf_id).name == "Poetry"
    assert on_postgres(testing) or Path(testing.config["database"]).is_file()


def test_init_creates_one_table_per_aggregate_with_version_columns(testing: Domain) -> None:
    assert columns(testing, "shelf") == ["id", "name", "label", "public", "_version", "_sequence"]
    assert columns(testing, "reader") == ["id", "name", "_version", "_sequence"]


def test_a_value_object_is_stored_as_json(testing: Domain) -> None:
    testing.repository_for(Shelf).add(Shelf(name="Poetry", label={"text": "P"}))
    (label,) = testing.session().store.execute("SELECT label FROM shelf").fetchone()  # text
    assert json.loads(label) == {"text": "P", "colour": "white"}


def test_an_entity_table_has_a_foreign_key_to_its_aggregate(testing: Domain) -> None:
    assert foreign_keys(testing, "volume") == [("shelf", "shelf_id", "id")]


def test_the_foreign_key_is_enforced(testing: Domain) -> None:
    with pytest.raises(refused(testing)):
        testing.session().store.execute(
            "INSERT INTO volume (id, title, shelf_id, _index) VALUES ('v', 't', 'nobody', 0)")


def test_the_events_table_holds_position_stream_sequence_type_payload_and_metadata(
    testing: Domain,
) -> None:
    command = CreateShelf(name="Poetry")
    shelf_id = testing.process(command)
    row = testing.session().store.execute(
        "SELECT position, stream, sequence, type, payload, metadata FROM events").fetchone()
    position, stream, sequence, kind, payload, metadata = row
    assert (position, stream, sequence, kind) == (
        1, f"testing::shelf-{shelf_id}", 1, "Testing.ShelfCreated.v1")
    # jsonb comes back from PostgreSQL decoded; SQLite gives the text.
    values = json.loads(payload) if isinstance(payload, str) else payload
    assert values == {"shelf_id": shelf_id, "name": "Poetry"}
    described = metadata if isinstance(metadata, dict) else json.loads(metadata)
    assert described["causation_id"] == command._metadata.id


@pytest.mark.parametrize("statement", ["UPDATE events SET type = 'x'", "DELETE FROM events"])
def test_the_events_table_is_append_only(testing: Domain, statement: str) -> None:
    testing.process(CreateShelf(name="Poetry"))
    store = testing.session().store
    with pytest.raises(refused(testing), match="append-only"), store.unit_of_work():
        store.connection.execute(statement)
    assert testing.session().store.last_position() == 1


def test_a_database_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    library.close()
    library.config["database"] = str(tmp_path / "missing" / "testing.db")
    library.init()
    try:
        with pytest.raises(StorageError, match="does not exist"):
            library.session().store  # noqa: B018
    finally:
        library.config["database"] = ":memory:"
