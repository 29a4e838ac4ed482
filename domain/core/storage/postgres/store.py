"""One thread's PostgreSQL connection: units of work, the event log, aggregates, positions."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import psycopg

from domain.core.elements import BaseAggregate, BaseCommand, BaseElement, BaseEvent
from domain.core.errors import IncorrectUsageError
from domain.core.metadata import utc_now
from domain.core.storage.decoding import as_json, event_row
from domain.core.storage.pending_positions import PendingPositions
from domain.core.storage.port import (
    EventResolver,
    ProjectionTables,
    Schema,
    SqlParameters,
)
from domain.core.storage.postgres import command_log, event_log
from domain.core.storage.postgres.aggregates import PostgresAggregateRows
from domain.core.storage.postgres.connection import open_database
from domain.core.storage.postgres.errors import connection_lost, translate
from domain.core.storage.postgres.failures import PostgresFailureLog
from domain.core.storage.postgres.projection_records import PostgresProjectionRecords
from domain.core.storage.postgres.rebuild_tables import PostgresRebuildTables
from domain.core.storage.postgres.schema import APPEND_LOCK, COMMITS_CHANNEL, MIGRATION_LOCK
from domain.core.storage.postgres.statements import pyformat
from domain.core.storage.postgres.tables import create_table
from domain.core.storage.postgres.unit_of_work import PostgresUnitOfWork
from domain.core.storage.renaming import quoted
from domain.core.storage.sqlite.projection_records import record_table
from domain.core.storage.sqlite.tables import ElementTable
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import ProjectionStore

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
# Every session's settings: a writer waits for the append lock as long as SQLite's busy
# timeout, then is told the store is locked (DatabaseLockedError); a transaction left
# idle (a client that hangs) is ended by the server, as is the session of a client that
# vanished (TCP keepalives), so neither holds the append lock for hours.
SESSION_SQL = (
    "SET lock_timeout = '{lock_ms}ms'; SET idle_in_transaction_session_timeout = '10min';"
    " SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10;"
    " SET tcp_keepalives_count = 3; SET synchronous_commit = {synchronous}")
LOCK_TIMEOUT_MS = 10_000
BEGIN_SQL = "BEGIN ISOLATION LEVEL READ COMMITTED"
# The tables only deferred statements write (`defer`): a constraint of theirs broken in
# a text that carried them is theirs, not the statement sent with them.
DEFERRED_TABLES = ("events", "commands", "aggregate_states")
COMMIT_SQL = "COMMIT"
NOTIFY_SQL = f"SELECT pg_notify('{COMMITS_CHANNEL}', %s)"
# Where a transaction's events and commands are numbered from: it holds the append lock
# from its first statement to its end, so nobody else appends in between (schema.py).
LAST_POSITIONS_SQL = ("SELECT (SELECT coalesce(max(position), 0) FROM events),"
                      " (SELECT coalesce(max(position), 0) FROM commands)")


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


class PostgresStore(PendingPositions):
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
        # The open transaction's last positions: its events and commands are numbered on.
        self.last_event = 0
        self.last_command = 0
        self.appended = False  # whether the open transaction appended an event
        # Statements whose answer nobody reads (a savepoint, a command on record, a
        # state for the history), sent with the next one that is read, in one round trip.
        self._deferred: list[tuple[str, None]] = []
        self.connection = self._connect()
        found = self.connection.execute("SELECT current_schema()").fetchone()
        self.schema = str(found[0]) if found else "public"
        self._db = PostgresDatabase(self)
        try:
            with self.connection.transaction():
                # As in schema.migrate: what an opener before this one made is seen.
                self.connection.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
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

    def _connect(self) -> psycopg.Connection[Any]:
        connection = open_database(self.location)
        connection.autocommit = True  # transactions are begun by the units of work
        connection.execute(SESSION_SQL.format(
            lock_ms=LOCK_TIMEOUT_MS,
            synchronous=SYNCHRONOUS_COMMIT.get(self._durability, "on")).encode())
        self._bind = psycopg.ClientCursor(connection).mogrify
        return connection

    def ensure_connected(self) -> None:
        """Connect again if the connection was lost (the server restarted, the network
        failed): outside a unit of work only, where nothing is half done."""
        if self.units or not (self.connection.closed or self.connection.broken):
            return
        self.connection.close()
        self._deferred.clear()
        self.connection = self._connect()

    def close(self) -> None:
        if self.pending_positions and not (self.connection.broken or self.connection.closed):
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
            # An aborted transaction refuses the SET (it ends with it anyway): the error
            # that aborted it is the one to hear.
            if self.connection.info.transaction_status != psycopg.pq.TransactionStatus.INERROR:
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

    def begin(self) -> None:
        """BEGIN, take the append lock, and read where events and commands are numbered
        from: one round trip. READ COMMITTED whatever the server's default: the positions
        read must be those committed before the lock was granted. A connection found lost
        here (the server restarted since the last unit) is made again once: nothing was
        done in it yet."""
        for attempt in (1, 2):
            self.ensure_connected()
            self.discard_deferred()
            self.defer_raw(BEGIN_SQL)
            self.defer_raw(f"SELECT pg_advisory_xact_lock({APPEND_LOCK})")
            try:
                row = self.run(LAST_POSITIONS_SQL).fetchone()
            except psycopg.Error as error:
                if attempt == 1 and connection_lost(error, self.connection):
                    continue
                raise
            break
        self.last_event, self.last_command = (int(row[0]), int(row[1])) if row else (0, 0)
        self.appended = False

    def commit(self) -> None:
        """COMMIT with what was deferred, after notifying the commits channel once with
        the last position appended (0 when none: projections and positions wrote), so
        that other processes' dispatchers and windows wake; one round trip."""
        try:
            self.defer_raw(NOTIFY_SQL, (str(self.last_event if self.appended else 0),))
            self.run(COMMIT_SQL)
        except psycopg.Error as error:
            raise translate(error, self.location, committing=True,
                            connection=self.connection) from error

    def record_command(self, command: BaseCommand, error: BaseException | None) -> None:
        self.last_command += 1
        command_log.record(self, self.last_command, command, error)

    def command_outcome(self, command_id: str) -> str | None:
        # In a unit: its lock waits for whatever transaction still holds it (one whose
        # connection was lost, which the server may not have ended yet).
        with self.unit_of_work():
            # Accepted once is accepted (a command sent again may be refused later).
            row = self.execute("SELECT outcome FROM commands WHERE id = ? ORDER BY"
                               " outcome = 'accepted' DESC, position DESC LIMIT 1",
                               (command_id,)).fetchone()
        return None if row is None else str(row[0])

    def record_state(self, position: int, version: int, state: Mapping[str, object]) -> None:
        self.defer("INSERT INTO aggregate_states (position, version, state) "
                   "VALUES (?, ?, ?::jsonb)", (position, version, as_json(dict(state))))

    # -- statements -----------------------------------------------------------------

    def literal(self, value: str) -> str:
        """`value` as an SQL string literal (for a statement that takes no parameter)."""
        return str(self._bind("%s", (value,)))

    def defer(self, sql: str, parameters: Any = ()) -> None:
        """Inside a transaction: send this statement (written as for `execute`) with the
        next one whose answer is read, or with the COMMIT. Its error, if any, is raised
        there: the transaction is lost either way, as PostgreSQL aborts it."""
        if not self.in_transaction():
            self.execute(sql, parameters)
            return
        self.defer_raw(pyformat(sql), parameters)

    def defer_raw(self, query: str, parameters: Any = None) -> None:
        """`defer` a statement written with psycopg's placeholders, its values bound now
        (a value PostgreSQL cannot take is refused here, by whoever deferred it)."""
        bound = query if parameters is None else self._bind(query, parameters)
        self._deferred.append((bound, None))

    def discard_deferred(self, since: str | None = None) -> bool:
        """Drop what was deferred (all, or from the statement `since` on); whether `since`
        was among it (never sent)."""
        if since is None:
            self._deferred.clear()
            return False
        texts = [sql for sql, _ in self._deferred]
        if since in texts:
            del self._deferred[texts.index(since):]
            return True
        self._deferred.clear()
        return False

    def run(self, query: str, parameters: Any = None) -> psycopg.Cursor[Any]:
        """Send `query` (psycopg's placeholders) after what was deferred, in one round
        trip, and give its cursor. The statements go as one text, their values bound by
        psycopg on this side (ClientCursor.mogrify, which quotes them): a pipeline of
        the same statements cost twice the time in psycopg's own Python."""
        if not self._deferred:
            if not self.units:
                self.ensure_connected()
            return self.connection.execute(query, parameters)
        last = query if parameters is None else self._bind(query, parameters)
        text = "; ".join([each for each, _ in self._deferred] + [last])
        self._deferred.clear()
        try:
            cursor = self.connection.execute(text.encode())
        except psycopg.errors.IntegrityError as error:
            stale = event_log.stale_write(error) if isinstance(
                error, psycopg.errors.UniqueViolation) else None
            if stale is not None:  # an event deferred by `append`
                raise stale from error
            if error.diag.table_name in DEFERRED_TABLES:
                # A deferred statement's, not the caller's: not the caller's to name.
                raise translate(error, self.location) from error
            raise
        while cursor.nextset():  # to the last statement's result: `query`'s
            pass
        return cursor

    def execute(self, sql: str, parameters: Any = ()) -> psycopg.Cursor[Any]:
        """Run one statement written with `?` (or `:name`) parameters, as on SQLite."""
        try:
            return self.run(pyformat(sql), parameters)
        except psycopg.errors.IntegrityError:
            raise  # a broken constraint is the caller's to name
        except psycopg.Error as error:
            raise translate(error, self.location) from error

    def executemany(self, sql: str, rows: Iterable[Any]) -> None:
        try:
            if self._deferred:
                self.run("SELECT 1")
            with self.connection.cursor() as cursor:
                cursor.executemany(pyformat(sql), rows)
        except psycopg.errors.IntegrityError:
            raise
        except psycopg.Error as error:
            raise translate(error, self.location) from error

    # -- the event log --------------------------------------------------------------

    def append(self, event: BaseEvent) -> StoredEvent:
        """Number `event` after the transaction's last position and send it with the next
        statement that is read: its transaction holds the append lock, nobody else appends
        before it ends. A stale stream sequence is refused (ExpectedVersionError) when it
        is sent: at the latest when its unit of work ends."""
        if not self.units:
            raise IncorrectUsageError("events are appended inside a unit of work")
        position = self.last_event + 1
        self.defer_raw(event_log.INSERT_AT_SQL, (position, *event_row(event)))
        self.last_event = position
        self.appended = True
        event._metadata.stored_at(position)
        return StoredEvent(position, event)

    def _flush(self) -> None:
        """Send what was deferred before a statement this store does not send itself
        (outside a unit: connect again first if the connection was lost)."""
        if self._deferred:
            self.run("SELECT 1")
        elif not self.units:
            self.ensure_connected()

    def load(self, after: int = 0, limit: int | None = None) -> list[StoredEvent]:
        try:
            self._flush()
            return event_log.load(self.connection, self.resolve_event, after, limit)
        except psycopg.Error as error:
            raise translate(error, self.location) from error

    def load_span(self, after: int, through: int,
                  types: Collection[str] | None = None) -> list[StoredEvent]:
        try:
            self._flush()
            return event_log.load_span(self.connection, self.resolve_event, after, through,
                                       types)
        except psycopg.Error as error:
            raise translate(error, self.location) from error

    def load_stream(self, stream: str, through: int | None = None) -> list[StoredEvent]:
        try:
            self._flush()
            return event_log.load_stream(self.connection, self.resolve_event, stream, through)
        except psycopg.Error as error:
            raise translate(error, self.location) from error

    def last_position(self) -> int:
        try:
            self._flush()
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

    # -- rebuilding projections ---------------------------------------------------------

    def rebuild_tables(self, projection: ProjectionTables) -> PostgresRebuildTables:
        return PostgresRebuildTables(self, projection)

    def generations(self) -> dict[str, int]:
        rows = self.execute(
            "SELECT subscriber, generation FROM checkpoints WHERE generation > 0").fetchall()
        return {str(name): int(generation) for name, generation in rows}

    def restart_position(self, subscriber: str, position: int) -> None:
        self.execute(RESTART_POSITION_SQL, (subscriber, position, utc_now().isoformat()))
