"""The same store on either backend, for the tests of what a reader answers: a SQLite store
as the bookshelf wrote it, and its copy in a PostgreSQL database (one per test), made by
`mirror` until the PostgreSQL store writes one itself."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from domain.bookshelf import bookshelf
from domain.core import storage
from domain.core.storage.decoding import rebuild
from domain.core.storage.reading import Reader
from domain.core.storage.search_index import SearchIndex
from domain.core.storage.sqlite.reader import SqliteReader

BACKENDS = ["sqlite", "postgresql"]
# The core's own tables, copied as they are (their PostgreSQL tables exist: schema.py).
CORE = ("events", "commands", "checkpoints", "failures", "slow_deliveries",
        "aggregate_states")
JSONB = {"events": ("payload", "metadata"), "commands": ("payload", "errors"),
         "aggregate_states": ("state",)}
TYPES = {"INTEGER": "BIGINT", "REAL": "DOUBLE PRECISION", "FLOAT": "DOUBLE PRECISION",
         "TEXT": "TEXT", "": "TEXT"}


class QuestionMarks:
    """A psycopg connection as the PostgreSQL store hands it to a projection: `?`
    placeholders, and its dialect said."""

    dialect = "postgresql"

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def execute(self, sql: str, parameters: Any = ()) -> Any:
        return self.connection.execute(sql.replace("%", "%%").replace("?", "%s"), parameters)


def mirror(sqlite_path: Path, url: str) -> None:
    """Copy the SQLite store at `sqlite_path` into the new database at `url`: its core
    tables, projection and aggregate tables as they are, and the search index written
    again by its PostgreSQL implementation (when the SQLite store keeps one)."""
    import psycopg

    from domain.core.storage.postgres import schema
    from domain.core.storage.postgres.tables import WRITTEN_ORDER

    with psycopg.connect(url) as pg, closing(sqlite3.connect(sqlite_path)) as lite:
        schema.migrate(pg)
        names = [name for (name,) in lite.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE 'search_%' AND name NOT IN ('schema_migrations', '_meta')")]
        with pg.transaction():
            for name in names:
                columns = [(row[1], row[2].upper()) for row in lite.execute(
                    f'PRAGMA table_info("{name}")')]
                if name not in CORE:
                    # With the written order the store's tables keep (postgres/tables.py),
                    # numbered as the rows are copied: in their rowid order.
                    pg.execute(f'CREATE TABLE "{name}" (' + ", ".join(
                        f'"{column}" {TYPES.get(kind, "TEXT")}' for column, kind in columns)
                        + f", {WRITTEN_ORDER})")
                jsonb = JSONB.get(name, ())
                marks = ", ".join("%s::jsonb" if column in jsonb else "%s"
                                  for column, _kind in columns)
                quoted = ", ".join(f'"{column}"' for column, _kind in columns)
                rows = lite.execute(f'SELECT {quoted} FROM "{name}" ORDER BY rowid').fetchall()
                if rows:
                    with pg.cursor() as cursor:
                        cursor.executemany(f'INSERT INTO "{name}" ({quoted}) VALUES ({marks})',
                                           rows)
            if lite.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_late'"
                            ).fetchone():
                index, handle = SearchIndex(), QuestionMarks(pg)
                index.create_tables(handle)
                stored = [rebuild(bookshelf.registry.event_class, *row) for row in lite.execute(
                    "SELECT position, type, payload, metadata FROM events ORDER BY position")]
                index.receive(handle, stored)


def fresh_store(request: pytest.FixtureRequest, backend: str, sqlite_path: Path) -> str:
    """A new store's location on `backend`: `sqlite_path`, or a new PostgreSQL database."""
    if backend == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return str(sqlite_path)


def reader_of(location: str) -> Reader:
    """A reader of the store at `location`, payloads in their classes' field order."""
    return storage.open_reader(location, resolve_event=bookshelf.registry.event_class)


def open_reader(request: pytest.FixtureRequest, backend: str, sqlite_path: Path) -> Reader:
    """A reader of the store at `sqlite_path` on `backend` (its copy, for PostgreSQL)."""
    if backend == "sqlite":
        return SqliteReader(str(sqlite_path))
    url = request.getfixturevalue("postgres_url")
    mirror(sqlite_path, url)
    from domain.core.storage.postgres.reader import PostgresReader

    return PostgresReader(url, bookshelf.registry.event_class)
