"""The table of one projection class (`@domain.projection`): its records, read and written."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import sqlite_utils

from domain.core.elements import BaseElement
from domain.core.errors import ConfigurationError
from domain.core.storage.record_table import RecordTable
from domain.core.storage.sqlite.aggregate_queries import AggregateQueries, TableShape
from domain.core.storage.sqlite.tables import ElementTable
from domain.core.subscriber import Cursor, ProjectionStore, SqlParameters

# Each class's table, its SQL prepared once, not once per event a projector applies.
_TABLES: dict[type[BaseElement], ElementTable[BaseElement]] = {}


def record_table(projection_cls: type[BaseElement]) -> ElementTable[BaseElement]:
    """The projection's table: its fields' columns, keyed on its identifier."""
    table = _TABLES.get(projection_cls)
    if table is None:
        table = ElementTable(projection_cls)
        if table.children:
            raise ConfigurationError(f"{projection_cls.__name__}: a projection holds fields "
                                     "only, not associations")
        _TABLES[projection_cls] = table
    return table


def create_record_table(db: sqlite_utils.Database, projection_cls: type[BaseElement]) -> None:
    record_table(projection_cls).create(db)


class _Through:
    """The delivering store's `execute` (a rebuild renames its tables there) with the
    connection's `create_function`, as the aggregate queries need both."""

    def __init__(self, through: ProjectionStore, connection: sqlite3.Connection) -> None:
        self._through = through
        self.create_function: Callable[..., None] = connection.create_function

    def execute(self, sql: str, parameters: SqlParameters = ()) -> Cursor:
        return self._through.execute(sql, parameters)


class SqliteProjectionRecords(RecordTable):
    """A projection's records through the delivering store's `execute`: in its transaction,
    and in a rebuild's new tables while it rebuilds."""

    def __init__(self, through: ProjectionStore, connection: sqlite3.Connection,
                 location: str, projection_cls: type[BaseElement]) -> None:
        table = record_table(projection_cls)
        executor: Any = _Through(through, connection)  # duck-typed as the connection
        super().__init__(through, table, AggregateQueries(executor, location, TableShape(
            table.name, table.column_names, table.id_column)))
