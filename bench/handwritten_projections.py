"""The bookshelf's catalog and orders projections as they were written by hand in SQL up to
schema 6 (issue 15 made them projectors): the same-run baseline of bench/projector_cost.py.
Kept here, out of the program, as that benchmark's reference only."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, cast

import sqlite_utils

from domain.bookshelf.book import BookAdded
from domain.bookshelf.money import exact
from domain.bookshelf.order import OrderConfirmed, OrderItemAdded, OrderPlaced, OrderShipped
from domain.core import Projection, handle

if TYPE_CHECKING:
    from domain.core.stored_event import StoredEvent
    from domain.core.subscriber import ProjectionStore as Store


def sort_indexes(db: sqlite_utils.Database, table: str, terms: dict[str, str]) -> None:
    """One index per column the window sorts `table` by, each term as the reader's ORDER BY
    spells it (domain/core/storage/sqlite/row_queries.py): a page of the table in any
    order, anywhere, is a walk of an index, never a sort of every row. Ties go by rowid,
    which ends every index: no key column is copied into them.

    What they cost the projection's writes: bench/projection_indexes.py, bench/RESULTS.md.
    """
    for name, term in terms.items():
        db.execute(f"CREATE INDEX IF NOT EXISTS {table}_by_{name} ON {table} ({term})")


class HandwrittenCatalog(Projection):
    """One row per book, with its price (as shipped up to schema 6)."""

    name = "bench.handwritten_catalog"
    tables = ("catalog",)

    def create_tables(self, db: sqlite_utils.Database) -> None:
        db.table("catalog").create(
            {"book_id": str, "title": str, "author": str, "price_amount": float,
             "price_currency": str, "added_at": str, "position": int},
            pk="book_id", if_not_exists=True,
        )
        # The window sorts by position for "Added": books in the order they were added.
        db.table("catalog").create_index(["position"], if_not_exists=True)
        sort_indexes(db, "catalog", {"title": "title COLLATE NOCASE",
                                     "author": "author COLLATE NOCASE",
                                     "price": "price_amount"})

    @handle(BookAdded)
    def _book_added(self, store: Store, stored: StoredEvent) -> None:
        event = cast(BookAdded, stored.event)
        store.execute(
            "INSERT OR REPLACE INTO catalog (book_id, title, author, price_amount, price_currency,"
            " added_at, position) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (event.book_id, event.title, event.author, event.price_amount, event.price_currency,
             stored.metadata.timestamp.isoformat(), stored.position),
        )


class HandwrittenOrders(Projection):
    """Orders with status, items and total, and the time and event of every transition (as
    shipped up to schema 6)."""

    name = "bench.handwritten_orders"
    tables = ("order_transition", "order_line", "order_summary")

    def create_tables(self, db: sqlite_utils.Database) -> None:
        db.table("order_summary").create(
            {"order_id": str, "customer_name": str, "status": str, "total_items": int,
             "total": str, "currency": str, "placed_at": str, "updated_at": str,
             "position": int},
            pk="order_id", if_not_exists=True,
        )
        # The window sorts by position for "Updated": the position of an order's latest
        # event, so the order of its last change.
        db.table("order_summary").create_index(["position"], if_not_exists=True)
        sort_indexes(db, "order_summary", {
            "customer": "customer_name COLLATE NOCASE", "items": "total_items",
            # The total is a Decimal's text: its index sorts it by value, 10.00 after 9.00.
            "total": "CAST(total AS REAL)", "status": "status", "placed": "placed_at"})
        db.table("order_line").create(
            {"item_id": str, "order_id": str, "book_id": str, "book_title": str,
             "quantity": int, "unit_price": str, "currency": str},
            pk="item_id", if_not_exists=True,
        )
        db.table("order_line").create_index(["order_id"], if_not_exists=True)
        db.table("order_transition").create(
            {"position": int, "order_id": str, "status": str, "at": str, "event_id": str,
             "event_type": str},
            pk="position", if_not_exists=True,
        )
        db.table("order_transition").create_index(["order_id"], if_not_exists=True)

    # apply() picks each method below by the event's class: the casts say which one it is.

    @handle(OrderItemAdded)
    def _item_added(self, store: Store, stored: StoredEvent) -> None:
        event = cast(OrderItemAdded, stored.event)
        store.execute(
            "INSERT OR REPLACE INTO order_line (item_id, order_id, book_id, book_title, quantity,"
            " unit_price, currency) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (event.item_id, event.order_id, event.book_id, event.book_title, event.quantity,
             str(exact(event.unit_price_amount or 0.0)), event.unit_price_currency),
        )

    @handle(OrderPlaced)
    def _placed(self, store: Store, stored: StoredEvent) -> None:
        event = cast(OrderPlaced, stored.event)
        lines = store.execute(
            "SELECT unit_price, quantity, currency FROM order_line WHERE order_id = ?",
            (event.order_id,),
        ).fetchall()
        total = sum((Decimal(price) * quantity for price, quantity, _ in lines), Decimal("0.00"))
        currency = lines[0][2] if lines else "USD"
        at = stored.metadata.timestamp.isoformat()
        store.execute(
            "INSERT OR REPLACE INTO order_summary (order_id, customer_name, status, total_items,"
            " total, currency, placed_at, updated_at, position) VALUES (?, ?, 'PENDING', ?, ?, ?,"
            " ?, ?, ?)",
            (event.order_id, event.customer_name, event.total_items, str(total), currency, at, at,
             stored.position),
        )
        self._transition(store, stored, "PENDING")

    @handle(OrderConfirmed)
    def _confirmed(self, store: Store, stored: StoredEvent) -> None:
        self._moved(store, stored, "CONFIRMED")

    @handle(OrderShipped)
    def _shipped(self, store: Store, stored: StoredEvent) -> None:
        self._moved(store, stored, "SHIPPED")

    def _moved(self, store: Store, stored: StoredEvent, status: str) -> None:
        event = cast("OrderConfirmed | OrderShipped", stored.event)
        store.execute(
            "UPDATE order_summary SET status = ?, updated_at = ?, position = ? WHERE order_id = ?",
            (status, stored.metadata.timestamp.isoformat(), stored.position, event.order_id),
        )
        self._transition(store, stored, status)

    @staticmethod
    def _transition(store: Store, stored: StoredEvent, status: str) -> None:
        event = cast("OrderPlaced | OrderConfirmed | OrderShipped", stored.event)
        store.execute(
            "INSERT OR REPLACE INTO order_transition (position, order_id, status, at, event_id,"
            " event_type) VALUES (?, ?, ?, ?, ?, ?)",
            (stored.position, event.order_id, status,
             stored.metadata.timestamp.isoformat(), stored.metadata.id, stored.type),
        )
