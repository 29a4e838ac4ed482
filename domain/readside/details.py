"""One book or one order in full, as the details panes read them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from domain.core.storage.reading import Reader
from domain.readside.money import from_cents
from domain.readside.projections import ProjectionQueries


@attrs.frozen
class BookDetails:
    """A book as its own row holds it: the chapter's BookAdded carries neither the ISBN
    nor the description, so the catalog projection has neither."""

    book_id: str
    title: str
    author: str
    isbn: str
    price_amount: float | None  # None: a book stored without a price
    price_currency: str
    description: str

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> BookDetails:
        """From the Book's row as the reader gives it (its price Money's JSON, or None)."""
        stored = json.loads(row["price"]) if row.get("price") else None
        price: Mapping[str, Any] = stored if isinstance(stored, dict) else {}
        amount = price.get("amount")
        return cls(book_id=str(row["id"]), title=str(row.get("title") or ""),
                   author=str(row.get("author") or ""), isbn=str(row.get("isbn") or ""),
                   price_amount=None if amount is None else float(amount),
                   price_currency=str(price.get("currency") or ""),
                   description=str(row.get("description") or ""))


@attrs.frozen
class PlacedLine:
    """One line of a placed order, at the unit price it was placed at."""

    book_title: str
    quantity: int
    unit_price: Decimal
    currency: str

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity

    @classmethod
    def from_record(cls, line: Mapping[str, Any]) -> PlacedLine:
        """From one of the orders projection's lines (its unit price in cents)."""
        return cls(book_title=str(line["book_title"]), quantity=int(line["quantity"]),
                   unit_price=from_cents(int(line["unit_price_cents"])),
                   currency=str(line["currency"]))


@attrs.frozen
class OrderDetails:
    """An order as the orders projection holds it, with its lines (its status is the
    orders table's to show)."""

    order_id: str
    customer_name: str
    lines: tuple[PlacedLine, ...]
    total: Decimal
    currency: str


class DetailsQueries:
    """Reads one book from its own row, one order from the orders projection."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self._projections = ProjectionQueries(reader)

    def book(self, book_id: str) -> BookDetails | None:
        """The book `book_id`; None when no book has that id."""
        row = self.reader.aggregate_row("Book", book_id)
        return None if row is None else BookDetails.from_row(row)

    def order(self, order_id: str) -> OrderDetails | None:
        """The order `order_id` with its lines; None until the projection holds it."""
        order = self._projections.order(order_id)
        if order is None:
            return None
        return OrderDetails(order_id=order_id, customer_name=str(order["customer_name"] or ""),
                            lines=tuple(map(PlacedLine.from_record, order["lines"])),
                            total=from_cents(int(order["total_cents"])),
                            currency=str(order["currency"]))
