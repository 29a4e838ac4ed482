"""Opening a PostgreSQL store (issue 16, item 6): a server that cannot be reached, a
refused password, a missing database, another program's database or a newer schema each
say so, naming the server without its password; nothing is changed in any of them."""

from __future__ import annotations

import psycopg

from domain.core.errors import StorageError
from domain.core.storage.location import server_address
from domain.core.storage.postgres.schema import SCHEMA_VERSION, migrate, schema_version

CONNECT_TIMEOUT_S = 5
# SQLSTATEs a refused connection comes with (PostgreSQL's errcodes).
REFUSED_PASSWORD = "28P01"
REFUSED_ROLE = "28000"
NO_DATABASE = "3D000"


def shown(url: str) -> str:
    return server_address(url) or "the PostgreSQL server"


def connect(url: str) -> psycopg.Connection:
    """A connection to `url` (its password, if any, from the address, PGPASSWORD or
    ~/.pgpass, as libpq finds it); StorageError saying why not."""
    try:
        return psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S)
    except psycopg.Error as error:
        raise StorageError(f"{shown(url)}: {_reason(error)}. Nothing was changed.") from None


def _reason(error: psycopg.Error) -> str:
    # A refused connection has no SQLSTATE in psycopg: the server's words say which.
    text = str(error)
    if error.sqlstate == REFUSED_PASSWORD or "password authentication failed" in text:
        return "the server refused the password"
    if error.sqlstate == NO_DATABASE or ('database "' in text and "does not exist" in text):
        return "the server has no such database"
    if error.sqlstate == REFUSED_ROLE or ("role \"" in text and "does not exist" in text):
        return "the server has no such user"
    # libpq's own words for the rest (they never hold the password): the first line says
    # what failed ("Connection refused", "timeout expired"), not the hint after it.
    first = text.split("\n")[0].removeprefix("connection failed: ").strip()
    return f"could not connect ({first or type(error).__name__})"


def refuse_foreign(connection: psycopg.Connection, url: str) -> None:
    """Refuse a database that is not a bookshelf store (tables of its own and no schema
    of ours) or whose schema is newer than this version knows; reads only the catalog."""
    version = schema_version(connection)
    if version > SCHEMA_VERSION:
        raise StorageError(
            f"{shown(url)} was written by a newer Bookshelf Events (schema {version}; this "
            f"version knows up to {SCHEMA_VERSION}). It was left unchanged.")
    if version == 0:
        row = connection.execute(
            "SELECT count(*) FROM information_schema.tables"
            " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')").fetchone()
        if row and row[0]:
            raise StorageError(f"{shown(url)} holds another program's tables, not a bookshelf "
                               "store. It was left unchanged.")
    connection.rollback()  # the reads above opened a transaction


def open_database(url: str) -> psycopg.Connection:
    """A connection to a bookshelf store at `url`, its schema brought up to date (a new,
    empty database becomes one); StorageError, nothing changed, when it cannot be."""
    connection = connect(url)
    try:
        refuse_foreign(connection, url)
        migrate(connection)
    except psycopg.Error as error:
        connection.close()
        raise StorageError(f"{shown(url)}: {_reason(error)}. Nothing was changed.") from None
    except StorageError:
        connection.close()
        raise
    return connection
