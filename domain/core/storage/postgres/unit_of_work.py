"""One PostgreSQL transaction around a command; nested units become savepoints."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

import psycopg

from domain.core.elements import BaseCommand
from domain.core.storage.port import UnitOfWork
from domain.core.storage.postgres.errors import translate
from domain.core.storage.postgres.schema import APPEND_LOCK
from domain.core.stored_event import StoredEvent

if TYPE_CHECKING:
    from domain.core.storage.postgres.store import PostgresStore

BEGIN_SQL = f"BEGIN; SELECT pg_advisory_xact_lock({APPEND_LOCK})"


class PostgresUnitOfWork(UnitOfWork):
    """Writes made inside commit together; on failure nothing is stored and nothing delivered.

    The outermost unit takes the append lock (event_log.py) as its first statement, held
    until it commits or rolls back: writing transactions follow one another, as SQLite's
    BEGIN IMMEDIATE makes them. Taken later, after a row lock, two transactions could
    each hold what the other waits for.
    """

    def __init__(self, store: PostgresStore, command: BaseCommand | None = None) -> None:
        self.store = store
        self.command = command
        self.records: list[StoredEvent] = []
        self._undo: list[Callable[[], None]] = []
        self._depth = 0

    def on_rollback(self, undo: Callable[[], None]) -> None:
        self._undo.append(undo)

    def __enter__(self) -> PostgresUnitOfWork:
        stack = self.store.units
        self._depth = len(stack)
        if self._depth:
            self._execute(f"SAVEPOINT unit_{self._depth}")
        else:
            self.store.ensure_connected()
            self._execute(BEGIN_SQL)
            self.store.appended = False
        stack.append(self)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.store.units.pop()
        if kind is None:
            try:
                self._finish()
            except BaseException:
                self._abandon()
                raise
            return
        self._abandon()

    def _finish(self) -> None:
        if self._depth == 0:
            self.store.before_commit()
            self.store.commit()
            return
        self._execute(f"RELEASE SAVEPOINT unit_{self._depth}")
        parent = self.store.units[-1]
        parent.records.extend(self.records)
        parent._undo.extend(self._undo)

    def _abandon(self) -> None:
        try:
            if self.store.in_transaction():
                if self._depth == 0:
                    self._execute("ROLLBACK")
                else:
                    self._execute(f"ROLLBACK TO SAVEPOINT unit_{self._depth}")
                    self._execute(f"RELEASE SAVEPOINT unit_{self._depth}")
        finally:
            for undo in reversed(self._undo):
                undo()
            self.records.clear()

    def _execute(self, sql: str) -> None:
        try:
            self.store.connection.execute(sql)
        except psycopg.Error as error:
            raise translate(error, self.store.location) from error
