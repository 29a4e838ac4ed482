"""What the PostgreSQL store's parts (units of work, aggregate rows, rebuild tables) use of
the store that holds them: named here, so that none of them imports the store."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Any, Protocol

import psycopg

from domain.core.storage.port import UnitOfWork


class Statements(Protocol):
    """Sends statements written as for SQLite (`?` parameters) on the store's connection."""

    def execute(self, sql: str, parameters: Any = ()) -> psycopg.Cursor[Any]: ...

    def executemany(self, sql: str, rows: Iterable[Any]) -> None: ...

    def defer(self, sql: str, parameters: Any = ()) -> None: ...


class Session(Statements, Protocol):
    """The store as its units of work and rebuild tables see it."""

    location: str
    schema: str
    units: list[Any]  # the open units of work, outermost first
    last_event: int
    last_command: int
    appended: bool

    @property
    def db(self) -> Any: ...

    def ensure_connected(self) -> None: ...

    def begin(self) -> None: ...

    def commit(self) -> None: ...

    def before_commit(self) -> None: ...

    def in_transaction(self) -> bool: ...

    def discard_deferred(self, since: str | None = None) -> bool: ...

    def run(self, query: str, parameters: Any = None) -> psycopg.Cursor[Any]: ...

    def literal(self, value: str) -> str: ...

    def searching(self, schema: str) -> AbstractContextManager[None]: ...

    def unit_of_work(self) -> UnitOfWork: ...
