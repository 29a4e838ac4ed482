"""Storage: a port (port.py) with two adapters, SQLite and PostgreSQL; this module picks the
adapter by the location: a server's address (location.server_address) is PostgreSQL's,
anything else a SQLite file. PostgreSQL's adapter is imported only when one is opened:
psycopg is an optional extra (`bookshelf-events[postgres]`)."""

from __future__ import annotations

import importlib.util

from domain.core.errors import ConfigurationError
from domain.core.storage.location import server_address
from domain.core.storage.port import CommitListening, EventResolver, Schema, Snapshot, Store
from domain.core.storage.reading import Reader
from domain.core.storage.search_index import SearchIndex
from domain.core.storage.server import listen_for_commits
from domain.core.storage.sqlite.backup import save_copy
from domain.core.storage.sqlite.connection import (
    MEMORY,
    engine_version,
    memory_uri,
    probe_write_lock,
    refuse_read_only_location,
    synchronous_for,
)
from domain.core.storage.sqlite.projection_records import (
    create_record_table as create_sqlite_record_table,
)
from domain.core.storage.sqlite.reader import SqliteReader
from domain.core.storage.sqlite.snapshot import SqliteSnapshot
from domain.core.storage.sqlite.store import SqliteStore
from domain.core.storage.sqlite.tables import table_name as record_table_name


def private_location(location: str) -> str:
    """`location` as every thread of this process opens it (":memory:" becomes one shared
    in-memory database, private to this process)."""
    return memory_uri() if location == MEMORY else location


def is_server(location: str) -> bool:
    """Whether `location` is a PostgreSQL server's address, not a SQLite file."""
    return server_address(location) is not None


def require_postgres(location: str) -> None:
    """Refuse (ConfigurationError, saying what to install) a server's address when psycopg
    is not installed."""
    if importlib.util.find_spec("psycopg") is None:
        raise ConfigurationError(
            f"{server_address(location)} is a PostgreSQL server, and PostgreSQL support is "
            "not installed: pip install 'bookshelf-events[postgres]' (psycopg 3)")


def open_store(location: str, schema: Schema, resolve_event: EventResolver,
               durability: str = "normal") -> Store:
    """Open (creating or migrating) the store at `location` for the calling thread.

    `durability` "normal" may lose the last commits on power loss; "full" syncs each one.
    """
    if is_server(location):
        require_postgres(location)
        from domain.core.storage.postgres.store import PostgresStore
        return PostgresStore(location, schema, resolve_event, durability)
    return SqliteStore(location, schema, resolve_event, durability)


def open_commit_listener(location: str) -> CommitListening | None:
    """A connection that hears other processes' commits on a server (LISTEN/NOTIFY: an
    idle process sends nothing); None for a SQLite file, whose readers ask instead
    (PRAGMA data_version)."""
    if not is_server(location):
        return None
    require_postgres(location)
    return listen_for_commits(location)


def create_record_table(db: object, projection_cls: type) -> None:
    """Create a projection class's table with the adapter's handle (`Projection.create_tables`)."""
    make = getattr(db, "create_record_table", None)
    if make is not None:  # PostgreSQL's handle
        make(projection_cls)
        return
    create_sqlite_record_table(db, projection_cls)  # type: ignore[arg-type]


def check_durability(durability: str) -> str:
    """`durability` if it is "normal" or "full"; ConfigurationError otherwise."""
    synchronous_for(durability)
    return durability


def open_reader(location: str, create_nothing: bool = False,
                resolve_event: EventResolver | None = None) -> Reader:
    """A read-only connection to the store at `location`, for the calling thread;
    `create_nothing`: not even the -wal and -shm files SQLite creates beside it.

    For a server's address, `resolve_event` (the registry's event_class) gives payloads in
    their class's field order, as SQLite stores them (jsonb keeps its own order)."""
    if is_server(location):
        require_postgres(location)
        from domain.core.storage.postgres.reader import PostgresReader
        return PostgresReader(location, resolve_event)
    return SqliteReader(location, create_nothing)


def open_snapshot(location: str) -> Snapshot:
    """One read-only transaction on the store at `location`, for the integrity check."""
    if is_server(location):
        require_postgres(location)
        from domain.core.storage.postgres.snapshot import PostgresSnapshot
        return PostgresSnapshot(location)
    return SqliteSnapshot(location)


__all__ = ["MEMORY", "Reader", "Schema", "SearchIndex", "Snapshot", "Store", "check_durability",
           "create_record_table", "record_table_name",
           "engine_version", "is_server", "require_postgres",
           "open_commit_listener", "open_reader", "open_snapshot",
           "open_store", "private_location", "probe_write_lock", "refuse_read_only_location",
           "save_copy"]
