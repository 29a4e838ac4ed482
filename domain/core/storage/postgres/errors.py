"""The one translation of psycopg's errors into the domain's StorageError, naming the server
without its password."""

from __future__ import annotations

import psycopg

from domain.core.errors import CommitOutcomeUnknownError, DatabaseLockedError, StorageError
from domain.core.storage.location import server_address


def shown(location: str) -> str:
    return server_address(location) or "the PostgreSQL server"


# SQLSTATEs of a session the server ended (admin_shutdown, crash_shutdown,
# cannot_connect_now); class 08 is a connection exception.
ENDED = ("57P01", "57P02", "57P03")


def connection_lost(error: psycopg.Error, connection: psycopg.Connection | None = None
                    ) -> bool:
    """Whether `error` ended the connection (the server went away, or the network did):
    psycopg's own error with no SQLSTATE, a connection exception, a session the server
    ended, or a connection psycopg found broken. A statement the server refused (a full
    disk, a deadlock, a value too large) leaves the connection as it was."""
    if connection is not None and connection.broken:
        return True
    state = error.sqlstate
    if state is None:
        return isinstance(error, psycopg.OperationalError)
    return state.startswith("08") or state in ENDED


def translate(error: psycopg.Error, location: str, committing: bool = False,
              connection: psycopg.Connection | None = None) -> StorageError:
    """`error` as a StorageError: what PostgreSQL said (its first line), at which server.
    A connection lost while `committing` leaves the outcome unknown: the COMMIT may have
    reached the server or not (CommitOutcomeUnknownError). A lock not granted within the
    session's lock_timeout is DatabaseLockedError, as SQLite's busy timeout is."""
    said = (error.diag.message_primary if error.diag is not None else None) or str(error)
    first = said.splitlines()[0] if said else type(error).__name__
    if isinstance(error, psycopg.errors.LockNotAvailable):
        return DatabaseLockedError(f"{shown(location)} is locked by another program's "
                                   f"transaction ({first}); nothing was written")
    if committing and connection_lost(error, connection):
        return CommitOutcomeUnknownError(
            f"{shown(location)}: the connection was lost while committing ({first}); "
            "whether the transaction is stored is unknown until the server is reached again")
    if connection_lost(error, connection):
        return StorageError(f"{shown(location)}: the connection to the server was lost "
                            f"({first})")
    return StorageError(f"{shown(location)}: {first}")
