"""One lock per database file for this process's writers, taken around each transaction."""

from __future__ import annotations

import os
import threading

from domain.core.storage.sqlite.connection import is_memory

_locks: dict[str, threading.RLock] = {}
_guard = threading.Lock()


def write_lock(location: str) -> threading.RLock:
    """The lock every connection of this process to `location` takes before BEGIN IMMEDIATE.

    The engine's worker and its delivery threads write to one file from several
    connections. Left to SQLite they would meet its busy handler, which sleeps 1 to 100 ms
    between tries; queued on a lock, the next writer starts the moment the last commits.
    Other processes still wait in the busy handler.
    """
    key = location if is_memory(location) else os.path.realpath(location)
    with _guard:
        lock = _locks.get(key)
        if lock is None:
            lock = _locks[key] = threading.RLock()
        return lock
