"""What a window asks of a PostgreSQL server without knowing psycopg: can it be reached
(with the password libpq finds or one typed), and wake me at each commit. psycopg is
imported only when a server is used: a SQLite file never loads it."""

from __future__ import annotations

from domain.core.storage.port import CommitListening

# CommitListener's face, as the window knows it.
CommitWaiter = CommitListening


def reach(address: str) -> None:
    """Connect to `address` and let go: PasswordRequired when the server wants a password
    that was not found or given (credentials.remember one, then reach again), another
    StorageError, naming the server without its password, when it cannot be reached."""
    from domain.core.storage.postgres.connection import connect

    connect(address, autocommit=True).close()


def listen_for_commits(address: str) -> CommitWaiter:
    """A listener of its own on `address`'s commit announcements (StorageError if the
    server cannot be reached)."""
    from domain.core.storage.postgres.listener import CommitListener

    return CommitListener(address)
