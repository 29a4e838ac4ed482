"""Two windows on one database see each other's commits within a second, and an action on
stale state shows the state along with its refusal."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from desktop.bridge import Bridge
from domain.bookshelf import AddBook, open_bookshelf
from tests.desktop.helpers import add_book, click, find, log_types, place_order, type_into

SECOND_MS = 1_000  # the "within 1 s"


def titles(window) -> list[str]:
    model = window.catalog_model
    return [model.book(row)["title"] for row in range(model.rowCount())]


def statuses(window) -> list[str]:
    model = window.orders_model
    return [model.order(row)["status"] for row in range(model.rowCount())]


def test_a_book_added_in_one_window_shows_in_the_other_within_a_second(
        qtbot, open_window, database_path: Path):
    first, second = open_window(database_path), open_window(database_path)
    add_book(qtbot, first, "Dune")
    qtbot.waitUntil(lambda: titles(second) == ["Dune"], timeout=SECOND_MS)
    qtbot.waitUntil(lambda: log_types(second) == ["Bookshelf.BookAdded.v1"], timeout=SECOND_MS)
    position = find(second, "statusPosition", QLabel)
    qtbot.waitUntil(lambda: position.text() == "Last event: #1", timeout=SECOND_MS)


def test_another_program_s_events_between_this_window_s_own_are_shown_in_order(
        qtbot, open_window, database_path: Path):
    window = open_window(database_path)
    window.store_watch.stop()  # only the feed: the gap must be read all the same
    add_book(qtbot, window, "Dune")
    other = open_bookshelf(database_path)
    other.process(AddBook(title="Emma", author="Jane Austen", price_amount=5.0))
    other.close()
    for name, text in (("bookTitle", "Persuasion"), ("bookAuthor", "Jane Austen"),
                       ("bookPrice", "6.00")):
        type_into(qtbot, window, name, text)
    click(qtbot, window, "bookAdd")  # its catalog then counts two books more: no add_book
    qtbot.waitUntil(lambda: len(log_types(window)) == 3)
    model = window.event_log_model
    assert [model.row_at(row).payload["title"] for row in range(3)] == [
        "Dune", "Emma", "Persuasion"]


def test_an_order_moved_in_one_window_moves_in_the_other_with_its_buttons(
        qtbot, open_window, database_path: Path):
    first, second = open_window(database_path), open_window(database_path)
    add_book(qtbot, first, "Dune")
    place_order(qtbot, first, "Ann")
    qtbot.waitUntil(lambda: statuses(second) == ["PENDING"], timeout=SECOND_MS)
    second.orders_panel.select_order(first.orders_model.order(0)["order_id"])
    assert second.orders_panel.confirm_button.isEnabled()

    first.orders_panel.select_order(first.orders_model.order(0)["order_id"])
    click(qtbot, first, "orderConfirm")
    qtbot.waitUntil(lambda: statuses(second) == ["CONFIRMED"], timeout=2 * SECOND_MS)
    qtbot.waitUntil(lambda: second.orders_panel.ship_button.isEnabled(), timeout=SECOND_MS)
    assert not second.orders_panel.confirm_button.isEnabled()


def test_confirming_an_order_another_window_shipped_shows_it_shipped_with_the_refusal(
        qtbot, open_window, database_path: Path):
    first, second = open_window(database_path), open_window(database_path)
    second.store_watch.stop()  # the second window has not looked yet: its view is stale
    add_book(qtbot, first, "Dune")
    place_order(qtbot, first, "Ann")
    order_id = first.orders_model.order(0)["order_id"]
    second.orders_model.refresh()
    second.orders_panel.select_order(order_id)
    for button in ("orderConfirm", "orderShip"):
        first.orders_panel.select_order(order_id)
        click(qtbot, first, button)
        qtbot.waitUntil(lambda: first.orders_model.order(0)["status"] != "PENDING")
    qtbot.waitUntil(lambda: first.orders_model.order(0)["status"] == "SHIPPED")
    assert statuses(second) == ["PENDING"]  # stale

    click(qtbot, second, "orderConfirm")

    qtbot.waitUntil(lambda: statuses(second) == ["SHIPPED"])
    message = find(second, "ordersMessage", QLabel)
    qtbot.waitUntil(lambda: "Could not confirm" in message.text())
    assert not second.orders_panel.confirm_button.isEnabled()
    assert not second.orders_panel.ship_button.isEnabled()


def test_another_program_s_events_the_window_read_are_no_lag_of_its_feed(
        qtbot, open_window, database_path: Path):
    window = open_window(database_path)
    add_book(qtbot, window, "Dune")
    other = open_bookshelf(database_path)
    for title in ("Emma", "Persuasion", "Ulysses"):
        other.process(AddBook(title=title, author="A. Writer", price_amount=5.0))
    other.close()
    qtbot.waitUntil(lambda: len(log_types(window)) == 4, timeout=SECOND_MS)

    window.health.refresh()

    assert window.health.health.behind == 0
    assert "lag" not in window.health.button.text()


def test_the_window_s_feed_held_behind_its_own_commits_is_shown_lagging(
        qtbot, open_window, database_path: Path, monkeypatch: pytest.MonkeyPatch):
    release = threading.Event()
    deliver = Bridge._receive

    def held(bridge: Bridge, batch: list) -> None:  # the delivery lane stuck in the feed
        release.wait(10)
        deliver(bridge, batch)

    monkeypatch.setattr(Bridge, "_receive", held)
    window = open_window(database_path)
    try:
        for title in ("Dune", "Emma", "Ulysses"):
            window.bridge.submit(AddBook(title=title, author="A", price_amount=1.0))
        engine = window.bookshelf.engine
        qtbot.waitUntil(lambda: engine.tally().head == 3, timeout=SECOND_MS)

        window.health.refresh()

        lags = {lag.subscriber: lag.behind for lag in window.health.health.lags}
        assert lags["desktop"] == 3 - engine.tally().positions["desktop"] > 0
    finally:
        release.set()
