"""The chapter's bookshelf model, its commands and handlers, and the read models for the screens."""

from __future__ import annotations

from domain.bookshelf.app import Bookshelf, open_bookshelf
from domain.bookshelf.book import Book, BookAdded
from domain.bookshelf.bounded_context import bookshelf
from domain.bookshelf.commands import AddBook, ConfirmOrder, OrderLine, PlaceOrder, ShipOrder
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
from domain.bookshelf.projections import (
    Catalog,
    CatalogProjector,
    Orders,
    OrdersProjector,
    catalog,
    orders,
)

__all__ = [
    "AddBook", "Book", "BookAdded", "BookCommandHandler", "Bookshelf", "Catalog",
    "CatalogProjector", "ConfirmOrder", "Money", "Order", "OrderCommandHandler",
    "OrderConfirmed", "OrderItem", "OrderItemAdded", "OrderLine", "OrderPlaced", "OrderShipped",
    "OrderStatus", "OrderTransitionRefused", "Orders", "OrdersProjector", "PlaceOrder",
    "ShipOrder", "bookshelf", "catalog", "open_bookshelf", "orders",
]
