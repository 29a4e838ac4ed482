"""A projection's tables made afresh in a schema of their own, to rebuild into while others
write to its own tables, and the swap that moves them into place."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from domain.core.storage.port import ProjectionTables, RebuildTables
from domain.core.storage.renaming import quoted, rename

if TYPE_CHECKING:
    from domain.core.storage.postgres.store import PostgresStore

# A rebuild's schema: this, the projection's name made an identifier, and a token.
SCHEMA_PREFIX = "bookshelf_rebuild_"


def _schema_name(projection: str) -> str:
    return SCHEMA_PREFIX + "".join(c if c.isalnum() else "_" for c in projection.lower())


class PostgresRebuildTables(RebuildTables):
    """The projection's `create_tables`, run in a new schema: the same table and index
    names, nothing to rename but the schema. Swapping in drops the projection's tables and
    moves the new ones (their indexes go with them, under their own names) into the
    store's schema. The token tells this rebuild's schema from what a killed one left,
    which the next rebuild of the projection drops."""

    def __init__(self, store: PostgresStore, projection: ProjectionTables) -> None:
        self._store = store
        base = _schema_name(projection.name)
        self._schema = f"{base}_{secrets.token_hex(4)}"
        with store.unit_of_work():
            for (leftover,) in store.execute(
                    "SELECT nspname FROM pg_namespace WHERE nspname LIKE ? ESCAPE '\\'",
                    (base.replace("_", "\\_") + "\\_%",)).fetchall():
                store.execute(f"DROP SCHEMA {quoted(leftover)} CASCADE")
            store.execute(f"CREATE SCHEMA {quoted(self._schema)}")
            with store.searching(self._schema):
                projection.create_tables(store.db)
            self._tables = [str(row[0]) for row in store.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = ? ORDER BY tablename",
                (self._schema,)).fetchall()]
        self._names = {table.lower(): f"{quoted(self._schema)}.{quoted(table)}"
                       for table in self._tables}
        self._renamed: dict[str, str] = {}

    def rename(self, sql: str) -> str:
        renamed = self._renamed.get(sql)
        if renamed is None:
            renamed = self._renamed[sql] = rename(sql, self._names)
        return renamed

    def swap_in(self) -> None:
        execute = self._store.execute
        home = quoted(self._store.schema)
        for table in self._tables:
            execute(f"DROP TABLE IF EXISTS {home}.{quoted(table)} CASCADE")
        for table in self._tables:
            execute(f"ALTER TABLE {self._names[table.lower()]} SET SCHEMA {home}")
        execute(f"DROP SCHEMA {quoted(self._schema)} CASCADE")

    def drop(self) -> None:
        with self._store.unit_of_work():
            self._store.execute(f"DROP SCHEMA IF EXISTS {quoted(self._schema)} CASCADE")
