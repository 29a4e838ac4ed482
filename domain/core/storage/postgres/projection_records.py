"""The table of one projection class (`@domain.projection`) on PostgreSQL."""

from __future__ import annotations

from domain.core.elements import BaseElement
from domain.core.storage.postgres.aggregates import bound
from domain.core.storage.query import AggregateQuery
from domain.core.storage.query_sql import POSTGRESQL, TableShape, count_sql, ids_sql
from domain.core.storage.record_table import RecordTable
from domain.core.storage.sqlite.tables import ElementTable
from domain.core.subscriber import ProjectionStore


class _Queries:
    """AggregateQueries' SQL in PostgreSQL's dialect, through the delivering store."""

    def __init__(self, through: ProjectionStore, shape: TableShape) -> None:
        self.through = through
        self.shape = shape

    def ids(self, query: AggregateQuery) -> list[str]:
        sql, parameters = ids_sql(self.shape, query, POSTGRESQL)
        return [str(row[0]) for row in self.through.execute(sql, parameters).fetchall()]

    def count(self, query: AggregateQuery) -> int:
        sql, parameters = count_sql(self.shape, query, POSTGRESQL)
        return int(self.through.execute(sql, parameters).fetchone()[0])


class PostgresProjectionRecords(RecordTable):
    """A projection's records through the delivering store's `execute` (a rebuild's store
    names its new tables)."""

    def __init__(self, through: ProjectionStore, table: ElementTable[BaseElement]) -> None:
        super().__init__(through, table, _Queries(through, TableShape(
            table.name, table.column_names, table.id_column)), bind=bound)
