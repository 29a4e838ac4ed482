"""Runs the SQL of AggregateQueries (storage/query_sql.py) on a SQLite connection."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import cast

from domain.core.storage.query import AggregateQuery
from domain.core.storage.query_sql import (
    Clause,
    TableShape,
    casefold,
    condition_clause,
    count_sql,
    ids_sql,
)
from domain.core.storage.sqlite.errors import translated
from domain.core.subscriber import SqlValue

__all__ = ["AggregateQueries", "TableShape", "condition_clause", "count_sql", "ids_sql"]


class AggregateQueries:
    """Runs the queries of one aggregate table on one connection."""

    def __init__(self, connection: sqlite3.Connection, location: str, table: TableShape
                 ) -> None:
        self.connection = connection
        self.location = location
        self.table = table
        self._prepared = False

    def _execute(self, compiled: Callable[[TableShape, AggregateQuery], Clause],
                 query: AggregateQuery) -> list[tuple[SqlValue, ...]]:
        sql, parameters = compiled(self.table, query)  # a refused lookup raises here
        if not self._prepared:
            self.connection.create_function("query_casefold", 1, casefold, deterministic=True)
            self._prepared = True
        with translated(self.location):
            return self.connection.execute(sql, parameters).fetchall()

    def ids(self, query: AggregateQuery) -> list[str]:
        return [str(row[0]) for row in self._execute(ids_sql, query)]

    def count(self, query: AggregateQuery) -> int:
        (count,), = self._execute(count_sql, query)
        return int(cast(int, count))
