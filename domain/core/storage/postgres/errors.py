"""The one translation of psycopg's errors into the domain's StorageError, naming the server
without its password."""

from __future__ import annotations

import psycopg

from domain.core.errors import CommitOutcomeUnknownError, StorageError
from domain.core.storage.location import server_address


def shown(location: str) -> str:
    return server_address(location) or "the PostgreSQL server"


def connection_lost(error: psycopg.Error) -> bool:
    """Whether `error` ended the connection (the server went away, or the network did)."""
    return isinstance(error, psycopg.OperationalError) and not isinstance(
        error, psycopg.errors.QueryCanceled | psycopg.errors.LockNotAvailable)


def translate(error: psycopg.Error, location: str, committing: bool = False) -> StorageError:
    """`error` as a StorageError: what PostgreSQL said (its first line), at which server.
    A connection lost while `committing` leaves the outcome unknown: the COMMIT may have
    reached the server or not (CommitOutcomeUnknownError)."""
    said = (error.diag.message_primary if error.diag is not None else None) or str(error)
    first = said.splitlines()[0] if said else type(error).__name__
    if committing and connection_lost(error):
        return CommitOutcomeUnknownError(
            f"{shown(location)}: the connection was lost while committing ({first}); "
            "whether the transaction is stored is unknown until the server is reached again")
    if connection_lost(error):
        return StorageError(f"{shown(location)}: the connection to the server was lost "
                            f"({first})")
    return StorageError(f"{shown(location)}: {first}")
