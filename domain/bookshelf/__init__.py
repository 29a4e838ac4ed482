"""The chapter's bookshelf model, its commands and handlers, and the read models for the screens."""

from __future__ import annotations

from pathlib import Path

from domain.bookshelf.book import Book, BookAdded
from domain.bookshelf.commands import AddBook, ConfirmOrder, OrderLine, PlaceOrder, ShipOrder
from domain.bookshelf.domain import bookshelf
from domain.bookshelf.handlers import BookCommandHandler, OrderCommandHandler
from domain.bookshelf.money import Money
from domain.bookshelf.order import (
    Order,
    OrderConfirmed,
    OrderItem,
    OrderItemAdded,
    OrderPlaced,
    OrderShipped,
    OrderStatus,
    OrderTransitionRefused,
)
from domain.bookshelf.projections import CatalogProjection, OrdersProjection, catalog, orders
from domain.core import Domain

bookshelf.register_projection(catalog)
bookshelf.register_projection(orders)
# As the chapter does after declaring its elements: Order(items=[...]) works on import.
bookshelf.init()


def open_bookshelf(database: str | Path) -> Domain:
    """Point the bookshelf domain at `database` (":memory:" or a file) and initialise it."""
    bookshelf.close()
    bookshelf.config["database"] = str(database)
    bookshelf.init()
    bookshelf.store  # noqa: B018  (opens it now, so a bad file fails here)
    return bookshelf


__all__ = [
    "AddBook", "Book", "BookAdded", "BookCommandHandler", "CatalogProjection", "ConfirmOrder",
    "Money", "Order", "OrderCommandHandler", "OrderConfirmed", "OrderItem", "OrderItemAdded",
    "OrderLine", "OrderPlaced", "OrderShipped", "OrderStatus", "OrderTransitionRefused",
    "OrdersProjection", "PlaceOrder", "ShipOrder", "bookshelf", "catalog", "open_bookshelf",
    "orders",
]
