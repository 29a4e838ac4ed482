"""Orders by status, counted from their events, of the orders placed while watching."""

from __future__ import annotations

from desktop.charts.order_statuses import OrderStatuses
from tests.desktop.charts.rows import ADDED, CONFIRMED, PLACED, SHIPPED, row


def test_an_order_moves_from_pending_to_confirmed_to_shipped() -> None:
    orders = OrderStatuses()

    assert orders.apply([row(PLACED, "order-1"), row(PLACED, "order-2")])
    assert orders.counts() == {"PENDING": 2, "CONFIRMED": 0, "SHIPPED": 0}
    orders.apply([row(CONFIRMED, "order-1")])
    assert orders.counts() == {"PENDING": 1, "CONFIRMED": 1, "SHIPPED": 0}
    orders.apply([row(SHIPPED, "order-1")])
    assert orders.counts() == {"PENDING": 1, "CONFIRMED": 0, "SHIPPED": 1}


def test_an_order_placed_before_the_count_began_is_not_counted() -> None:
    orders = OrderStatuses()

    assert not orders.apply([row(CONFIRMED, "order-old"), row(SHIPPED, "order-old")])
    assert orders.counts() == {"PENDING": 0, "CONFIRMED": 0, "SHIPPED": 0}


def test_events_of_books_and_an_event_seen_twice_change_nothing() -> None:
    orders = OrderStatuses()
    orders.apply([row(PLACED, "order-1")])

    assert not orders.apply([row(ADDED), row(PLACED, "order-1")])
    assert orders.counts() == {"PENDING": 1, "CONFIRMED": 0, "SHIPPED": 0}


def test_clearing_starts_the_count_again() -> None:
    orders = OrderStatuses()
    orders.apply([row(PLACED, "order-1")])
    orders.clear()

    orders.apply([row(CONFIRMED, "order-1")])
    assert orders.counts() == {"PENDING": 0, "CONFIRMED": 0, "SHIPPED": 0}
