"""A projection table as a window shows it: its count, and pages of rows read as asked."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from domain.core.storage.reading import Reader
from domain.core.storage.row_query import RowQuery, SortKey
from domain.core.subscriber import SqlValue

PAGE_SIZE = 200
# Pages held at most, besides those of pinned rows: the view shows one or two; the others
# spare a query when it scrolls back a little.
MAX_PAGES = 8
# How often a followed row is looked for while commits keep moving it, before it is let go.
FIND_TRIES = 3


@attrs.frozen
class ProjectionTable:
    """A projection table as a window sorts and filters it: its unique `key` column, the
    orders it can be read in by name (each served by an index of the projection), and the
    columns a typed text is looked for in."""

    table: str
    key: str
    sorts: Mapping[str, SortKey]
    text_columns: tuple[str, ...] = ()


def no_rows() -> Iterable[int]:
    return ()


class ProjectionWindow:
    """The rows of a projection table under a text filter and an order, read a page at a time.

    `count` is the filtered table's size, counted by SQL; `row(index)` reads the page that
    holds it when it is not held. At most `max_pages` pages are held, the least recently
    used dropped first, except pages holding one of the rows `pinned()` names (a window's
    selection): `follow` needs those rows as they were shown. Nothing is read ahead of
    need: after `reload` (rows changed), only the pages asked for again are read.
    """

    def __init__(self, reader: Reader, table: ProjectionTable, sort: str,
                 descending: bool = False, page_size: int = PAGE_SIZE,
                 max_pages: int = MAX_PAGES,
                 pinned: Callable[[], Iterable[int]] = no_rows) -> None:
        self.reader = reader
        self.table = table
        self.page_size = page_size
        self.max_pages = max_pages
        self.pinned = pinned
        self._sort = sort
        self._query = RowQuery(table.table, table.key, table.sorts[sort], descending,
                               table.text_columns)
        self._pages: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        self._count = reader.count_rows(self._query)

    # -- what it shows -----------------------------------------------------------------------

    @property
    def count(self) -> int:
        return self._count

    @property
    def sort(self) -> str:
        return self._sort

    @property
    def descending(self) -> bool:
        return self._query.descending

    @property
    def text(self) -> str:
        return self._query.text

    @property
    def held(self) -> int:
        """How many rows are held."""
        return sum(len(page) for page in self._pages.values())

    def row(self, index: int) -> dict[str, Any] | None:
        """The row at `index` in the current order (None past the end)."""
        if not 0 <= index < self._count:
            return None
        page = self._page(index // self.page_size)
        offset = index % self.page_size
        return page[offset] if offset < len(page) else None

    def key_at(self, index: int) -> SqlValue:
        row = self.row(index)
        return None if row is None else row[self.table.key]

    def index_of(self, key: SqlValue) -> int | None:
        """Where the row of `key` stands now (None: no such row, or filtered out)."""
        return self.reader.row_index(self._query, key)

    # -- what the owner changes --------------------------------------------------------------

    def set_order(self, sort: str, descending: bool) -> None:
        """Order the rows by the sort named `sort` (one of the table's `sorts`)."""
        self._sort = sort
        self._query = attrs.evolve(self._query, sort=self.table.sorts[sort],
                                   descending=descending)
        self._pages.clear()  # the same rows, counted already: only their places change

    def set_text(self, text: str) -> None:
        """Keep only the rows holding `text` in one of the table's text columns."""
        self._query = attrs.evolve(self._query, text=text)
        self.reload()

    def reload(self) -> None:
        """Count again and drop the pages held: rows were added or changed."""
        self._pages.clear()
        self._count = self.reader.count_rows(self._query)

    def follow(self, indexes: Iterable[int], change: Callable[[], None]) -> dict[int, int | None]:
        """Make `change` (a new order, filter, or a reload), and say where each row of
        `indexes` stands after it, found by its key (None: gone, or filtered out)."""
        keys = {index: self.key_at(index) for index in set(indexes)}
        change()
        found: dict[SqlValue, int | None] = {}
        for key in keys.values():
            if key not in found:
                found[key] = None if key is None else self._hold(key)
        return {index: found[key] for index, key in keys.items()}

    def _hold(self, key: SqlValue) -> int | None:
        """Where the row of `key` stands, its page read now: the next `follow` must find the
        key it shows there, not the one that row holds after later commits (were its page
        read then, because the view never showed it)."""
        for _ in range(FIND_TRIES):
            index = self.index_of(key)
            if index is not None and index >= self._count:
                self._count = self.reader.count_rows(self._query)  # added since counted
            if index is None or self.key_at(index) == key:
                return index
            # Another commit came between the two reads: the page is newer than the index.
            self._pages.pop(index // self.page_size, None)
        return None

    # -- reading -----------------------------------------------------------------------------

    def _page(self, number: int) -> list[dict[str, Any]]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        page = self._read_page(number)
        self._pages[number] = page
        self._drop_pages()
        return page

    def _read_page(self, number: int) -> list[dict[str, Any]]:
        offset = number * self.page_size
        limit = max(0, min(self.page_size, self._count - offset))
        if offset <= self._count // 2:
            return self.reader.rows_at(self._query, offset, limit)
        # From the far end, in the reverse order: SQLite steps over fewer index entries.
        reverse = attrs.evolve(self._query, descending=not self._query.descending)
        rows = self.reader.rows_at(reverse, self._count - offset - limit, limit)
        rows.reverse()
        return rows

    def _drop_pages(self) -> None:
        if len(self._pages) <= self.max_pages:
            return
        pinned = {index // self.page_size for index in self.pinned()}
        for number in list(self._pages):  # the least recently used first
            if len(self._pages) <= self.max_pages:
                return
            if number not in pinned:
                del self._pages[number]
