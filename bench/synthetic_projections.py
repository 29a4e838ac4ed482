"""Catalog and order rows written straight into the projections' tables, at the size of issue 11."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta
from decimal import Decimal

BOOKS = 50_000
ORDERS = 166_000
FIRST = ("Ann", "bob", "Carla", "dave", "Émile", "Frank", "grace", "Hiro", "Ines", "Jürgen")
LAST = ("Adams", "baker", "Çelik", "Dupont", "evans", "Fischer", "García", "Ito")
WORDS = ("garden", "Quiet", "river", "Kingdom", "distant", "Émile", "night", "Winter",
         "stone", "Café", "letters", "harbor")
STATUSES = ("PENDING", "CONFIRMED", "SHIPPED")
START = datetime(2026, 1, 1, tzinfo=UTC)


def fill(connection: sqlite3.Connection, books: int = BOOKS, orders: int = ORDERS,
         seed: int = 11, first_position: int = 10_000_000) -> None:
    """`books` catalog rows and `orders` order_summary rows, in one transaction.

    Positions start at `first_position`, clear of a real log's; ids are unique text as the
    domain's uuids are, names and titles in mixed case with some beyond ASCII, totals as
    a Decimal's text (as the projection writes them).
    """
    rng = random.Random(seed)
    book_rows = []
    for number in range(books):
        title = " ".join(rng.choice(WORDS) for _ in range(3)) + f" {number}"
        author = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        added = (START + timedelta(seconds=number * 7)).isoformat()
        book_rows.append((f"book-{rng.getrandbits(64):016x}-{number}", title, author,
                          rng.randint(100, 9_999) / 100, "USD", added,
                          first_position + number))
    order_rows = []
    for number in range(orders):
        placed = START + timedelta(seconds=number * 11)
        status = rng.choice(STATUSES)
        updated = placed + timedelta(seconds=rng.randint(0, 3_600)) if status != "PENDING" \
            else placed
        total = Decimal(rng.randint(500, 50_000)) / 100
        order_rows.append((f"order-{rng.getrandbits(64):016x}-{number}",
                           f"{rng.choice(FIRST)} {rng.choice(LAST)} {number}", status,
                           rng.randint(1, 5), f"{total:.2f}", "USD", placed.isoformat(),
                           updated.isoformat(), first_position + books + number))
    with connection:
        connection.executemany(
            "INSERT INTO catalog (book_id, title, author, price_amount, price_currency,"
            " added_at, position) VALUES (?, ?, ?, ?, ?, ?, ?)", book_rows)
        connection.executemany(
            "INSERT INTO order_summary (order_id, customer_name, status, total_items, total,"
            " currency, placed_at, updated_at, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            order_rows)
