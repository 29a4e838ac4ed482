"""The event log on PostgreSQL: append in commit order, read back in global order.

Positions from a sequence would be taken in one order and committed in another: a reader
that had read up to 7 could pass a 6 committed after. So each transaction that appends
takes a transaction-level advisory lock first, held until it commits or rolls back, and
numbers its events after the largest committed position (the primary key's last entry):
appending transactions follow one another, and a position is visible only once every
smaller one is. One writer at a time is what SQLite gives too; the cost is measured by
bench/postgres_append.py. The lock must stay a statement of its own before the INSERT
(in one statement, its snapshot would be taken before the lock is granted), and the
transaction READ COMMITTED, whose next statement sees what the previous holder
committed. A high-water mark of in-flight transactions would let writers overlap, at the
price of every reader computing it.
"""

from __future__ import annotations

from collections.abc import Collection

import psycopg

from domain.core.elements import BaseEvent
from domain.core.errors import ExpectedVersionError, IncorrectUsageError, StorageError
from domain.core.metadata import Metadata
from domain.core.storage.decoding import event_row, rebuild
from domain.core.storage.port import EventResolver
from domain.core.storage.postgres.schema import APPEND_LOCK, COMMITS_CHANNEL
from domain.core.stored_event import StoredEvent

# The event, and the notification of its position (heard by every listener once the
# transaction commits, never if it rolls back: listener.py), in one round trip.
APPEND_SQL = (
    "WITH appended AS (INSERT INTO events (position, id, stream, sequence, type, timestamp,"
    " payload, metadata) VALUES ((SELECT coalesce(max(position), 0) + 1 FROM events), %s, %s,"
    " %s, %s, %s, %s::jsonb, %s::jsonb) RETURNING position)"
    f" SELECT position, pg_notify('{COMMITS_CHANNEL}', position::text) FROM appended")
# At a position the caller knows: a store's transaction holds the append lock from its
# start and numbers its events after the largest position it read then (store.py).
INSERT_AT_SQL = (
    "INSERT INTO events (position, id, stream, sequence, type, timestamp, payload, metadata)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s::jsonb, %s::jsonb)")
# jsonb as text: the decoder reads the same JSON text on either backend.
LOAD_SQL = (
    "SELECT position, type, payload::text, metadata::text FROM events WHERE position > %s"
    " ORDER BY position LIMIT %s")
SPAN_SQL = (
    "SELECT position, type, payload::text, metadata::text FROM events WHERE position > %s"
    " AND position <= %s")
STREAM_SQL = (
    "SELECT position, type, payload::text, metadata::text FROM events WHERE stream = %s"
    " AND sequence <= %s ORDER BY sequence")
LAST_POSITION_SQL = "SELECT coalesce(max(position), 0) FROM events"
# PostgreSQL's name for the events' UNIQUE (stream, sequence): the one a stale copy meets.
STREAM_SEQUENCE_KEY = "events_stream_sequence_key"


def stale_write(error: psycopg.errors.UniqueViolation) -> ExpectedVersionError | None:
    """The ExpectedVersionError a broken UNIQUE (stream, sequence) means, None for another
    constraint: a stale copy of a stream wrote at a sequence another write took."""
    if error.diag.constraint_name != STREAM_SEQUENCE_KEY:
        return None
    detail = error.diag.message_detail or ""
    return ExpectedVersionError(f"a stream already has an event at that sequence ({detail})")


def append(connection: psycopg.Connection, event: BaseEvent) -> StoredEvent:
    """Append `event` in the connection's open transaction (the caller commits); a second
    event at its stream's sequence is a stale write (ExpectedVersionError, and the
    transaction must be rolled back, as PostgreSQL aborts it)."""
    idle = connection.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    if connection.autocommit and idle:  # the lock would end with its own statement
        raise IncorrectUsageError("events are appended inside a transaction")
    connection.execute("SELECT pg_advisory_xact_lock(%s)", (APPEND_LOCK,))
    metadata: Metadata = event._metadata
    try:
        row = connection.execute(APPEND_SQL, event_row(event)).fetchone()
    except psycopg.errors.UniqueViolation as error:
        if error.diag.constraint_name == STREAM_SEQUENCE_KEY:
            raise ExpectedVersionError(
                f"{metadata.stream} already has an event at sequence {metadata.sequence}"
            ) from error
        # The id (the same event twice) or the position (a transaction not READ
        # COMMITTED took its snapshot before the lock): not a stale copy of a stream.
        raise StorageError(f"event {metadata.id} could not be appended: "
                           f"{error.diag.message_primary}") from error
    position = int(row[0]) if row else 0
    metadata.stored_at(position)
    return StoredEvent(position, event)


def load(connection: psycopg.Connection, resolve: EventResolver, after: int = 0,
         limit: int | None = None) -> list[StoredEvent]:
    """The events past `after`, in global order, at most `limit` (None: all)."""
    rows = connection.execute(LOAD_SQL, (after, limit)).fetchall()
    return [rebuild(resolve, *row) for row in rows]


def load_span(connection: psycopg.Connection, resolve: EventResolver, after: int, through: int,
              types: Collection[str] | None = None) -> list[StoredEvent]:
    """Events with `after` < position <= `through`; given `types`, only of those types (the
    others are neither returned nor decoded)."""
    sql, parameters = SPAN_SQL, [after, through]
    if types is not None:
        if not types:
            return []
        sql += " AND type = ANY(%s)"
        parameters.append(sorted(types))  # type: ignore[arg-type]
    rows = connection.execute(sql + " ORDER BY position", parameters).fetchall()
    return [rebuild(resolve, *row) for row in rows]


def load_stream(connection: psycopg.Connection, resolve: EventResolver, stream: str,
                through: int | None = None) -> list[StoredEvent]:
    """The events of `stream` in sequence order, up to sequence `through` when given."""
    last = 2**31 - 1 if through is None else through  # the column is an INTEGER
    rows = connection.execute(STREAM_SQL, (stream, last)).fetchall()
    return [rebuild(resolve, *row) for row in rows]


def last_position(connection: psycopg.Connection) -> int:
    """The global position of the newest committed event; 0 while the log is empty."""
    row = connection.execute(LAST_POSITION_SQL).fetchone()
    return int(row[0]) if row else 0
