"""One thread's SQLite connection: units of work, the event log, aggregates, positions."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Mapping
from contextlib import closing

import sqlite_utils

from domain.core.elements import BaseAggregate, BaseCommand, BaseElement, BaseEvent
from domain.core.errors import IncorrectUsageError
from domain.core.metadata import utc_now
from domain.core.storage.decoding import as_json
from domain.core.storage.pending_positions import PendingPositions
from domain.core.storage.port import (
    EventResolver,
    ProjectionTables,
    Schema,
    SqlParameters,
)
from domain.core.storage.sqlite import command_log, event_log
from domain.core.storage.sqlite.aggregates import SqliteAggregateRows
from domain.core.storage.sqlite.connection import connect, is_memory
from domain.core.storage.sqlite.errors import translate, translated
from domain.core.storage.sqlite.failures import SqliteFailureLog
from domain.core.storage.sqlite.migrations import migrate
from domain.core.storage.sqlite.projection_records import SqliteProjectionRecords
from domain.core.storage.sqlite.rebuild_tables import SqliteRebuildTables
from domain.core.storage.sqlite.tables import ElementTable
from domain.core.storage.sqlite.unit_of_work import SqliteUnitOfWork
from domain.core.storage.sqlite.wal import WRITER_AUTOCHECKPOINT_PAGES, WalCheckpointer
from domain.core.storage.sqlite.write_lock import write_lock
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import ProjectionStore

SAVE_POSITION_SQL = (
    "INSERT INTO checkpoints (subscriber, position, updated_at) VALUES (?, ?, ?) "
    "ON CONFLICT(subscriber) DO UPDATE SET position = max(position, excluded.position), "
    "updated_at = excluded.updated_at"
)
RESTART_POSITION_SQL = (
    "INSERT INTO checkpoints (subscriber, position, updated_at, generation) VALUES (?, ?, ?, 1) "
    "ON CONFLICT(subscriber) DO UPDATE SET position = excluded.position, "
    "updated_at = excluded.updated_at, generation = generation + 1"
)


class SqliteStore(PendingPositions):
    """The database as one thread sees it; never shared with another thread.

    Opening migrates the core schema and creates the tables of `schema`; a file that is
    refused is left exactly as it was.
    """

    def __init__(self, location: str, schema: Schema, resolve_event: EventResolver,
                 durability: str = "normal") -> None:
        """`durability`: "normal" (PRAGMA synchronous=NORMAL) or "full" (FULL)."""
        self.location = location
        self.resolve_event = resolve_event
        # An event-sourced aggregate has no table: its events are its state.
        self._tables = {cls: ElementTable(cls) for cls in schema.aggregates
                        if not cls._event_sourced}
        self.connection = connect(location, durability=durability,
                                  tables=self._schema_tables(schema))
        try:
            migrate(self.connection, location)
            self._db = sqlite_utils.Database(self.connection)
            self._create_schema(self._db, schema)
        except sqlite3.Error as error:
            self.connection.close()
            raise translate(error, location) from error
        except BaseException:
            self.connection.close()
            raise
        self.units: list[SqliteUnitOfWork] = []
        self.write_lock = write_lock(location)
        self.failures = SqliteFailureLog(self)
        self._rows: dict[type, SqliteAggregateRows] = {}
        self._records: dict[type, SqliteProjectionRecords] = {}
        self._wal: WalCheckpointer | None = None
        if not is_memory(location):
            self.connection.execute(f"PRAGMA wal_autocheckpoint = {WRITER_AUTOCHECKPOINT_PAGES}")
            self._wal = WalCheckpointer.shared(location)
        # Positions delivered but not yet written; they ride along with the next commit.
        self.pending_positions: dict[str, int] = {}

    def _create_schema(self, db: sqlite_utils.Database, schema: Schema) -> None:
        for table in self._tables.values():
            table.create(db)
        for projection in schema.projections:
            projection.create_tables(db)

    def _schema_tables(self, schema: Schema) -> set[str]:
        """The names of the tables `schema` creates, from a private in-memory database."""
        with closing(sqlite3.connect(":memory:")) as scratch:
            db = sqlite_utils.Database(scratch)
            self._create_schema(db, schema)
            return set(db.table_names())

    def close(self) -> None:
        if self.pending_positions:
            self.flush_positions()
        if self._wal is not None:
            self._wal.release()
        self.connection.close()

    @property
    def db(self) -> sqlite_utils.Database:
        return self._db

    # -- transactions -------------------------------------------------------------

    def unit_of_work(self, command: BaseCommand | None = None) -> SqliteUnitOfWork:
        return SqliteUnitOfWork(self, command)

    @property
    def current_unit(self) -> SqliteUnitOfWork | None:
        return self.units[-1] if self.units else None

    def in_transaction(self) -> bool:
        return self.connection.in_transaction

    def record_command(self, command: BaseCommand, error: BaseException | None) -> None:
        with translated(self.location):
            command_log.record(self.connection, command, error)

    def command_outcome(self, command_id: str) -> str | None:
        # In a unit: its lock waits for whatever transaction still holds it (one whose
        # connection was lost, which the server may not have ended yet).
        with self.unit_of_work():
            row = self.execute("SELECT outcome FROM commands WHERE id = ? "
                               "ORDER BY position DESC LIMIT 1", (command_id,)).fetchone()
        return None if row is None else str(row[0])

    def record_state(self, position: int, version: int, state: Mapping[str, object]) -> None:
        with translated(self.location):
            self.connection.execute(
                "INSERT INTO aggregate_states (position, version, state) VALUES (?, ?, ?)",
                (position, version, as_json(dict(state))))

    def execute(self, sql: str, parameters: SqlParameters = ()
                ) -> sqlite3.Cursor:
        # try/except rather than `translated`: every statement of a projection comes here.
        try:
            return self.connection.execute(sql, parameters)
        except sqlite3.IntegrityError:
            raise  # a broken constraint is the caller's to name
        except sqlite3.DatabaseError as error:
            raise translate(error, self.location) from error

    # -- the event log --------------------------------------------------------------

    def append(self, event: BaseEvent) -> StoredEvent:
        with translated(self.location):
            return event_log.append(self.connection, event)

    def load(self, after: int = 0, limit: int | None = None) -> list[StoredEvent]:
        with translated(self.location):
            return event_log.load(self.connection, self.resolve_event, after, limit)

    def load_span(self, after: int, through: int,
                  types: Collection[str] | None = None) -> list[StoredEvent]:
        with translated(self.location):
            return event_log.load_span(self.connection, self.resolve_event, after, through,
                                       types)

    def load_stream(self, stream: str, through: int | None = None) -> list[StoredEvent]:
        with translated(self.location):
            return event_log.load_stream(self.connection, self.resolve_event, stream, through)

    def last_position(self) -> int:
        with translated(self.location):
            return event_log.last_position(self.connection)

    def projection_records(self, projection_cls: type[BaseElement],
                           through: ProjectionStore | None = None) -> SqliteProjectionRecords:
        if through is not None:  # a rebuild's, naming its new tables: made for it
            return SqliteProjectionRecords(through, self.connection, self.location,
                                           projection_cls)
        # Made once: a projector asks for its records at every event it applies.
        records = self._records.get(projection_cls)
        if records is None:
            records = self._records[projection_cls] = SqliteProjectionRecords(
                self, self.connection, self.location, projection_cls)
        return records

    def aggregates(self, aggregate_cls: type[BaseAggregate]) -> SqliteAggregateRows:
        rows = self._rows.get(aggregate_cls)
        if rows is None:
            if aggregate_cls not in self._tables:
                raise IncorrectUsageError(f"{aggregate_cls.__name__} has no table in this store")
            rows = self._rows[aggregate_cls] = SqliteAggregateRows(
                self.connection, self.location, self._tables[aggregate_cls])
        return rows

    # -- subscriber positions ---------------------------------------------------------

    def positions(self) -> dict[str, int]:
        with translated(self.location):  # the rows are read by fetchall, not by execute
            return dict(self.execute("SELECT subscriber, position FROM checkpoints").fetchall())

    def position(self, subscriber: str) -> int:
        row = self.execute(
            "SELECT position FROM checkpoints WHERE subscriber = ?", (subscriber,)
        ).fetchone()
        return int(row[0]) if row else 0

    def save_position(self, subscriber: str, position: int) -> None:
        self.execute(SAVE_POSITION_SQL, (subscriber, position, utc_now().isoformat()))

    def save_positions(self, positions: Iterable[tuple[str, int]]) -> None:
        now = utc_now().isoformat()
        with translated(self.location):
            self.connection.executemany(
                SAVE_POSITION_SQL, [(name, position, now) for name, position in positions])

    def forget_position(self, subscriber: str) -> None:
        self.execute("DELETE FROM checkpoints WHERE subscriber = ?", (subscriber,))

    # -- rebuilding projections ---------------------------------------------------------

    def rebuild_tables(self, projection: ProjectionTables) -> SqliteRebuildTables:
        return SqliteRebuildTables(self, projection)

    def generations(self) -> dict[str, int]:
        with translated(self.location):
            return dict(self.execute(
                "SELECT subscriber, generation FROM checkpoints WHERE generation > 0").fetchall())

    def restart_position(self, subscriber: str, position: int) -> None:
        self.execute(RESTART_POSITION_SQL, (subscriber, position, utc_now().isoformat()))
