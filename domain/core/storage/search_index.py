"""The search index a domain registers: SQLite's (FTS5), or PostgreSQL's (pg_trgm) when the
store it writes to says its dialect is "postgresql"."""

from __future__ import annotations

from types import ModuleType

from domain.core.storage.sqlite.search_index import COMMAND_TABLES
from domain.core.storage.sqlite.search_index import SearchIndex as SqliteSearchIndex
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import DatabaseHandle, ProjectionStore


def _postgres() -> ModuleType:
    # Imported when a PostgreSQL store is written: a window on a SQLite file loads no part
    # of the PostgreSQL adapter.
    from domain.core.storage.postgres import search_index

    return search_index


def on_postgres(handle: object) -> bool:
    """Whether a store or database handle is PostgreSQL's (SQLite's name no dialect)."""
    return getattr(handle, "dialect", "sqlite") == "postgresql"


class SearchIndex(SqliteSearchIndex):
    """The same tables on either backend (see the SQLite SearchIndex), chosen per call: one
    process may write to a SQLite store and a PostgreSQL one (`bookshelf copy`).

    On PostgreSQL the folded text is a plain table under a pg_trgm GIN index; where the
    extension is missing and may not be created, `scan_reason` says so, and the text is
    found by a scan of that table (the same answers, slower).
    """

    scan_reason: str | None = None

    def create_tables(self, db: DatabaseHandle) -> None:
        if on_postgres(db):
            self.scan_reason = _postgres().create_tables(db)
        else:
            super().create_tables(db)

    def receive(self, store: ProjectionStore, batch: list[StoredEvent]) -> None:
        if on_postgres(store):
            _postgres().receive(store, batch)
        else:
            super().receive(store, batch)

    def reset(self, db: DatabaseHandle) -> None:
        if on_postgres(db):
            _postgres().reset(db, (*self.tables, *COMMAND_TABLES))
        else:
            super().reset(db)
