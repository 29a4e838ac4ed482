"""Read-only queries for the panels, on a connection of the GUI thread (never the engine's)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, NamedTuple

from desktop.event_rows import EventRow
from domain.core.storage.sqlite.connection import connect

EVENT_COLUMNS = "position, timestamp, type, stream, payload, metadata"
# Positions a filtered query examines at most: a range of the primary key, so its cost is
# bounded however rare the matches (no index serves the text or the type).
SCAN_WINDOW = 20_000


class Scan(NamedTuple):
    """What one bounded scan of the log found, and how far it went.

    `reached` is the cursor to continue from: for a scan towards older events the lowest
    position examined (the next `before`), towards newer ones the highest (the next
    `after`). `done` says the scan reached that end of the log.
    """

    rows: list[EventRow]
    reached: int
    done: bool


class ReadStore:
    """The projections and the event log as the screens read them.

    WAL lets this connection read while the engine writes; each query runs in autocommit, so
    it sees every transaction committed before it started.
    """

    def __init__(self, database_path: str | Path) -> None:
        self.path = str(database_path)
        self.connection: sqlite3.Connection | None = connect(self.path, read_only=True)
        self.connection.row_factory = sqlite3.Row

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        assert self.connection is not None, "the read store is closed"
        return self.connection.execute(sql, params).fetchall()

    # -- projections ------------------------------------------------------------------------

    def books_since(self, position: int) -> list[dict[str, Any]]:
        """Catalog rows written after `position` (books are only ever added)."""
        return [dict(row) for row in self._rows(
            "SELECT * FROM catalog WHERE position > ? ORDER BY position", (position,))]

    def orders_since(self, position: int) -> list[dict[str, Any]]:
        """Orders placed or moved after `position`: each row carries its latest position."""
        return [dict(row) for row in self._rows(
            "SELECT * FROM order_summary WHERE position > ? ORDER BY position", (position,))]

    def transitions(self, order_id: str) -> list[dict[str, Any]]:
        return [dict(row) for row in self._rows(
            "SELECT * FROM order_transition WHERE order_id = ? ORDER BY position", (order_id,))]

    def order_lines(self, order_id: str) -> list[dict[str, Any]]:
        return [dict(row) for row in self._rows(
            "SELECT * FROM order_line WHERE order_id = ? ORDER BY rowid", (order_id,))]

    # -- the event log ---------------------------------------------------------------------

    def last_position(self) -> int:
        return self._rows("SELECT COALESCE(MAX(position), 0) FROM events")[0][0]

    def events_page(self, after: int, limit: int, event_type: str | None = None,
                    text: str = "") -> list[EventRow]:
        """Up to `limit` events past `after`, oldest first, that pass both filters."""
        return self._events(["position > ?"], [after], "ASC", limit, event_type, text)

    def events_before(self, before: int | None, limit: int, event_type: str | None = None,
                      text: str = "") -> list[EventRow]:
        """The `limit` newest events before `before` (of the whole log when None) that pass
        both filters, oldest first."""
        where, params = ([], []) if before is None else (["position < ?"], [before])
        return self._events(where, params, "DESC", limit, event_type, text)[::-1]

    def scan_older(self, before: int, limit: int, event_type: str | None, text: str,
                   window: int = SCAN_WINDOW) -> Scan:
        """Up to `limit` events that pass the filters among the `window` positions before
        `before`, newest first in the scan, returned oldest first."""
        high, low = before - 1, max(1, before - window)
        if high < low:
            return Scan([], before, True)
        rows = self._events(["position BETWEEN ? AND ?"], [low, high], "DESC", limit,
                            event_type, text)[::-1]
        reached = rows[0].position if len(rows) >= limit else low
        return Scan(rows, reached, reached <= 1)

    def scan_newer(self, after: int, limit: int, event_type: str | None, text: str,
                   window: int = SCAN_WINDOW) -> Scan:
        """Up to `limit` events that pass the filters among the `window` positions after
        `after`, oldest first."""
        # Not past the last event committed: a position scanned must never be written later.
        last = self.last_position()
        low, high = after + 1, min(after + window, last)
        if high < low:
            return Scan([], after, True)
        rows = self._events(["position BETWEEN ? AND ?"], [low, high], "ASC", limit,
                            event_type, text)
        reached = rows[-1].position if len(rows) >= limit else high
        return Scan(rows, reached, reached >= last)

    def _events(self, where: list[str], params: list[Any], order: str, limit: int,
                event_type: str | None, text: str) -> list[EventRow]:
        # The primary key serves both orders: the newest page costs what the oldest does.
        if event_type:
            where.append("type = ?")
            params.append(event_type)
        if text:
            # Same test as EventRow.matches; lower() folds ASCII, like the JSON it searches.
            where.append("instr(lower(type || ' ' || stream || ' ' || payload || ' ' || metadata),"
                         " lower(?)) > 0")
            params.append(text)
        sql = (f"SELECT {EVENT_COLUMNS} FROM events WHERE {' AND '.join(where) or '1'}"
               f" ORDER BY position {order} LIMIT ?")
        return [EventRow.from_record(tuple(row)) for row in self._rows(sql, (*params, limit))]
