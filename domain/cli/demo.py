"""The chapter's flow, told step by step: add a book, place, confirm and ship an order."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from domain.bookshelf import AddBook, Bookshelf, ConfirmOrder, Order, PlaceOrder, ShipOrder


def run_chapter_flow(domain: Bookshelf, say: Callable[[str], object] = print) -> str:
    """Run the flow on `domain` (an opened bookshelf) and return the shipped order's id."""
    book_id = domain.process(AddBook(
        title="The Great Gatsby", author="F. Scott Fitzgerald", isbn="9780743273565",
        price_amount=12.99, description="A story of the mysteriously wealthy Jay Gatsby.",
    ))
    say(f"Book added: {book_id}")
    order_id = domain.process(PlaceOrder(customer_name="Alice Johnson",
                                         items=[{"book_id": book_id, "quantity": 1}]))
    say(f"Order placed: {order_id}")
    domain.process(ConfirmOrder(order_id=order_id))
    say(f"Order confirmed: {order_id}")
    domain.process(ShipOrder(order_id=order_id))
    say(f"Order shipped: {order_id}")
    # A repository gives its aggregates as BaseAggregate; this one holds orders.
    status = cast(Order, domain.repository_for(Order).get(order_id)).status
    say(f"Order {order_id} is now {status}")
    return order_id
