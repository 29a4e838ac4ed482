"""Read-only queries for the panels, on a connection of the GUI thread (never the engine's)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from desktop.event_rows import EventRow
from domain.core.database import connect

EVENT_COLUMNS = "position, timestamp, type, stream, payload, metadata"


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
