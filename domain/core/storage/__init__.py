"""Storage: a port (port.py) with one adapter, SQLite; this module picks the adapter."""

from __future__ import annotations

from domain.core.storage.port import EventResolver, Schema, Snapshot, Store
from domain.core.storage.reading import Reader
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
from domain.core.storage.sqlite.search_index import SearchIndex
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


def open_reader(location: str, create_nothing: bool = False) -> Reader:
    """A read-only connection to the store at `location`, for the calling thread;
    `create_nothing`: not even the -wal and -shm files SQLite creates beside it."""
    return SqliteReader(location, create_nothing)


def open_snapshot(location: str) -> Snapshot:
    """One read-only transaction on the store at `location`, for the integrity check."""
    return SqliteSnapshot(location)


__all__ = ["MEMORY", "Reader", "Schema", "SearchIndex", "Snapshot", "Store", "check_durability",
           "create_record_table", "record_table_name",
           "engine_version",
           "open_reader", "open_snapshot",
           "open_store", "private_location", "probe_write_lock", "refuse_read_only_location",
           "save_copy"]
