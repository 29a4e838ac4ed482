"""The one translation of SQLite's errors into the domain's StorageError and version errors."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from domain.core.errors import StorageError

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


@contextmanager
def translated(location: str) -> Iterator[None]:
    """Raise what SQLite refuses for environmental reasons as a StorageError.

    Integrity errors (a broken constraint) are not environmental: the callers that expect
    one turn it into ExpectedVersionError themselves.
    """
    try:
        yield
    except (sqlite3.OperationalError, sqlite3.DatabaseError) as error:
        if isinstance(error, sqlite3.IntegrityError):
            raise
        raise translate(error, location) from error
