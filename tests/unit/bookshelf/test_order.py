"""Orders: placing them, and the guarded PENDING -> CONFIRMED -> SHIPPED transitions."""

from __future__ import annotations

import pytest

from domain.bookshelf import (
    Bookshelf,
    ConfirmOrder,
    Money,
    Order,
    OrderItem,
    Orders,
    OrderTransitionRefused,
    PlaceOrder,
    ShipOrder,
)
from domain.core import DomainRuleError, ObjectNotFoundError, ValidationError
from tests.unit.bookshelf.helpers import add_book, confirmed_order, event_types, place_order


def test_place_order_stores_a_pending_order_with_its_items(shop: Bookshelf) -> None:
    book_id = add_book(shop, price_amount=19.99)
    order = shop.repository_for(Order).get(place_order(shop, (book_id, 3)))
    assert order.status == "PENDING"
    assert [(item.book_title, item.quantity, item.unit_price) for item in order.items] == [
        ("The Great Gatsby", 3, Money(amount=19.99))]
    assert str(order.total) == "59.97"


def test_place_order_raises_one_item_added_per_line_then_order_placed(shop: Bookshelf) -> None:
    first, second = add_book(shop), add_book(shop, title="Ulysses", isbn="")
    place_order(shop, (first, 2), (second, 3))
    assert event_types(shop)[2:] == [
        "Bookshelf.OrderItemAdded.v1", "Bookshelf.OrderItemAdded.v1", "Bookshelf.OrderPlaced.v1"]


def test_order_placed_carries_the_total_number_of_items(shop: Bookshelf) -> None:
    first, second = add_book(shop), add_book(shop, title="Ulysses", isbn="")
    order_id = place_order(shop, (first, 2), (second, 3), customer="Bo")
    placed = shop.session().store.load()[-1]
    assert placed.payload == {"order_id": order_id, "customer_name": "Bo", "total_items": 5}


def test_the_order_projection_shows_the_total_to_cents(shop: Bookshelf) -> None:
    cheap, dearer = add_book(shop, price_amount=0.1), add_book(shop, price_amount=0.2, isbn="")
    order_id = place_order(shop, (cheap, 3), (dearer, 1))
    order = shop.view_for(Orders).get(order_id)
    assert (order.total_cents, order.total_items) == (50, 4)


def test_a_pending_order_can_be_confirmed(shop: Bookshelf) -> None:
    order_id = place_order(shop, (add_book(shop), 1))
    shop.process(ConfirmOrder(order_id=order_id))
    assert shop.repository_for(Order).get(order_id).status == "CONFIRMED"
    assert event_types(shop)[-1] == "Bookshelf.OrderConfirmed.v1"


def test_a_confirmed_order_can_be_shipped(shop: Bookshelf) -> None:
    order_id = confirmed_order(shop)
    shop.process(ShipOrder(order_id=order_id))
    assert shop.repository_for(Order).get(order_id).status == "SHIPPED"
    assert event_types(shop)[-1] == "Bookshelf.OrderShipped.v1"


def test_shipping_a_pending_order_is_refused_and_raises_no_event(shop: Bookshelf) -> None:
    order_id = place_order(shop, (add_book(shop), 1), customer="Ann")
    before = event_types(shop)

    with pytest.raises(OrderTransitionRefused) as caught:
        shop.process(ShipOrder(order_id=order_id))

    message = str(caught.value)
    assert order_id in message and "PENDING" in message and "shipped" in message
    assert event_types(shop) == before
    assert shop.repository_for(Order).get(order_id).status == "PENDING"


def test_confirming_a_confirmed_order_is_refused_and_raises_no_event(shop: Bookshelf) -> None:
    order_id = confirmed_order(shop)
    before = event_types(shop)

    with pytest.raises(OrderTransitionRefused, match=f"{order_id}.*CONFIRMED.*confirmed"):
        shop.process(ConfirmOrder(order_id=order_id))
    assert event_types(shop) == before


def test_confirming_a_shipped_order_is_refused_and_raises_no_event(shop: Bookshelf) -> None:
    order_id = confirmed_order(shop)
    shop.process(ShipOrder(order_id=order_id))
    before = event_types(shop)

    with pytest.raises(OrderTransitionRefused, match=f"{order_id}.*SHIPPED.*confirmed"):
        shop.process(ConfirmOrder(order_id=order_id))
    assert event_types(shop) == before


def test_shipping_a_shipped_order_is_refused(shop: Bookshelf) -> None:
    order_id = confirmed_order(shop)
    shop.process(ShipOrder(order_id=order_id))
    with pytest.raises(OrderTransitionRefused, match="SHIPPED.*shipped"):
        shop.process(ShipOrder(order_id=order_id))


def test_a_refused_transition_is_a_domain_rule_error() -> None:
    order = Order(customer_name="Ann")
    order.confirm()
    with pytest.raises(DomainRuleError):
        order.confirm()
    assert len(order._events) == 1


def test_confirming_an_unknown_order_raises_object_not_found(shop: Bookshelf) -> None:
    with pytest.raises(ObjectNotFoundError):
        shop.process(ConfirmOrder(order_id="no-such-order"))


def test_ordering_an_unknown_book_is_refused_under_items(shop: Bookshelf) -> None:
    with pytest.raises(ValidationError) as caught:
        place_order(shop, ("no-such-book", 1))
    assert caught.value.messages == {"items": ["no book with id no-such-book is in the catalog"]}
    assert event_types(shop) == []


@pytest.mark.parametrize("quantity", [0, -1])
def test_a_quantity_below_1_is_refused_in_the_command(quantity: int) -> None:
    with pytest.raises(ValidationError) as caught:
        PlaceOrder(customer_name="Ann", items=[{"book_id": "b", "quantity": quantity}])
    assert caught.value.messages == {"items": ["item 1: quantity: must be at least 1"]}


def test_an_order_without_items_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        PlaceOrder(customer_name="Ann", items=[])
    assert caught.value.messages == {"items": ["is required"]}


def test_an_order_item_refuses_a_quantity_below_1() -> None:
    with pytest.raises(ValidationError) as caught:
        OrderItem(book_title="A", quantity=0)
    assert caught.value.messages == {"quantity": ["must be at least 1"]}


def test_an_order_item_refuses_a_quantity_set_below_1_later() -> None:
    item = OrderItem(book_title="A", quantity=2)
    with pytest.raises(ValidationError) as caught:
        item.quantity = 0
    assert caught.value.messages == {"quantity": ["must be at least 1"]}
    assert item.quantity == 2


def test_a_quantity_above_ten_thousand_is_refused_before_anything_is_stored() -> None:
    with pytest.raises(ValidationError) as refused:
        PlaceOrder(customer_name="Ann", items=[{"book_id": "any", "quantity": 10**19}])
    assert list(refused.value.messages) == ["items"]
    with pytest.raises(ValidationError) as refused:
        OrderItem(book_title="Dune", quantity=10_001)
    assert list(refused.value.messages) == ["quantity"]
