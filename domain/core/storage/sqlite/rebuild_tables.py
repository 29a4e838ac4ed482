"""A projection's tables under other names, to rebuild into, and the swap that puts them in use."""

from __future__ import annotations

import re
import secrets
import sqlite3
from contextlib import closing

import attrs
import sqlite_utils

from domain.core.errors import ConfigurationError
from domain.core.storage.port import ProjectionTables, RebuildTables, Store
from domain.core.storage.renaming import quoted, rename

MARK = "__rebuild_"
@attrs.frozen
class SchemaItem:
    """A table or an index as the projection's `create_tables` makes it."""

    kind: str  # "table" or "index"
    name: str
    sql: str


def projection_schema(projection: ProjectionTables) -> list[SchemaItem]:
    """What `projection.create_tables` makes, read back from a private in-memory database."""
    with closing(sqlite3.connect(":memory:")) as scratch:
        projection.create_tables(sqlite_utils.Database(scratch))
        # A virtual table's shadow tables (FTS5's) come and go with it: never named here.
        shadows = {str(row[0]) for row in scratch.execute(
            "SELECT name FROM pragma_table_list WHERE type = 'shadow'")}
        items = [SchemaItem(kind, name, sql) for kind, name, sql in scratch.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")
            if name not in shadows]
        columns = {str(row[1]).lower() for item in items if item.kind == "table"
                   for row in scratch.execute(f'PRAGMA table_info("{item.name}")')}
    names = {item.name.lower() for item in items}
    if any(item.kind not in ("table", "index") for item in items):
        raise ConfigurationError(f"{projection.name} creates more than tables and indexes: "
                                 "a rebuild renames only those")
    if columns & names:
        # Its SQL is renamed word by word: such a column would be renamed too.
        raise ConfigurationError(f"{projection.name} has a column named like one of its tables "
                                 f"or indexes ({', '.join(sorted(columns & names))})")
    return items


class SqliteRebuildTables(RebuildTables):
    """A projection's tables and indexes made afresh as `<name>__rebuild_<token>`.

    The token tells this rebuild's tables from what a killed one left: those are dropped
    when the next rebuild of the projection starts, and nothing else ever reads them.
    """

    def __init__(self, store: Store, projection: ProjectionTables) -> None:
        self._store = store
        self._items = projection_schema(projection)
        suffix = MARK + secrets.token_hex(4)
        self._bare = {item.name.lower(): item.name + suffix for item in self._items}
        self._names = {old: quoted(new) for old, new in self._bare.items()}
        self._renamed: dict[str, str] = {}
        self._tables = [item.name for item in self._items if item.kind == "table"]
        with store.unit_of_work():
            for table in self._tables:
                self._drop_leftovers(table)
            for item in self._items:
                store.execute(rename(item.sql, self._names))

    def _drop_leftovers(self, table: str) -> None:
        pattern = re.sub(r"([\\%_])", r"\\\1", table + MARK) + "%"
        # Not the shadow tables of a virtual one: they go with it.
        for (name,) in self._store.execute(
                "SELECT name FROM pragma_table_list WHERE type IN ('table', 'virtual')"
                " AND name LIKE ? ESCAPE '\\'", (pattern,)).fetchall():
            self._store.execute(f'DROP TABLE IF EXISTS "{name}"')

    def rename(self, sql: str) -> str:
        # Projections run the same few statements for every event: rename each once.
        renamed = self._renamed.get(sql)
        if renamed is None:
            renamed = self._renamed[sql] = rename(sql, self._names)
        return renamed

    def swap_in(self) -> None:
        execute = self._store.execute
        for table in self._tables:
            execute(f'DROP TABLE IF EXISTS "{table}"')  # its indexes go with it
        for item in self._items:
            if item.kind == "index":
                # An index keeps its name through a table's RENAME: made again under its own,
                # or the next open's `create_index(if_not_exists=True)` would add a second.
                execute(f"DROP INDEX {self._names[item.name.lower()]}")
        for table in self._tables:
            execute(f"ALTER TABLE {self._names[table.lower()]} RENAME TO {quoted(table)}")
        for item in self._items:
            if item.kind == "index":
                execute(item.sql)

    def drop(self) -> None:
        with self._store.unit_of_work():
            for table in self._tables:
                self._store.execute(f"DROP TABLE IF EXISTS {self._names[table.lower()]}")
