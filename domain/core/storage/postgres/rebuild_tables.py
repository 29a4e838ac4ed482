"""A projection's tables made afresh in a schema of their own, to rebuild into while others
write to its own tables, and the swap that moves them into place."""

from __future__ import annotations

import secrets

from domain.core.storage.port import ProjectionTables, RebuildTables
from domain.core.storage.postgres.session import Session
from domain.core.storage.renaming import quoted, rename

# A rebuild's schema: this and a token; which projection it rebuilds is its comment
# (a name made of the projection's could be cut at 63 bytes, or begin another's).
SCHEMA_PREFIX = "bookshelf_rebuild_"
LEFTOVERS_SQL = ("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bookshelf\\_rebuild\\_%'"
                 " AND obj_description(oid, 'pg_namespace') = ?")


def _comment(projection: str) -> str:
    return f"rebuild of {projection}"


class PostgresRebuildTables(RebuildTables):
    """The projection's `create_tables`, run in a new schema: the same table and index
    names, nothing to rename but the schema. Swapping in drops the projection's tables and
    moves the new ones (their indexes go with them, under their own names) into the
    store's schema. The token tells this rebuild's schema from what a killed one left,
    which the next rebuild of the projection drops."""

    def __init__(self, store: Session, projection: ProjectionTables) -> None:
        self._store = store
        self._schema = SCHEMA_PREFIX + secrets.token_hex(8)
        comment = _comment(projection.name)
        with store.unit_of_work():
            for (leftover,) in store.execute(LEFTOVERS_SQL, (comment,)).fetchall():
                store.execute(f"DROP SCHEMA {quoted(leftover)} CASCADE")
            store.execute(f"CREATE SCHEMA {quoted(self._schema)}")
            store.execute(f"COMMENT ON SCHEMA {quoted(self._schema)} IS "
                          f"{store.literal(comment)}")
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
