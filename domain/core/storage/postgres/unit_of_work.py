"""One PostgreSQL transaction around a command; nested units become savepoints."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

import psycopg

from domain.core.elements import BaseCommand
from domain.core.errors import StorageError
from domain.core.storage.port import UnitOfWork
from domain.core.storage.postgres.errors import translate
from domain.core.storage.postgres.session import Session
from domain.core.stored_event import StoredEvent


class PostgresUnitOfWork(UnitOfWork):
    """Writes made inside commit together; on failure nothing is stored and nothing delivered.

    The outermost unit takes the append lock (event_log.py) as its first statement, held
    until it commits or rolls back: writing transactions follow one another, as SQLite's
    BEGIN IMMEDIATE makes them. Taken later, after a row lock, two transactions could
    each hold what the other waits for.
    """

    def __init__(self, store: Session, command: BaseCommand | None = None) -> None:
        self.store = store
        self.command = command
        self.records: list[StoredEvent] = []
        self._undo: list[Callable[[], None]] = []
        self._depth = 0
        # The store's numbering when this unit began: a savepoint rolled back gives its
        # positions back.
        self._numbered = (0, 0, False)

    def on_rollback(self, undo: Callable[[], None]) -> None:
        self._undo.append(undo)

    def __enter__(self) -> PostgresUnitOfWork:
        stack = self.store.units
        self._depth = len(stack)
        if self._depth:
            # Sent with the next statement (store.defer): one round trip fewer a command.
            self.store.defer(f"SAVEPOINT unit_{self._depth}")
            store = self.store
            self._numbered = (store.last_event, store.last_command, store.appended)
        else:
            self.store.ensure_connected()
            try:
                self.store.begin()
            except psycopg.Error as error:
                raise translate(error, self.store.location) from error
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
        # With what this unit deferred: their errors are this unit's, not the next one's.
        self._execute(f"RELEASE SAVEPOINT unit_{self._depth}")
        parent = self.store.units[-1]
        parent.records.extend(self.records)
        parent._undo.extend(self._undo)

    def _abandon(self) -> None:
        try:
            # What waits to be sent is past the savepoint (or is the savepoint): dropped.
            savepoint = f"SAVEPOINT unit_{self._depth}"
            never_sent = self.store.discard_deferred(since=savepoint if self._depth else None)
            if self.store.in_transaction():
                if self._depth == 0:
                    self._execute("ROLLBACK")
                else:
                    store = self.store
                    store.last_event, store.last_command, store.appended = self._numbered
                    if not never_sent:
                        self._roll_back_savepoint()
        finally:
            for undo in reversed(self._undo):
                undo()
            self.records.clear()

    def _roll_back_savepoint(self) -> None:
        try:
            self._execute(f"ROLLBACK TO SAVEPOINT unit_{self._depth}")
        except StorageError as error:
            if isinstance(error.__cause__, psycopg.errors.InvalidSavepointSpecification):
                # A statement the outer unit deferred failed before this savepoint was
                # made: the whole transaction is lost, and the outer unit rolls it back;
                # the error that failed is the one to hear, not this one.
                return
            raise
        self._execute(f"RELEASE SAVEPOINT unit_{self._depth}")

    def _execute(self, sql: str) -> None:
        try:
            self.store.run(sql)
        except psycopg.Error as error:
            raise translate(error, self.store.location) from error
