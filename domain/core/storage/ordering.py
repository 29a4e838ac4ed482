"""The order of rows as SQLite sorts them, to merge two ordered reads of a table in Python."""

from __future__ import annotations

from collections.abc import Sequence


def sort_key(row: Sequence[object]) -> tuple[tuple[int, object], ...]:
    """A row's place in `ORDER BY` every column with SQLite's BINARY collation: NULL, then
    numbers (integers and reals compared by value), then text (byte order of UTF-8, which
    is code point order), then blobs (byte order)."""
    return tuple(value_key(value) for value in row)


def value_key(value: object) -> tuple[int, object]:
    """One value's place in SQLite's order (see sort_key)."""
    if value is None:
        return (0, 0)
    if isinstance(value, int | float):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    return (3, value)
