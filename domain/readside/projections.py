"""The projections as the panels read them: books, orders and their history."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from domain.core.storage.reading import Reader
from domain.readside.stops import ProjectionStop


class ProjectionQueries:
    """Rows of the bookshelf's projections, each as column: value."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader

    def generation(self) -> int:
        """Moves when a rebuild is swapped in: rows read before must be read again."""
        return self.reader.generation()

    def books_since(self, position: int) -> list[dict[str, Any]]:
        """Catalog rows written after `position` (books are only ever added)."""
        return self.reader.projection_rows("catalog", order_by="position",
                                           above={"position": position})

    def books_matching(self, text: str, limit: int) -> list[dict[str, Any]]:
        """Up to `limit` books whose title or author contains `text` (taken literally,
        whatever its ASCII case), by title: what a book picker offers as one types."""
        return self.reader.projection_rows("catalog", order_by="title", limit=limit,
                                           containing=(("title", "author"), text))

    def orders_since(self, position: int) -> list[dict[str, Any]]:
        """Orders placed or moved after `position`: each row carries its latest position."""
        return self.reader.projection_rows("order_summary", order_by="position",
                                           above={"position": position})

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
