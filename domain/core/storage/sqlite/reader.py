"""The SQLite reader: read-only queries of the event log and the projections."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Mapping, Sequence

from domain.core.errors import StorageError
from domain.core.storage.reading import NO_FILTER, EventFilter, EventRecord, Reader, fold
from domain.core.storage.row_query import RowQuery
from domain.core.storage.sqlite.connection import (
    connect,
    refuse_without_events,
    unread_commits,
)
from domain.core.storage.sqlite.errors import translated
from domain.core.storage.sqlite.event_log import LAST_POSITION_SQL
from domain.core.storage.sqlite.failures import stops_sql
from domain.core.storage.sqlite.row_queries import (
    contains_clause,
    count_sql,
    identifier,
    rows_before_sql,
    sort_value_sql,
    window_sql,
)
from domain.core.subscriber import Row, SqlValue

EVENT_COLUMNS = "position, timestamp, type, stream, payload, metadata"
# Same test as EventFilter.accepts. An ASCII text compares with SQLite's lower() (A-Z);
# any other with `fold`, registered with SQLite, whose own lower() would never let "CAFÉ"
# find "Café". Calling Python per row costs 2.5 times as much (95 ms against 38 ms for a
# window of 20,000 positions), so only a search that needs it pays.
HAYSTACK = "type || ' ' || stream || ' ' || payload || ' ' || metadata"
TEXT_CLAUSE = f"instr(lower({HAYSTACK}), lower(?)) > 0"
FOLDED_TEXT_CLAUSE = f"instr(fold({HAYSTACK}), fold(?)) > 0"


class SqliteReader(Reader):
    """A read-only connection to the database at `location`, for one thread.

    WAL lets it read while a writer commits; each query runs in autocommit, so it sees
    every transaction committed before it started. No index serves a filter: the primary
    key serves both orders, so a page of the newest events costs what one of the oldest
    does, and a bounded range of positions bounds what a filtered query examines.
    """

    def __init__(self, location: str) -> None:
        self.location = location
        self._connection: sqlite3.Connection | None = connect(location, read_only=True)
        self.unread_commits = unread_commits(location)
        self._generations = False  # whether the checkpoints table counts them (schema 3)
        self._connection.row_factory = sqlite3.Row
        self._connection.create_function("fold", 1, fold, deterministic=True)
        try:
            with translated(location):
                refuse_without_events(self._connection, location)
            self._data_version = self._read_data_version()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _execute(self, sql: str, parameters: Sequence[SqlValue] = ()) -> list[sqlite3.Row]:
        if self._connection is None:
            raise StorageError(f"the reader of {self.location} is closed")
        # Fetched inside: a damaged page may be met on any row, not only the first.
        with translated(self.location):
            return self._connection.execute(sql, parameters).fetchall()

    # -- the event log ---------------------------------------------------------------------

    def last_position(self) -> int:
        return int(self._execute(LAST_POSITION_SQL)[0][0])

    def events(self, selection: EventFilter = NO_FILTER, *, after: int = 0,
               before: int | None = None, newest_first: bool = False,
               limit: int | None = None) -> list[EventRecord]:
        where, parameters = filter_clauses(selection)
        where.insert(0, "position > ?")
        parameters.insert(0, after)
        if before is not None:
            where.insert(1, "position < ?")
            parameters.insert(1, before)
        order = "DESC" if newest_first else "ASC"
        sql = (f"SELECT {EVENT_COLUMNS} FROM events WHERE {' AND '.join(where)}"
               f" ORDER BY position {order} LIMIT ?")
        rows = self._execute(sql, [*parameters, -1 if limit is None else limit])
        return [EventRecord(*row) for row in rows]

    def event_types(self) -> list[str]:
        return [str(row[0]) for row in self._execute("SELECT DISTINCT type FROM events")]

    # -- the projections -------------------------------------------------------------------

    def projection_rows(self, table: str, *, order_by: str,
                        equal: Mapping[str, SqlValue] | None = None,
                        above: Mapping[str, SqlValue] | None = None,
                        containing: tuple[Collection[str], str] | None = None,
                        limit: int | None = None) -> list[dict[str, Row]]:
        where: list[str] = []
        parameters: list[SqlValue] = []
        for operator, values in (("=", equal or {}), (">", above or {})):
            for column, value in values.items():
                where.append(f"{identifier(column)} {operator} ?")
                parameters.append(value)
        if containing is not None:
            clause, texts = contains_clause(*containing)
            where.append(clause)
            parameters.extend(texts)
        # NOCASE: "a Quiet Garden" sorts with "A Distant Kingdom", not after "Z".
        sql = (f"SELECT * FROM {identifier(table)} WHERE {' AND '.join(where) or '1'}"
               f" ORDER BY {identifier(order_by)} COLLATE NOCASE")
        if limit is not None:
            sql += " LIMIT ?"
            parameters.append(limit)
        return [dict(row) for row in self._execute(sql, parameters)]

    def count_rows(self, query: RowQuery) -> int:
        return int(self._execute(*count_sql(query))[0][0])

    def rows_at(self, query: RowQuery, offset: int, limit: int) -> list[dict[str, Row]]:
        return [dict(row) for row in self._execute(*window_sql(query, offset, limit))]

    def row_index(self, query: RowQuery, key: SqlValue) -> int | None:
        sql, parameters = sort_value_sql(query)
        found = self._execute(sql, [key, *parameters])
        if not found:
            return None
        value, rowid = found[0]
        return int(self._execute(*rows_before_sql(query, value, rowid))[0][0])

    def type_counts(self, after: int = 0) -> dict[str, int]:
        return {str(type_): int(count) for type_, count in self._execute(
            "SELECT type, count(*) FROM events WHERE position > ? GROUP BY type", (after,))}

    def positions(self) -> dict[str, int]:
        return {str(name): int(position) for name, position in self._execute(
            "SELECT subscriber, position FROM checkpoints")}

    def failures(self) -> list[dict[str, Row]]:
        return [dict(row) for row in self._execute(
            "SELECT * FROM failures ORDER BY position, subscriber")]

    def slow_deliveries(self, limit: int = 100) -> list[dict[str, Row]]:
        if not self._execute("SELECT 1 FROM sqlite_master WHERE name = 'slow_deliveries'"):
            return []  # a read-only file of schema 2, which nothing migrated
        return [dict(row) for row in self._execute(
            "SELECT * FROM slow_deliveries ORDER BY finished, started_at DESC LIMIT ?",
            (limit,))]

    def stops(self, subscribers: Collection[str]) -> list[dict[str, Row]]:
        names = sorted(subscribers)
        if not names:
            return []
        # Filtered here, not in SQL: a file of an older schema read as it is has no
        # column skipped_at, and then no failure was skipped.
        rows = self._execute(stops_sql(len(names), skips=False), names)
        return [dict(row) for row in rows if dict(row).get("skipped_at") is None]

    def generation(self) -> int:
        if not self._has_generations():
            return 0  # a file of schema 2, read as it is: never rebuilt this way
        return int(self._execute("SELECT coalesce(sum(generation), 0) FROM checkpoints")[0][0])

    def _has_generations(self) -> bool:
        # Asked again until found: the writer may migrate the file while this reader is open.
        if not self._generations:
            self._generations = any(row["name"] == "generation" for row in self._execute(
                "PRAGMA table_info(checkpoints)"))
        return self._generations

    # -- other connections' commits --------------------------------------------------------

    def changed(self) -> bool:
        # data_version moves with every commit of another connection, never with our reads.
        version = self._read_data_version()
        moved, self._data_version = version != self._data_version, version
        return moved

    def _read_data_version(self) -> int:
        return int(self._execute("PRAGMA data_version")[0][0])


def filter_clauses(selection: EventFilter) -> tuple[list[str], list[SqlValue]]:
    """`selection` as SQL conditions on the events table, and their parameters."""
    where: list[str] = []
    parameters: list[SqlValue] = []
    if selection.type:
        # instr, not GLOB or LIKE: the name is matched as written, wildcards and all.
        where.append("(type = ? OR instr(type, ?) > 0)")
        parameters += [selection.type, selection.type_marker]
    if selection.stream:
        where.append("(stream = ? OR instr(stream, ?) > 0)")
        parameters += [selection.stream, selection.stream_marker]
    if selection.text:
        where.append(TEXT_CLAUSE if selection.text.isascii() else FOLDED_TEXT_CLAUSE)
        parameters.append(selection.text)
    # Stored as datetime.isoformat writes UTC, as EventFilter.moment does: text compares.
    if selection.since:
        where.append("timestamp >= ?")
        parameters.append(selection.since)
    if selection.until:
        where.append("timestamp < ?")
        parameters.append(selection.until)
    return where, parameters
