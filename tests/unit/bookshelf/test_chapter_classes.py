"""The chapter's classes are declared exactly as the chapter declares them."""

from __future__ import annotations

import pytest

from domain.bookshelf import (
    AddBook,
    Book,
    BookAdded,
    Money,
    Order,
    OrderConfirmed,
    OrderItem,
    OrderPlaced,
    OrderShipped,
    OrderStatus,
)
from domain.core import ValidationError
from domain.core.fields import Float, HasMany, Identifier, Integer, String, Text, ValueObject

# (class, field, kind, options the chapter gives it)
DECLARED = [
    (Money, "currency", String, {"max_length": 3, "default": "USD"}),
    (Money, "amount", Float, {"required": True}),
    (Book, "title", String, {"max_length": 200, "required": True}),
    (Book, "author", String, {"max_length": 150, "required": True}),
    (Book, "isbn", String, {"max_length": 13, "required": False}),
    (Book, "price", ValueObject, {"value_object_cls": Money}),
    (Book, "description", Text, {"required": False}),
    (BookAdded, "book_id", Identifier, {"required": True}),
    (BookAdded, "price_amount", Float, {"required": False}),
    (BookAdded, "price_currency", String, {"max_length": 3, "default": "USD"}),
    (Order, "customer_name", String, {"max_length": 150, "required": True}),
    (Order, "status", String, {"max_length": 20, "choices": ("PENDING", "CONFIRMED", "SHIPPED"),
                               "default": "PENDING"}),
    (Order, "items", HasMany, {"entity_cls": OrderItem}),
    (OrderItem, "book_title", String, {"max_length": 200, "required": True}),
    (OrderItem, "quantity", Integer, {"required": True}),
    (OrderItem, "unit_price", ValueObject, {"value_object_cls": Money}),
    (OrderPlaced, "total_items", Integer, {"required": True}),
    (OrderConfirmed, "order_id", Identifier, {"required": True}),
    (OrderShipped, "customer_name", String, {"max_length": 150, "required": True}),
    (AddBook, "price_amount", Float, {"required": True}),
    (AddBook, "isbn", String, {"max_length": 13}),
]


@pytest.mark.parametrize(("cls", "name", "kind", "options"), DECLARED,
                         ids=[f"{row[0].__name__}.{row[1]}" for row in DECLARED])
def test_a_field_is_declared_as_in_the_chapter(
    cls: type, name: str, kind: type, options: dict[str, object],
) -> None:
    field = cls._fields[name]
    assert type(field) is kind
    assert {option: getattr(field, option) for option in options} == options


@pytest.mark.parametrize("cls", [BookAdded, OrderPlaced, OrderConfirmed, OrderShipped])
def test_the_events_belong_to_their_aggregates(cls: type) -> None:
    assert cls._part_of is (Book if cls is BookAdded else Order)


def test_order_status_has_the_three_statuses_of_the_chapter() -> None:
    assert [status.value for status in OrderStatus] == ["PENDING", "CONFIRMED", "SHIPPED"]


def test_a_new_order_is_pending() -> None:
    assert Order(customer_name="Ann").status == "PENDING"


def test_an_order_refuses_a_status_outside_order_status() -> None:
    order = Order(customer_name="Ann")
    with pytest.raises(ValidationError, match="Input should be 'PENDING', 'CONFIRMED' or"):
        order.status = "LOST"
    assert order.status == "PENDING"
