"""Aggregate rows on PostgreSQL: read with their entities, written under a version guard."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import psycopg

from domain.core.elements import BaseAggregate, BaseElement
from domain.core.errors import ExpectedVersionError
from domain.core.fields import Boolean
from domain.core.storage.port import AggregateRows, AggregateState
from domain.core.storage.postgres.session import Statements
from domain.core.storage.query import AggregateQuery
from domain.core.storage.query_sql import POSTGRESQL, TableShape, count_sql, ids_sql
from domain.core.storage.sqlite.tables import ElementTable
from domain.core.subscriber import Row
from domain.core.versions import after_write, is_new

RECORD_SQL = "INSERT INTO aggregate_states (position, version, state) VALUES (?, ?, ?::jsonb)"
# A write that raised no event: the next key below every other (as on SQLite).
RECORD_QUIET_SQL = (
    "INSERT INTO aggregate_states (position, stream, version, sequence, state) VALUES"
    " ((SELECT least(0, coalesce(min(position), 0)) - 1 FROM aggregate_states), ?, ?, ?,"
    " ?::jsonb)")


def bound(values: Sequence[object]) -> list[Any]:
    """Values as the tables hold them: a boolean is the integer SQLite stores it as."""
    return [int(value) if isinstance(value, bool) else value for value in values]


def state_document(table: ElementTable[BaseElement], values: Sequence[object],
                   children: Sequence[Sequence[Sequence[object]]]) -> str:
    """The state the history keeps, as SQLite's JSON functions make it (tables.py):
    fields by name, a boolean as true or false, JSON values nested."""
    document = table.document(values, children)
    for name, field in table.columns.items():
        if isinstance(field, Boolean) and isinstance(document[name], int):
            document[name] = bool(document[name])
    return json.dumps(document, ensure_ascii=False)


class PostgresAggregateRows(AggregateRows):
    """The table of one aggregate class and its entities' tables, on the store's connection."""

    def __init__(self, store: Statements, table: ElementTable[BaseAggregate]) -> None:
        self.store = store
        self.table = table
        self.shape = TableShape(table.name, table.column_names, table.id_column)

    def read(self, aggregate_id: str) -> BaseAggregate | None:
        execute = self.store.execute
        row = execute(self.table.select_sql, (aggregate_id,)).fetchone()
        if row is None:
            return None
        child_rows: dict[str, list[Row]] = {
            name: execute(child.select_children_sql, (row[0],)).fetchall()
            for name, child in self.table.children.items()}
        return self.table.loaded(row, child_rows)

    def select(self, query: AggregateQuery) -> list[BaseAggregate]:
        sql, parameters = ids_sql(self.shape, query, POSTGRESQL)
        ids = [str(row[0]) for row in self.store.execute(sql, parameters).fetchall()]
        found = (self.read(aggregate_id) for aggregate_id in ids)
        return [aggregate for aggregate in found if aggregate is not None]

    def count(self, query: AggregateQuery) -> int:
        sql, parameters = count_sql(self.shape, query, POSTGRESQL)
        row = self.store.execute(sql, parameters).fetchone()
        return int(row[0]) if row else 0

    def state(self, aggregate: BaseAggregate) -> AggregateState:
        return (
            tuple(bound(self.table.values(aggregate))),
            tuple(
                tuple(tuple(bound(child.values(entity)))
                      for entity in self.table.child_entities(aggregate, name))
                for name, child in self.table.children.items()
            ),
        )

    def record(self, aggregate: BaseAggregate, state: AggregateState, version: int,
               sequence: int, position: int | None) -> None:
        values, children = state
        document = state_document(self.table, values, children)  # type: ignore[arg-type]
        if position is not None:
            self.store.defer(RECORD_SQL, (position, version, document))
            return
        stream = type(aggregate).stream_name(aggregate.id)  # as raise_ names its events
        self.store.defer(RECORD_QUIET_SQL, (stream, version, sequence, document))

    def _write(self, aggregate: BaseAggregate, values: Sequence[object], version: int,
               sequence: int) -> None:
        name = type(aggregate).__name__
        if is_new(version):
            # DO NOTHING on the key, not a broken constraint: PostgreSQL would abort the
            # whole transaction, and this refusal is the caller's to handle.
            cursor = self.store.execute(
                f'{self.table.insert_sql} ON CONFLICT ("{self.table.id_column}") DO NOTHING',
                (*values, after_write(version), sequence))
            if cursor.rowcount == 0:
                raise ExpectedVersionError(f"{name} {aggregate.id} is already stored")
            return
        cursor = self.store.execute(
            self.table.update_sql,
            (*values[1:], after_write(version), sequence, values[0], version))
        if cursor.rowcount == 0:
            raise ExpectedVersionError(
                f"{name} {aggregate.id} was changed by someone else since version "
                f"{version} was read")

    def write(self, aggregate: BaseAggregate, values: Sequence[object],
              children: Sequence[Sequence[Sequence[object]]] | None, version: int,
              sequence: int) -> None:
        name = type(aggregate).__name__
        values = bound(values)
        self.table.unique_problems(self.store, aggregate, values)  # type: ignore[arg-type]
        try:
            self._write(aggregate, values, version, sequence)
        except psycopg.errors.UniqueViolation as error:
            # A unique index another row holds a value of (one `unique_problems` does not
            # see: a case-blind index), as SQLite's IntegrityError is told.
            raise ExpectedVersionError(f"{name} {aggregate.id} could not be stored: "
                                       f"{error.diag.message_primary}") from error
        if children is not None:
            for child, rows in zip(self.table.children.values(), children, strict=True):
                if not is_new(version):
                    self.store.execute(child.delete_children_sql, (values[0],))
                if rows:
                    self.store.executemany(
                        child.insert_sql,
                        [(*bound(row), values[0], index) for index, row in enumerate(rows)])
