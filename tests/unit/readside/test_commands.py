"""The commands on record as the Commands view lists them: newest first, refusals marked."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.bookshelf import AddBook, Bookshelf, ConfirmOrder, Order, PlaceOrder
from domain.core import DomainRuleError, ValidationError
from domain.core.storage.sqlite.reader import SqliteReader
from domain.readside.causes import first_event_id
from domain.readside.commands import command_rows, history_name


@pytest.fixture
def reader(shop: Bookshelf, database_path: Path) -> Iterator[SqliteReader]:
    opened = SqliteReader(str(database_path))
    yield opened
    opened.close()


@pytest.fixture
def confirmed_twice(shop: Bookshelf) -> str:
    """A book, an order of it, confirmed, then confirmed again (refused): the order's id."""
    book = shop.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.0))
    order_id = str(shop.process(PlaceOrder(customer_name="Ann",
                                           items=[{"book_id": book, "quantity": 1}])))
    shop.process(ConfirmOrder(order_id=order_id))
    with pytest.raises(DomainRuleError):
        shop.process(ConfirmOrder(order_id=order_id))
    return order_id


def test_the_commands_are_listed_newest_first_a_refusal_with_its_messages(
        confirmed_twice: str, reader: SqliteReader) -> None:
    rows = command_rows(reader)

    assert [(row.short_type, row.outcome) for row in rows] == [
        ("ConfirmOrder", "refused"), ("ConfirmOrder", "accepted"),
        ("PlaceOrder", "accepted"), ("AddBook", "accepted")]
    assert rows[0].refused and rows[0].messages and not rows[1].messages
    assert [row.position for row in rows] == sorted((row.position for row in rows),
                                                    reverse=True)


def test_a_command_s_aggregate_is_the_one_its_payload_names(
        confirmed_twice: str, reader: SqliteReader) -> None:
    aggregates = [row.aggregate for row in command_rows(reader)]

    assert aggregates == [f"order-{confirmed_twice[:8]}"] * 2 + [None, None]


def test_a_command_s_history_is_its_first_event_s_else_the_aggregate_it_names(
        confirmed_twice: str, reader: SqliteReader) -> None:
    refused, confirmed, placed, added = command_rows(reader)
    raised_by = {json.loads(each.metadata)["id"]: json.loads(each.metadata)["causation_id"]
                 for each in reader.events()}

    assert raised_by[history_name(reader, confirmed)] == confirmed.id
    assert raised_by[history_name(reader, placed)] == placed.id  # it names no aggregate
    assert raised_by[history_name(reader, added)] == added.id
    # It raised none: the order it was about.
    assert history_name(reader, refused) == refused.aggregate_id == confirmed_twice


def test_a_refused_command_naming_no_aggregate_has_no_history(
        shop: Bookshelf, reader: SqliteReader) -> None:
    with pytest.raises(ValidationError):
        shop.process(PlaceOrder(customer_name="Ann", items=[
            {"book_id": "00000000-0000-4000-8000-000000000000", "quantity": 1}]))

    [refused] = command_rows(reader)

    assert refused.refused and history_name(reader, refused) is None


def test_refused_only_keeps_the_refused_and_a_limit_the_newest(
        confirmed_twice: str, reader: SqliteReader) -> None:
    assert [row.outcome for row in command_rows(reader, refused_only=True)] == ["refused"]
    assert [row.short_type for row in command_rows(reader, limit=2)] == [
        "ConfirmOrder", "ConfirmOrder"]


def test_a_stream_s_first_event_is_the_one_that_created_it(
        confirmed_twice: str, reader: SqliteReader) -> None:
    stream = Order.stream_name(confirmed_twice)
    placed = [json.loads(each.metadata)["id"] for each in reader.events()
              if each.stream == stream]

    assert first_event_id(reader, stream) == placed[0]
    assert first_event_id(reader, "bookshelf::order-none") is None
