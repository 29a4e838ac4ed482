"""Numbered schema steps: each migrates a file of the schema before it, kept in tests/fixtures."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest
import sqlite_utils

from domain.bookshelf import AddBook, open_bookshelf
from domain.core.storage.sqlite.migrations import (
    SCHEMA_VERSION,
    STEPS,
    Step,
    backup_path,
    migrate,
)

FIXTURES = Path(__file__).parents[4] / "fixtures" / "sqlite"


def copy_of(name: str, folder: Path) -> Path:
    target = folder / name
    shutil.copyfile(FIXTURES / name, target)
    return target


def user_version(path: Path) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])


def test_the_steps_are_numbered_one_after_another_up_to_the_schema_version() -> None:
    assert [step.version for step in STEPS] == list(range(1, SCHEMA_VERSION + 1))


def test_step_1_makes_the_core_tables_in_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()  # what a new file is before its first write

    with open_bookshelf(path) as opened:
        opened.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.5))

    assert user_version(path) == SCHEMA_VERSION
    with closing(sqlite3.connect(path)) as connection:
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"events", "checkpoints", "failures"} <= tables


def test_a_new_database_is_made_without_a_copy_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "new.db"

    with open_bookshelf(path) as opened:
        opened.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.5))

    assert [each.name for each in tmp_path.iterdir()] == ["new.db"]


def test_the_copy_made_before_a_step_is_as_private_as_a_new_database(tmp_path: Path) -> None:
    path = copy_of("schema-1.db", tmp_path)
    previous = os.umask(0o022)  # a usual umask would let everybody read a new file
    try:
        open_bookshelf(path).close()
    finally:
        os.umask(previous)

    assert stat.S_IMODE(backup_path(str(path), 2).stat().st_mode) == 0o600


def test_a_file_of_schema_1_written_by_the_first_release_opens_whole(tmp_path: Path) -> None:
    path = copy_of("schema-1.db", tmp_path)

    with open_bookshelf(path) as opened:
        events = opened.session().store.load()
        report = opened.check()

    assert [stored.position for stored in events] == list(range(1, 10))
    assert report.ok, [finding.message for finding in report.problems]
    assert user_version(path) == SCHEMA_VERSION


def test_a_step_that_rewrites_rows_first_copies_the_file_beside_itself(tmp_path: Path) -> None:
    path = copy_of("schema-1.db", tmp_path)

    def rename_a_book(db: sqlite_utils.Database) -> None:
        db.execute("UPDATE book SET title = 'Rewritten'")

    next_version = SCHEMA_VERSION + 1
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        migrate(connection, str(path), STEPS)  # the file as this version leaves it
        migrate(connection, str(path), (*STEPS, Step(next_version, rename_a_book,
                                                     rewrites_rows=True)))

    with closing(sqlite3.connect(backup_path(str(path), next_version))) as copy:
        titles = sorted(row[0] for row in copy.execute("SELECT title FROM book"))
        assert copy.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert titles == ["Dune", "Emma"]
    assert user_version(path) == next_version


def test_a_failing_step_leaves_the_schema_where_it_was(tmp_path: Path) -> None:
    path = copy_of("schema-1.db", tmp_path)

    def broken(db: sqlite_utils.Database) -> None:
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("the step broke")

    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        migrate(connection, str(path), STEPS)
        with pytest.raises(RuntimeError, match="the step broke"):
            migrate(connection, str(path), (*STEPS, Step(SCHEMA_VERSION + 1, broken)))
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}

    assert "half_done" not in tables
    assert user_version(path) == SCHEMA_VERSION


def test_step_2_rewrites_escaped_json_as_utf8_and_keeps_positions_ids_and_order(
        tmp_path: Path) -> None:
    path = copy_of("schema-1-accents.db", tmp_path)
    with closing(sqlite3.connect(path)) as before:
        rows_before = before.execute(
            "SELECT position, id, stream, sequence, type FROM events ORDER BY position").fetchall()

    with open_bookshelf(path) as opened:
        events = opened.session().store.load()
        report = opened.check()

    with closing(sqlite3.connect(path)) as after:
        rows_after = after.execute(
            "SELECT position, id, stream, sequence, type FROM events ORDER BY position").fetchall()
        payloads = [row[0] for row in after.execute("SELECT payload FROM events")]
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            after.execute("UPDATE events SET type = 'x' WHERE position = 1")
    assert rows_after == rows_before
    assert '"title": "Café de Flore"' in payloads[0] and "\\u00e9" not in payloads[0]
    assert events[0].event.author == "José Saramago"
    assert report.ok, [finding.message for finding in report.problems]
    assert user_version(path) == SCHEMA_VERSION
    with closing(sqlite3.connect(backup_path(str(path), 2))) as copy:  # copied first
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
        assert "\\u00e9" in copy.execute("SELECT payload FROM events").fetchone()[0]


def test_step_3_adds_what_delivery_keeps_and_leaves_the_failures_and_positions_as_they_were(
        tmp_path: Path) -> None:
    path = copy_of("schema-1.db", tmp_path)
    with closing(sqlite3.connect(path)) as connection:
        positions_before = connection.execute(
            "SELECT subscriber, position FROM checkpoints ORDER BY subscriber").fetchall()

    open_bookshelf(path).close()

    with closing(sqlite3.connect(path)) as connection:
        failures = [row[1] for row in connection.execute("PRAGMA table_info(failures)")]
        generations = connection.execute(
            "SELECT subscriber, position, generation FROM checkpoints ORDER BY subscriber"
        ).fetchall()
        slow = [row[1] for row in connection.execute("PRAGMA table_info(slow_deliveries)")]
    assert failures[-1] == "skipped_at"
    before = dict(positions_before)  # the search index, new, starts from nothing
    assert [(name, position) for name, position, _ in generations if name in before] \
        == positions_before
    assert {generation for _, _, generation in generations} <= {0}
    assert slow == ["subscriber", "position", "event_id", "event_type", "started_at",
                    "seconds", "finished"]
