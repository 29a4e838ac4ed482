"""A raw sqlite3 writer of exactly the rows the shipped bookshelf writes per command.

The baseline for "the same rows as shipped": the aggregate rows, the events (a uuid, a
timestamp and JSON payload and metadata each), the projections' rows and, once per
transaction, the subscribers' positions, with the same statements the domain and its
projections run (read from a trace of the engine), on a file with the domain's own schema.
It also reads what a program must read to write them (a book's price, an order's lines).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

# The subscribers whose positions the shipped engine writes: both projections and the
# window's feed (a callback).
POSITIONS = ("projection.catalog", "projection.orders", "bench.feed")

EVENT_SQL = ("INSERT INTO events (id, stream, sequence, type, timestamp, payload, metadata) "
             "VALUES (?, ?, ?, ?, ?, ?, ?)")
POSITION_SQL = ("INSERT INTO checkpoints (subscriber, position, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(subscriber) DO UPDATE SET position = max(position, "
                "excluded.position), updated_at = excluded.updated_at")


def shipped_schema(path: Path) -> sqlite3.Connection:
    """`path` created by the bookshelf (tables, indexes, triggers), then plain sqlite3 on it."""
    from domain.bookshelf import open_bookshelf

    open_bookshelf(path).close()
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    return connection


def _now() -> str:
    return datetime.now(UTC).isoformat()


class ShippedRows:
    """Writes one command's rows at a time; `commit` ends a batch with the positions."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.db = connection
        self.position = 0
        self.books: list[tuple[str, str, float]] = []  # id, title, price
        self.orders: list[tuple[str, int]] = []  # id, its last sequence
        self._open = False

    def _begin(self) -> None:
        if not self._open:
            self.db.execute("BEGIN IMMEDIATE")
            self._open = True

    def commit(self) -> None:
        if not self._open:
            return
        now = _now()
        for subscriber in POSITIONS:
            self.db.execute(POSITION_SQL, (subscriber, self.position, now))
        self.db.execute("COMMIT")
        self._open = False

    def _event(self, stream: str, sequence: int, type_: str, payload: dict[str, Any]
               ) -> tuple[str, str]:
        event_id, now, command_id = str(uuid.uuid4()), _now(), str(uuid.uuid4())
        metadata = {"id": event_id, "timestamp": now, "type": type_, "stream": stream,
                    "sequence": sequence, "correlation_id": command_id,
                    "causation_id": command_id}
        cursor = self.db.execute(EVENT_SQL, (event_id, stream, sequence, type_, now,
                                             json.dumps(payload), json.dumps(metadata)))
        self.position = int(cursor.lastrowid or 0)
        return event_id, now

    def add_book(self, title: str, author: str, price: float) -> None:
        self._begin()
        book_id = str(uuid.uuid4())
        money = json.dumps({"currency": "USD", "amount": price})
        self.db.execute('INSERT INTO "book" ("id", "title", "author", "isbn", "price", '
                        '"description", "_version", "_sequence") VALUES (?, ?, ?, ?, ?, ?, 0, 1)',
                        (book_id, title, author, None, money, None))
        _, at = self._event(f"bookshelf::book-{book_id}", 1, "Bookshelf.BookAdded.v1", {
            "book_id": book_id, "title": title, "author": author, "price_amount": price,
            "price_currency": "USD"})
        self.db.execute("INSERT OR REPLACE INTO catalog (book_id, title, author, price_amount, "
                        "price_currency, added_at, position) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (book_id, title, author, price, "USD", at, self.position))
        self.books.append((book_id, title, price))

    def place_order(self, customer: str, lines: list[tuple[int, int]]) -> None:
        """`lines`: (index of a book added earlier, quantity)."""
        self._begin()
        order_id = str(uuid.uuid4())
        books = []
        for index, _quantity in lines:
            row = self.db.execute('SELECT "id", "title", "author", "isbn", "price", '
                                  '"description", "_version", "_sequence" FROM "book" '
                                  "WHERE id = ?", (self.books[index][0],)).fetchone()
            books.append((row[0], row[1], json.loads(row[4])["amount"]))
        sequence = len(lines) + 1
        self.db.execute('INSERT INTO "order" ("id", "customer_name", "status", "_version", '
                        '"_sequence") VALUES (?, ?, ?, 0, ?)',
                        (order_id, customer, "PENDING", sequence))
        self.db.execute('DELETE FROM "orderitem" WHERE "order_id" = ?', (order_id,))
        stream = f"bookshelf::order-{order_id}"
        pairs = zip(books, lines, strict=True)
        for number, ((book_id, title, price), (_, quantity)) in enumerate(pairs):
            item_id = str(uuid.uuid4())
            money = json.dumps({"currency": "USD", "amount": price})
            self.db.execute('INSERT INTO "orderitem" ("id", "book_title", "quantity", '
                            '"unit_price", "order_id", "_index") VALUES (?, ?, ?, ?, ?, ?)',
                            (item_id, title, quantity, money, order_id, number))
            self._event(stream, number + 1, "Bookshelf.OrderItemAdded.v1", {
                "order_id": order_id, "item_id": item_id, "book_id": book_id,
                "book_title": title, "quantity": quantity, "unit_price_amount": price,
                "unit_price_currency": "USD"})
            self.db.execute("INSERT OR REPLACE INTO order_line (item_id, order_id, book_id, "
                            "book_title, quantity, unit_price, currency) VALUES "
                            "(?, ?, ?, ?, ?, ?, ?)",
                            (item_id, order_id, book_id, title, quantity, str(price), "USD"))
        total_items = sum(quantity for _, quantity in lines)
        event_id, at = self._event(stream, sequence, "Bookshelf.OrderPlaced.v1", {
            "order_id": order_id, "customer_name": customer, "total_items": total_items})
        rows = self.db.execute("SELECT unit_price, quantity, currency FROM order_line "
                               "WHERE order_id = ?", (order_id,)).fetchall()
        total = sum((Decimal(price) * quantity for price, quantity, _ in rows), Decimal("0.00"))
        self.db.execute("INSERT OR REPLACE INTO order_summary (order_id, customer_name, status, "
                        "total_items, total, currency, placed_at, updated_at, position) VALUES "
                        "(?, ?, 'PENDING', ?, ?, ?, ?, ?, ?)",
                        (order_id, customer, total_items, str(total), "USD", at, at,
                         self.position))
        self._transition(order_id, "PENDING", at, event_id, "Bookshelf.OrderPlaced.v1")
        self.orders.append((order_id, sequence))

    def move_order(self, index: int, status: str, type_: str) -> None:
        """Confirm or ship the order placed `index`-th."""
        self._begin()
        order_id, sequence = self.orders[index]
        row = self.db.execute('SELECT "id", "customer_name", "status", "_version", "_sequence" '
                              'FROM "order" WHERE id = ?', (order_id,)).fetchone()
        self.db.execute('SELECT "id", "book_title", "quantity", "unit_price", "order_id", '
                        '"_index" FROM "orderitem" WHERE "order_id" = ? ORDER BY _index',
                        (order_id,)).fetchall()
        sequence += 1
        self.db.execute('UPDATE "order" SET "customer_name" = ?, "status" = ?, "_version" = ?, '
                        '"_sequence" = ? WHERE id = ? AND _version = ?',
                        (row[1], status, row[3] + 1, sequence, order_id, row[3]))
        event_id, at = self._event(f"bookshelf::order-{order_id}", sequence, type_,
                                   {"order_id": order_id, "customer_name": row[1]})
        self.db.execute("UPDATE order_summary SET status = ?, updated_at = ?, position = ? "
                        "WHERE order_id = ?", (status, at, self.position, order_id))
        self._transition(order_id, status, at, event_id, type_)
        self.orders[index] = (order_id, sequence)

    def _transition(self, order_id: str, status: str, at: str, event_id: str, type_: str
                    ) -> None:
        self.db.execute("INSERT OR REPLACE INTO order_transition (position, order_id, status, "
                        "at, event_id, event_type) VALUES (?, ?, ?, ?, ?, ?)",
                        (self.position, order_id, status, at, event_id, type_))
