"""Commits of other processes heard as they happen (issue 16, item 3): LISTEN on the
channel every appending transaction notifies at its commit (event_log.py). Waiting blocks
on the connection's socket until a notification or the timeout: an idle process sends
nothing and wakes for nothing."""

from __future__ import annotations

import contextlib
import os
import socket

import psycopg

from domain.core.storage.postgres.connection import connect
from domain.core.storage.postgres.errors import translate
from domain.core.storage.postgres.schema import COMMITS_CHANNEL


class CommitListener:
    """A connection of its own, listening; `wait` gives the newest position committed
    since the last call, or None when none was within `timeout` seconds. Listen before
    reading the last position: a commit between the two would not be heard. A wait
    `interrupt`ed from another thread raises StorageError, as a lost connection does."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.connection = connect(url, autocommit=True)
        self.connection.execute(f"LISTEN {COMMITS_CHANNEL}")

    def last_position(self) -> int:
        """The newest committed position (after listening: what was missed before)."""
        try:
            row = self.connection.execute(
                "SELECT coalesce(max(position), 0) FROM events").fetchone()
        except psycopg.Error as error:
            raise translate(error, self.url) from error
        return int(row[0]) if row else 0

    def wait(self, timeout: float) -> int | None:
        """The newest position heard within `timeout` seconds, None when none was;
        StorageError when the connection is lost."""
        newest: int | None = None
        try:
            # The first notification ends the wait; those already queued come with it.
            heard = [*self.connection.notifies(timeout=timeout, stop_after=1)]
            if heard:
                heard += self.connection.notifies(timeout=0)
        except psycopg.Error as error:
            raise translate(error, self.url) from error
        # Any role may notify the channel: what is not a position is not ours.
        for notify in heard:
            if notify.payload.isdigit():
                newest = max(newest or 0, int(notify.payload))
        return newest

    def interrupt(self) -> None:
        """End a wait on another thread now (it raises StorageError), and every wait after:
        the socket is shut down under it. Closing a window needs no timeout to run out."""
        # close() would wait for the waiting thread to let go of the connection; shutting
        # the socket wakes it. A socket already gone has nothing left to wake.
        with contextlib.suppress(OSError, psycopg.Error):
            with socket.socket(fileno=os.dup(self.connection.fileno())) as shared:
                shared.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.connection.close()
