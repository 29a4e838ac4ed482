"""The projections as the panels read them."""

from __future__ import annotations

from domain.core.storage.sqlite.reader import SqliteReader
from domain.readside import ProjectionQueries
from tests.unit.readside.conftest import Shelf


def test_the_books_are_read_in_the_order_they_were_added_and_filtered_by_title_or_author(
        shelf: Shelf, reader: SqliteReader):
    books = ProjectionQueries(reader).books()
    assert [books.key_at(index) for index in range(books.count)] == shelf.books
    books.set_text("ÉMILE")
    assert books.count == 1 and books.row(0)["title"] == "Émile ou De l'éducation"
    books.set_text("a. writer")
    assert books.count == len(shelf.books)


def test_the_orders_are_read_newest_first_each_as_it_is_now(shelf: Shelf, reader: SqliteReader):
    orders = ProjectionQueries(reader).orders()
    assert [(orders.row(index)["order_id"], orders.row(index)["status"])
            for index in range(orders.count)] == [
        (shelf.pending, "PENDING"), (shelf.shipped, "SHIPPED")]
    assert orders.index_of(shelf.shipped) == 1


def test_the_transitions_of_an_order_are_its_statuses_oldest_first(
        shelf: Shelf, reader: SqliteReader):
    transitions = ProjectionQueries(reader).transitions(shelf.shipped)
    assert [each["status"] for each in transitions] == ["PENDING", "CONFIRMED", "SHIPPED"]


def test_the_lines_of_an_order_are_in_the_order_they_were_added(
        shelf: Shelf, reader: SqliteReader):
    order = ProjectionQueries(reader).order(shelf.shipped)
    assert order is not None
    assert [(line["book_id"], line["quantity"]) for line in order["lines"]] == [
        (shelf.books[0], 2), (shelf.books[1], 1)]


def test_an_order_the_projection_does_not_hold_is_none(reader: SqliteReader):
    assert ProjectionQueries(reader).order("no-such-order") is None


def test_every_transition_of_every_order_is_read_in_log_order(
        shelf: Shelf, reader: SqliteReader):
    transitions = ProjectionQueries(reader).all_transitions()
    positions = [each["position"] for each in transitions]
    assert positions == sorted(positions)
    assert [(each["order_id"], each["status"]) for each in transitions] == [
        (shelf.shipped, "PENDING"), (shelf.shipped, "CONFIRMED"), (shelf.shipped, "SHIPPED"),
        (shelf.pending, "PENDING")]
