"""The SQL of an AggregateQuery: the ids of the matching aggregate rows, and their count."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from enum import Enum
from typing import NamedTuple, cast

from domain.core.errors import ValidationError
from domain.core.storage.query import AggregateQuery, Condition, Criterion
from domain.core.storage.sqlite.errors import translated
from domain.core.storage.sqlite.row_queries import identifier
from domain.core.subscriber import SqlValue

Clause = tuple[str, list[SqlValue]]


def casefold(value: SqlValue) -> SqlValue:
    """Text as the i-lookups compare it (Unicode case folding); NULL and numbers as they are."""
    return value.casefold() if isinstance(value, str) else value


def _bound(condition: Condition, value: object) -> SqlValue:
    """A lookup's value as its column stores it, to be bound as a parameter."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float):
        return value
    raise ValidationError({condition.field: [
        f"cannot be compared with a {type(value).__name__} ({condition.lookup} lookup)"]})


def _text(condition: Condition) -> str:
    if not isinstance(condition.value, str):
        raise ValidationError({condition.field: [
            f"the {condition.lookup} lookup takes text, not {type(condition.value).__name__}"]})
    return condition.value


def _escaped(text: str) -> str:
    """`text` as a LIKE pattern matching it literally: % and _ are characters."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _case_insensitive(column: str, text: str, contains: bool) -> Clause:
    if text.isascii():
        # LIKE folds ASCII case, and uses the column's index for an equality.
        pattern = f"%{_escaped(text)}%" if contains else _escaped(text)
        return f"{column} LIKE ? ESCAPE '\\'", [pattern]
    if contains:
        return f"instr(query_casefold({column}), ?) > 0", [text.casefold()]
    return f"query_casefold({column}) = ?", [text.casefold()]


def _in(condition: Condition, column: str) -> Clause:
    values = condition.value
    if isinstance(values, str | bytes) or not isinstance(values, list | tuple | set | frozenset):
        raise ValidationError({condition.field: [
            f"the in lookup takes a list of values, not {type(values).__name__}"]})
    bound = [_bound(condition, value) for value in values]
    present: list[SqlValue] = [value for value in bound if value is not None]
    tests = []
    if present:
        tests.append(f"{column} IN ({', '.join('?' for _ in present)})")
    if len(present) < len(bound):
        tests.append(f"{column} IS NULL")  # None in the list means a missing value
    return ("(" + " OR ".join(tests) + ")" if tests else "0"), present


_COMPARISONS = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


class TableShape(NamedTuple):
    """What a query needs to know of an aggregate's table: its name, the column of each
    field (`referenced_as` may rename one) and the key column (a custom identity's)."""

    name: str
    columns: Mapping[str, str] = {}
    id_column: str = "id"

    def column(self, field: str) -> str:
        return identifier(self.columns.get(field, field))


def condition_clause(condition: Condition, table: TableShape = TableShape("")) -> Clause:
    """One condition as an SQL test and its parameters; values are always parameters."""
    column = table.column(condition.field)
    lookup = condition.lookup
    if lookup == "in":
        return _in(condition, column)
    if lookup in ("iexact", "icontains"):
        return _case_insensitive(column, _text(condition), contains=lookup == "icontains")
    if lookup == "contains":
        # instr() takes the text literally, whatever it holds: no pattern to escape.
        return f"instr({column}, ?) > 0", [_text(condition)]
    value = _bound(condition, condition.value)
    if lookup == "exact":
        return (f"{column} IS NULL", []) if value is None else (f"{column} = ?", [value])
    if value is None:
        raise ValidationError({condition.field: [
            f"the {lookup} lookup cannot compare with None (use exact=None)"]})
    return f"{column} {_COMPARISONS[lookup]} ?", [value]


def _all_of(clauses: Iterable[Clause]) -> Clause:
    """Tests that must all hold, with their parameters in order."""
    tests, parameters = [], []
    for test, values in clauses:
        tests.append(test)
        parameters.extend(values)
    return (" AND ".join(tests) if tests else "1"), parameters


def _criterion_clause(criterion: Criterion, table: TableShape) -> Clause:
    test, parameters = _all_of(condition_clause(condition, table)
                               for condition in criterion.conditions)
    if criterion.negated:
        # A test on a missing value (NULL) is unknown, not false: counted as not matching,
        # so that an exclude keeps the rows whose field is empty.
        return f"NOT coalesce(({test}), 0)", parameters
    return f"({test})", parameters


def where_clause(query: AggregateQuery, table: TableShape) -> Clause:
    return _all_of(_criterion_clause(criterion, table) for criterion in query.criteria)


def count_sql(table: TableShape, query: AggregateQuery) -> Clause:
    """How many rows match: counted by SQLite, no row is read into Python."""
    where, parameters = where_clause(query, table)
    return f"SELECT count(*) FROM {identifier(table.name)} WHERE {where}", parameters


def ids_sql(table: TableShape, query: AggregateQuery) -> Clause:
    """The ids of the matching rows, in the query's order, then as they were stored (by
    rowid: an id is random), the window of `offset` and `limit` only."""
    where, parameters = where_clause(query, table)
    terms = [f"{table.column(ordering.field)} {'DESC' if ordering.descending else 'ASC'}"
             for ordering in query.order]
    order = ", ".join([*terms, "rowid ASC"])
    limit = -1 if query.limit is None else query.limit  # SQLite: a negative LIMIT is none
    sql = (f"SELECT {identifier(table.id_column)} FROM {identifier(table.name)} "
           f"WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?")
    return sql, [*parameters, limit, query.offset]


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
