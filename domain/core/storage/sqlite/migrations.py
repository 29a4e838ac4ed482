"""The SQLite schema as numbered steps: each brings a file from one version to the next."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import attrs
import sqlite_utils

from domain.core.versions import from_write_count

SCHEMA_VERSION = 7
REWRITE_PAGE = 1_000
# Every file this program writes carries this in its header (PRAGMA application_id): the
# bytes "BkEv" read as a big-endian 32-bit integer. Files of release 1 were written without it.
APPLICATION_ID = int.from_bytes(b"BkEv", "big")  # 0x426B4576
# The schema versions a release wrote before files were marked, and the core tables each
# had: (name, declared type, NOT NULL, position in the primary key) per column, in order.
UNMARKED_RELEASES: dict[int, dict[str, tuple[tuple[str, str, int, int], ...]]] = {
    1: {
        "events": (("position", "INTEGER", 0, 1), ("id", "TEXT", 1, 0),
                   ("stream", "TEXT", 1, 0), ("sequence", "INTEGER", 1, 0),
                   ("type", "TEXT", 1, 0), ("timestamp", "TEXT", 1, 0),
                   ("payload", "TEXT", 1, 0), ("metadata", "TEXT", 1, 0)),
        "checkpoints": (("subscriber", "TEXT", 0, 1), ("position", "INTEGER", 1, 0),
                        ("updated_at", "TEXT", 0, 0)),
        "failures": (("subscriber", "TEXT", 0, 1), ("position", "INTEGER", 0, 2),
                     ("event_id", "TEXT", 0, 0), ("event_type", "TEXT", 0, 0),
                     ("error", "TEXT", 0, 0), ("attempts", "INTEGER", 0, 0),
                     ("first_failed_at", "TEXT", 0, 0), ("last_failed_at", "TEXT", 0, 0),
                     ("next_attempt_at", "REAL", 0, 0), ("parked", "INTEGER", 0, 0)),
    },
}


@attrs.frozen
class Step:
    """One migration: `apply` brings the schema from `version - 1` to `version`.

    A step that rewrites existing rows (`rewrites_rows`) first copies the file beside
    itself, so a failure half-way leaves the user's data intact in the copy too.
    """

    version: int
    apply: Callable[[sqlite_utils.Database], None]
    rewrites_rows: bool = False


def _create_core_tables(db: sqlite_utils.Database) -> None:
    db.table("events").create(
        {"position": int, "id": str, "stream": str, "sequence": int, "type": str,
         "timestamp": str, "payload": str, "metadata": str},
        pk="position",
        not_null={"id", "stream", "sequence", "type", "timestamp", "payload", "metadata"},
    )
    db.table("events").create_index(["id"], unique=True)
    db.table("events").create_index(["stream", "sequence"], unique=True)
    # No index on type: it cost 10-15% of every append, and the screens filter by type
    # while paging in position order, which the primary key serves.
    for action in ("UPDATE", "DELETE"):
        _refuse_on_events(db, action)
    # Each subscriber's delivered position. The table keeps its first name, "checkpoints":
    # renaming it would be a migration with nothing to gain.
    db.table("checkpoints").create(
        {"subscriber": str, "position": int, "updated_at": str},
        pk="subscriber", not_null={"position"},
    )
    db.table("failures").create(
        {"subscriber": str, "position": int, "event_id": str, "event_type": str, "error": str,
         "attempts": int, "first_failed_at": str, "last_failed_at": str,
         "next_attempt_at": float, "parked": int},
        pk=("subscriber", "position"),
    )


def _refuse_on_events(db: sqlite_utils.Database, action: str) -> None:
    db.execute(
        f"CREATE TRIGGER events_are_append_only_{action.lower()} BEFORE {action} ON events "
        "BEGIN SELECT RAISE(ABORT, 'the events table is append-only'); END"
    )


def _json_as_utf8(db: sqlite_utils.Database) -> None:
    """Rewrite payloads and metadata stored as ASCII-escaped JSON ("Caf\\u00e9") as UTF-8
    JSON ("Café"), so that a search finds what was typed; positions, ids and order stay.

    The append-only trigger on UPDATE is lifted only inside this step's transaction.
    """
    db.execute("DROP TRIGGER events_are_append_only_update")
    after = 0
    while rows := db.execute(
            "SELECT position, payload, metadata FROM events WHERE position > ? AND "
            "(instr(payload, '\\u') > 0 OR instr(metadata, '\\u') > 0) "
            "ORDER BY position LIMIT ?", (after, REWRITE_PAGE)).fetchall():
        changed = []
        for position, payload, metadata in rows:
            new_payload, new_metadata = _utf8(payload), _utf8(metadata)
            if (new_payload, new_metadata) != (payload, metadata):
                changed.append((new_payload, new_metadata, position))
        db.conn.executemany("UPDATE events SET payload = ?, metadata = ? WHERE position = ?",
                            changed)
        after = rows[-1][0]
    _refuse_on_events(db, "UPDATE")


def _utf8(text: str) -> str:
    # The same separators json.dumps wrote them with: only the escapes change.
    return json.dumps(json.loads(text), ensure_ascii=False)


def _delivery_records(db: sqlite_utils.Database) -> None:
    """What delivery off the commit path keeps (issue 10): when a person skipped an event
    a projection stopped at, each projection's generation (a rebuild swapped in bumps it,
    so other processes re-read their positions and screens reload), and the deliveries
    that ran longer than the slow-handler threshold."""
    db.execute("ALTER TABLE failures ADD COLUMN skipped_at TEXT")
    db.execute("ALTER TABLE checkpoints ADD COLUMN generation INTEGER NOT NULL DEFAULT 0")
    db.table("slow_deliveries").create(
        {"subscriber": str, "position": int, "event_id": str, "event_type": str,
         "started_at": str, "seconds": float, "finished": int},
        pk=("subscriber", "position"),
    )


def _protean_versions(db: sqlite_utils.Database) -> None:
    """Renumber every stored aggregate's `_version` as Protean numbers it (issue 13): up to
    schema 3 it counted writes (1 after the first), now the first write is 0
    (versions.py). Every aggregate table has `_version` and `_sequence`; nothing else does."""
    db.conn.create_function("from_write_count", 1, from_write_count, deterministic=True)
    for table in db.table_names():
        if {"_version", "_sequence"} <= set(db.table(table).columns_dict):
            quoted = '"' + table.replace('"', '""') + '"'
            db.execute(f"UPDATE {quoted} SET _version = from_write_count(_version)")


def _commands_on_record(db: sqlite_utils.Database) -> None:
    """Every command that ran, accepted or refused (issue 14), in the order they came to
    an end. No index: each one costs every command another page written with its commit,
    about 10 µs of the kernel's 150 (bench/kernel.py), twice the budget of 0.05 of its
    ratio; lookups by id or correlation scan the table, the newest first."""
    db.table("commands").create(
        {"position": int, "id": str, "type": str, "timestamp": str, "payload": str,
         "correlation_id": str, "causation_id": str, "outcome": str, "error_type": str,
         "errors": str},
        pk="position", not_null={"id", "type", "timestamp", "payload", "outcome"},
    )


def _aggregate_states(db: sqlite_utils.Database) -> None:
    """Each aggregate's state after each of its writes (issue 14), for its history: one
    row per version, written in the command's transaction with the aggregate's own row.
    Versions written before this step have no row: nothing is rewritten, their state is
    "not recorded".

    A write that raised events is keyed by the position of its last event, which names
    its stream and sequence: rows in commit order and no index to keep, found through the
    events' own index on (stream, sequence). A unique index on (stream, version) cost
    every write another page, about 20 µs of an order-flow command's 200 (one process
    alternating, CPU time); keyed on (stream, version) WITHOUT ROWID, rows went to random
    places and split pages (64-71 µs a commit against 43-46: bench/state_layout.py). A
    write that raised none (rare: a handler saving an aggregate it changed quietly) has no
    position: it takes a negative key of its own, and its stream and sequence, under an
    index that holds those rows only.
    """
    db.execute("CREATE TABLE aggregate_states (position INTEGER PRIMARY KEY, stream TEXT,"
               " version INTEGER NOT NULL, sequence INTEGER, state TEXT NOT NULL)")
    db.execute("CREATE UNIQUE INDEX aggregate_states_quiet ON aggregate_states"
               " (stream, version) WHERE position < 0")


# The bookshelf's projections up to schema 6, written in SQL by hand (issue 15 made them
# projectors), and their tables.
RETIRED_PROJECTIONS = ("projection.catalog", "projection.orders")
RETIRED_TABLES = frozenset({"catalog", "order_summary", "order_line", "order_transition"})


def _projectors_tables(db: sqlite_utils.Database) -> None:
    """The bookshelf's catalog and orders became projectors (issue 15), with tables of
    their own (`projection_catalog`, `projection_orders`) and money in cents: the old
    tables go, and both projections start again from the first event, as a rebuild does,
    when the program next delivers (the new tables cannot hold anything yet: this step
    runs before any projector of this version does). A `catalog` table that is not the
    bookshelf's (a `Catalog` aggregate's, without `price_amount`) is left alone. What a
    killed rebuild of the old tables left (`catalog__rebuild_<token>`) goes too."""
    tables = set(db.table_names())
    if {"book_id", "price_amount"} <= set(db.table("catalog").columns_dict):
        db.execute("DROP TABLE catalog")
    for name in sorted(tables):
        if name in RETIRED_TABLES - {"catalog"} or any(
                name.startswith(f"{retired}__rebuild_") for retired in RETIRED_TABLES):
            db.execute(f'DROP TABLE "{name}"')
    for subscriber in RETIRED_PROJECTIONS:
        # A new generation: a window on the file reads the (new, empty) tables again.
        db.execute("UPDATE checkpoints SET position = 0, generation = generation + 1 "
                   "WHERE subscriber = ?", (subscriber,))
        for table in ("failures", "slow_deliveries"):
            db.execute(f"DELETE FROM {table} WHERE subscriber = ?", (subscriber,))


STEPS: tuple[Step, ...] = (
    Step(1, _create_core_tables),
    Step(2, _json_as_utf8, rewrites_rows=True),
    Step(3, _delivery_records),
    Step(4, _protean_versions, rewrites_rows=True),
    Step(5, _commands_on_record),
    Step(6, _aggregate_states),
    Step(7, _projectors_tables),
)


def backup_path(location: str, version: int) -> Path:
    """Where the copy made before step `version` rewrites rows is kept."""
    path = Path(location)
    return path.with_name(f"{path.name}.before-schema-{version}")


def _copy_beside(connection: sqlite3.Connection, location: str, version: int) -> None:
    path = backup_path(location, version)
    # As private as the database itself (connection._create_private); SQLite would
    # create it readable by everybody under a usual umask.
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    copy = sqlite3.connect(path)
    try:
        connection.backup(copy)
    finally:
        copy.close()


def migrate(connection: sqlite3.Connection, location: str,
            steps: tuple[Step, ...] = STEPS) -> None:
    """Bring the schema up to the last step, one transaction per step, and mark the file
    as ours (APPLICATION_ID) if it is not yet: a new file, or one of release 1."""
    db = sqlite_utils.Database(connection)
    # A file with no schema yet has no rows to rewrite, and no copy to keep.
    held_data = connection.execute("PRAGMA user_version").fetchone()[0] > 0
    on_disk = not location.startswith("file:") and location != ":memory:"
    for step in steps:
        if connection.execute("PRAGMA user_version").fetchone()[0] >= step.version:
            continue
        if step.rewrites_rows and held_data and on_disk:
            _copy_beside(connection, location, step.version)
        connection.execute("BEGIN IMMEDIATE")
        try:
            # Read inside the write lock: another process may have migrated meanwhile.
            if connection.execute("PRAGMA user_version").fetchone()[0] < step.version:
                step.apply(db)
                connection.execute(f"PRAGMA user_version = {step.version}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    mark(connection)


def mark(connection: sqlite3.Connection) -> None:
    """Write APPLICATION_ID into the file's header, if it is not there yet."""
    if connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
