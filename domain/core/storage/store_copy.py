"""`copy_store`: a new store, on either backend, with what another holds as of one moment
(storage/copying.py does the copying; this opens the two sides)."""

from __future__ import annotations

from pathlib import Path

from domain.core.errors import StorageError
from domain.core.storage.copying import (
    SEARCH_INDEX,
    CopyCounts,
    CopySource,
    CopyTarget,
    copy_tables,
    refusals,
    source_tables,
)
from domain.core.storage.location import server_address
from domain.core.storage.port import EventResolver, Schema
from domain.core.storage.sqlite.copying import (
    SqliteCopySource,
    SqliteCopyTarget,
    refuse_existing,
    remove_file,
)
from domain.core.storage.sqlite.store import SqliteStore


def _is_server(location: str) -> bool:
    return server_address(location) is not None


def _source(location: str, resolve_event: EventResolver) -> CopySource:
    if _is_server(location):
        from domain.core.storage.postgres.copying import PostgresCopySource
        return PostgresCopySource(location, resolve_event)
    return SqliteCopySource(location)


def _target(location: str, schema: Schema, resolve_event: EventResolver) -> CopyTarget:
    """The new store with its tables made (StorageError, nothing made, when `location`
    holds one already)."""
    if _is_server(location):
        from domain.core.storage.postgres.copying import (
            PostgresCopyTarget,
            drop_store,
            refuse_filled,
        )
        from domain.core.storage.postgres.store import PostgresStore
        had_tables = refuse_filled(location)
        try:
            PostgresStore(location, schema, resolve_event).close()
            return PostgresCopyTarget(location, had_tables)
        except BaseException:
            if not had_tables:
                drop_store(location)
            raise
    refuse_existing(Path(location))
    try:
        SqliteStore(location, schema, resolve_event).close()
        return SqliteCopyTarget(location)
    except BaseException:
        remove_file(Path(location))
        raise


def copy_store(source: str, target: str, schema: Schema, resolve_event: EventResolver
               ) -> CopyCounts:
    """Copy the store at `source` into a new one at `target` (a file that does not exist,
    or a database whose tables hold no rows), as of one moment of the source while others
    write to it: events (their positions kept), aggregates, positions, failures, commands,
    states and projections; the search index is made again in the copy when it is first
    opened. The counts to verify; StorageError, the target as it was, when it cannot be
    made (a value the target cannot hold is named, and nothing is written)."""
    reading = _source(source, resolve_event)  # first: a source that cannot be read makes nothing
    try:
        scanned = False
        if _is_server(target):
            # Scanned before the target is made: a refused copy changes nothing there.
            from domain.core.storage.postgres.copying import NulRule
            refused = refusals(reading, NulRule(), source_tables(reading))
            if refused:
                raise StorageError(f"{server_address(target)} cannot hold what the source "
                                   f"stores: {'; '.join(refused)}. Nothing was copied.")
            scanned = True
        return copy_tables(reading, _target(target, schema, resolve_event), [SEARCH_INDEX],
                           scanned)
    finally:
        reading.close()


def remove_copy(target: str) -> None:
    """Undo a copy that did not verify: the file removed, or the database's tables emptied
    (it held no rows before: copy_store refuses any other)."""
    if _is_server(target):
        from domain.core.storage.postgres.copying import empty_store
        empty_store(target)
        return
    remove_file(Path(target))
