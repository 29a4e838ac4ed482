"""The SQL of a RowQuery: a projection table's rows counted, windowed and located, in order."""

from __future__ import annotations

from collections.abc import Collection

from domain.core.storage.query_sql import identifier
from domain.core.storage.row_query import RowQuery, SortKey
from domain.core.subscriber import SqlValue


def contains_clause(columns: Collection[str], text: str) -> tuple[str, list[SqlValue]]:
    """One of `columns` holds `text`, taken literally, whatever its case."""
    if text.isascii():
        # LIKE folds ASCII case; % and _ typed by a person are meant literally.
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        tests = [f"{identifier(column)} LIKE ? ESCAPE '\\'" for column in columns]
        return "(" + " OR ".join(tests) + ")", [pattern for _ in columns]
    # "émile" finds "Émile": Unicode case folding (the reader registers `fold`), as the
    # event search does; a Python call per row, paid only by a text that needs it.
    tests = [f"instr(fold({identifier(column)}), fold(?)) > 0" for column in columns]
    return "(" + " OR ".join(tests) + ")", [text for _ in columns]


def sort_term(key: SortKey) -> str:
    """The column as it is compared; written as the projection's index spells it, so that
    SQLite walks that index instead of sorting."""
    column = identifier(key.column)
    if key.compare == "nocase":
        return f"{column} COLLATE NOCASE"
    return column


def _where(query: RowQuery) -> tuple[str, list[SqlValue]]:
    if not query.filtered:
        return "1", []
    return contains_clause(query.text_columns, query.text)


def count_sql(query: RowQuery) -> tuple[str, list[SqlValue]]:
    where, parameters = _where(query)
    return f"SELECT count(*) FROM {identifier(query.table)} WHERE {where}", parameters


def window_sql(query: RowQuery, offset: int, limit: int) -> tuple[str, list[SqlValue]]:
    where, parameters = _where(query)
    direction = "DESC" if query.descending else "ASC"
    # LIMIT/OFFSET over the sort column's index: SQLite steps over the skipped entries
    # without reading their rows, a few ms in the middle of 166,000 orders
    # (bench/lazy_tables.py). Ties by rowid, which ends every index of a rowid table: the
    # index alone gives the order, and stays small.
    sql = (f"SELECT * FROM {identifier(query.table)} WHERE {where}"
           f" ORDER BY {sort_term(query.sort)} {direction}, rowid {direction}"
           " LIMIT ? OFFSET ?")
    return sql, [*parameters, limit, offset]


def sort_value_sql(query: RowQuery) -> tuple[str, list[SqlValue]]:
    """The sort value and rowid of the row of one key (its parameter comes first), if it
    passes the filter."""
    where, parameters = _where(query)
    sql = (f"SELECT {sort_term(query.sort)}, rowid FROM {identifier(query.table)}"
           f" WHERE {identifier(query.key)} = ? AND {where}")
    return sql, parameters


def rows_before_sql(query: RowQuery, value: SqlValue, rowid: int) -> tuple[str, list[SqlValue]]:
    """How many rows come before the row of (`value`, `rowid`) in the query's order.

    Two counts, each a range of the sort column's index, rather than one OR that SQLite
    would answer with a scan.
    """
    where, parameters = _where(query)
    before = ">" if query.descending else "<"
    term, table = sort_term(query.sort), identifier(query.table)
    sql = (f"SELECT (SELECT count(*) FROM {table} WHERE {term} {before} ? AND {where})"
           f" + (SELECT count(*) FROM {table} WHERE {term} = ? AND rowid {before} ?"
           f" AND {where})")
    return sql, [value, *parameters, value, rowid, *parameters]
