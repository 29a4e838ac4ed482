"""A SQLite file as the source or the target of a copy between stores (storage/copying.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from domain.core.errors import StorageError
from domain.core.storage.copying import Values
from domain.core.storage.renaming import quoted
from domain.core.storage.sqlite.connection import connect
from domain.core.storage.sqlite.errors import translate

# Tables of SQLite's own, and an FTS5 table's shadow tables (`search_text_data`...): not
# rows of a store.
TABLES_SQL = ("SELECT name FROM sqlite_master WHERE type = 'table'"
              " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid")


def _tables(connection: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    names = [row[0] for row in connection.execute(TABLES_SQL)]
    return {name: tuple(str(row[1]) for row in connection.execute(
        f"PRAGMA table_info({quoted(name)})")) for name in names}


class SqliteCopySource:
    """A read transaction on a file: every answer is of the moment it began, whatever
    others commit meanwhile (WAL: they are not held up)."""

    def __init__(self, location: str) -> None:
        self.location = location
        self.connection = connect(location, read_only=True, create_nothing=True)
        try:
            self.connection.execute("BEGIN")
            self._tables = _tables(self.connection)  # the first read fixes the snapshot
        except sqlite3.Error as error:
            self.connection.close()
            raise translate(error, location) from error

    def tables(self) -> dict[str, tuple[str, ...]]:
        return self._tables

    def rows(self, table: str, columns: Sequence[str]) -> Iterator[Values]:
        names = ", ".join(quoted(each) for each in columns)
        try:
            yield from self.connection.execute(
                f"SELECT {names} FROM {quoted(table)} ORDER BY rowid")
        except sqlite3.Error as error:
            raise translate(error, self.location) from error

    def close(self) -> None:
        self.connection.close()


class SqliteCopyTarget:
    """A new file, its tables made by the store; written in one transaction, removed
    (with what SQLite keeps beside it) when the copy is discarded."""

    refuses = False  # SQLite holds any value PostgreSQL does: nothing to scan for

    def __init__(self, location: str) -> None:
        self.location = location
        self.connection = sqlite3.connect(location, isolation_level=None)
        self.connection.execute("BEGIN IMMEDIATE")

    def tables(self) -> dict[str, tuple[str, ...]]:
        return _tables(self.connection)

    def refused(self, table: str, column: str, value: object) -> str | None:
        return None

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Values]) -> None:
        names = ", ".join(quoted(each) for each in columns)
        marks = ", ".join("?" * len(columns))
        try:
            self.connection.executemany(
                f"INSERT INTO {quoted(table)} ({names}) VALUES ({marks})", rows)
        except sqlite3.Error as error:
            raise translate(error, self.location) from error

    def count(self, table: str) -> int:
        return int(self.connection.execute(f"SELECT count(*) FROM {quoted(table)}"
                                           ).fetchone()[0])

    def type_counts(self) -> dict[str, int]:
        return {str(kind): int(count) for kind, count in self.connection.execute(
            "SELECT type, count(*) FROM events GROUP BY type")}

    def last_position(self) -> int:
        return int(self.connection.execute(
            "SELECT coalesce(max(position), 0) FROM events").fetchone()[0])

    def commit(self) -> None:
        try:
            self.connection.execute("COMMIT")
        except sqlite3.Error as error:
            raise translate(error, self.location) from error
        self.connection.close()

    def discard(self) -> None:
        self.connection.close()
        remove_file(Path(self.location))


def remove_file(path: Path) -> None:
    """A store's file and what SQLite keeps beside it."""
    for each in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        each.unlink(missing_ok=True)


def refuse_existing(path: Path) -> None:
    """A copy makes a new file: an existing one (empty or not) is never replaced."""
    if path.exists():
        raise StorageError(f"{path} exists: copy makes a new store and never replaces one")
    if not path.parent.is_dir():
        raise StorageError(f"the folder {path.parent} does not exist")


__all__ = ["SqliteCopySource", "SqliteCopyTarget", "refuse_existing", "remove_file"]
