"""One read transaction on a SQLite file: the backend part of the integrity check."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Collection

from domain.core.elements import BaseAggregate
from domain.core.errors import UndecodableEventError
from domain.core.storage.port import EventResolver, Schema, Snapshot, SqlValue, Stop
from domain.core.storage.sqlite import event_log
from domain.core.storage.sqlite.connection import (
    connect,
    memory_uri,
    refuse_without_events,
    unread_commits,
)
from domain.core.storage.sqlite.errors import mark_damaged, translate, translated
from domain.core.storage.sqlite.failures import stops_sql
from domain.core.storage.sqlite.store import SqliteStore
from domain.core.storage.sqlite.tables import table_name
from domain.core.subscriber import Row


class SqliteSnapshot(Snapshot):
    """Reads a file in one transaction; nothing is written to it.

    Given a connection, it reads through it (and leaves it open); given a location, it
    opens a read-only connection of its own.
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
        self._anchors: list[sqlite3.Connection] = []

    def close(self) -> None:
        if self._started and self.connection.in_transaction:
            # Ending a read on a damaged file can fail too; the report already says why.
            with contextlib.suppress(sqlite3.DatabaseError):
                self.connection.execute("COMMIT")
        for anchor in self._anchors:
            anchor.close()
        if self._owned:
            self.connection.close()

    def _all(self, sql: str, parameters: tuple[SqlValue, ...] = ()) -> list[Row]:
        try:
            return self.connection.execute(sql, parameters).fetchall()
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

    def streams(self) -> dict[str, tuple[int, int, int]]:
        return {stream: (count, first, last) for stream, count, first, last in self._all(
            "SELECT stream, count(*), min(sequence), max(sequence) FROM events GROUP BY stream")}

    def table_name(self, aggregate_cls: type[BaseAggregate]) -> str:
        return table_name(aggregate_cls)

    def stored_sequences(self, aggregate_cls: type[BaseAggregate]) -> dict[str, int]:
        table = table_name(aggregate_cls)
        if not self._has_table(table):
            return {}
        return dict(self._all(f'SELECT id, _sequence FROM "{table}"'))

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

    def rows(self, table: str) -> list[Row] | None:
        if not self._has_table(table):
            return None
        return [tuple(row) for row in self._all(f'SELECT * FROM "{table}"')]

    def undecodable(self, resolve_event: EventResolver) -> list[UndecodableEventError]:
        found: list[UndecodableEventError] = []
        try:
            cursor = self.connection.execute(
                "SELECT position, type, payload, metadata FROM events ORDER BY position")
            for row in cursor:
                try:
                    event_log.rebuild(resolve_event, *row)
                except UndecodableEventError as error:
                    found.append(error)
        except sqlite3.DatabaseError as error:
            raise translate(error, self.location) from error
        return found

    def _has_table(self, table: str) -> bool:
        return bool(self._all(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)))

    def scratch(self, schema: Schema, resolve_event: EventResolver) -> SqliteStore:
        uri = memory_uri()
        anchor = sqlite3.connect(uri, uri=True, isolation_level=None)  # keeps the copy alive
        self._anchors.append(anchor)
        try:
            self.connection.backup(anchor)
        except sqlite3.DatabaseError as error:
            raise translate(error, self.location) from error
        return SqliteStore(uri, schema, resolve_event)
