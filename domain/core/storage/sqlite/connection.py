"""Opening the SQLite file: location checks, pragmas, and the versioned core schema."""

from __future__ import annotations

import os
import sqlite3
import stat
import uuid
from pathlib import Path

import sqlite_utils

from domain.core.errors import StorageError

MEMORY = ":memory:"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 10_000


def memory_uri() -> str:
    """A private in-memory database that every thread of this process can open by name."""
    return f"file:bookshelf-{uuid.uuid4().hex}?mode=memory&cache=shared"


def is_memory(location: str) -> bool:
    return location == MEMORY or location.startswith("file:bookshelf-")


def refuse_read_only_location(path: Path) -> None:
    # Checked before SQLite touches anything, so a refused file is left exactly as it was.
    # Permission bits are read as well as os.access, because root may write anywhere.
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
        return connection.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise StorageError(
            f"{location} is not a bookshelf database (SQLite says: {error})"
        ) from None


def connect(location: str, *, read_only: bool = False) -> sqlite3.Connection:
    """Open `location` for this thread, refusing bad files before anything is written."""
    if is_memory(location):
        connection = sqlite3.connect(location, uri=True, isolation_level=None)
        _apply_pragmas(connection)
        return connection
    path = Path(location)
    if read_only:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    else:
        refuse_read_only_location(path)
        connection = sqlite3.connect(path, isolation_level=None)
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


def last_position(connection: sqlite3.Connection) -> int:
    """The global position of the newest event; 0 while the log is empty."""
    return connection.execute("SELECT coalesce(max(position), 0) FROM events").fetchone()[0]


def _has_tables(connection: sqlite3.Connection) -> bool:
    return connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0


def _apply_pragmas(connection: sqlite3.Connection, wal: bool = True) -> None:
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    if wal:
        connection.execute("PRAGMA journal_mode = WAL")
    # NORMAL in WAL mode: a commit survives a process crash; only power loss may undo the last.
    connection.execute("PRAGMA synchronous = NORMAL")


def _create_core_tables(db: sqlite_utils.Database) -> None:
    db["events"].create(
        {"position": int, "id": str, "stream": str, "sequence": int, "type": str,
         "timestamp": str, "payload": str, "metadata": str},
        pk="position",
        not_null={"id", "stream", "sequence", "type", "timestamp", "payload", "metadata"},
    )
    db["events"].create_index(["id"], unique=True)
    db["events"].create_index(["stream", "sequence"], unique=True)
    # No index on type: it cost 10-15% of every append, and the screens filter by type
    # while paging in position order, which the primary key serves.
    for action in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER events_are_append_only_{action.lower()} BEFORE {action} ON events "
            "BEGIN SELECT RAISE(ABORT, 'the events table is append-only'); END"
        )
    db["checkpoints"].create(
        {"subscriber": str, "position": int, "updated_at": str},
        pk="subscriber", not_null={"position"},
    )
    db["failures"].create(
        {"subscriber": str, "position": int, "event_id": str, "event_type": str, "error": str,
         "attempts": int, "first_failed_at": str, "last_failed_at": str,
         "next_attempt_at": float, "parked": int},
        pk=("subscriber", "position"),
    )


MIGRATIONS = {1: _create_core_tables}


def migrate(connection: sqlite3.Connection) -> None:
    """Bring the core schema up to SCHEMA_VERSION, one transaction per step."""
    db = sqlite_utils.Database(connection)
    for target in range(1, SCHEMA_VERSION + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            # Read inside the write lock: another process may have migrated meanwhile.
            if connection.execute("PRAGMA user_version").fetchone()[0] < target:
                MIGRATIONS[target](db)
                connection.execute(f"PRAGMA user_version = {target}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


_EXPLANATIONS = {
    "SQLITE_READONLY": "cannot be written",
    "SQLITE_BUSY": "is locked by another program",
    "SQLITE_LOCKED": "is locked by another program",
    "SQLITE_FULL": "could not be written: the disk is full",
    "SQLITE_IOERR": "could not be read or written (an input/output error)",
    "SQLITE_CORRUPT": "is damaged",
    "SQLITE_NOTADB": "is not a bookshelf database",
    "SQLITE_CANTOPEN": "cannot be opened",
}


def translate(error: sqlite3.Error, location: str) -> StorageError:
    """Name an environmental SQLite failure in words a user can act on."""
    name = getattr(error, "sqlite_errorname", "") or ""
    # Extended codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED...) share their prefix.
    explanation = next(
        (words for code, words in _EXPLANATIONS.items() if name.startswith(code)), None
    )
    if explanation is None:
        return StorageError(f"{location}: {error}")
    return StorageError(f"{location} {explanation} (SQLite says: {error})")
