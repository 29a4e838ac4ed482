"""The projections as the panels read them."""

from __future__ import annotations

from domain.core.storage.sqlite.reader import SqliteReader
from domain.readside import ProjectionQueries
from tests.unit.readside.conftest import Shelf


def test_books_are_read_past_a_position_in_the_order_they_were_added(
        shelf: Shelf, reader: SqliteReader):
    books = ProjectionQueries(reader).books_since(2)
    assert [book["book_id"] for book in books] == shelf.books[2:]
    assert [book["position"] for book in books] == [3, 4, 5]
    assert books[0]["title"] == "\u212aelvin Waves"


def test_orders_are_read_past_a_position_each_with_its_latest_position(
        shelf: Shelf, reader: SqliteReader):
    projections = ProjectionQueries(reader)
    orders = projections.orders_since(0)
    assert [(order["order_id"], order["status"], order["position"]) for order in orders] == [
        (shelf.shipped, "SHIPPED", 10), (shelf.pending, "PENDING", 12)]
    assert [order["order_id"] for order in projections.orders_since(10)] == [shelf.pending]


def test_the_transitions_of_an_order_are_its_statuses_oldest_first(
        shelf: Shelf, reader: SqliteReader):
    transitions = ProjectionQueries(reader).transitions(shelf.shipped)
    assert [each["status"] for each in transitions] == ["PENDING", "CONFIRMED", "SHIPPED"]


def test_the_lines_of_an_order_are_in_the_order_they_were_added(
        shelf: Shelf, reader: SqliteReader):
    lines = ProjectionQueries(reader).order_lines(shelf.shipped)
    assert [(line["book_id"], line["quantity"]) for line in lines] == [
        (shelf.books[0], 2), (shelf.books[1], 1)]
