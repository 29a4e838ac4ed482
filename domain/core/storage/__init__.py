"""Storage: a port (port.py) with its adapters, SQLite and PostgreSQL; this module picks one."""

from __future__ import annotations

from domain.core.errors import StorageError
from domain.core.storage.location import server_address
from domain.core.storage.port import EventResolver, Schema, Snapshot, Store
from domain.core.storage.reading import Reader
from domain.core.storage.search_index import SearchIndex
from domain.core.storage.sqlite.backup import save_copy
from domain.core.storage.sqlite.connection import (
    MEMORY,
    engine_version,
    memory_uri,
    probe_write_lock,
    refuse_read_only_location,
    synchronous_for,
)
from domain.core.storage.sqlite.projection_records import create_record_table
from domain.core.storage.sqlite.reader import SqliteReader
from domain.core.storage.sqlite.snapshot import SqliteSnapshot
from domain.core.storage.sqlite.store import SqliteStore
from domain.core.storage.sqlite.tables import table_name as record_table_name


def private_location(location: str) -> str:
    """`location` as every thread of this process opens it (":memory:" becomes one shared
    in-memory database, private to this process)."""
    return memory_uri() if location == MEMORY else location


def open_store(location: str, schema: Schema, resolve_event: EventResolver,
               durability: str = "normal") -> Store:
    """Open (creating or migrating) the store at `location` for the calling thread.

    `durability` "normal" may lose the last commits on power loss; "full" syncs each one.
    """
    return SqliteStore(location, schema, resolve_event, durability)


def check_durability(durability: str) -> str:
    """`durability` if it is "normal" or "full"; ConfigurationError otherwise."""
    synchronous_for(durability)
    return durability


def open_reader(location: str, create_nothing: bool = False,
                resolve_event: EventResolver | None = None) -> Reader:
    """A read-only connection to the store at `location`, for the calling thread;
    `create_nothing`: not even the -wal and -shm files SQLite creates beside it.

    A PostgreSQL address opens a reader of that server's store; `resolve_event` (the
    registry's event_class) gives its payloads in their class's field order, as SQLite
    stored them (jsonb keeps its own)."""
    if server_address(location) is not None:
        return _postgres_reader(location, resolve_event)
    return SqliteReader(location, create_nothing)


def _postgres_reader(location: str, resolve_event: EventResolver | None) -> Reader:
    # psycopg is an optional extra: imported only when a server is asked for.
    try:
        from domain.core.storage.postgres.reader import PostgresReader
    except ImportError as error:
        raise StorageError(f"{server_address(location)} is a PostgreSQL server, and reading "
                           f"it needs psycopg ({error.name or 'psycopg'} is missing): pip "
                           "install 'bookshelf-events[postgres]'") from None
    return PostgresReader(location, resolve_event)


def open_snapshot(location: str) -> Snapshot:
    """One read-only transaction on the store at `location`, for the integrity check."""
    return SqliteSnapshot(location)


__all__ = ["MEMORY", "Reader", "Schema", "SearchIndex", "Snapshot", "Store", "check_durability",
           "create_record_table", "record_table_name",
           "engine_version",
           "open_reader", "open_snapshot",
           "open_store", "private_location", "probe_write_lock", "refuse_read_only_location",
           "save_copy"]
