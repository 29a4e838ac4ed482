"""Optimistic concurrency: two copies of one order race, exactly one wins, nothing is lost."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from domain.bookshelf import Bookshelf, Order, OrderStatus
from domain.core import ExpectedVersionError


def order_events(shop: Bookshelf, order_id: str) -> list[str]:
    rows = shop.session().store.execute(
        "SELECT type FROM events WHERE stream = ? ORDER BY sequence",
        (Order.stream_name(order_id),),
    ).fetchall()
    return [row[0].split(".")[1] for row in rows]


def test_two_copies_confirmed_at_once_let_exactly_one_win(
        shop: Bookshelf, filled: dict[str, str]) -> None:
    orders = shop.repository_for(Order)
    first, second = orders.get(filled["pending"]), orders.get(filled["pending"])
    first.confirm()
    second.confirm()

    orders.add(first)
    with pytest.raises(ExpectedVersionError):
        orders.add(second)

    stored = orders.get(filled["pending"])
    assert stored.status == OrderStatus.CONFIRMED.value
    assert stored._version == 1  # placed (0), confirmed (1)
    assert order_events(shop, filled["pending"]) == ["OrderItemAdded", "OrderPlaced",
                                                     "OrderConfirmed"]


def test_a_stale_copy_cannot_undo_a_later_change(shop: Bookshelf, filled: dict[str, str]) -> None:
    orders = shop.repository_for(Order)
    stale = orders.get(filled["pending"])
    fresh = orders.get(filled["pending"])
    fresh.confirm()
    orders.add(fresh)
    fresh.ship()
    orders.add(fresh)
    stale.confirm()  # this copy still believes the order is pending

    with pytest.raises(ExpectedVersionError):
        orders.add(stale)

    assert orders.get(filled["pending"]).status == OrderStatus.SHIPPED.value
    assert order_events(shop, filled["pending"])[-2:] == ["OrderConfirmed", "OrderShipped"]


def test_two_threads_racing_on_one_order_leave_one_winner_and_every_event(
        shop: Bookshelf, filled: dict[str, str], database_path: Path) -> None:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def confirm() -> None:
        orders = shop.repository_for(Order)
        try:
            order = orders.get(filled["pending"])
            order.confirm()
            barrier.wait(timeout=10)  # both hold a copy read before either writes
            orders.add(order)
            outcomes.append("won")
        except ExpectedVersionError:
            outcomes.append("refused")
        finally:
            shop.close()  # this thread's connection

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["refused", "won"]
    assert order_events(shop, filled["pending"]).count("OrderConfirmed") == 1
    shop.session().dispatcher.catch_up()
    summary = shop.session().store.execute(
        "SELECT status FROM projection_orders WHERE order_id = ?", (filled["pending"],)).fetchone()
    assert summary == ("CONFIRMED",)


def test_re_adding_an_unchanged_aggregate_writes_nothing(
        shop: Bookshelf, filled: dict[str, str]) -> None:
    orders = shop.repository_for(Order)
    order = orders.get(filled["shipped"])
    last = shop.session().store.last_position()
    total_changes = shop.session().store.connection.total_changes

    orders.add(order)
    orders.add(order)

    again = orders.get(filled["shipped"])
    assert again._version == order._version == 2  # placed (0), confirmed, shipped
    assert shop.session().store.last_position() == last
    assert shop.session().store.connection.total_changes == total_changes
