"""The limits of new commands (a description's length, an order's lines, each book once),
and stored books and orders beyond them, which still load, show and rebuild."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.bookshelf import (
    AddBook,
    Book,
    Bookshelf,
    Catalog,
    Money,
    Order,
    OrderItem,
    PlaceOrder,
)
from domain.bookshelf.commands import MAX_DESCRIPTION, MAX_LINES
from domain.core import ValidationError
from tests.unit.bookshelf.helpers import add_book

SETTINGS = settings(max_examples=20, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def new_book(**values: Any) -> AddBook:
    return AddBook(**{"title": "Dune", "author": "Frank Herbert", "price_amount": 9.5, **values})


def lines(count: int) -> list[dict[str, Any]]:
    return [{"book_id": f"book-{number}", "quantity": 1} for number in range(count)]


def test_a_description_of_10000_characters_is_accepted() -> None:
    assert len(new_book(description="d" * MAX_DESCRIPTION).description) == 10_000


@SETTINGS
@given(length=st.integers(MAX_DESCRIPTION + 1, 100 * MAX_DESCRIPTION))
def test_a_longer_description_is_refused_with_its_length(length: int) -> None:
    with pytest.raises(ValidationError) as caught:
        new_book(description="d" * length)
    assert caught.value.messages == {
        "description": [f"may be at most 10000 characters long (this is {length})"]}


def test_an_order_of_100_lines_is_accepted() -> None:
    assert len(PlaceOrder(customer_name="Ann", items=lines(MAX_LINES)).items) == 100


@SETTINGS
@given(count=st.integers(MAX_LINES + 1, 100_000))
def test_an_order_of_more_than_100_lines_is_refused_before_any_line_is_read(count: int) -> None:
    with pytest.raises(ValidationError) as caught:
        PlaceOrder(customer_name="Ann", items=[None] * count)  # no line looked at
    assert caught.value.messages == {
        "items": [f"may hold at most 100 items (this has {count:,})"]}


@SETTINGS
@given(data=st.data())
def test_an_order_naming_a_book_twice_is_refused_saying_which_book_and_lines(
    data: st.DataObject,
) -> None:
    items = lines(data.draw(st.integers(1, MAX_LINES - 1)))
    first, second = sorted(data.draw(st.lists(st.integers(0, len(items)), min_size=2,
                                              max_size=2, unique=True)))
    items.insert(second, {"book_id": items[first]["book_id"], "quantity": 2})
    with pytest.raises(ValidationError) as caught:
        PlaceOrder(customer_name="Ann", items=items)
    assert caught.value.messages == {"items": [
        f"book book-{first} is on lines {first + 1} and {second + 1}: "
        "each book may be on one line"]}


def test_a_book_named_three_times_lists_every_line() -> None:
    items = [{"book_id": "b", "quantity": 1}] * 3
    with pytest.raises(ValidationError) as caught:
        PlaceOrder(customer_name="Ann", items=items)
    assert caught.value.messages == {
        "items": ["book b is on lines 1, 2 and 3: each book may be on one line"]}


# -- stored beyond the limits: loads, shows, rebuilds ------------------------------------

def test_a_book_stored_with_a_longer_description_still_loads_and_rebuilds(
    shop: Bookshelf,
) -> None:
    book = Book(title="Long", author="Ann", isbn="", price=Money(amount=5.0),
                description="d" * (10 * MAX_DESCRIPTION))
    book.add_to_catalog()
    shop.repository_for(Book).add(book)
    assert len(shop.repository_for(Book).get(book.id).description) == 100_000
    shop.rebuild_projections()
    assert shop.check().findings == []
    assert shop.view_for(Catalog).get(book.id).title == "Long"


def test_an_order_stored_with_more_lines_than_a_command_may_have_still_loads_and_rebuilds(
    shop: Bookshelf,
) -> None:
    book_id = add_book(shop)
    order = Order(customer_name="Ann", items=[
        OrderItem(book_title="The Great Gatsby", quantity=1, unit_price=Money(amount=12.99))
        for _ in range(3 * MAX_LINES)])
    order.place([book_id] * (3 * MAX_LINES))  # one book on every line, too
    shop.repository_for(Order).add(order)
    assert len(shop.repository_for(Order).get(order.id).items) == 300
    shop.rebuild_projections()
    assert shop.check().findings == []
    (summary,) = shop.open_reader().projection_rows("projection_orders", order_by="position")
    assert summary["total_items"] == 300


def test_a_book_stored_with_a_nul_before_the_rule_still_loads(shop: Bookshelf) -> None:
    book = Book(title="a\x00b", author="Ann", isbn="", price=Money(amount=5.0))
    book.add_to_catalog()
    shop.repository_for(Book).add(book)
    assert shop.repository_for(Book).get(book.id).title == "a\x00b"
    shop.rebuild_projections()
    assert shop.check().findings == []
