"""One SQLite transaction around a command; nested units become savepoints."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Protocol

from domain.core.elements import BaseCommand
from domain.core.errors import StorageError
from domain.core.storage.port import UnitOfWork
from domain.core.storage.sqlite.errors import refuse_damaged, translate
from domain.core.stored_event import StoredEvent


class UnitStack(Protocol):
    """The store a unit belongs to: its connection and the stack of open units."""

    location: str
    connection: sqlite3.Connection
    units: list[SqliteUnitOfWork]
    write_lock: threading.RLock

    def before_commit(self) -> None: ...


class SqliteUnitOfWork(UnitOfWork):
    """Writes made inside commit together; on failure nothing is stored and nothing delivered.

    The outermost unit begins with BEGIN IMMEDIATE rather than sqlite-utils' deferred
    `atomic()`: a deferred transaction that reads and then writes fails at once with
    SQLITE_BUSY_SNAPSHOT when another process wrote in between, while an immediate one
    waits for the write lock under the busy timeout.
    """

    def __init__(self, store: UnitStack, command: BaseCommand | None = None) -> None:
        self.store = store
        self.command = command
        self.records: list[StoredEvent] = []
        self._undo: list[Callable[[], None]] = []
        self._depth = 0
        # Why SQLite rolled the whole transaction back under a nested unit (a full disk),
        # kept on the outermost unit: nothing may run, or commit, outside it afterwards.
        self.lost: BaseException | None = None

    def on_rollback(self, undo: Callable[[], None]) -> None:
        """Register how to restore in-memory state if this unit does not commit."""
        self._undo.append(undo)

    def __enter__(self) -> SqliteUnitOfWork:
        stack = self.store.units
        self._depth = len(stack)
        if self._depth == 0:
            refuse_damaged(self.store.location)  # met SQLITE_CORRUPT before: never written
        if self._depth and not self.store.connection.in_transaction:
            # A savepoint now would begin a transaction of its own and commit on release.
            raise self._lost_error("it was not run")
        if self._depth:
            self._execute(f"SAVEPOINT unit_{self._depth}")
        else:
            self.store.write_lock.acquire()  # this process's other writers queue here
            try:
                self._execute("BEGIN IMMEDIATE")
            except BaseException:
                self.store.write_lock.release()
                raise
        stack.append(self)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.store.units.pop()
        try:
            if kind is None:
                try:
                    self._finish()
                except BaseException:
                    self._abandon()
                    raise
                return
            if self._depth and not self.store.connection.in_transaction:
                root = self.store.units[0]
                root.lost = root.lost or error
            self._abandon()
        finally:
            if self._depth == 0:
                self.store.write_lock.release()

    def _lost_error(self, what: str) -> StorageError:
        root = self.store.units[0] if self.store.units else self
        cause = f": {root.lost}" if root.lost is not None else ""
        return StorageError(f"{self.store.location}: the transaction of this group was lost "
                            f"(SQLite rolled it back{cause}); {what}")

    def _finish(self) -> None:
        if self._depth == 0:
            if not self.store.connection.in_transaction:
                # SQLite rolled it back under a nested unit: everything in it is undone.
                raise self._lost_error("it was rolled back and nothing of it was stored")
            self.store.before_commit()
            self._execute("COMMIT")
            return
        self._execute(f"RELEASE unit_{self._depth}")
        parent = self.store.units[-1]
        parent.records.extend(self.records)
        parent._undo.extend(self._undo)

    def _abandon(self) -> None:
        try:
            # An error inside SQLite may already have ended the transaction.
            if self.store.connection.in_transaction:
                if self._depth == 0:
                    self._execute("ROLLBACK")
                else:
                    self._execute(f"ROLLBACK TO unit_{self._depth}")
                    self._execute(f"RELEASE unit_{self._depth}")
        finally:
            # The in-memory state goes back even when the rollback itself failed: SQLite
            # then rolls the transaction back itself.
            for undo in reversed(self._undo):
                undo()
            self.records.clear()

    def _execute(self, sql: str) -> sqlite3.Cursor:
        try:
            return self.store.connection.execute(sql)
        except sqlite3.IntegrityError:
            raise
        except sqlite3.DatabaseError as error:
            raise translate(error, self.store.location) from error
