"""PostgreSQL's own check of its tables and indexes, the amcheck extension (contrib): what
PRAGMA integrity_check is on SQLite. Where it cannot be had (not installed on the server,
or this role may not create or run it) the check says so in a note, not as damage: the
store may be sound, only unchecked by the server."""

from __future__ import annotations

from typing import Any

import attrs
import psycopg

from domain.core.storage.renaming import quoted

# Our tables and each of their B-tree indexes, in the current schema.
TABLES_SQL = (
    "SELECT c.oid::regclass::text FROM pg_class AS c WHERE c.relkind = 'r'"
    " AND c.relnamespace = to_regnamespace(current_schema()) ORDER BY c.relname")
INDEXES_SQL = (
    "SELECT i.indexrelid::regclass::text FROM pg_index AS i"
    " JOIN pg_class AS t ON t.oid = i.indrelid JOIN pg_class AS c ON c.oid = i.indexrelid"
    " JOIN pg_am AS a ON a.oid = c.relam WHERE a.amname = 'btree'"
    " AND t.relnamespace = to_regnamespace(current_schema()) {which} ORDER BY c.relname")
NOT_CHECKED = "PostgreSQL's checks of tables and indexes (amcheck) were not run"


@attrs.define
class Amcheck:
    """amcheck as this connection may use it: the schema its functions are in, or None
    with `notes` saying why not."""

    schema: str | None
    notes: list[str] = attrs.Factory(list)

    @classmethod
    def prepare(cls, connection: psycopg.Connection[Any]) -> Amcheck:
        """Find amcheck, creating it when the server has it and this role may (outside a
        transaction: `connection` is in autocommit)."""
        schema = _installed(connection)
        if schema is not None:
            return cls(schema)
        available = connection.execute(
            "SELECT 1 FROM pg_available_extensions WHERE name = 'amcheck'").fetchone()
        if not available:
            return cls(None, [f"{NOT_CHECKED}: the server does not have the extension "
                              "(it is in PostgreSQL's contrib package)"])
        try:
            connection.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        except psycopg.Error as error:
            return cls(None, [f"{NOT_CHECKED}: this role may not create the extension "
                              f"({_first_line(error)}); a superuser can, with CREATE "
                              "EXTENSION amcheck"])
        return cls(_installed(connection))

    def damage(self, connection: psycopg.Connection[Any], thorough: bool) -> list[str]:
        """amcheck's findings on every table and B-tree index of the current schema
        (`thorough`: every row against its indexes too); none found or not checked: []."""
        if self.schema is None:
            return []
        found: list[str] = []
        heap = f"{quoted(self.schema)}.verify_heapam"
        btree = f"{quoted(self.schema)}.bt_index_check"
        which = "" if thorough else "AND t.relname = 'events'"
        indexes = [row[0] for row in connection.execute(INDEXES_SQL.format(which=which))]
        tables = [row[0] for row in connection.execute(TABLES_SQL)] if thorough else []
        for table in tables:
            rows = self._run(connection, f"SELECT blkno, offnum, msg FROM {heap}(%s::regclass)",
                             (table,), found, f"table {table}")
            found += [f"table {table}, block {block}, item {item}: {message}"
                      for block, item, message in rows or ()]
            if self.schema is None:
                return found
        for index in indexes:
            self._run(connection, f"SELECT {btree}(%s::regclass, %s)", (index, thorough),
                      found, f"index {index}")
            if self.schema is None:
                break
        return found

    def _run(self, connection: psycopg.Connection[Any], sql: str, parameters: tuple[Any, ...],
             found: list[str], what: str) -> list[tuple[Any, ...]] | None:
        """One amcheck call in a savepoint: its rows; a corruption it raises goes in
        `found`; a refusal to run it becomes a note and ends amcheck's part."""
        try:
            with connection.transaction():
                return connection.execute(sql, parameters).fetchall()
        except psycopg.errors.InsufficientPrivilege as error:
            self.schema = None
            self.notes.append(f"{NOT_CHECKED}: this role may not run them "
                              f"({_first_line(error)})")
        except psycopg.errors.OperationalError:
            raise
        except psycopg.Error as error:
            found.append(f"amcheck, {what}: {_first_line(error)}")
        return None


def _installed(connection: psycopg.Connection[Any]) -> str | None:
    row = connection.execute(
        "SELECT n.nspname FROM pg_extension AS e JOIN pg_namespace AS n"
        " ON n.oid = e.extnamespace WHERE e.extname = 'amcheck'").fetchone()
    return str(row[0]) if row else None


def _first_line(error: psycopg.Error) -> str:
    said = (error.diag.message_primary if error.diag is not None else None) or str(error)
    return said.splitlines()[0] if said else type(error).__name__
