"""A projection table counted, windowed and located, in any order, the same on either backend."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from domain.bookshelf import Bookshelf
from domain.core.storage.reading import Reader
from domain.core.storage.row_query import RowQuery, SortKey
from tests.unit.core.storage.backends import BACKENDS, open_reader

# (customer, total in cents)
ORDERS = [("ann", 900), ("Bob", 1000), ("Émile", 10000), ("carla", 950), ("Dave", 1000)]
TABLE = "projection_orders"


def order_id(number: int) -> str:
    return f"order-{number}"


@pytest.fixture(params=BACKENDS)
def reader(request: pytest.FixtureRequest, shop: Bookshelf, database_path: Path
           ) -> Iterator[Reader]:
    """The store's own tables and indexes, with order rows written straight into them."""
    with closing(sqlite3.connect(database_path)) as connection, connection:
        connection.executemany(
            f"INSERT INTO {TABLE} (order_id, customer_name, status, total_items, total_cents,"
            " currency, placed_at, updated_at, position, lines, transitions) VALUES (?, ?,"
            " 'PENDING', 1, ?, 'USD', '2026-01-01', '2026-01-01', ?, '[]', '[]')",
            [(order_id(number), name, total, number)
             for number, (name, total) in enumerate(ORDERS)])
    reader = open_reader(request, request.param, database_path)
    yield reader
    reader.close()


def query(column: str, compare: str = "binary", descending: bool = False,
          text: str = "") -> RowQuery:
    return RowQuery(TABLE, "order_id", SortKey(column, compare),
                    descending, ("customer_name",), text)


def names(reader: Reader, by: RowQuery, offset: int = 0, limit: int = 10) -> list[str]:
    return [row["customer_name"] for row in reader.rows_at(by, offset, limit)]


def test_a_total_in_cents_sorts_by_its_value(reader: Reader):
    rows = reader.rows_at(query("total_cents"), 0, 10)
    assert [row["total_cents"] for row in rows] == [900, 950, 1000, 1000, 10000]


def test_ties_are_in_the_order_the_rows_were_written_both_ways(reader: Reader):
    assert names(reader, query("total_cents"))[2:4] == ["Bob", "Dave"]
    assert names(reader, query("total_cents", descending=True))[1:3] == ["Dave", "Bob"]


def test_names_sort_whatever_their_case(reader: Reader):
    assert names(reader, query("customer_name", "nocase")) == [
        "ann", "Bob", "carla", "Dave", "Émile"]


def test_a_window_is_the_rows_from_an_offset(reader: Reader):
    assert names(reader, query("customer_name", "nocase"), offset=1, limit=2) == [
        "Bob", "carla"]


def test_a_text_filters_the_count_and_the_rows_whatever_its_case(reader: Reader):
    assert reader.count_rows(query("customer_name", text="A")) == 3  # ann, carla, Dave
    assert names(reader, query("customer_name", "nocase", text="émile")) == ["Émile"]
    assert reader.count_rows(query("customer_name", text="%")) == 0  # taken literally


def test_the_index_of_a_row_counts_the_rows_before_it_in_the_order(reader: Reader):
    by_total = query("total_cents")
    assert reader.row_index(by_total, order_id(4)) == 3  # Dave: after Bob, his tie
    assert reader.row_index(query("total_cents", descending=True), order_id(4)) == 1
    assert reader.row_index(query("customer_name", "nocase", text="a"), order_id(3)) == 1
    assert reader.row_index(query("customer_name", "nocase", text="a"), order_id(1)) is None
    assert reader.row_index(by_total, "no-such-order") is None
