"""Opening the SQLite file: location checks before anything is written, then the pragmas."""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import uuid
from pathlib import Path

from domain.core.errors import StorageError
from domain.core.storage.sqlite.errors import translate
from domain.core.storage.sqlite.migrations import SCHEMA_VERSION

MEMORY = ":memory:"
BUSY_TIMEOUT_MS = 10_000


def memory_uri() -> str:
    """A private in-memory database that every thread of this process can open by name."""
    return f"file:bookshelf-{uuid.uuid4().hex}?mode=memory&cache=shared"


def is_memory(location: str) -> bool:
    return location == MEMORY or location.startswith("file:bookshelf-")


def refuse_read_only_location(path: Path) -> None:
    # Checked before SQLite touches anything, so a refused file is left exactly as it was.
    # Permission bits are read as well as os.access, because root may write anywhere.
    _refuse_symbolic_link_loop(path)
    if path.exists():
        mode = path.stat().st_mode
        writable_bits = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
        if not os.access(path, os.W_OK) or not mode & writable_bits:
            raise StorageError(f"{path} is read-only: the bookshelf needs to write to it")
        if not path.is_file():
            raise StorageError(f"{path} is not a file")
    folder = path.parent
    if not folder.is_dir():
        raise StorageError(f"the folder {folder} does not exist")
    folder_writable_bits = folder.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    if (not os.access(folder, os.W_OK) or not folder_writable_bits
            or not _folder_accepts_files(folder)):
        raise StorageError(
            f"the folder {folder} is read-only: SQLite needs to create files beside {path.name}"
        )


def _refuse_symbolic_link_loop(path: Path) -> None:
    # Path.exists() says False for a loop, which would read as "no database here".
    try:
        path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise StorageError(
                f"{path} is a loop of symbolic links: point --db at the database file itself"
            ) from None


def _folder_accepts_files(folder: Path) -> bool:
    probe = folder / f".bookshelf-probe-{uuid.uuid4().hex}"
    try:
        probe.touch()
    except OSError:
        return False
    probe.unlink()
    return True


def _schema_version(connection: sqlite3.Connection, location: str) -> int:
    try:
        version: int = connection.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise translate(error, location) from None
    return version


def connect(location: str, *, read_only: bool = False) -> sqlite3.Connection:
    """Open `location` for this thread, refusing bad files before anything is written."""
    if is_memory(location):
        connection = sqlite3.connect(location, uri=True, isolation_level=None)
        _apply_pragmas(connection)
        return connection
    path = Path(location)
    if not read_only:
        refuse_read_only_location(path)
    try:
        if read_only:
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        else:
            connection = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as error:  # a file SQLite cannot open at all
        raise translate(error, location) from None
    try:
        version = _schema_version(connection, location)
        if version > SCHEMA_VERSION:
            raise StorageError(
                f"{location} was written by a newer Bookshelf Events (schema {version}; this "
                f"version knows up to {SCHEMA_VERSION}). It was left unchanged."
            )
        if version == 0 and _has_tables(connection):
            # Our own files carry a schema version from their first commit on; tables
            # without one belong to another program, whose data we must not touch.
            raise StorageError(
                f"{location} is a SQLite database of another program, not a bookshelf "
                "database. It was left unchanged."
            )
        _apply_pragmas(connection, wal=not read_only)
    except BaseException:
        connection.close()
        raise
    return connection


def refuse_without_events(connection: sqlite3.Connection, location: str) -> None:
    """A reader has nothing to read in a file without an event log (an empty file, say)."""
    found = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchone()
    if not found:
        raise StorageError(f"{location} is not a bookshelf database (it has no events table)")


def _has_tables(connection: sqlite3.Connection) -> bool:
    count: int = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    return count > 0


def _apply_pragmas(connection: sqlite3.Connection, wal: bool = True) -> None:
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    if wal:
        connection.execute("PRAGMA journal_mode = WAL")
    # NORMAL in WAL mode: a commit survives a process crash; only power loss may undo the last.
    connection.execute("PRAGMA synchronous = NORMAL")
