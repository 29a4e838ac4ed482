"""Numbered schema steps: each migrates a file of the schema before it, kept in tests/fixtures."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest
import sqlite_utils

from domain.bookshelf import (
    AddBook,
    Catalog,
    ConfirmOrder,
    Order,
    Orders,
    ShipOrder,
    open_bookshelf,
)
from domain.core import ExpectedVersionError, ObjectNotFoundError
from domain.core.storage.sqlite.migrations import (
    SCHEMA_VERSION,
    STEPS,
    Step,
    backup_path,
    migrate,
)
from domain.core.storage.sqlite.reader import SqliteReader

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

    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        migrate(connection, str(path), STEPS[:3])

    with closing(sqlite3.connect(path)) as connection:
        failures = [row[1] for row in connection.execute("PRAGMA table_info(failures)")]
        generations = connection.execute(
            "SELECT subscriber, position, generation FROM checkpoints ORDER BY subscriber"
        ).fetchall()
        slow = [row[1] for row in connection.execute("PRAGMA table_info(slow_deliveries)")]
    assert failures[-1] == "skipped_at"
    assert [(name, position) for name, position, _ in generations] == positions_before
    assert {generation for _, _, generation in generations} <= {0}
    assert slow == ["subscriber", "position", "event_id", "event_type", "started_at",
                    "seconds", "finished"]


def a_file_of_schema_3(folder: Path) -> tuple[Path, dict[str, str]]:
    """A copy of schema-3.db, written by the release before step 4: a book, Ann's order
    placed and Bob's placed and confirmed, each row's `_version` counting its writes."""
    path = copy_of("schema-3.db", folder)
    with closing(sqlite3.connect(path)) as connection:
        ids = dict(connection.execute('SELECT customer_name, id FROM "order"'))
        ids["Dune"] = connection.execute("SELECT id FROM book").fetchone()[0]
    return path, ids


def stored_versions(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as connection:
        return dict(connection.execute(
            'SELECT id, _version FROM "book" UNION ALL SELECT id, _version FROM "order"'))


def test_step_4_renumbers_every_aggregate_row_as_protean_numbers_versions(
        tmp_path: Path) -> None:
    path, ids = a_file_of_schema_3(tmp_path)
    assert stored_versions(path) == {ids["Dune"]: 1, ids["Ann"]: 1, ids["Bob"]: 2}
    assert user_version(path) == 3

    with open_bookshelf(path) as opened:
        report = opened.check()
        orders = opened.repository_for(Order)
        read = {name: orders.get(ids[name])._version for name in ("Ann", "Bob")}

    assert read == {"Ann": 0, "Bob": 1}
    assert stored_versions(path) == {ids["Dune"]: 0, ids["Ann"]: 0, ids["Bob"]: 1}
    with closing(sqlite3.connect(path)) as connection:  # the entities' rows have no version
        assert [row[1] for row in connection.execute("PRAGMA table_info(orderitem)")
                if row[1] == "_version"] == []
    assert report.ok, [finding.message for finding in report.problems]
    assert user_version(path) == SCHEMA_VERSION
    with closing(sqlite3.connect(backup_path(str(path), 4))) as copy:  # copied first
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 3
        assert copy.execute('SELECT _version FROM "order" WHERE id = ?',
                            (ids["Bob"],)).fetchone()[0] == 2


def test_after_step_4_a_stale_copy_is_still_refused_and_writes_go_on_counting(
        tmp_path: Path) -> None:
    path, ids = a_file_of_schema_3(tmp_path)

    with open_bookshelf(path) as opened:
        orders = opened.repository_for(Order)
        stale = orders.get(ids["Ann"])
        opened.process(ConfirmOrder(order_id=ids["Ann"]))
        stale.confirm()
        with pytest.raises(ExpectedVersionError, match="since version 0 was read"):
            orders.add(stale)
        opened.process(ShipOrder(order_id=ids["Bob"]))

    assert stored_versions(path) == {ids["Dune"]: 0, ids["Ann"]: 1, ids["Bob"]: 2}


def test_step_4_renumbers_in_one_transaction(tmp_path: Path) -> None:
    path, ids = a_file_of_schema_3(tmp_path)
    before = stored_versions(path)
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        renumbered = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")
            if row[0] in ("book", "order")]
        assert renumbered == ["book", "order"]  # so the book is renumbered first
        # A trigger that refuses the last table's update breaks the step half-way.
        connection.execute('CREATE TRIGGER refuse BEFORE UPDATE ON "order" '
                           "BEGIN SELECT RAISE(ABORT, 'refused'); END")
        with pytest.raises(sqlite3.IntegrityError, match="refused"):
            migrate(connection, str(path), STEPS)
        connection.execute("DROP TRIGGER refuse")

    assert stored_versions(path) == before
    assert before[ids["Dune"]] == 1
    assert user_version(path) == 3


def a_file_of_schema_4(folder: Path) -> tuple[Path, dict[str, str]]:
    """schema-3.db brought to schema 4 by this version's own steps, as the release before
    step 5 left files: books and orders, and no commands on record."""
    path, ids = a_file_of_schema_3(folder)
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        migrate(connection, str(path), STEPS[:4])
    return path, ids


def test_step_5_adds_the_commands_on_record_and_recording_starts_with_the_next_command(
        tmp_path: Path) -> None:
    path, ids = a_file_of_schema_4(tmp_path)
    assert user_version(path) == 4
    with closing(SqliteReader(str(path))) as reader:  # read as it is, before any writer
        assert (reader.commands(), reader.command(ids["Ann"])) == ([], None)

    with open_bookshelf(path) as opened:
        command, refused = ConfirmOrder(order_id=ids["Ann"]), ShipOrder(order_id=ids["Dune"])
        opened.process(command)
        with pytest.raises(ObjectNotFoundError):
            opened.process(refused)  # a book's id: no such order
        report = opened.check()

    with closing(SqliteReader(str(path))) as reader:
        recorded = reader.commands()
    assert [(each.id, each.type, each.outcome) for each in recorded] == [
        (refused._metadata.id, "Bookshelf.ShipOrder.v1", "refused"),
        (command._metadata.id, "Bookshelf.ConfirmOrder.v1", "accepted")]
    assert report.ok, [finding.message for finding in report.problems]
    assert user_version(path) == SCHEMA_VERSION
    assert not backup_path(str(path), 5).exists()  # it adds a table and rewrites no row


def a_file_of_schema_5(folder: Path) -> tuple[Path, dict[str, str]]:
    """schema-3.db brought to schema 5 by this version's own steps, as the release before
    step 6 left files: no aggregate's state recorded."""
    path, ids = a_file_of_schema_3(folder)
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        migrate(connection, str(path), STEPS[:5])
    return path, ids


def every_row(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with closing(sqlite3.connect(path)) as connection:
        names = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]  # its shadow tables are read
        return {name: connection.execute(f'SELECT * FROM "{name}"').fetchall()
                for name in names}


def test_step_6_adds_the_states_table_and_rewrites_no_row(tmp_path: Path) -> None:
    path, _ = a_file_of_schema_5(tmp_path)
    before = every_row(path)

    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        migrate(connection, str(path), STEPS[:6])

    assert every_row(path) == {**before, "aggregate_states": []}
    assert user_version(path) == 6
    assert not backup_path(str(path), 6).exists()


def test_step_7_drops_the_hand_written_projections_and_delivers_them_again_as_projectors(
        tmp_path: Path) -> None:
    path, ids = a_file_of_schema_5(tmp_path)
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        migrate(connection, str(path), STEPS[:6])
    before = every_row(path)
    assert len(before["order_summary"]) == 2

    with open_bookshelf(path) as opened:  # its session delivers what its projections lack
        orders = {order.customer_name: order for order in opened.view_for(Orders).query.all()}
        books = opened.view_for(Catalog).query.all()

    after = every_row(path)
    assert user_version(path) == SCHEMA_VERSION == 7
    assert not {"catalog", "order_summary", "order_line", "order_transition"} & set(after)
    assert {book.title for book in books} == {row[1] for row in before["catalog"]}
    assert orders["Ann"].order_id == ids["Ann"]
    assert [transition["status"] for transition in orders["Ann"].transitions] == [
        row[2] for row in sorted(before["order_transition"]) if row[1] == ids["Ann"]]
    # A new generation: a window that had the file open reads the new tables again.
    generations = {row[0]: row[3] for row in after["checkpoints"]}
    assert generations["projection.catalog"] == generations["projection.orders"] == 1


def test_step_7_starts_the_catalog_again_in_a_file_opened_with_the_catalog_alone(
        tmp_path: Path) -> None:
    path = tmp_path / "catalog-only.db"
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        migrate(connection, str(path), STEPS[:6])
        connection.execute("CREATE TABLE catalog (book_id TEXT PRIMARY KEY, title TEXT,"
                           " price_amount REAL)")
        connection.execute("CREATE TABLE catalog__rebuild_1a2b (book_id TEXT)")
        connection.execute("INSERT INTO checkpoints (subscriber, position) VALUES"
                           " ('projection.catalog', 5)")
        migrate(connection, str(path), STEPS)

    after = every_row(path)
    assert "catalog" not in after and "catalog__rebuild_1a2b" not in after
    assert [row[:2] for row in after["checkpoints"]] == [("projection.catalog", 0)]


def test_step_7_leaves_alone_a_catalog_table_that_is_not_the_bookshelf_s(
        tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        migrate(connection, str(path), STEPS[:6])
        connection.execute("CREATE TABLE catalog (id TEXT PRIMARY KEY, name TEXT)")
        connection.execute("INSERT INTO catalog VALUES ('c1', 'Spring')")
        migrate(connection, str(path), STEPS)

    assert every_row(path)["catalog"] == [("c1", "Spring")]


def test_after_step_6_states_are_recorded_from_the_next_write_on(tmp_path: Path) -> None:
    path, ids = a_file_of_schema_5(tmp_path)
    with closing(SqliteReader(str(path))) as reader:  # read as it is, before any writer
        assert reader.states(Order.stream_name(ids["Ann"])) == []

    with open_bookshelf(path) as opened:
        opened.process(ConfirmOrder(order_id=ids["Ann"]))

    with closing(SqliteReader(str(path))) as reader:
        states = reader.states(Order.stream_name(ids["Ann"]))
    assert [(state.version, json.loads(state.state)["status"]) for state in states] == [
        (1, "CONFIRMED")]
