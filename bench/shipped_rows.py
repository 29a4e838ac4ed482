"""A raw sqlite3 writer of the rows the shipped bookshelf writes per command.

The baseline for "the same rows as shipped": the aggregate rows, the events (a uuid, a
timestamp and JSON payload and metadata each), the records the catalog and orders
projectors keep (`projection_catalog`, `projection_orders`: money in whole cents, an
order's lines and transitions as JSON lists, the record made at its first OrderItemAdded
and written again at each later event of the order) and, once per transaction, the
subscribers' positions, with the same statements the domain and its projectors run (read
from a trace of the engine), on a file with the domain's own schema. It also reads what a
program must read to write them (a book's price, an order's record before it is written
again). It does not write what the engine writes besides (the command records, the
aggregates' states, the search index): the ratios against it count those as overhead.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# The subscribers whose positions the shipped engine writes: both projectors and the
# window's feed (a callback).
POSITIONS = ("projection.catalog", "projection.orders", "bench.feed")

EVENT_SQL = ("INSERT INTO events (id, stream, sequence, type, timestamp, payload, metadata) "
             "VALUES (?, ?, ?, ?, ?, ?, ?)")
POSITION_SQL = ("INSERT INTO checkpoints (subscriber, position, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(subscriber) DO UPDATE SET position = max(position, "
                "excluded.position), updated_at = excluded.updated_at")

CATALOG_COLUMNS = ("book_id", "title", "author", "price_cents", "price_currency", "added_at",
                   "position", "_version", "_sequence")
ORDERS_COLUMNS = ("order_id", "customer_name", "status", "total_items", "total_cents",
                  "currency", "placed_at", "updated_at", "position", "lines", "transitions",
                  "_version", "_sequence")


def _names(columns: tuple[str, ...]) -> str:
    return ", ".join(f'"{column}"' for column in columns)


def _upsert(table: str, columns: tuple[str, ...]) -> str:
    """A new record as a projector writes it: an upsert, which keeps the row's rowid."""
    assignments = ", ".join(f'"{column}" = excluded."{column}"' for column in columns[1:])
    return (f'INSERT INTO "{table}" ({_names(columns)}) VALUES ({", ".join("?" * len(columns))}) '
            f'ON CONFLICT ("{columns[0]}") DO UPDATE SET {assignments}')


CATALOG_SQL = _upsert("projection_catalog", CATALOG_COLUMNS)
ORDER_NEW_SQL = _upsert("projection_orders", ORDERS_COLUMNS)
ORDER_READ_SQL = (f'SELECT {_names(ORDERS_COLUMNS)} FROM "projection_orders" '
                  'WHERE "order_id" = ?')
# A record read and written again sets only the columns its event changed.
ORDER_LINE_SQL = ('UPDATE "projection_orders" SET "total_cents" = ?, "lines" = ? '
                  'WHERE "order_id" = ?')
ORDER_PLACED_SQL = ('UPDATE "projection_orders" SET "customer_name" = ?, "status" = ?, '
                    '"total_items" = ?, "placed_at" = ?, "updated_at" = ?, "position" = ?, '
                    '"transitions" = ? WHERE "order_id" = ?')
ORDER_MOVED_SQL = ('UPDATE "projection_orders" SET "status" = ?, "updated_at" = ?, '
                   '"position" = ?, "transitions" = ? WHERE "order_id" = ?')


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


def _cents(amount: float) -> int:
    # Exact for the amounts the domain accepts: at most two decimals.
    return round(amount * 100)


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
               ) -> tuple[int, str, str]:
        """The event's position, id and time."""
        event_id, now, command_id = str(uuid.uuid4()), _now(), str(uuid.uuid4())
        metadata = {"id": event_id, "timestamp": now, "type": type_, "stream": stream,
                    "sequence": sequence, "correlation_id": command_id,
                    "causation_id": command_id}
        cursor = self.db.execute(EVENT_SQL, (event_id, stream, sequence, type_, now,
                                             json.dumps(payload), json.dumps(metadata)))
        self.position = int(cursor.lastrowid or 0)
        return self.position, event_id, now

    def add_book(self, title: str, author: str, price: float) -> None:
        self._begin()
        book_id = str(uuid.uuid4())
        money = json.dumps({"currency": "USD", "amount": price})
        self.db.execute('INSERT INTO "book" ("id", "title", "author", "isbn", "price", '
                        '"description", "_version", "_sequence") VALUES (?, ?, ?, ?, ?, ?, 0, 1)',
                        (book_id, title, author, None, money, None))
        position, _, at = self._event(f"bookshelf::book-{book_id}", 1, "Bookshelf.BookAdded.v1", {
            "book_id": book_id, "title": title, "author": author, "price_amount": price,
            "price_currency": "USD"})
        self.db.execute(CATALOG_SQL, (book_id, title, author, _cents(price), "USD", at,
                                      position, 0, 0))
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
        items = []
        pairs = zip(books, lines, strict=True)
        for number, ((book_id, title, price), (_, quantity)) in enumerate(pairs):
            item_id = str(uuid.uuid4())
            money = json.dumps({"currency": "USD", "amount": price})
            self.db.execute('INSERT INTO "orderitem" ("id", "book_title", "quantity", '
                            '"unit_price", "order_id", "_index") VALUES (?, ?, ?, ?, ?, ?)',
                            (item_id, title, quantity, money, order_id, number))
            items.append((item_id, book_id, title, quantity, price))
        stream = f"bookshelf::order-{order_id}"
        for number, (item_id, book_id, title, quantity, price) in enumerate(items):
            self._event(stream, number + 1, "Bookshelf.OrderItemAdded.v1", {
                "order_id": order_id, "item_id": item_id, "book_id": book_id,
                "book_title": title, "quantity": quantity, "unit_price_amount": price,
                "unit_price_currency": "USD"})
        total_items = sum(quantity for _, quantity in lines)
        placed = self._event(stream, sequence, "Bookshelf.OrderPlaced.v1", {
            "order_id": order_id, "customer_name": customer, "total_items": total_items})
        # The orders projector, an event at a time: the record made at the first line,
        # read and written again at each later event.
        for item_id, book_id, title, quantity, price in items:
            line = {"item_id": item_id, "book_id": book_id, "book_title": title,
                    "quantity": quantity, "unit_price_cents": _cents(price), "currency": "USD"}
            record = self.db.execute(ORDER_READ_SQL, (order_id,)).fetchone()
            if record is None:
                self.db.execute(ORDER_NEW_SQL, (
                    order_id, None, None, 0, line["unit_price_cents"] * quantity, "USD", None,
                    None, None, json.dumps([line]), "[]", 0, 0))
            else:
                self.db.execute(ORDER_LINE_SQL, (
                    record[4] + _cents(price) * quantity,
                    json.dumps([*json.loads(record[9]), line]), order_id))
        record = self.db.execute(ORDER_READ_SQL, (order_id,)).fetchone()
        position, _, at = placed
        self.db.execute(ORDER_PLACED_SQL, (
            customer, "PENDING", total_items, at, at, position,
            self._transitions(record, "PENDING", placed, "Bookshelf.OrderPlaced.v1"),
            order_id))
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
        moved = self._event(f"bookshelf::order-{order_id}", sequence, type_,
                            {"order_id": order_id, "customer_name": row[1]})
        record = self.db.execute(ORDER_READ_SQL, (order_id,)).fetchone()
        position, _, at = moved
        self.db.execute(ORDER_MOVED_SQL, (status, at, position,
                                          self._transitions(record, status, moved, type_),
                                          order_id))
        self.orders[index] = (order_id, sequence)

    @staticmethod
    def _transitions(record: tuple[Any, ...], status: str, event: tuple[int, str, str],
                     type_: str) -> str:
        """The record's transitions with one more, as JSON."""
        position, event_id, at = event
        return json.dumps([*json.loads(record[10]), {
            "position": position, "status": status, "at": at, "event_id": event_id,
            "event_type": type_}])
