"""Which rows of a projection table a window shows: a text filter and an order."""

from __future__ import annotations

from typing import Literal

import attrs

# How a sort column compares: as stored, or text whatever its ASCII case. (Money is kept in
# whole cents, an integer that sorts as stored.)
Compare = Literal["binary", "nocase"]


@attrs.frozen
class SortKey:
    """A column of a projection table and how it compares when the table is sorted by it."""

    column: str
    compare: Compare = "binary"


@attrs.frozen
class RowQuery:
    """The rows of `table` holding `text` in one of `text_columns` (all rows when `text` is
    empty), ordered by `sort` (`descending` or not), ties in the order they were written;
    `key` is the unique column a row is found by.

    `text` is taken literally, whatever its case: A-Z for an ASCII text, Unicode case
    folding for any other ("émile" finds "Émile"), as the event search compares.
    """

    table: str
    key: str
    sort: SortKey
    descending: bool = False
    text_columns: tuple[str, ...] = ()
    text: str = ""

    @property
    def filtered(self) -> bool:
        return bool(self.text and self.text_columns)
