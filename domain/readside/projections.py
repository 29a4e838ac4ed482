"""The projections as the panels read them: books, orders and their history."""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from domain.core.storage.reading import Reader
from domain.core.storage.row_query import SortKey
from domain.readside.projection_window import ProjectionTable, ProjectionWindow
from domain.readside.stops import ProjectionStop

# The tables of the bookshelf's Catalog and Orders projections (domain/bookshelf/projections.py).
CATALOG_TABLE = "projection_catalog"
ORDERS_TABLE = "projection_orders"
# The orders a window reads the projections in, each served by an index the projection
# declares (domain/bookshelf/projections.py), and the columns a typed text is looked for in.
# Positions order "added" and "updated": a book's is its BookAdded's, an order's that of
# its latest event, so they sort as the times do, on indexes the projections had already.
BOOKS = ProjectionTable(CATALOG_TABLE, key="book_id", sorts={
    "title": SortKey("title", "nocase"), "author": SortKey("author", "nocase"),
    "price": SortKey("price_cents"), "added": SortKey("position"),
}, text_columns=("title", "author"))
ORDERS = ProjectionTable(ORDERS_TABLE, key="order_id", sorts={
    "customer": SortKey("customer_name", "nocase"), "items": SortKey("total_items"),
    "total": SortKey("total_cents"), "status": SortKey("status"),
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
        return self.reader.projection_rows(CATALOG_TABLE, order_by="title", limit=limit,
                                           containing=(("title", "author"), text))

    def orders(self, sort: str = "placed", descending: bool = True) -> ProjectionWindow:
        """The orders a page at a time, by one of ORDERS' sorts (the newest first)."""
        return ProjectionWindow(self.reader, ORDERS, sort, descending)

    def order(self, order_id: str) -> dict[str, Any] | None:
        """The orders projection's record of one order, its lines and transitions decoded;
        None until the projection holds it."""
        found = self.reader.projection_rows(ORDERS_TABLE, order_by="order_id",
                                            equal={"order_id": order_id})
        if not found:
            return None
        return {**found[0], "lines": json.loads(found[0]["lines"] or "[]"),
                "transitions": json.loads(found[0]["transitions"] or "[]")}

    def transitions(self, order_id: str) -> list[dict[str, Any]]:
        """The status changes of one order, oldest first: position, status, at, event_id
        and event_type each."""
        order = self.order(order_id)
        return [] if order is None else list(order["transitions"])

    def all_transitions(self) -> list[dict[str, Any]]:
        """The status changes of every order, each with its order_id, in log order."""
        rows = self.reader.projection_rows(ORDERS_TABLE, order_by="order_id")
        return sorted(({**transition, "order_id": row["order_id"]} for row in rows
                       for transition in json.loads(row["transitions"] or "[]")),
                      key=lambda transition: int(transition["position"]))

    def stops(self, projections: Collection[str]) -> list[ProjectionStop]:
        """Where each of these projections stopped at a failed event (none: not stopped);
        one small query, cheap enough for every refresh of a window."""
        return [ProjectionStop.from_row(row) for row in self.reader.stops(projections)]
