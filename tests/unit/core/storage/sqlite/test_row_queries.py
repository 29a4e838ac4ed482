"""On SQLite, every order a window asks for is a walk of an index (what a window shows:
tests/unit/core/storage/test_row_query.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from domain.bookshelf import Bookshelf
from domain.core.storage.row_query import RowQuery, SortKey
from domain.core.storage.sqlite.reader import SqliteReader
from domain.core.storage.sqlite.row_queries import window_sql

# (customer, total in cents)
ORDERS = [("ann", 900), ("Bob", 1000), ("Émile", 10000), ("carla", 950), ("Dave", 1000)]
TABLE = "projection_orders"


def order_id(number: int) -> str:
    return f"order-{number}"


@pytest.fixture
def reader(shop: Bookshelf, database_path: Path) -> Iterator[SqliteReader]:
    """The store's own tables and indexes, with order rows written straight into them."""
    with closing(sqlite3.connect(database_path)) as connection, connection:
        connection.executemany(
            f"INSERT INTO {TABLE} (order_id, customer_name, status, total_items, total_cents,"
            " currency, placed_at, updated_at, position, lines, transitions) VALUES (?, ?,"
            " 'PENDING', 1, ?, 'USD', '2026-01-01', '2026-01-01', ?, '[]', '[]')",
            [(order_id(number), name, total, number)
             for number, (name, total) in enumerate(ORDERS)])
    reader = SqliteReader(str(database_path))
    yield reader
    reader.close()


def query(column: str, compare: str = "binary", descending: bool = False,
          text: str = "") -> RowQuery:
    return RowQuery(TABLE, "order_id", SortKey(column, compare),
                    descending, ("customer_name",), text)


def names(reader: SqliteReader, by: RowQuery, offset: int = 0, limit: int = 10) -> list[str]:
    return [row["customer_name"] for row in reader.rows_at(by, offset, limit)]


@pytest.mark.parametrize("column, compare", [
    ("customer_name", "nocase"), ("total_items", "binary"), ("total_cents", "binary"),
    ("status", "binary"), ("placed_at", "binary"), ("position", "binary")])
def test_every_order_is_a_walk_of_an_index_never_a_sort(reader: SqliteReader, database_path,
                                                        column, compare):
    sql, parameters = window_sql(query(column, compare, descending=True), 100, 100)
    with closing(sqlite3.connect(database_path)) as connection:
        plan = " ".join(row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}",
                                                             parameters))
    assert "USING INDEX" in plan and "TEMP B-TREE" not in plan


def test_the_sort_indexes_are_made_again_by_a_rebuild(shop: Bookshelf, database_path):
    shop.rebuild_projections()
    with closing(sqlite3.connect(database_path)) as connection:
        indexes = {name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_projection_%'")}
    assert indexes == {
        "ix_projection_catalog_title_nocase", "ix_projection_catalog_author_nocase",
        "ix_projection_catalog_price_cents", "ix_projection_catalog_position",
        "ix_projection_orders_customer_name_nocase", "ix_projection_orders_total_items",
        "ix_projection_orders_total_cents", "ix_projection_orders_status",
        "ix_projection_orders_placed_at", "ix_projection_orders_position"}
