"""Catalog and order records written straight into the projections' tables, at issue 11's size."""

from __future__ import annotations

import json
import random
import sqlite3
import uuid
from datetime import UTC, datetime, timedelta

BOOKS = 50_000
ORDERS = 166_000
FIRST = ("Ann", "bob", "Carla", "dave", "Émile", "Frank", "grace", "Hiro", "Ines", "Jürgen")
LAST = ("Adams", "baker", "Çelik", "Dupont", "evans", "Fischer", "García", "Ito")
WORDS = ("garden", "Quiet", "river", "Kingdom", "distant", "Émile", "night", "Winter",
         "stone", "Café", "letters", "harbor")
STATUSES = ("PENDING", "CONFIRMED", "SHIPPED")
EVENT_TYPES = ("Bookshelf.OrderPlaced.v1", "Bookshelf.OrderConfirmed.v1",
               "Bookshelf.OrderShipped.v1")
START = datetime(2026, 1, 1, tzinfo=UTC)
# Positions an order's events take, past those of the books: room for its lines, its
# OrderPlaced and two moves, so that no two records share one.
ORDER_SPAN = 8

CATALOG_SQL = ("INSERT INTO projection_catalog (book_id, title, author, price_cents, "
               "price_currency, added_at, position, _version, _sequence) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)")
ORDERS_SQL = ("INSERT INTO projection_orders (order_id, customer_name, status, total_items, "
              "total_cents, currency, placed_at, updated_at, position, lines, transitions, "
              "_version, _sequence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)")


def fill(connection: sqlite3.Connection, books: int = BOOKS, orders: int = ORDERS,
         seed: int = 11, first_position: int = 10_000_000) -> None:
    """`books` projection_catalog records and `orders` projection_orders records, in one
    transaction, as the projectors would have left them.

    Positions start at `first_position`, clear of a real log's; ids are unique text as the
    domain's uuids are, names and titles in mixed case with some beyond ASCII, money in
    whole cents. An order holds one to three lines of books of the catalog (its total
    items and cents are theirs) and a transition for each status it went through, the
    last at its position.
    """
    rng = random.Random(seed)
    book_rows = []
    for number in range(books):
        title = " ".join(rng.choice(WORDS) for _ in range(3)) + f" {number}"
        author = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        added = (START + timedelta(seconds=number * 7)).isoformat()
        book_rows.append((f"book-{rng.getrandbits(64):016x}-{number}", title, author,
                          rng.randint(100, 9_999), "USD", added, first_position + number))
    order_rows = []
    for number in range(orders):
        first = first_position + books + number * ORDER_SPAN
        lines = [{"item_id": str(uuid.UUID(int=rng.getrandbits(128))), "book_id": book[0],
                  "book_title": book[1], "quantity": rng.randint(1, 3),
                  "unit_price_cents": book[3], "currency": "USD"}
                 for book in rng.sample(book_rows, min(len(book_rows), rng.randint(1, 3)))]
        placed = START + timedelta(seconds=number * 11)
        moves = STATUSES.index(rng.choice(STATUSES))
        at = placed
        transitions = []
        for step in range(moves + 1):
            if step:
                at += timedelta(seconds=rng.randint(1, 1_800))
            transitions.append({"position": first + len(lines) + step,
                                "status": STATUSES[step], "at": at.isoformat(),
                                "event_id": str(uuid.UUID(int=rng.getrandbits(128))),
                                "event_type": EVENT_TYPES[step]})
        order_rows.append((
            f"order-{rng.getrandbits(64):016x}-{number}",
            f"{rng.choice(FIRST)} {rng.choice(LAST)} {number}", STATUSES[moves],
            sum(line["quantity"] for line in lines),
            sum(line["quantity"] * line["unit_price_cents"] for line in lines), "USD",
            placed.isoformat(), at.isoformat(), transitions[-1]["position"],
            json.dumps(lines), json.dumps(transitions)))
    with connection:
        connection.executemany(CATALOG_SQL, book_rows)
        connection.executemany(ORDERS_SQL, order_rows)
