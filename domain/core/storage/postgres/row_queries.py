"""The SQL of a RowQuery on PostgreSQL: a projection table's rows counted, windowed and
located, in the order SQLite's row_queries gives them."""

from __future__ import annotations

from collections.abc import Collection

from domain.core.storage.query_sql import identifier
from domain.core.storage.row_query import RowQuery, SortKey
from domain.core.subscriber import SqlValue

ASCII_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def like_pattern(text: str) -> str:
    """`text` anywhere, with LIKE's `%`, `_` and `\\` taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def nocase(expression: str) -> str:
    """SQLite's NOCASE: A-Z folded, nothing else, then compared byte by byte. An index on a
    table sorted this way must be on this very expression for PostgreSQL to walk it."""
    return f"translate({expression}, '{ASCII_UPPER}', '{ASCII_UPPER.lower()}') COLLATE \"C\""


def contains_clause(columns: Collection[str], text: str) -> tuple[str, list[SqlValue]]:
    """One of `columns` holds `text`, taken literally, whatever its case: A-Z alone for an
    ASCII text (as SQLite's LIKE), else lower case on both sides (SQLite's reader uses
    casefold, which PostgreSQL lacks: they differ on "ß", which lower case keeps)."""
    if text.isascii():
        tests = [f"{nocase(identifier(column))} LIKE %s" for column in columns]
        return "(" + " OR ".join(tests) + ")", [like_pattern(text.lower()) for _ in columns]
    tests = [f"strpos(lower({identifier(column)}), %s) > 0" for column in columns]
    return "(" + " OR ".join(tests) + ")", [text.lower() for _ in columns]


def sort_term(key: SortKey) -> str:
    """The column as it is compared: text byte by byte, as SQLite compares it."""
    column = identifier(key.column)
    if key.compare == "nocase":
        return nocase(column)
    return column


def _where(query: RowQuery) -> tuple[str, list[SqlValue]]:
    if not query.filtered:
        return "TRUE", []
    return contains_clause(query.text_columns, query.text)


# Ties go by the order rows were first written, as SQLite's rowid gives them: every
# table here numbers its rows in `_row` (tables.py), which ends each of its indexes.
TIE = '"_row"'


def _tie(query: RowQuery) -> str:
    return TIE


def count_sql(query: RowQuery) -> tuple[str, list[SqlValue]]:
    where, parameters = _where(query)
    return f"SELECT count(*) FROM {identifier(query.table)} WHERE {where}", parameters


def window_sql(query: RowQuery, offset: int, limit: int) -> tuple[str, list[SqlValue]]:
    where, parameters = _where(query)
    # NULL first, as SQLite sorts it (PostgreSQL puts it last).
    direction = "DESC NULLS LAST" if query.descending else "ASC NULLS FIRST"
    sql = (f"SELECT * FROM {identifier(query.table)} WHERE {where}"
           f" ORDER BY {sort_term(query.sort)} {direction}, {_tie(query)} {direction}"
           " LIMIT %s OFFSET %s")
    return sql, [*parameters, limit, offset]


def sort_value_sql(query: RowQuery) -> tuple[str, list[SqlValue]]:
    """The sort value and the written order of the row of one key (its parameter comes
    first), if it passes the filter."""
    where, parameters = _where(query)
    sql = (f"SELECT {sort_term(query.sort)}, {TIE}"
           f" FROM {identifier(query.table)} WHERE {identifier(query.key)} = %s AND {where}")
    return sql, parameters


def rows_before_sql(query: RowQuery, value: SqlValue, row: SqlValue
                    ) -> tuple[str, list[SqlValue]]:
    """How many rows come before the row of (`value`, `row`: its written order) in the
    query's order: a row value comparison, which an index on (sort, `_row`) answers as
    one range."""
    where, parameters = _where(query)
    before = ">" if query.descending else "<"
    sql = (f"SELECT count(*) FROM {identifier(query.table)} WHERE"
           f" ({sort_term(query.sort)}, {_tie(query)}) {before} (%s, %s)"
           f" AND {where}")
    return sql, [value, row, *parameters]
