"""One read transaction on a SQLite file: the backend part of the integrity check."""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
from collections.abc import Collection, Iterator
from pathlib import Path

from domain.core.elements import BaseAggregate
from domain.core.errors import UndecodableEventError
from domain.core.storage.decoding import rebuild
from domain.core.storage.port import EventResolver, Schema, Snapshot, SqlValue, Stop, Store
from domain.core.storage.sqlite import event_log
from domain.core.storage.sqlite.connection import (
    connect,
    refuse_without_events,
    unread_commits,
)
from domain.core.storage.sqlite.errors import mark_damaged, translate, translated
from domain.core.storage.sqlite.failures import stops_sql
from domain.core.storage.sqlite.search_index import COMMAND_INDEX_DIFFERENCES_SQL, COMMAND_TABLES
from domain.core.storage.sqlite.store import SqliteStore
from domain.core.storage.sqlite.tables import table_name
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import Row


class SqliteSnapshot(Snapshot):
    """Reads a file in one transaction; nothing is written to it.

    Given a connection, it reads through it (and leaves it open); given a location, it
    opens a read-only connection of its own. Whatever is large (streams, aggregate rows,
    projection rows, events) is read a row or a page at a time, never all at once.
    """

    backend = "sqlite"

    def __init__(self, location: str, connection: sqlite3.Connection | None = None) -> None:
        self.location = location
        self._owned = connection is None
        self.connection = connection or connect(location, read_only=True)
        if self._owned:
            try:
                with translated(location):
                    refuse_without_events(self.connection, location)
            except BaseException:
                self.connection.close()
                raise
        self._started = not self.connection.in_transaction
        if self._started:
            self.connection.execute("BEGIN")
        self._scratch_folders: list[tempfile.TemporaryDirectory[str]] = []

    def close(self) -> None:
        if self._started and self.connection.in_transaction:
            # Ending a read on a damaged file can fail too; the report already says why.
            with contextlib.suppress(sqlite3.DatabaseError):
                self.connection.execute("COMMIT")
        for folder in self._scratch_folders:
            folder.cleanup()
        if self._owned:
            self.connection.close()

    def _all(self, sql: str, parameters: tuple[SqlValue, ...] = ()) -> list[Row]:
        try:
            return self.connection.execute(sql, parameters).fetchall()
        except sqlite3.DatabaseError as error:
            raise translate(error, self.location) from error

    def _iterate(self, sql: str, parameters: tuple[SqlValue, ...] = ()) -> Iterator[Row]:
        """The rows of `sql` one at a time, read when the caller asks for them."""
        try:
            yield from self.connection.execute(sql, parameters)
        except sqlite3.DatabaseError as error:
            raise translate(error, self.location) from error

    def damage(self) -> list[str]:
        rows = [row[0] for row in self._all("PRAGMA integrity_check")]
        found = [] if rows == ["ok"] else [f"PRAGMA integrity_check: {row}" for row in rows]
        missing = unread_commits(self.location)
        return found + ([missing] if missing else [])

    def quick_check(self) -> list[str]:
        rows = [row[0] for row in self._all("PRAGMA quick_check")]
        if rows == ["ok"]:
            return []
        mark_damaged(self.location, str(rows[0]))
        return [f"PRAGMA quick_check: {row}" for row in rows]

    def last_position(self) -> int:
        rows = self._all(event_log.LAST_POSITION_SQL)
        return int(rows[0][0])

    def streams(self) -> Iterator[tuple[str, int, int, int]]:
        # The (stream, sequence) index serves both the grouping and the order: one pass
        # over it, without a sort or a temporary table (EXPLAIN QUERY PLAN says so).
        return self._iterate("SELECT stream, count(*), min(sequence), max(sequence) "
                             "FROM events GROUP BY stream ORDER BY stream")

    def table_name(self, aggregate_cls: type[BaseAggregate]) -> str:
        return table_name(aggregate_cls)

    def stored_sequences(self, aggregate_cls: type[BaseAggregate]
                         ) -> Iterator[tuple[str, int]]:
        table = table_name(aggregate_cls)
        if not self._has_table(table):
            return iter(())
        # In the order of the primary key's index: no sort.
        return self._iterate(f'SELECT id, _sequence FROM "{table}" ORDER BY id')

    def positions(self) -> list[tuple[str, int]]:
        return [tuple(row) for row in self._all(
            "SELECT subscriber, position FROM checkpoints ORDER BY subscriber")]

    def failure_counts(self) -> tuple[int, int, int]:
        skipped = "skipped_at IS NOT NULL" if self._skips() else "0"
        ((parked, waiting, skips),) = self._all(
            f"SELECT coalesce(sum(parked = 1 AND NOT {skipped}), 0), "
            f"coalesce(sum(parked = 0 AND NOT {skipped}), 0), coalesce(sum({skipped}), 0) "
            "FROM failures")
        return int(parked), int(waiting), int(skips)

    def stops(self, subscribers: Collection[str]) -> list[Stop]:
        names = sorted(subscribers)
        if not names:
            return []
        rows = self._named(stops_sql(len(names), self._skips()), tuple(names))
        return [Stop(subscriber=str(row["subscriber"]), position=int(row["position"]),
                     event_type=str(row["event_type"] or ""), error=str(row["error"] or ""),
                     attempts=int(row["attempts"] or 0), parked=bool(row["parked"]))
                for row in rows]

    def _skips(self) -> bool:
        """Whether failures has the column skipped_at (an older file read as it is has not)."""
        return any(row[1] == "skipped_at" for row in self._all("PRAGMA table_info(failures)"))

    def _named(self, sql: str, parameters: tuple[SqlValue, ...]) -> list[dict[str, Row]]:
        """Rows of `sql` as column: value."""
        try:
            cursor = self.connection.execute(sql, parameters)
            names = [each[0] for each in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        except sqlite3.DatabaseError as error:
            raise translate(error, self.location) from error

    def skipped(self, subscriber: str) -> set[int]:
        return {row[0] for row in self._all(
            "SELECT position FROM failures WHERE subscriber = ?", (subscriber,))}

    def command_index_differences(self) -> tuple[int, int] | None:
        if not all(self._has_table(table) for table in ("commands", *COMMAND_TABLES)):
            return None
        extra, missing = self._all(COMMAND_INDEX_DIFFERENCES_SQL)[0]
        return int(extra), int(missing)

    def rows(self, table: str) -> Iterator[Row] | None:
        if not self._has_table(table):
            return None
        count = len(self._all(f'PRAGMA table_info("{table}")'))
        # A projection table's first column is its primary key: SQLite walks its index and
        # sorts only the rows that share a key, so the sort holds one row at a time.
        order = ", ".join(str(column) for column in range(1, count + 1))
        return (tuple(row) for row in self._iterate(f'SELECT * FROM "{table}" ORDER BY {order}'))

    def rebuilt_rows(self, scratch: Store, table: str) -> Iterator[Row]:
        count = scratch.execute("SELECT count(*) FROM pragma_table_info(?)", (table,)
                                ).fetchone()[0]
        order = ", ".join(str(column) for column in range(1, count + 1))
        return iter(scratch.execute(f'SELECT * FROM "{table}" ORDER BY {order}'))

    def load_span(self, resolve_event: EventResolver, after: int, through: int,
                  types: Collection[str] | None = None) -> list[StoredEvent]:
        with translated(self.location):
            return event_log.load_span(self.connection, resolve_event, after, through, types)

    def undecodable(self, resolve_event: EventResolver) -> Iterator[UndecodableEventError]:
        for row in self._iterate(
                "SELECT position, type, payload, metadata FROM events ORDER BY position"):
            try:
                rebuild(resolve_event, *row)
            except UndecodableEventError as error:
                yield error

    def _has_table(self, table: str) -> bool:
        return bool(self._all(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)))

    def scratch(self, schema: Schema, resolve_event: EventResolver) -> SqliteStore:
        # A file, not memory: the rebuilt projections may be as large as the stored ones,
        # and a file costs the process only SQLite's page cache. The folder is private
        # (mode 0700) and removed with the snapshot.
        folder = tempfile.TemporaryDirectory(prefix="bookshelf-check-",
                                             ignore_cleanup_errors=True)
        self._scratch_folders.append(folder)
        return SqliteStore(str(Path(folder.name) / "scratch.db"), schema, resolve_event)
