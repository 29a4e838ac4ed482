"""Opening the SQLite file: location checks before anything is written, then the pragmas."""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import uuid
from collections.abc import Collection
from pathlib import Path

from domain.core.errors import ConfigurationError, StorageError
from domain.core.storage.sqlite.errors import refuse_damaged, translate
from domain.core.storage.sqlite.migrations import (
    APPLICATION_ID,
    RETIRED_TABLES,
    SCHEMA_VERSION,
    UNMARKED_RELEASES,
)

MEMORY = ":memory:"
BUSY_TIMEOUT_MS = 10_000
# How long opening waits for another program's lock before saying the file is locked: a
# person opening a file wants to hear that within a second, not after BUSY_TIMEOUT_MS.
OPEN_TIMEOUT_S = 0.5
# PRAGMA synchronous per durability. In WAL mode NORMAL loses no commit when the process
# crashes, but power loss (or an OS crash) may undo the last commits; FULL syncs every
# commit to disk, at the cost measured in bench/RESULTS.md.
DURABILITY = {"normal": "NORMAL", "full": "FULL"}


def synchronous_for(durability: str) -> str:
    """The PRAGMA synchronous of `durability` ("normal" or "full"); anything else is refused."""
    try:
        return DURABILITY[durability]
    except (KeyError, TypeError):
        raise ConfigurationError(
            f"durability must be one of {', '.join(map(repr, DURABILITY))}, not {durability!r}"
        ) from None


def memory_uri() -> str:
    """A private in-memory database that every thread of this process can open by name."""
    return f"file:bookshelf-{uuid.uuid4().hex}?mode=memory&cache=shared"


def is_memory(location: str) -> bool:
    return location == MEMORY or location.startswith("file:bookshelf-")


def refuse_read_only_location(path: Path) -> None:
    # Checked before SQLite touches anything, so a refused file is left exactly as it was.
    # Permission bits are read as well as os.access, because root may write anywhere.
    _refuse_broken_link(path)
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


def refuse_missing(path: Path) -> None:
    """Refuse what a reader cannot read: nothing at `path`, a link to nothing, a loop of
    links, a folder, an empty file. A reader never creates a database."""
    _refuse_broken_link(path)
    if not path.exists():
        raise StorageError(f"there is no bookshelf database at {path}")
    if not path.is_file():
        raise StorageError(f"{path} is not a file")
    if path.stat().st_size == 0:
        raise StorageError(f"{path} is not a bookshelf database (it is empty)")


def unread_commits(location: str) -> str | None:
    """Why the newest commits of a read-only database may be missing from what a reader
    sees, or None when it sees them all (see _connect_reader)."""
    path = Path(location)
    if is_memory(location) or not path.is_file() or not _is_read_only(path):
        return None
    wal, shm = _beside(path, "-wal"), _beside(path, "-shm")
    if not _holds_commits(wal) or (_readable(wal) and _readable(shm)):
        return None
    why = (f"{wal.name} cannot be read" if not _readable(wal) else
           f"{shm.name}, which SQLite needs to read it, is missing and the database is "
           "read-only")
    return (f"the newest commits may be missing: {wal.name} holds commits and {why}; "
            "what is shown is the database file alone")


def _connect_reader(path: Path, create_nothing: bool = False) -> sqlite3.Connection:
    """A read-only connection that leaves a read-only database exactly as it is.

    A reader of a WAL database creates its -wal and -shm files when they are missing,
    so a database the user cannot write (its file or its folder without write bits), or
    one opened with `create_nothing` (a read-only window), is opened `immutable`, which
    reads the database file alone, when there is no WAL to read; when there is one with
    its -shm, SQLite reads both without creating anything. A WAL it cannot read is left
    out, and unread_commits() says so.
    """
    if not create_nothing and not _is_read_only(path):
        return _connect_uri(f"file:{path}?mode=ro")
    wal, shm = _beside(path, "-wal"), _beside(path, "-shm")
    if _readable(wal) and _readable(shm) and (create_nothing or _holds_commits(wal)):
        return _connect_uri(f"file:{path}?mode=ro")
    return _connect_uri(f"file:{path}?immutable=1")


def _connect_uri(uri: str) -> sqlite3.Connection:
    connection = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=OPEN_TIMEOUT_S)
    check_cell_sizes(connection)
    return connection


def check_cell_sizes(connection: sqlite3.Connection) -> None:
    """Have SQLite check each page's cell pointers as it reads the page: without the check a
    damaged pointer is masked into the page and its garbage read as a row (a row of NULLs,
    a rowid in the trillions) rather than reported as SQLITE_CORRUPT."""
    connection.execute("PRAGMA cell_size_check = ON")


def reads_frozen_file(location: str) -> bool:
    """Whether a `create_nothing` reader of `location` reads the file alone (immutable):
    no program had it open, so there was no -wal and -shm to share, and commits made after
    it opened are not seen (a reader opened again once they exist sees them)."""
    path = Path(location)
    return not (_readable(_beside(path, "-wal")) and _readable(_beside(path, "-shm")))


def probe_write_lock(location: str, timeout_s: float = OPEN_TIMEOUT_S) -> None:
    """Raise DatabaseLockedError within `timeout_s` when another program holds the write
    lock of `location` (a long transaction, an exclusive lock); nothing is written.

    Opening needs no write, so without this a locked file opens and its first command waits
    BUSY_TIMEOUT_MS before it is refused.
    """
    path = Path(location)
    if is_memory(location) or not path.is_file() or path.stat().st_size == 0:
        return
    try:
        connection = sqlite3.connect(path, isolation_level=None, timeout=timeout_s)
    except sqlite3.Error as error:
        raise translate(error, location) from None
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
    except sqlite3.Error as error:
        raise translate(error, location) from None
    finally:
        connection.close()


def _is_read_only(path: Path) -> bool:
    # As in refuse_read_only_location: bits as well as access, because root writes anywhere.
    writable = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    return any(not os.access(each, os.W_OK) or not each.stat().st_mode & writable
               for each in (path, path.parent))


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _holds_commits(wal: Path) -> bool:
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def _readable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.R_OK)


def _create_private(path: Path) -> None:
    """Create a new database file readable by its owner only (SQLite gives its -wal and
    -shm files the same bits); an existing file is left as it is."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


def _refuse_broken_link(path: Path) -> None:
    # Path.exists() says False for both, which would read as "no database here".
    try:
        path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise StorageError(
                f"{path} is a loop of symbolic links: point --db at the database file itself"
            ) from None
    if path.is_symlink() and not path.exists():
        # A writer would create the file the link names, somewhere the user did not say.
        raise StorageError(
            f"{path} is a symbolic link to {os.readlink(path)}, which does not exist: point "
            "--db at the database file itself")


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


def connect(location: str, *, read_only: bool = False, durability: str = "normal",
            tables: Collection[str] | None = None,
            create_nothing: bool = False) -> sqlite3.Connection:
    """Open `location` for this thread, refusing bad files before anything is written.

    Which files are ours is said by `refuse_foreign`; `tables` are the names of the tables
    the caller's schema creates beside the core ones (None: they are not checked). An empty
    (0-byte) file is a new database for a writer, and refused by a reader (refuse_missing).
    A reader with `create_nothing` creates no file beside the database (_connect_reader).
    A lock met while opening is reported after OPEN_TIMEOUT_S; later statements wait up to
    BUSY_TIMEOUT_MS.
    """
    synchronous = synchronous_for(durability)
    if is_memory(location):
        connection = sqlite3.connect(location, uri=True, isolation_level=None)
        _apply_pragmas(connection, synchronous=synchronous)
        return connection
    path = Path(location)
    if read_only:
        refuse_missing(path)
    else:
        refuse_damaged(location)
        refuse_read_only_location(path)
    try:
        if read_only:
            connection = _connect_reader(path, create_nothing)
        else:
            _create_private(path)
            connection = sqlite3.connect(path, isolation_level=None, timeout=OPEN_TIMEOUT_S)
    except sqlite3.Error as error:  # a file SQLite cannot open at all
        raise translate(error, location) from None
    try:
        version = _schema_version(connection, location)
        try:
            refuse_foreign(connection, location, version, tables)
        except sqlite3.DatabaseError as error:
            raise translate(error, location) from None
        _apply_pragmas(connection, wal=not read_only, synchronous=synchronous)
    except BaseException:
        connection.close()
        raise
    return connection


def refuse_foreign(connection: sqlite3.Connection, location: str, version: int,
                   tables: Collection[str] | None = None) -> None:
    """Refuse a file that is not ours, reading only its header and schema.

    A file is ours when its header carries APPLICATION_ID (every file written since it
    was introduced), or when it carries no application id and
    - it has no schema at all (version 0, no tables: a new or empty database), or
    - its user_version is one a release wrote without the mark (UNMARKED_RELEASES), the
      core tables are there with exactly that release's columns (names, declared types,
      NOT NULL, primary key, in order), and every other table (but SQLite's own,
      sqlite_*) is one of `tables`, the tables the caller's schema creates (aggregates and
      projections; readers pass None and these are not checked).
    Such a file is marked on its first write (migrations.mark). Any other file belongs to
    another program, whatever its user_version says.
    """
    application_id: int = connection.execute("PRAGMA application_id").fetchone()[0]
    if application_id == APPLICATION_ID:
        if version > SCHEMA_VERSION:
            raise StorageError(
                f"{location} was written by a newer Bookshelf Events (schema {version}; this "
                f"version knows up to {SCHEMA_VERSION}). It was left unchanged."
            )
        return
    if application_id == 0 and (
            (version == 0 and not _has_tables(connection))
            or _is_unmarked_release(connection, version, tables)):
        return
    has_events = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchone()
    raise StorageError(
        f"{location} is a SQLite database of another program, not a bookshelf database"
        f"{'' if has_events else ' (it has no events table)'}. It was left unchanged."
    )


def _is_unmarked_release(connection: sqlite3.Connection, version: int,
                         tables: Collection[str] | None) -> bool:
    core = UNMARKED_RELEASES.get(version)
    if core is None:
        return False
    for name, columns in core.items():
        found = tuple((row[1], row[2], row[3], row[5]) for row in
                      connection.execute(f'PRAGMA table_info("{name}")'))
        if found != columns:
            return False
    if tables is None:
        return True
    others = {row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
        "ESCAPE '\\'")} - set(core)
    # A release's own projection tables, which a later step drops, are its tables too.
    return others <= set(tables) | RETIRED_TABLES


def refuse_without_events(connection: sqlite3.Connection, location: str) -> None:
    """A reader has nothing to read in a file without an event log (a new SQLite file, say)."""
    found = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchone()
    if not found:
        raise StorageError(f"{location} is not a bookshelf database (it has no events table)")


def _has_tables(connection: sqlite3.Connection) -> bool:
    count: int = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    return count > 0


def _apply_pragmas(connection: sqlite3.Connection, wal: bool = True,
                   synchronous: str = "NORMAL") -> None:
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    check_cell_sizes(connection)
    if wal:
        connection.execute("PRAGMA journal_mode = WAL")
    # NORMAL in WAL mode: a commit survives a process crash; only power loss may undo the
    # last. FULL (durability="full") syncs every commit.
    connection.execute(f"PRAGMA synchronous = {synchronous}")


def engine_version() -> str:
    """The version of the SQLite library this program runs on."""
    return sqlite3.sqlite_version
