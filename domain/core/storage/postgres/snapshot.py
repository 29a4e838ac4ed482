"""One read transaction on a PostgreSQL store: the backend part of the integrity check."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Collection, Iterator
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo

from domain.core.elements import BaseAggregate
from domain.core.errors import CheckNotPossibleError, StorageError, UndecodableEventError
from domain.core.storage import credentials
from domain.core.storage.decoding import rebuild
from domain.core.storage.port import EventResolver, Schema, Snapshot, SqlValue, Stop, Store
from domain.core.storage.postgres import event_log
from domain.core.storage.postgres.amcheck import Amcheck
from domain.core.storage.postgres.connection import connect
from domain.core.storage.postgres.errors import shown, translate
from domain.core.storage.postgres.integrity import own_damage
from domain.core.storage.postgres.statements import pyformat
from domain.core.storage.postgres.store import PostgresStore
from domain.core.storage.postgres.tables import WRITTEN_ORDER_COLUMN
from domain.core.storage.renaming import quoted
from domain.core.storage.sqlite.failures import stops_sql
from domain.core.storage.sqlite.search_index import (
    COMMAND_INDEX_DIFFERENCES_SQL as SQLITE_COMMAND_INDEX_DIFFERENCES_SQL,
)
from domain.core.storage.sqlite.search_index import COMMAND_TABLES
from domain.core.storage.sqlite.tables import table_name
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import Row

# A check's scratch schema: this and a token; dropped when the check ends.
SCRATCH_PREFIX = "bookshelf_check_"
# A scratch schema's owner holds a session lock on its name while it lives: one nobody
# holds was left by a check that was killed, and the next check drops it.
SCRATCH_LOCK_SQL = "SELECT pg_advisory_lock(hashtext(%s))"
LEFT_SCRATCHES_SQL = ("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bookshelf\\_check\\_%'"
                      " AND pg_try_advisory_lock(hashtext(nspname))")
# SQLite's statement (sqlite/search_index.py), each subquery named: PostgreSQL 15 wants it.
COMMAND_INDEX_DIFFERENCES_SQL = (
    SQLITE_COMMAND_INDEX_DIFFERENCES_SQL
    .replace(" FROM search_commands))", " FROM search_commands) AS missing)")
    .replace(" FROM expected))", " FROM expected) AS extra)"))
# Rows read from a server-side cursor at a time: a large table is never held whole.
PAGE = 2000


def ordered_select(connection: psycopg.Connection[Any], table: str) -> str | None:
    """SELECT every column of `table` but `_row` (the insertion order, which a fresh
    rebuild numbers differently), ordered as ordering.sort_key orders them: NULL first,
    text by code point (COLLATE "C"); None when the current schema has no such table."""
    columns = connection.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s"
        " AND table_schema = current_schema() AND column_name <> %s"
        " ORDER BY ordinal_position", (table, WRITTEN_ORDER_COLUMN)).fetchall()
    if not columns:
        return None
    names = ", ".join(quoted(str(name)) for name, _type in columns)
    order = ", ".join(
        quoted(str(name)) + (' COLLATE "C"' if kind == "text" else "") + " NULLS FIRST"
        for name, kind in columns)
    return f"SELECT {names} FROM {quoted(table)} ORDER BY {order}"


class PostgresSnapshot(Snapshot):
    """Reads a store in one REPEATABLE READ, READ ONLY transaction: every answer is of
    the same moment, whatever others commit meanwhile; nothing is written to the store's
    tables. (Two things are made beside them: the amcheck extension, when it may be
    created, and each scratch store's schema, dropped on close.)"""

    backend = "postgresql"

    def __init__(self, location: str) -> None:
        self.location = location
        self.connection = connect(location, autocommit=True)
        self._scratches: list[tuple[str, str]] = []  # (schema, address)
        try:
            # A database holding no store is refused before amcheck is made in it.
            found = self.connection.execute("SELECT to_regclass('events')").fetchone()
            if not found or found[0] is None:
                raise StorageError(f"{shown(location)} is not a bookshelf database "
                                   "(it has no events table)")
            self.amcheck = Amcheck.prepare(self.connection)
            self.connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        except psycopg.Error as error:
            self.connection.close()
            raise translate(error, location) from error
        except BaseException:
            self.connection.close()
            raise
        self._cursors = 0

    def close(self) -> None:
        with contextlib.suppress(psycopg.Error):
            if not self.connection.broken:
                self.connection.execute("ROLLBACK")  # it wrote nothing to keep
                for schema, address in self._scratches:
                    self.connection.execute(f"DROP SCHEMA IF EXISTS {quoted(schema)} CASCADE")
                    if address:
                        credentials.forget(address)
        self.connection.close()

    def _all(self, sql: str, parameters: tuple[SqlValue, ...] = ()) -> list[Row]:
        try:
            return self.connection.execute(pyformat(sql), parameters).fetchall()
        except psycopg.Error as error:
            raise translate(error, self.location) from error

    def _iterate(self, sql: str, parameters: tuple[SqlValue, ...] = ()) -> Iterator[Row]:
        """The rows of `sql` a page at a time from a server-side cursor, read when the
        caller asks for them (several may be read in step)."""
        self._cursors += 1
        try:
            with self.connection.cursor(name=f"snapshot_{self._cursors}") as cursor:
                cursor.itersize = PAGE
                cursor.execute(pyformat(sql), parameters)
                yield from cursor
        except psycopg.Error as error:
            raise translate(error, self.location) from error

    def damage(self) -> list[str]:
        try:
            return own_damage(self.connection) + self.amcheck.damage(self.connection,
                                                                      thorough=True)
        except psycopg.Error as error:
            raise translate(error, self.location) from error

    def quick_check(self) -> list[str]:
        try:
            return own_damage(self.connection) + self.amcheck.damage(self.connection,
                                                                      thorough=False)
        except psycopg.Error as error:
            raise translate(error, self.location) from error

    def notes(self) -> list[str]:
        return self.amcheck.notes

    def last_position(self) -> int:
        return int(self._all(event_log.LAST_POSITION_SQL)[0][0])

    def streams(self) -> Iterator[tuple[str, int, int, int]]:
        # By code point, as the check compares names (ordering.value_key).
        return self._iterate('SELECT stream, count(*), min(sequence), max(sequence) '
                             'FROM events GROUP BY stream ORDER BY stream COLLATE "C"')

    def table_name(self, aggregate_cls: type[BaseAggregate]) -> str:
        return table_name(aggregate_cls)

    def stored_sequences(self, aggregate_cls: type[BaseAggregate]
                         ) -> Iterator[tuple[str, int]]:
        table = table_name(aggregate_cls)
        if not self._has_table(table):
            return iter(())
        return self._iterate(f'SELECT id, _sequence FROM {quoted(table)} '
                             'ORDER BY id COLLATE "C"')

    def positions(self) -> list[tuple[str, int]]:
        return [(str(name), int(position)) for name, position in self._all(
            'SELECT subscriber, position FROM checkpoints ORDER BY subscriber COLLATE "C"')]

    def failure_counts(self) -> tuple[int, int, int]:
        ((parked, waiting, skips),) = self._all(
            "SELECT count(*) FILTER (WHERE parked = 1 AND skipped_at IS NULL),"
            " count(*) FILTER (WHERE parked = 0 AND skipped_at IS NULL),"
            " count(*) FILTER (WHERE skipped_at IS NOT NULL) FROM failures")
        return int(parked), int(waiting), int(skips)

    def stops(self, subscribers: Collection[str]) -> list[Stop]:
        names = sorted(subscribers)
        if not names:
            return []
        try:
            cursor = self.connection.execute(pyformat(stops_sql(len(names))), names)
            columns = [each.name for each in cursor.description or ()]
            rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        except psycopg.Error as error:
            raise translate(error, self.location) from error
        return [Stop(subscriber=str(row["subscriber"]), position=int(row["position"]),
                     event_type=str(row["event_type"] or ""), error=str(row["error"] or ""),
                     attempts=int(row["attempts"] or 0), parked=bool(row["parked"]))
                for row in rows]

    def skipped(self, subscriber: str) -> set[int]:
        return {int(row[0]) for row in self._all(
            "SELECT position FROM failures WHERE subscriber = ?", (subscriber,))}

    def command_index_differences(self) -> tuple[int, int] | None:
        if not all(self._has_table(table) for table in ("commands", *COMMAND_TABLES)):
            return None
        extra, missing = self._all(COMMAND_INDEX_DIFFERENCES_SQL)[0]
        return int(extra), int(missing)

    def rows(self, table: str) -> Iterator[Row] | None:
        try:
            select = ordered_select(self.connection, table)
        except psycopg.Error as error:
            raise translate(error, self.location) from error
        if select is None:
            return None
        return (tuple(row) for row in self._iterate(select))

    def rebuilt_rows(self, scratch: Store, table: str) -> Iterator[Row]:
        assert isinstance(scratch, PostgresStore)
        select = ordered_select(scratch.connection, table)
        return iter(()) if select is None else (
            tuple(row) for row in scratch.connection.execute(select))

    def load_span(self, resolve_event: EventResolver, after: int, through: int,
                  types: Collection[str] | None = None) -> list[StoredEvent]:
        try:
            return event_log.load_span(self.connection, resolve_event, after, through, types)
        except psycopg.Error as error:
            raise translate(error, self.location) from error

    def undecodable(self, resolve_event: EventResolver) -> Iterator[UndecodableEventError]:
        for row in self._iterate("SELECT position, type, payload::text, metadata::text "
                                 "FROM events ORDER BY position"):
            try:
                rebuild(resolve_event, *row)
            except UndecodableEventError as error:
                yield error

    def _has_table(self, table: str) -> bool:
        return bool(self._all(
            "SELECT 1 FROM information_schema.tables WHERE table_name = ?"
            " AND table_schema = current_schema()", (table,)))

    def scratch(self, schema: Schema, resolve_event: EventResolver) -> PostgresStore:
        # A schema of its own in the same database, made and later dropped outside the
        # snapshot's read-only transaction: a connection of its own, whose search_path
        # names it alone, so the store migrates the core tables there.
        name = SCRATCH_PREFIX + secrets.token_hex(6)
        # This snapshot's session holds the lock on its scratch's name until it ends.
        self.connection.execute(SCRATCH_LOCK_SQL, (name,))
        with connect(self.location, autocommit=True) as admin:
            try:
                for (left,) in admin.execute(LEFT_SCRATCHES_SQL).fetchall():
                    admin.execute(f"DROP SCHEMA IF EXISTS {quoted(left)} CASCADE")
                    admin.execute("SELECT pg_advisory_unlock(hashtext(%s))", (left,))
                admin.execute(f"CREATE SCHEMA {quoted(name)}")
            except psycopg.errors.InsufficientPrivilege as error:
                # A role that may read the store but not create in its database: the
                # projections cannot be rebuilt here, which is no damage of the store.
                raise CheckNotPossibleError(
                    f"this role may not create the scratch schema it needs in "
                    f"{shown(self.location)} ({error.diag.message_primary})") from error
            except psycopg.Error as error:
                raise translate(error, self.location) from error
        address = make_conninfo(self.location, options=f"-c search_path={name}")
        password = credentials.password_for(self.location)
        # Remembered for the scratch's address only when that is not the store's own key
        # (a keyword address is shown alike with its options): forgetting it at close
        # must not forget the store's password.
        ours = password is not None and credentials.password_for(address) is None
        if ours:
            credentials.remember(address, password)  # type: ignore[arg-type]
        self._scratches.append((name, address if ours else ""))
        return PostgresStore(address, schema, resolve_event)
