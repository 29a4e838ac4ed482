"""A consistent copy of a database, taken with SQLite's online backup while others write."""

from __future__ import annotations

import os
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

from domain.core.errors import StorageError
from domain.core.storage.sqlite.connection import connect
from domain.core.storage.sqlite.errors import translate


def save_copy(location: str, target: str | Path) -> int:
    """Copy the database at `location` to `target` (replaced if it exists); its size in bytes.

    The copy is the database as of one moment: the backup runs as one step inside one read
    transaction, which in WAL mode never blocks the writers (a stepwise backup would start
    over after every commit of another connection, and might never end while a simulation
    writes). It is written beside `target` and renamed over it at the end, so a full disk
    or a failure leaves no partial file and any older `target` as it was.
    """
    target = Path(target)
    if not target.parent.is_dir():
        raise StorageError(f"the folder {target.parent} does not exist")
    if target.exists() and target.resolve() == Path(location).resolve():
        raise StorageError(f"{target} is the database itself: choose another file")
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex}.partial")
    try:
        # create_nothing: a read-only window's copy leaves no -wal or -shm behind either.
        with closing(connect(location, read_only=True, create_nothing=True)) as source:
            try:
                with closing(sqlite3.connect(partial, isolation_level=None)) as copy:
                    source.backup(copy)
                    # A file that stands alone: no -wal beside it to carry along.
                    copy.execute("PRAGMA journal_mode = DELETE")
            except sqlite3.Error as error:
                raise translate(error, str(target)) from None
        os.replace(partial, target)
    except OSError as error:
        raise StorageError(f"{target} could not be written: {error.strerror or error}") from None
    finally:
        partial.unlink(missing_ok=True)
    return target.stat().st_size
