"""The one translation of SQLite's errors into the domain's StorageError and version errors."""

from __future__ import annotations

import os
import sqlite3
import threading
from types import TracebackType

from domain.core.errors import DatabaseLockedError, StorageError

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

# What to do about a file SQLite cannot use, after what is wrong with it.
_ADVICE = {
    "SQLITE_CORRUPT": "Run `bookshelf check --db {location}` to see what is damaged, or "
                      "restore the file from a backup.",
    "SQLITE_NOTADB": "If it was one, it is damaged: restore it from a backup, or choose "
                     "another file.",
    "SQLITE_CANTOPEN": "Check that the path names a database file (not a folder or a loop of "
                       "symbolic links) that you may read and write.",
}


# Where this process met SQLITE_CORRUPT, and what SQLite said: nothing more is written to
# those files for the rest of the process (a write to a damaged file can spread the damage).
_damaged: dict[str, str] = {}
_damaged_lock = threading.Lock()


def _key(location: str) -> str:
    if location.startswith("file:") or location == ":memory:":
        return location
    return os.path.realpath(location)


def mark_damaged(location: str, reason: str) -> None:
    """Remember that `location` is damaged: every later write to it in this process is refused."""
    with _damaged_lock:
        _damaged.setdefault(_key(location), reason)


def refuse_damaged(location: str) -> None:
    """Raise StorageError when this process met damage in `location` before."""
    if not _damaged:
        return  # the common case costs one truth test
    reason = _damaged.get(_key(location))
    if reason is not None:
        raise StorageError(
            f"{location} is damaged (SQLite said: {reason}); nothing more is written to it. "
            + _ADVICE["SQLITE_CORRUPT"].format(location=location))


def translate(error: sqlite3.Error, location: str) -> StorageError:
    """Name an environmental SQLite failure in words a user can act on.

    SQLITE_CORRUPT also marks `location` damaged for the rest of the process.
    """
    name = getattr(error, "sqlite_errorname", "") or ""
    if name.startswith("SQLITE_CORRUPT"):
        mark_damaged(location, str(error))
    # Extended codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED...) share their prefix.
    explanation = next(
        (words for code, words in _EXPLANATIONS.items() if name.startswith(code)), None
    )
    if explanation is None:
        return StorageError(f"{location}: {error}")
    advice = next((words for code, words in _ADVICE.items() if name.startswith(code)), None)
    message = f"{location} {explanation} (SQLite says: {error})"
    if advice is not None:
        message += ". " + advice.format(location=location)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return DatabaseLockedError(message)
    return StorageError(message)


class translated:  # noqa: N801  (used like a function: `with translated(location):`)
    """Raise what SQLite refuses for environmental reasons as a StorageError.

    Integrity errors (a broken constraint) are not environmental: the callers that expect
    one turn it into ExpectedVersionError themselves. A class rather than @contextmanager:
    it wraps every statement of a command, and this costs a third as much.
    """

    __slots__ = ("location",)

    def __init__(self, location: str) -> None:
        self.location = location

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if isinstance(error, sqlite3.DatabaseError) and not isinstance(
                error, sqlite3.IntegrityError):
            raise translate(error, self.location) from error
