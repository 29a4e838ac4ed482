"""The projections as the panels read them: books, orders and their history."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from domain.core.storage.reading import Reader
from domain.core.storage.row_query import SortKey
from domain.readside.projection_window import ProjectionTable, ProjectionWindow
from domain.readside.stops import ProjectionStop

# The orders a window reads the projections in, each served by an index the projection
# creates (domain/bookshelf/projections.py), and the columns a typed text is looked for in.
# Positions order "added" and "updated": a book's is its BookAdded's, an order's that of
# its latest event, so they sort as the times do, on indexes the projections had already.
BOOKS = ProjectionTable("catalog", key="book_id", sorts={
    "title": SortKey("title", "nocase"), "author": SortKey("author", "nocase"),
    "price": SortKey("price_amount"), "added": SortKey("position"),
}, text_columns=("title", "author"))
ORDERS = ProjectionTable("order_summary", key="order_id", sorts={
    "customer": SortKey("customer_name", "nocase"), "items": SortKey("total_items"),
    "total": SortKey("total", "number"), "status": SortKey("status"),
    "placed": SortKey("placed_at"), "updated": SortKey("position"),
})


class ProjectionQueries:
    """Rows of the bookshelf's projections, each as column: value."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader

    def generation(self) -> int:
        """Moves when a rebuild is swapped in: rows read before must be read again."""
        return self.reader.generation()

    def books(self, sort: str = "added", descending: bool = False) -> ProjectionWindow:
        """The catalog a page at a time, by one of BOOKS' sorts; filtered by title and
        author with `set_text`."""
        return ProjectionWindow(self.reader, BOOKS, sort, descending)

    def books_matching(self, text: str, limit: int) -> list[dict[str, Any]]:
        """Up to `limit` books whose title or author contains `text` (taken literally,
        whatever its ASCII case), by title: what a book picker offers as one types."""
        return self.reader.projection_rows("catalog", order_by="title", limit=limit,
                                           containing=(("title", "author"), text))

    def orders(self, sort: str = "placed", descending: bool = True) -> ProjectionWindow:
        """The orders a page at a time, by one of ORDERS' sorts (the newest first)."""
        return ProjectionWindow(self.reader, ORDERS, sort, descending)

    def transitions(self, order_id: str) -> list[dict[str, Any]]:
        """The status changes of one order, oldest first."""
        return self.reader.projection_rows("order_transition", order_by="position",
                                           equal={"order_id": order_id})

    def order_lines(self, order_id: str) -> list[dict[str, Any]]:
        """The lines of one order, in the order they were added."""
        return self.reader.projection_rows("order_line", order_by="rowid",
                                           equal={"order_id": order_id})

    def stops(self, projections: Collection[str]) -> list[ProjectionStop]:
        """Where each of these projections stopped at a failed event (none: not stopped);
        one small query, cheap enough for every refresh of a window."""
        return [ProjectionStop.from_row(row) for row in self.reader.stops(projections)]
