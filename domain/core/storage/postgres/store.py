"""One thread's PostgreSQL connection: units of work, the event log, aggregates, positions."""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import psycopg

from domain.core.elements import BaseAggregate, BaseCommand, BaseElement, BaseEvent
from domain.core.errors import IncorrectUsageError, StorageError
from domain.core.metadata import utc_now
from domain.core.storage.decoding import as_json
from domain.core.storage.port import (
    EventResolver,
    ProjectionTables,
    Schema,
    SqlParameters,
    Store,
)
from domain.core.storage.postgres import command_log, event_log
from domain.core.storage.postgres.aggregates import PostgresAggregateRows
from domain.core.storage.postgres.connection import open_database
from domain.core.storage.postgres.errors import translate
from domain.core.storage.postgres.failures import PostgresFailureLog
from domain.core.storage.postgres.projection_records import PostgresProjectionRecords
from domain.core.storage.postgres.rebuild_tables import PostgresRebuildTables
from domain.core.storage.postgres.schema import COMMITS_CHANNEL, MIGRATION_LOCK
from domain.core.storage.postgres.statements import pyformat
from domain.core.storage.postgres.tables import create_table
from domain.core.storage.postgres.unit_of_work import PostgresUnitOfWork
from domain.core.storage.renaming import quoted
from domain.core.storage.sqlite.projection_records import record_table
from domain.core.storage.sqlite.tables import ElementTable
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import ProjectionStore

# As on SQLite (sqlite/store.py): positions delivered to at-least-once subscribers ride
# along with the next transaction, at most this often.
POSITION_INTERVAL_S = 0.25
SAVE_POSITION_SQL = (
    "INSERT INTO checkpoints (subscriber, position, updated_at) VALUES (?, ?, ?) "
    "ON CONFLICT (subscriber) DO UPDATE SET position = greatest(checkpoints.position, "
    "excluded.position), updated_at = excluded.updated_at")
RESTART_POSITION_SQL = (
    "INSERT INTO checkpoints (subscriber, position, updated_at, generation) VALUES (?, ?, ?, 1) "
    "ON CONFLICT (subscriber) DO UPDATE SET position = excluded.position, "
    "updated_at = excluded.updated_at, generation = checkpoints.generation + 1")
# "normal" may lose the last commits if the server (not this program) crashes, as
# SQLite's synchronous=NORMAL may on power loss; "full" waits for each commit's flush.
SYNCHRONOUS_COMMIT = {"normal": "off", "full": "on"}
COMMIT_SQL = "COMMIT"
NOTIFY_AND_COMMIT_SQL = f"SELECT pg_notify('{COMMITS_CHANNEL}', '0'); COMMIT"


class PostgresDatabase:
    """The handle a projection creates and empties its tables with: statements as SQLite
    takes them (`?` parameters, statements.py), in the store's current transaction."""

    dialect = "postgresql"

    def __init__(self, store: PostgresStore) -> None:
        self._store = store

    def execute(self, sql: str, parameters: SqlParameters = ()) -> psycopg.Cursor[Any]:
        return self._store.execute(sql, parameters)

    def create_record_table(self, projection_cls: type[BaseElement]) -> None:
        create_table(self._store.connection, record_table(projection_cls))


class PostgresStore(Store):
    """The database as one thread sees it; never shared with another thread.

    Opening migrates the core schema (schema.py) and creates the tables of `schema`, under
    the migration lock: two processes opening one new database make them once.
    """

    dialect = "postgresql"

    def __init__(self, location: str, schema: Schema, resolve_event: EventResolver,
                 durability: str = "normal") -> None:
        self.location = location
        self.resolve_event = resolve_event
        self._schema_declared = schema
        self._durability = durability
        self._tables = {cls: ElementTable(cls) for cls in schema.aggregates
                        if not cls._event_sourced}
        self.units: list[PostgresUnitOfWork] = []
        self.appended = False  # whether the open transaction appended an event
        self.connection = self._connect()
        found = self.connection.execute("SELECT current_schema()").fetchone()
        self.schema = str(found[0]) if found else "public"
        self._db = PostgresDatabase(self)
        try:
            with self.connection.transaction():
                self.connection.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                for table in self._tables.values():
                    create_table(self.connection, table)  # type: ignore[arg-type]
                for projection in schema.projections:
                    projection.create_tables(self._db)
        except psycopg.Error as error:
            self.connection.close()
            raise translate(error, location) from error
        except BaseException:
            self.connection.close()
            raise
        self.failures = PostgresFailureLog(self)
        self._rows: dict[type, PostgresAggregateRows] = {}
        self._records: dict[type, PostgresProjectionRecords] = {}
        self.pending_positions: dict[str, int] = {}
        self._positions_written_at = 0.0

    def _connect(self) -> psycopg.Connection[Any]:
        connection = open_database(self.location)
        connection.autocommit = True  # transactions are begun by the units of work
        connection.execute(
            f"SET synchronous_commit = {SYNCHRONOUS_COMMIT.get(self._durability, 'on')}")
        return connection

    def ensure_connected(self) -> None:
        """Connect again if the connection was lost (the server restarted, the network
        failed): called as a unit begins, never inside one."""
        if self.connection.closed or self.connection.broken:
            self.connection.close()
            self.connection = self._connect()

    def close(self) -> None:
        if self.pending_positions and not self.connection.broken:
            self.flush_positions()
        self.connection.close()

    @property
    def db(self) -> PostgresDatabase:
        return self._db

    @contextmanager
    def searching(self, schema: str) -> Iterator[None]:
        """Inside a transaction: unqualified names mean tables of `schema` until the end."""
        self.execute(f"SET LOCAL search_path TO {quoted(schema)}")
        try:
            yield
        finally:
            self.execute(f"SET LOCAL search_path TO {quoted(self.schema)}")

    # -- transactions -------------------------------------------------------------

    def unit_of_work(self, command: BaseCommand | None = None) -> PostgresUnitOfWork:
        return PostgresUnitOfWork(self, command)

    @property
    def current_unit(self) -> PostgresUnitOfWork | None:
        return self.units[-1] if self.units else None

    def in_transaction(self) -> bool:
        return (not self.connection.broken and self.connection.info.transaction_status
                != psycopg.pq.TransactionStatus.IDLE)

    def before_commit(self) -> None:
        if self.pending_positions and (
            time.monotonic() - self._positions_written_at >= POSITION_INTERVAL_S
        ):
            self._write_pending_positions()

    def commit(self) -> None:
        """COMMIT; a transaction that appended nothing notifies the commits channel with 0
        in the same round trip (one that appended notified with its positions), so that
        other processes' windows also hear what projections and positions wrote."""
        try:
            self.connection.execute(COMMIT_SQL if self.appended else NOTIFY_AND_COMMIT_SQL)
        except psycopg.Error as error:
            raise translate(error, self.location, committing=True) from error

    def record_command(self, command: BaseCommand, error: BaseException | None) -> None:
        command_log.record(self, command, error)

    def command_outcome(self, command_id: str) -> str | None:
        # In a unit: its lock waits for whatever transaction still holds it (one whose
        # connection was lost, which the server may not have ended yet).
        with self.unit_of_work():
            row = self.execute("SELECT outcome FROM commands WHERE id = ? "
                               "ORDER BY position DESC LIMIT 1", (command_id,)).fetchone()
        return None if row is None else str(row[0])

    def record_state(self, position: int, version: int, state: Mapping[str, object]) -> None:
        self.execute("INSERT INTO aggregate_states (position, version, state) "
                     "VALUES (?, ?, ?::jsonb)", (position, version, as_json(dict(state))))

    def execute(self, sql: str, parameters: Any = ()) -> psycopg.Cursor[Any]:
        """Run one statement written with `?` (or `:name`) parameters, as on SQLite."""
        try:
            return self.connection.execute(pyformat(sql), parameters)
        except psycopg.errors.IntegrityError:
            raise  # a broken constraint is the caller's to name
        except psycopg.Error as error:
            raise translate(error, self.location) from error

    def executemany(self, sql: str, rows: Iterable[Any]) -> None:
        try:
            with self.connection.cursor() as cursor:
                cursor.executemany(pyformat(sql), rows)
        except psycopg.errors.IntegrityError:
            raise
        except psycopg.Error as error:
            raise translate(error, self.location) from error

    # -- the event log --------------------------------------------------------------

    def append(self, event: BaseEvent) -> StoredEvent:
        if not self.units:
            raise IncorrectUsageError("events are appended inside a unit of work")
        try:
            stored = event_log.append(self.connection, event)
            self.appended = True
            return stored
        except psycopg.Error as error:
            raise translate(error, self.location) from error

    def load(self, after: int = 0, limit: int | None = None) -> list[StoredEvent]:
        try:
            return event_log.load(self.connection, self.resolve_event, after, limit)
        except psycopg.Error as error:
            raise translate(error, self.location) from error

    def load_span(self, after: int, through: int,
                  types: Collection[str] | None = None) -> list[StoredEvent]:
        try:
            return event_log.load_span(self.connection, self.resolve_event, after, through,
                                       types)
        except psycopg.Error as error:
            raise translate(error, self.location) from error

    def load_stream(self, stream: str, through: int | None = None) -> list[StoredEvent]:
        try:
            return event_log.load_stream(self.connection, self.resolve_event, stream, through)
        except psycopg.Error as error:
            raise translate(error, self.location) from error

    def last_position(self) -> int:
        try:
            return event_log.last_position(self.connection)
        except psycopg.Error as error:
            raise translate(error, self.location) from error

    def projection_records(self, projection_cls: type[BaseElement],
                           through: ProjectionStore | None = None
                           ) -> PostgresProjectionRecords:
        table = record_table(projection_cls)
        if through is not None:  # a rebuild's, naming its new tables: made for it
            return PostgresProjectionRecords(through, table)
        records = self._records.get(projection_cls)
        if records is None:
            records = self._records[projection_cls] = PostgresProjectionRecords(self, table)
        return records

    def aggregates(self, aggregate_cls: type[BaseAggregate]) -> PostgresAggregateRows:
        rows = self._rows.get(aggregate_cls)
        if rows is None:
            if aggregate_cls not in self._tables:
                raise IncorrectUsageError(f"{aggregate_cls.__name__} has no table in this store")
            rows = self._rows[aggregate_cls] = PostgresAggregateRows(
                self, self._tables[aggregate_cls])
        return rows

    # -- subscriber positions ---------------------------------------------------------

    def positions(self) -> dict[str, int]:
        rows = self.execute("SELECT subscriber, position FROM checkpoints").fetchall()
        return {str(name): int(position) for name, position in rows}

    def position(self, subscriber: str) -> int:
        row = self.execute("SELECT position FROM checkpoints WHERE subscriber = ?",
                           (subscriber,)).fetchone()
        return int(row[0]) if row else 0

    def save_position(self, subscriber: str, position: int) -> None:
        self.execute(SAVE_POSITION_SQL, (subscriber, position, utc_now().isoformat()))

    def save_positions(self, positions: Iterable[tuple[str, int]]) -> None:
        now = utc_now().isoformat()
        self.executemany(SAVE_POSITION_SQL, [(name, position, now) for name, position in positions])

    def forget_position(self, subscriber: str) -> None:
        self.execute("DELETE FROM checkpoints WHERE subscriber = ?", (subscriber,))

    def _write_pending_positions(self) -> None:
        self.save_positions(self.pending_positions.items())
        self.pending_positions.clear()
        self._positions_written_at = time.monotonic()

    def flush_positions(self) -> None:
        if not self.pending_positions or self.units:
            return
        try:
            with self.unit_of_work():
                self._write_pending_positions()
        except StorageError:
            pass  # they ride along with the next commit; redelivery is safe meanwhile

    # -- rebuilding projections ---------------------------------------------------------

    def rebuild_tables(self, projection: ProjectionTables) -> PostgresRebuildTables:
        return PostgresRebuildTables(self, projection)

    def generations(self) -> dict[str, int]:
        rows = self.execute(
            "SELECT subscriber, generation FROM checkpoints WHERE generation > 0").fetchall()
        return {str(name): int(generation) for name, generation in rows}

    def restart_position(self, subscriber: str, position: int) -> None:
        self.execute(RESTART_POSITION_SQL, (subscriber, position, utc_now().isoformat()))
