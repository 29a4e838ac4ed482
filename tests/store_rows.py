"""A test reads a store's tables directly, on either backend: a SQLite file's path or a
PostgreSQL address."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from domain.core.storage import is_server


def rows(location: str | Path, sql: str) -> list[tuple[Any, ...]]:
    """The rows of `sql` (no parameters), read in a connection of its own."""
    if is_server(str(location)):
        import psycopg

        with psycopg.connect(str(location), autocommit=True) as connection:
            return [tuple(row) for row in connection.execute(sql).fetchall()]
    with closing(sqlite3.connect(location)) as connection:
        return [tuple(row) for row in connection.execute(sql).fetchall()]


def count(location: str | Path, sql: str) -> int:
    """The one value of `sql`, a count."""
    return int(rows(location, sql)[0][0])
