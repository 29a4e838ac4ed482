"""One thread's connection to the database: units of work, the event log, checkpoints."""

from __future__ import annotations

import json
import sqlite3
import time
from typing import TYPE_CHECKING, Any

import attrs
import sqlite_utils

from domain.core.errors import ExpectedVersionError, StorageError
from domain.core.metadata import Metadata, utc_now
from domain.core.storage.sqlite.connection import (
    connect,
    is_memory,
    last_position,
    migrate,
    translate,
)
from domain.core.storage.sqlite.unit_of_work import UnitOfWork
from domain.core.storage.sqlite.wal import WRITER_AUTOCHECKPOINT_PAGES, WalCheckpointer

if TYPE_CHECKING:
    from domain.core.domain import Domain
    from domain.core.elements import BaseEvent

APPEND_SQL = (
    "INSERT INTO events (id, stream, sequence, type, timestamp, payload, metadata) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
# Delivered positions are written at most this often with a commit; between writes a
# crash means redelivery, which consumers tolerate, instead of one more write per commit.
CHECKPOINT_INTERVAL_S = 0.25
SAVE_CHECKPOINT_SQL = (
    "INSERT INTO checkpoints (subscriber, position, updated_at) VALUES (?, ?, ?) "
    "ON CONFLICT(subscriber) DO UPDATE SET position = max(position, excluded.position), "
    "updated_at = excluded.updated_at"
)


@attrs.frozen
class StoredEvent:
    """An event as the store holds it: its global position and the event itself."""

    position: int
    event: Any

    @property
    def metadata(self) -> Metadata:
        return self.event._metadata

    @property
    def type(self) -> str:
        return self.event._metadata.type

    @property
    def stream(self) -> str:
        return self.event._metadata.stream

    @property
    def payload(self) -> dict[str, Any]:
        return self.event.to_dict()


class Store:
    """The database as one thread sees it; never shared with another thread."""

    def __init__(self, domain: Domain, location: str) -> None:
        self.domain = domain
        self.location = location
        self.connection = connect(location)
        try:
            migrate(self.connection)
            self.db = sqlite_utils.Database(self.connection)
            domain.create_tables(self.db)
        except sqlite3.Error as error:
            self.connection.close()
            raise translate(error, location) from error
        except BaseException:
            self.connection.close()
            raise
        self.units: list[UnitOfWork] = []
        self._checkpointer: WalCheckpointer | None = None
        if not is_memory(location):
            self.connection.execute(f"PRAGMA wal_autocheckpoint = {WRITER_AUTOCHECKPOINT_PAGES}")
            self._checkpointer = WalCheckpointer(location).start()
        # Positions delivered but not yet written; they ride along with the next commit.
        self.pending_checkpoints: dict[str, int] = {}
        self._checkpoints_written_at = 0.0

    def close(self) -> None:
        if self.pending_checkpoints:
            self.flush_checkpoints()
        if self._checkpointer is not None:
            self._checkpointer.stop()
        self.connection.close()

    # -- transactions -------------------------------------------------------------

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self)

    @property
    def current_unit(self) -> UnitOfWork | None:
        return self.units[-1] if self.units else None

    def before_commit(self) -> None:
        if self.pending_checkpoints and (
            time.monotonic() - self._checkpoints_written_at >= CHECKPOINT_INTERVAL_S
        ):
            self._write_checkpoints()

    def execute(self, sql: str, parameters: tuple | list = ()) -> sqlite3.Cursor:
        try:
            return self.connection.execute(sql, parameters)
        except sqlite3.OperationalError as error:
            raise translate(error, self.location) from error

    # -- the event log --------------------------------------------------------------

    def append(self, event: BaseEvent) -> StoredEvent:
        """Append one event inside the current unit of work."""
        metadata = event._metadata
        described = metadata.to_dict()
        try:
            cursor = self.connection.execute(APPEND_SQL, (
                metadata.id, metadata.stream, metadata.sequence, metadata.type,
                described["timestamp"], json.dumps(event.to_dict()), json.dumps(described),
            ))
        except sqlite3.IntegrityError as error:
            raise ExpectedVersionError(
                f"{metadata.stream} already has an event at sequence {metadata.sequence}"
            ) from error
        except sqlite3.OperationalError as error:
            raise translate(error, self.location) from error
        return StoredEvent(cursor.lastrowid, event)

    def last_position(self) -> int:
        try:
            return last_position(self.connection)
        except sqlite3.OperationalError as error:
            raise translate(error, self.location) from error

    def load(self, after: int = 0, limit: int | None = None) -> list[StoredEvent]:
        """Events past `after` in global order, rebuilt as event objects."""
        rows = self.execute(
            "SELECT position, type, payload, metadata FROM events WHERE position > ? "
            "ORDER BY position LIMIT ?", (after, -1 if limit is None else limit),
        ).fetchall()
        return [self.rebuild(*row) for row in rows]

    def rebuild(self, position: int, type_name: str, payload: str, metadata: str) -> StoredEvent:
        event = self.domain.event_class(type_name)(**json.loads(payload))
        event.__dict__["_metadata"] = Metadata.from_dict(json.loads(metadata))
        return StoredEvent(position, event)

    # -- checkpoints ----------------------------------------------------------------

    def checkpoints(self) -> dict[str, int]:
        return dict(self.execute("SELECT subscriber, position FROM checkpoints").fetchall())

    def checkpoint(self, subscriber: str) -> int:
        row = self.execute(
            "SELECT position FROM checkpoints WHERE subscriber = ?", (subscriber,)
        ).fetchone()
        return row[0] if row else 0

    def save_checkpoint(self, subscriber: str, position: int) -> None:
        """Write a checkpoint inside the caller's transaction."""
        self.execute(SAVE_CHECKPOINT_SQL, (subscriber, position, utc_now().isoformat()))

    def _write_checkpoints(self) -> None:
        now = utc_now().isoformat()
        self.connection.executemany(
            SAVE_CHECKPOINT_SQL,
            [(name, position, now) for name, position in self.pending_checkpoints.items()],
        )
        self.pending_checkpoints.clear()
        self._checkpoints_written_at = time.monotonic()

    def flush_checkpoints(self) -> None:
        """Write pending checkpoints in a transaction of their own (on idle and on close)."""
        if not self.pending_checkpoints or self.units:
            return
        try:
            with self.unit_of_work():
                self._write_checkpoints()
        except StorageError:
            pass  # they ride along with the next commit; redelivery is safe meanwhile
