"""Aggregate rows in SQLite: read with their entities, written under a version guard."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from domain.core.elements import BaseAggregate
from domain.core.errors import ExpectedVersionError
from domain.core.storage.decoding import as_json
from domain.core.storage.port import AggregateRows, AggregateState
from domain.core.storage.query import AggregateQuery
from domain.core.storage.sqlite.aggregate_queries import AggregateQueries, TableShape
from domain.core.storage.sqlite.errors import translated
from domain.core.storage.sqlite.tables import ElementTable
from domain.core.versions import after_write, is_new


class SqliteAggregateRows(AggregateRows):
    """The table of one aggregate class and its entities' tables, on one connection."""

    def __init__(self, connection: sqlite3.Connection, location: str,
                 table: ElementTable[BaseAggregate]) -> None:
        self.connection = connection
        self.location = location
        self.table = table
        self.queries = AggregateQueries(
            connection, location, TableShape(table.name, table.column_names, table.id_column))

    def read(self, aggregate_id: str) -> BaseAggregate | None:
        with translated(self.location):
            row = self.connection.execute(self.table.select_sql, (aggregate_id,)).fetchone()
            if row is None:
                return None
            child_rows = {
                name: self.connection.execute(child.select_children_sql, (row[0],)).fetchall()
                for name, child in self.table.children.items()
            }
        return self.table.loaded(row, child_rows)

    def select(self, query: AggregateQuery) -> list[BaseAggregate]:
        # Each read as `read` reads it (children, version), so that is said in one place.
        found = (self.read(aggregate_id) for aggregate_id in self.queries.ids(query))
        return [aggregate for aggregate in found if aggregate is not None]

    def count(self, query: AggregateQuery) -> int:
        return self.queries.count(query)

    def state(self, aggregate: BaseAggregate) -> AggregateState:
        return (
            tuple(self.table.values(aggregate)),
            tuple(
                tuple(tuple(child.values(entity))
                      for entity in self.table.child_entities(aggregate, name))
                for name, child in self.table.children.items()
            ),
        )

    def record(self, aggregate: BaseAggregate, state: AggregateState, version: int,
               sequence: int, position: int | None) -> None:
        values, children = state
        rows = [as_json([child.document(row) for row in child_rows])
                for child, child_rows in zip(self.table.children.values(), children,
                                             strict=True)]
        with translated(self.location):
            if position is not None:
                self.connection.execute(self.table.record_sql,
                                        (position, version, *values, *rows))
                return
            stream = type(aggregate).stream_name(aggregate.id)  # as raise_ names its events
            self.connection.execute(self.table.record_quiet_sql,
                                    (stream, version, sequence, *values, *rows))

    def write(self, aggregate: BaseAggregate, values: Sequence[object],
              children: Sequence[Sequence[Sequence[object]]] | None, version: int,
              sequence: int) -> None:
        name = type(aggregate).__name__
        try:
            with translated(self.location):
                self.table.unique_problems(self.connection, aggregate, values)
                self._write(aggregate, values, children, version, sequence)
        except sqlite3.IntegrityError as error:
            raise ExpectedVersionError(f"{name} {aggregate.id} is already stored: {error}"
                                       ) from error

    def _write(self, aggregate: BaseAggregate, values: Sequence[object],
               children: Sequence[Sequence[Sequence[object]]] | None, version: int,
               sequence: int) -> None:
        name = type(aggregate).__name__
        if is_new(version):
            self.connection.execute(self.table.insert_sql, (*values, after_write(version),
                                                            sequence))
        else:
            cursor = self.connection.execute(
                self.table.update_sql,
                (*values[1:], after_write(version), sequence, values[0], version),
            )
            if cursor.rowcount == 0:
                raise ExpectedVersionError(
                    f"{name} {aggregate.id} was changed by someone else since version "
                    f"{version} was read"
                )
        if children is not None:
            # A row just inserted has no children yet: the unique id refused any other.
            self._replace_children(values[0], children, fresh=is_new(version))

    def _replace_children(self, aggregate_id: object,
                          children: Sequence[Sequence[Sequence[object]]],
                          fresh: bool = False) -> None:
        for child, rows in zip(self.table.children.values(), children, strict=True):
            if not fresh:
                self.connection.execute(child.delete_children_sql, (aggregate_id,))
            self.connection.executemany(
                child.insert_sql,
                [(*row, aggregate_id, index) for index, row in enumerate(rows)],
            )
