"""A PostgreSQL store as the source or the target of a copy between stores
(storage/copying.py)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import psycopg

from domain.core.errors import StorageError
from domain.core.storage.copying import SCHEMA_TABLES, Values, holds_nul
from domain.core.storage.location import shown
from domain.core.storage.port import EventResolver
from domain.core.storage.postgres.connection import connect
from domain.core.storage.postgres.errors import translate
from domain.core.storage.postgres.integrity import APPEND_ONLY_TRIGGER
from domain.core.storage.postgres.json_order import metadata_text, payload_text
from domain.core.storage.postgres.schema import SCHEMA_VERSION, schema_version
from domain.core.storage.postgres.tables import WRITTEN_ORDER_COLUMN
from domain.core.storage.renaming import quoted

# Rows a server-side cursor hands over at a time: a large table is never held whole.
PAGE = 5000
# Our tables in the current schema, in the order they were made (a parent before the
# tables that refer to it), with their columns.
COLUMNS_SQL = (
    "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_class AS c"
    " JOIN pg_attribute AS a ON a.attrelid = c.oid WHERE c.relkind = 'r'"
    " AND c.relnamespace = to_regnamespace(current_schema()) AND a.attnum > 0"
    " AND NOT a.attisdropped ORDER BY c.oid, a.attnum")


def _tables(connection: psycopg.Connection[Any]) -> dict[str, dict[str, str]]:
    """Each table's columns and their types, `_row` left out."""
    found: dict[str, dict[str, str]] = {}
    for table, column, kind in connection.execute(COLUMNS_SQL):
        columns = found.setdefault(str(table), {})
        if column != WRITTEN_ORDER_COLUMN:
            columns[str(column)] = str(kind)
    return found


# The core's JSON columns, kept in jsonb (schema.py): what a store refuses is known before
# it is made, so a copy refused for it changes nothing in the target.
JSONB_COLUMNS = frozenset({("events", "payload"), ("events", "metadata"),
                           ("commands", "payload"), ("commands", "errors"),
                           ("aggregate_states", "state")})


def _nul_refusal(value: object, jsonb: bool) -> str | None:
    if holds_nul(value, jsonb):
        return ("it holds the character U+0000, which PostgreSQL's "
                f"{'jsonb' if jsonb else 'text'} cannot hold")
    return None


class NulRule:
    """What a PostgreSQL store refuses (U+0000), before the store is made."""

    def refused(self, table: str, column: str, value: object) -> str | None:
        return _nul_refusal(value, (table, column) in JSONB_COLUMNS)


class PostgresCopySource:
    """One REPEATABLE READ, READ ONLY transaction: every answer of the moment it began.

    Events come with their payload and metadata in the order SQLite stored them
    (json_order: jsonb keeps its own), so that a file copied here and back holds the same
    bytes; `resolve_event` names an event type's class, whose field order that is."""

    def __init__(self, location: str, resolve_event: EventResolver | None = None) -> None:
        self.location = location
        self.resolve_event = resolve_event
        self.connection = connect(location, autocommit=True)
        try:
            self.connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            # Only a store of a schema this version knows is copied: another program's
            # database, or a newer one, is refused as opening it would be (schema.py).
            version = schema_version(self.connection)
            if version == 0:
                raise StorageError(f"{shown(location)} holds no bookshelf store; "
                                   "nothing was copied")
            if version > SCHEMA_VERSION:
                raise StorageError(
                    f"{shown(location)} was written by a newer Bookshelf Events (schema "
                    f"{version}; this version knows up to {SCHEMA_VERSION}); nothing was "
                    "copied")
            self._tables = _tables(self.connection)
            self._ordered = {table for table, in self.connection.execute(
                "SELECT c.relname FROM pg_attribute AS a JOIN pg_class AS c"
                " ON c.oid = a.attrelid WHERE a.attname = %s"
                " AND c.relnamespace = to_regnamespace(current_schema())",
                (WRITTEN_ORDER_COLUMN,))}
        except psycopg.Error as error:
            self.connection.close()
            raise translate(error, location) from error
        except StorageError:
            self.connection.close()
            raise
        self._cursors = 0

    def tables(self) -> dict[str, tuple[str, ...]]:
        return {table: tuple(columns) for table, columns in self._tables.items()}

    def rows(self, table: str, columns: Sequence[str]) -> Iterator[Values]:
        kinds = self._tables[table]
        # jsonb as its text: SQLite's column holds text, and the target's reads it back.
        names = ", ".join(quoted(each) + ("::text" if kinds[each] == "jsonb" else "")
                          for each in columns)
        # In the order the rows were written: `_row` numbers them (tables.py); the core
        # tables are keyed by position or by name, their order of no account.
        order = quoted(WRITTEN_ORDER_COLUMN) if table in self._ordered else "1"
        self._cursors += 1
        try:
            with self.connection.cursor(name=f"copy_{self._cursors}") as cursor:
                cursor.itersize = PAGE
                cursor.execute(f"SELECT {names} FROM {quoted(table)} ORDER BY {order}")
                for row in cursor:
                    yield self._as_stored(table, columns, tuple(row))
        except psycopg.Error as error:
            raise translate(error, self.location) from error

    def _as_stored(self, table: str, columns: Sequence[str], row: Values) -> Values:
        if table != "events":
            return row
        values = dict(zip(columns, row, strict=True))
        if values.get("payload") is not None and "type" in values:
            values["payload"] = payload_text(self.resolve_event, str(values["type"]),
                                             str(values["payload"]))
        if values.get("metadata") is not None:
            values["metadata"] = metadata_text(str(values["metadata"]))
        return tuple(values.values())

    def close(self) -> None:
        self.connection.close()


def refuse_filled(location: str) -> bool:
    """Refuse a database holding rows in any table of its schema (StorageError: a copy
    never replaces a store); whether it holds (empty) tables. An empty store (its schema
    version its only row) is no store to replace."""
    with connect(location, autocommit=True) as connection:
        tables = list(_tables(connection))
        for table in tables:
            if table not in SCHEMA_TABLES and connection.execute(
                    f"SELECT 1 FROM {quoted(table)} LIMIT 1").fetchone():
                raise StorageError(f"{shown(location)} holds a store (table {table} has "
                                   "rows): copy makes a new store and never replaces one")
    return bool(tables)


class PostgresCopyTarget:
    """An empty database, its tables made by the store; written in one transaction (COPY,
    the fastest way in), and emptied again when the copy is discarded: the transaction
    rolled back, and the tables dropped when the database had none before."""

    refuses = True  # text and jsonb cannot hold U+0000

    def __init__(self, location: str, had_tables: bool) -> None:
        self.location = location
        self._had_tables = had_tables
        self.connection = connect(location)
        self._tables = _tables(self.connection)

    def tables(self) -> dict[str, tuple[str, ...]]:
        return {table: tuple(columns) for table, columns in self._tables.items()}

    def refused(self, table: str, column: str, value: object) -> str | None:
        return _nul_refusal(value, self._tables[table].get(column) == "jsonb")

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Values]) -> None:
        names = ", ".join(quoted(each) for each in columns)
        try:
            with self.connection.cursor() as cursor, cursor.copy(
                    f"COPY {quoted(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        except psycopg.Error as error:
            raise translate(error, self.location) from error

    def _one(self, sql: str) -> Any:
        try:
            row = self.connection.execute(sql).fetchone()
        except psycopg.Error as error:
            raise translate(error, self.location) from error
        return row[0] if row else None

    def count(self, table: str) -> int:
        return int(self._one(f"SELECT count(*) FROM {quoted(table)}"))

    def type_counts(self) -> dict[str, int]:
        return {str(kind): int(count) for kind, count in self.connection.execute(
            "SELECT type, count(*) FROM events GROUP BY type")}

    def last_position(self) -> int:
        return int(self._one("SELECT coalesce(max(position), 0) FROM events"))

    def commit(self) -> None:
        try:
            self.connection.commit()
        except psycopg.Error as error:
            raise translate(error, self.location, committing=True) from error
        self.connection.close()

    def discard(self) -> None:
        with self.connection:
            if not self.connection.broken:
                self.connection.rollback()
        if not self._had_tables:
            drop_store(self.location)


def drop_store(location: str) -> None:
    """Drop every table of the database's schema, and the events' trigger function: what
    making a store in an empty database made."""
    with connect(location, autocommit=True) as connection, connection.transaction():
        for table in _tables(connection):
            connection.execute(f"DROP TABLE IF EXISTS {quoted(table)} CASCADE")
        connection.execute(f"DROP FUNCTION IF EXISTS {APPEND_ONLY_TRIGGER}() CASCADE")


def empty_store(location: str) -> None:
    """Empty every table of the database's schema but its version (a copy that did not
    verify): an empty store is left."""
    with connect(location, autocommit=True) as connection:
        names = ", ".join(quoted(table) for table in _tables(connection)
                          if table not in SCHEMA_TABLES)
        if names:
            connection.execute(f"TRUNCATE {names}")
