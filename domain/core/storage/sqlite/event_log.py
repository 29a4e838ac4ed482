"""The SQL of the event log: append, read back in global order, the last position."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection

from domain.core.elements import BaseEvent
from domain.core.errors import ExpectedVersionError
from domain.core.metadata import Metadata
from domain.core.storage.decoding import event_row, rebuild
from domain.core.storage.port import EventResolver
from domain.core.stored_event import StoredEvent

APPEND_SQL = (
    "INSERT INTO events (id, stream, sequence, type, timestamp, payload, metadata) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
LOAD_SQL = (
    "SELECT position, type, payload, metadata FROM events WHERE position > ? "
    "ORDER BY position LIMIT ?"
)
# A span of positions, not a count of rows: a reader given types knows how far it read
# even when few rows are of them (the primary key bounds the scan; no index on type).
SPAN_SQL = (
    "SELECT position, type, payload, metadata FROM events WHERE position > ? AND position <= ?"
)
# One stream in its order, found through the unique index on (stream, sequence).
STREAM_SQL = (
    "SELECT position, type, payload, metadata FROM events WHERE stream = ? AND sequence <= ? "
    "ORDER BY sequence"
)
LAST_POSITION_SQL = "SELECT coalesce(max(position), 0) FROM events"


def append(connection: sqlite3.Connection, event: BaseEvent) -> StoredEvent:
    """Append `event`; a second event at its stream's sequence is a stale write."""
    metadata: Metadata = event._metadata
    try:
        cursor = connection.execute(APPEND_SQL, event_row(event))
    except sqlite3.IntegrityError as error:
        raise ExpectedVersionError(
            f"{metadata.stream} already has an event at sequence {metadata.sequence}"
        ) from error
    position = cursor.lastrowid or 0
    metadata.stored_at(position)  # `_metadata.event_store.global_position`
    return StoredEvent(position, event)


def load(connection: sqlite3.Connection, resolve: EventResolver, after: int = 0,
         limit: int | None = None) -> list[StoredEvent]:
    rows = connection.execute(LOAD_SQL, (after, -1 if limit is None else limit)).fetchall()
    return [rebuild(resolve, *row) for row in rows]


def load_span(connection: sqlite3.Connection, resolve: EventResolver, after: int, through: int,
              types: Collection[str] | None = None) -> list[StoredEvent]:
    """Events with `after` < position <= `through`; given `types`, only of those types (the
    others are neither returned nor decoded)."""
    sql, parameters = SPAN_SQL, list[int | str]([after, through])
    if types is not None:
        if not types:
            return []
        sql += f" AND type IN ({', '.join('?' * len(types))})"
        parameters = [after, through, *sorted(types)]
    rows = connection.execute(sql + " ORDER BY position", parameters).fetchall()
    return [rebuild(resolve, *row) for row in rows]


def load_stream(connection: sqlite3.Connection, resolve: EventResolver, stream: str,
                through: int | None = None) -> list[StoredEvent]:
    """The events of `stream` in sequence order, up to sequence `through` when given."""
    last = 2**62 if through is None else through  # SQLite's integers are 64-bit
    rows = connection.execute(STREAM_SQL, (stream, last)).fetchall()
    return [rebuild(resolve, *row) for row in rows]


def last_position(connection: sqlite3.Connection) -> int:
    """The global position of the newest event; 0 while the log is empty."""
    position: int = connection.execute(LAST_POSITION_SQL).fetchone()[0]
    return position
