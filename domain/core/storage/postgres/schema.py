"""The PostgreSQL schema as numbered steps, applied under an advisory lock so that two
processes opening one database at once migrate it once, one after the other."""

from __future__ import annotations

from collections.abc import Callable

import psycopg

from domain.core.errors import StorageError

SCHEMA_VERSION = 2
# pg_advisory_xact_lock keys: any two bigints no other program of this database uses.
MIGRATION_LOCK = 0x426B4576_0001  # "BkEv", 1
APPEND_LOCK = 0x426B4576_0002  # "BkEv", 2: see event_log.py
# The channel a commit that appended events is announced on, with its last position.
COMMITS_CHANNEL = "bookshelf_commits"


def _event_log(connection: psycopg.Connection) -> None:
    connection.execute(
        "CREATE TABLE events (position BIGINT PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
        " stream TEXT NOT NULL, sequence INTEGER NOT NULL, type TEXT NOT NULL,"
        " timestamp TEXT NOT NULL, payload JSONB NOT NULL, metadata JSONB NOT NULL,"
        " UNIQUE (stream, sequence))")
    # Append-only, as on SQLite: a trigger refuses UPDATE and DELETE.
    connection.execute(
        "CREATE FUNCTION events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS"
        " $$ BEGIN RAISE EXCEPTION 'the events table is append-only'; END $$")
    connection.execute(
        "CREATE TRIGGER events_are_append_only BEFORE UPDATE OR DELETE ON events"
        " FOR EACH ROW EXECUTE FUNCTION events_are_append_only()")


def _core_tables(connection: psycopg.Connection) -> None:
    """What SQLite's steps 1 to 7 end with beside the events: subscriber positions (with
    their rebuild generation), failed and slow deliveries, the commands on record and the
    states the history keeps. JSON columns are jsonb; times stay ISO 8601 text, as on
    SQLite, so that both backends hand the same values to the same code."""
    for statement in (
        "CREATE TABLE checkpoints (subscriber TEXT PRIMARY KEY, position BIGINT NOT NULL,"
        " updated_at TEXT, generation INTEGER NOT NULL DEFAULT 0)",
        "CREATE TABLE failures (subscriber TEXT NOT NULL, position BIGINT NOT NULL,"
        " event_id TEXT, event_type TEXT, error TEXT, attempts INTEGER,"
        " first_failed_at TEXT, last_failed_at TEXT, next_attempt_at DOUBLE PRECISION,"
        " parked INTEGER, skipped_at TEXT, PRIMARY KEY (subscriber, position))",
        "CREATE TABLE slow_deliveries (subscriber TEXT NOT NULL, position BIGINT NOT NULL,"
        " event_id TEXT, event_type TEXT, started_at TEXT, seconds DOUBLE PRECISION,"
        " finished INTEGER, PRIMARY KEY (subscriber, position))",
        # Numbered as the events are (max + 1 under the append lock, which every writing
        # transaction holds): in the order they came to an end, with no gap a reader
        # could pass.
        "CREATE TABLE commands (position BIGINT PRIMARY KEY, id TEXT NOT NULL,"
        " type TEXT NOT NULL, timestamp TEXT NOT NULL, payload JSONB NOT NULL,"
        " correlation_id TEXT, causation_id TEXT, outcome TEXT NOT NULL, error_type TEXT,"
        " errors JSONB)",
        # As SQLite's step 6: keyed by the position of the write's last event; a write
        # that raised none takes a negative key and keeps its stream and sequence.
        "CREATE TABLE aggregate_states (position BIGINT PRIMARY KEY, stream TEXT,"
        " version INTEGER NOT NULL, sequence INTEGER, state JSONB NOT NULL)",
        "CREATE UNIQUE INDEX aggregate_states_quiet ON aggregate_states (stream, version)"
        " WHERE position < 0",
    ):
        connection.execute(statement)


STEPS: tuple[tuple[int, Callable[[psycopg.Connection], None]], ...] = (
    (1, _event_log),
    (2, _core_tables),
)


def _has_tables(connection: psycopg.Connection) -> bool:
    row = connection.execute(
        "SELECT count(*) FROM information_schema.tables"
        " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')").fetchone()
    return bool(row and row[0])


def schema_version(connection: psycopg.Connection) -> int:
    """The version a database is at: 0 when it has none of our schema."""
    found = connection.execute(
        "SELECT to_regclass('bookshelf_schema') IS NOT NULL").fetchone()
    if not found or not found[0]:
        return 0
    row = connection.execute("SELECT version FROM bookshelf_schema").fetchone()
    return int(row[0]) if row else 0


def migrate(connection: psycopg.Connection, shown: str = "the database") -> int:
    """Bring the database to SCHEMA_VERSION in one transaction; the version reached.

    Under the lock, so that a second opener waits for the first rather than taking its
    new tables for another program's: a database with tables but none of our schema, or
    with a newer schema than this version knows, is refused (StorageError naming it as
    `shown`), unchanged."""
    with connection.transaction():
        # READ COMMITTED whatever the server's default: after the lock, the next statement
        # sees what an opener before this one made.
        connection.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        version = schema_version(connection)
        if version > SCHEMA_VERSION:
            raise StorageError(
                f"{shown} was written by a newer Bookshelf Events (schema {version}; this "
                f"version knows up to {SCHEMA_VERSION}). It was left unchanged.")
        if version == 0 and _has_tables(connection):
            raise StorageError(f"{shown} holds another program's tables, not a bookshelf "
                               "store. It was left unchanged.")
        connection.execute("CREATE TABLE IF NOT EXISTS bookshelf_schema (version INTEGER)")
        if version == 0:
            connection.execute("INSERT INTO bookshelf_schema VALUES (0)")
        for number, apply in STEPS:
            if number > version:
                apply(connection)
                connection.execute("UPDATE bookshelf_schema SET version = %s", (number,))
                version = number
    return version
