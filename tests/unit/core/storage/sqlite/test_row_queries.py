"""A projection table counted, windowed and located by SQL, in any order its indexes serve."""

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

# (customer, total): a total is a Decimal's text, and "10.00" < "9.00" as text.
ORDERS = [("ann", "9.00"), ("Bob", "10.00"), ("Émile", "100.00"), ("carla", "9.50"),
          ("Dave", "10.00")]


def order_id(number: int) -> str:
    return f"order-{number}"


@pytest.fixture
def reader(shop: Bookshelf, database_path: Path) -> Iterator[SqliteReader]:
    """The store's own tables and indexes, with order rows written straight into them."""
    with closing(sqlite3.connect(database_path)) as connection, connection:
        connection.executemany(
            "INSERT INTO order_summary (order_id, customer_name, status, total_items, total,"
            " currency, placed_at, updated_at, position) VALUES (?, ?, 'PENDING', 1, ?, 'USD',"
            " '2026-01-01', '2026-01-01', ?)",
            [(order_id(number), name, total, number)
             for number, (name, total) in enumerate(ORDERS)])
    reader = SqliteReader(str(database_path))
    yield reader
    reader.close()


def query(column: str, compare: str = "binary", descending: bool = False,
          text: str = "") -> RowQuery:
    return RowQuery("order_summary", "order_id", SortKey(column, compare),
                    descending, ("customer_name",), text)


def names(reader: SqliteReader, by: RowQuery, offset: int = 0, limit: int = 10) -> list[str]:
    return [row["customer_name"] for row in reader.rows_at(by, offset, limit)]


def test_a_total_kept_as_text_sorts_as_a_number(reader: SqliteReader):
    rows = reader.rows_at(query("total", "number"), 0, 10)
    assert [row["total"] for row in rows] == ["9.00", "9.50", "10.00", "10.00", "100.00"]


def test_ties_are_in_the_order_the_rows_were_written_both_ways(reader: SqliteReader):
    assert names(reader, query("total", "number"))[2:4] == ["Bob", "Dave"]
    assert names(reader, query("total", "number", descending=True))[1:3] == ["Dave", "Bob"]


def test_names_sort_whatever_their_case(reader: SqliteReader):
    assert names(reader, query("customer_name", "nocase")) == [
        "ann", "Bob", "carla", "Dave", "Émile"]


def test_a_window_is_the_rows_from_an_offset(reader: SqliteReader):
    assert names(reader, query("customer_name", "nocase"), offset=1, limit=2) == [
        "Bob", "carla"]


def test_a_text_filters_the_count_and_the_rows_whatever_its_case(reader: SqliteReader):
    assert reader.count_rows(query("customer_name", text="A")) == 3  # ann, carla, Dave
    assert names(reader, query("customer_name", "nocase", text="émile")) == ["Émile"]
    assert reader.count_rows(query("customer_name", text="%")) == 0  # taken literally


def test_the_index_of_a_row_counts_the_rows_before_it_in_the_order(reader: SqliteReader):
    by_total = query("total", "number")
    assert reader.row_index(by_total, order_id(4)) == 3  # Dave: after Bob, his tie
    assert reader.row_index(query("total", "number", descending=True), order_id(4)) == 1
    assert reader.row_index(query("customer_name", "nocase", text="a"), order_id(3)) == 1
    assert reader.row_index(query("customer_name", "nocase", text="a"), order_id(1)) is None
    assert reader.row_index(by_total, "no-such-order") is None


@pytest.mark.parametrize("column, compare", [
    ("customer_name", "nocase"), ("total_items", "binary"), ("total", "number"),
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
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%_by_%'")}
    assert indexes == {
        "catalog_by_title", "catalog_by_author", "catalog_by_price",
        "order_summary_by_customer", "order_summary_by_items", "order_summary_by_total",
        "order_summary_by_status", "order_summary_by_placed"}
