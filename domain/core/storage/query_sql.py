"""The SQL of an AggregateQuery in either backend's dialect: the ids of the matching rows, and
their count. Values are always parameters, written `?` (the PostgreSQL store translates)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import Enum
from typing import NamedTuple

import attrs

from domain.core.errors import ValidationError
from domain.core.storage.query import AggregateQuery, Condition, Criterion
from domain.core.subscriber import SqlValue

Clause = tuple[str, list[SqlValue]]


def identifier(name: str) -> str:
    """A table or column name, quoted; anything else is refused."""
    if not name.isidentifier():
        raise ValueError(f"not a table or column name: {name!r}")
    return f'"{name}"'


@attrs.frozen
class Dialect:
    """Where the two backends' SQL differs in a query."""

    name: str
    true: str
    false: str
    # `{column}` holds the parameter, taken literally.
    contains: str
    # The LIMIT that is none.
    no_limit: SqlValue
    # What orders ties: the order rows were first written in.
    written_order: str
    # Text compared whatever its case, for a text that is not ASCII (ASCII takes LIKE or
    # ILIKE, which can use an index for an equality).
    folded_equal: str
    folded_contains: str
    like: str
    # Whether the text is casefolded here (Python's Unicode folding, which SQLite's
    # registered query_casefold matches) or left for the database's lower().
    casefold_here: bool = True


# SQLite's LIKE folds ASCII case; `query_casefold` is registered on the connection
# (AggregateQueries) for the rest.
SQLITE = Dialect("sqlite", "1", "0", "instr({column}, ?) > 0", -1, "rowid",
                 "query_casefold({column}) = ?", "instr(query_casefold({column}), ?) > 0",
                 "LIKE")
# PostgreSQL has no rowid: its tables number rows as first inserted (`_row`, tables.py).
# PostgreSQL folds case with lower() on both sides: Python's casefold() would make
# "Straße" "strasse", which lower() of the stored "Straße" never equals.
POSTGRESQL = Dialect("postgresql", "TRUE", "FALSE", "strpos({column}, ?) > 0", None,
                     '"_row"', "lower({column}) = lower(?)",
                     "strpos(lower({column}), lower(?)) > 0", "ILIKE", casefold_here=False)


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


def _case_insensitive(column: str, text: str, contains: bool, dialect: Dialect) -> Clause:
    if text.isascii():
        # LIKE folds ASCII case, and uses the column's index for an equality.
        pattern = f"%{_escaped(text)}%" if contains else _escaped(text)
        return f"{column} {dialect.like} ? ESCAPE '\\'", [pattern]
    folded = text.casefold() if dialect.casefold_here else text
    if contains:
        return dialect.folded_contains.format(column=column), [folded]
    return dialect.folded_equal.format(column=column), [folded]


def _in(condition: Condition, column: str, dialect: Dialect) -> Clause:
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
    return ("(" + " OR ".join(tests) + ")" if tests else dialect.false), present


_COMPARISONS = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


class TableShape(NamedTuple):
    """What a query needs to know of an aggregate's table: its name, the column of each
    field (`referenced_as` may rename one) and the key column (a custom identity's)."""

    name: str
    columns: Mapping[str, str] = {}
    id_column: str = "id"

    def column(self, field: str) -> str:
        return identifier(self.columns.get(field, field))


def condition_clause(condition: Condition, table: TableShape = TableShape(""),
                     dialect: Dialect = SQLITE) -> Clause:
    """One condition as an SQL test and its parameters; values are always parameters."""
    column = table.column(condition.field)
    lookup = condition.lookup
    if lookup == "in":
        return _in(condition, column, dialect)
    if lookup in ("iexact", "icontains"):
        return _case_insensitive(column, _text(condition), lookup == "icontains", dialect)
    if lookup == "contains":
        # instr() and strpos() take the text literally: no pattern to escape.
        return dialect.contains.format(column=column), [_text(condition)]
    value = _bound(condition, condition.value)
    if lookup == "exact":
        return (f"{column} IS NULL", []) if value is None else (f"{column} = ?", [value])
    if value is None:
        raise ValidationError({condition.field: [
            f"the {lookup} lookup cannot compare with None (use exact=None)"]})
    return f"{column} {_COMPARISONS[lookup]} ?", [value]


def _all_of(clauses: Iterable[Clause], dialect: Dialect) -> Clause:
    """Tests that must all hold, with their parameters in order."""
    tests, parameters = [], []
    for test, values in clauses:
        tests.append(test)
        parameters.extend(values)
    return (" AND ".join(tests) if tests else dialect.true), parameters


def _criterion_clause(criterion: Criterion, table: TableShape, dialect: Dialect) -> Clause:
    test, parameters = _all_of((condition_clause(condition, table, dialect)
                                for condition in criterion.conditions), dialect)
    if criterion.negated:
        # A test on a missing value (NULL) is unknown, not false: counted as not matching,
        # so that an exclude keeps the rows whose field is empty.
        return f"NOT coalesce(({test}), {dialect.false})", parameters
    return f"({test})", parameters


def where_clause(query: AggregateQuery, table: TableShape, dialect: Dialect = SQLITE
                 ) -> Clause:
    return _all_of((_criterion_clause(criterion, table, dialect)
                    for criterion in query.criteria), dialect)


def count_sql(table: TableShape, query: AggregateQuery, dialect: Dialect = SQLITE) -> Clause:
    """How many rows match: counted by the database, no row is read into Python."""
    where, parameters = where_clause(query, table, dialect)
    return f"SELECT count(*) FROM {identifier(table.name)} WHERE {where}", parameters


def ids_sql(table: TableShape, query: AggregateQuery, dialect: Dialect = SQLITE) -> Clause:
    """The ids of the matching rows, in the query's order, then as they were stored (an
    id is random), the window of `offset` and `limit` only."""
    where, parameters = where_clause(query, table, dialect)
    terms = [f"{table.column(ordering.field)} {'DESC' if ordering.descending else 'ASC'}"
             for ordering in query.order]
    order = ", ".join([*terms, f"{dialect.written_order} ASC"])
    limit = dialect.no_limit if query.limit is None else query.limit
    sql = (f"SELECT {identifier(table.id_column)} FROM {identifier(table.name)} "
           f"WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?")
    return sql, [*parameters, limit, query.offset]
