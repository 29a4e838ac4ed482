"""A trace: the correlation chain of any of its messages, as a tree ordered by causation."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.bookshelf import AddBook, Bookshelf, ConfirmOrder, Order, PlaceOrder, ShipOrder
from domain.core import (
    Domain,
    DomainRuleError,
    ObjectNotFoundError,
    caused_by,
    current_domain,
    handle,
)
from domain.core.fields import String
from domain.core.metadata import new_id
from domain.core.storage.sqlite.reader import SqliteReader
from domain.readside.causes import latest_metadata
from domain.readside.trace import COMMAND, EVENT, Trace, TraceNotFound, delay_text, trace

PLACE_CONFIRM_SHIP = [
    (0, COMMAND, "PlaceOrder"),
    (1, EVENT, "OrderItemAdded"), (1, EVENT, "OrderItemAdded"), (1, EVENT, "OrderPlaced"),
    (2, COMMAND, "ConfirmOrder"),
    (3, EVENT, "OrderConfirmed"),
    (4, COMMAND, "ShipOrder"),
    (5, EVENT, "OrderShipped"),
]


def shape(found: Trace) -> list[tuple[int, str, str]]:
    return [(depth, node.kind, node.type.split(".")[1]) for depth, node in found.walk()]


@pytest.fixture
def reader(shop: Bookshelf, database_path: Path) -> Iterator[SqliteReader]:
    opened = SqliteReader(str(database_path))
    yield opened
    opened.close()


def follow_up(shop: Bookshelf, reader: SqliteReader, command_cls: type, order_id: str) -> str:
    """`command_cls` for the order, caused by its latest event as the window sends it; its id."""
    with caused_by(latest_metadata(reader, Order.stream_name(order_id))):
        command = command_cls(order_id=order_id)
    shop.process(command)
    return str(command._metadata.id)


@pytest.fixture
def order(shop: Bookshelf, reader: SqliteReader) -> dict[str, str]:
    """An order of two books placed, then confirmed and shipped: the ids of its commands."""
    books = [shop.process(AddBook(title=title, author="A. Writer", price_amount=5.0))
             for title in ("Dune", "Emma")]
    place = PlaceOrder(customer_name="Ann", items=[{"book_id": book, "quantity": 1}
                                                   for book in books])
    order_id = str(shop.process(place))
    return {"order": order_id, "place": place._metadata.id,
            "confirm": follow_up(shop, reader, ConfirmOrder, order_id),
            "ship": follow_up(shop, reader, ShipOrder, order_id)}


def event_ids(reader: SqliteReader, type_name: str) -> list[str]:
    return [json.loads(each.metadata)["id"] for each in reader.events()
            if type_name in each.type]


def test_place_confirm_ship_is_one_tree_each_message_under_its_cause(
        order: dict[str, str], reader: SqliteReader) -> None:
    assert shape(trace(reader, order["place"])) == PLACE_CONFIRM_SHIP


def test_any_message_of_the_chain_or_its_correlation_gives_the_same_tree(
        order: dict[str, str], reader: SqliteReader) -> None:
    [shipped] = event_ids(reader, "OrderShipped")
    from_place = trace(reader, order["place"])

    for asked in (shipped, order["confirm"], order["ship"]):
        assert trace(reader, asked).roots == from_place.roots
    assert from_place.correlation_id == order["place"]


def test_each_node_has_its_time_its_delay_from_its_cause_and_its_aggregate(
        order: dict[str, str], reader: SqliteReader) -> None:
    found = trace(reader, order["ship"])
    [root] = found.roots

    assert root.delay is None and root.outcome == "accepted"
    causes = {id(child): node for _, node in found.walk() for child in node.children}
    for _, node in list(found.walk())[1:]:
        assert node.delay == node.timestamp - causes[id(node)].timestamp
        assert node.stream == Order.stream_name(order["order"])
    assert [node.position is not None for _, node in found.walk()] == [
        kind == EVENT for _, kind, _ in PLACE_CONFIRM_SHIP]


def test_a_refused_command_is_a_leaf_with_its_messages(
        shop: Bookshelf, order: dict[str, str], reader: SqliteReader) -> None:
    with pytest.raises(DomainRuleError):
        follow_up(shop, reader, ConfirmOrder, order["order"])  # shipped already

    found = trace(reader, order["place"])
    depth, refused = list(found.walk())[-1]
    assert (depth, refused.type, refused.outcome) == (6, "Bookshelf.ConfirmOrder.v1", "refused")
    assert refused.children == () and refused.messages and refused.refused


def test_a_refused_command_s_aggregate_is_its_cause_s(
        shop: Bookshelf, order: dict[str, str], reader: SqliteReader) -> None:
    with pytest.raises(DomainRuleError):
        follow_up(shop, reader, ConfirmOrder, order["order"])  # shipped already

    *_, (_, shipped), (_, refused) = trace(reader, order["place"]).walk()

    assert refused.refused and shipped.type == "Bookshelf.OrderShipped.v1"
    assert refused.stream == shipped.stream == Order.stream_name(order["order"])


def test_a_refused_command_with_no_cause_in_the_chain_has_no_aggregate(
        shop: Bookshelf, reader: SqliteReader) -> None:
    confirm = ConfirmOrder(order_id=new_id())  # of no order: asked by no event
    with pytest.raises(ObjectNotFoundError):
        shop.process(confirm)

    [(_, refused)] = list(trace(reader, confirm._metadata.id).walk())

    assert refused.refused and refused.stream is None


def test_an_event_stored_without_a_correlation_id_is_a_tree_of_one_node(
        shop: Bookshelf, database_path: Path) -> None:
    shop.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.0))
    event_id, stream = new_id(), f"bookshelf::book-{new_id()}"
    metadata = {"id": event_id, "timestamp": "2020-01-01T00:00:00+00:00",
                "type": "Bookshelf.BookAdded.v1", "stream": stream, "sequence": 0}
    with sqlite3.connect(database_path) as old_writer:  # as a release before ids wrote it
        old_writer.execute(
            "INSERT INTO events (id, stream, sequence, type, timestamp, payload, metadata)"
            " VALUES (?, ?, 0, 'Bookshelf.BookAdded.v1', ?, '{}', ?)",
            (event_id, stream, metadata["timestamp"], json.dumps(metadata)))
    old_writer.close()
    reader = SqliteReader(str(database_path))
    try:
        found = trace(reader, event_id)
    finally:
        reader.close()

    assert found.correlation_id is None
    assert [(depth, node.id, node.children) for depth, node in found.walk()] == [
        (0, event_id, ())]


def test_an_id_typed_in_upper_case_names_the_same_chain(
        order: dict[str, str], reader: SqliteReader) -> None:
    [shipped] = event_ids(reader, "OrderShipped")

    assert trace(reader, shipped.upper()).roots == trace(reader, shipped).roots
    assert trace(reader, order["place"].upper()).roots == trace(reader, order["place"]).roots


def test_an_upper_case_id_the_store_does_not_hold_is_not_found_as_typed(
        order: dict[str, str], reader: SqliteReader) -> None:
    with pytest.raises(TraceNotFound, match="ABCDEF00-0000-4000-8000-000000000000"):
        trace(reader, "ABCDEF00-0000-4000-8000-000000000000")


@pytest.mark.parametrize("asked", ["00000000-0000-4000-8000-000000000000", "order-1a2b3c4d",
                                   "", "dune"])
def test_an_id_the_store_does_not_hold_is_not_found(
        order: dict[str, str], reader: SqliteReader, asked: str) -> None:
    with pytest.raises(TraceNotFound, match="not found"):
        trace(reader, asked)


def test_a_delay_is_written_in_seconds_then_minutes() -> None:
    from datetime import timedelta

    assert [delay_text(each) for each in (None, timedelta(milliseconds=153),
                                          timedelta(minutes=2, seconds=5))] == [
        "", "+0.153 s", "+2 min 5.0 s"]


# -- commands an event handler issues ------------------------------------------------------

tally = Domain("Tally")


@tally.aggregate
class Count:
    name = String(required=True)


@tally.event(part_of=Count)
class Counted:
    name = String(required=True)


@tally.command(part_of=Count)
class CountOne:
    name = String(required=True)


@tally.command_handler(part_of=Count)
class CountHandler:
    @handle(CountOne)
    def count(self, command: CountOne) -> None:
        counted = Count(name=command.name)
        counted.raise_(Counted(name=command.name))
        current_domain.repository_for(Count).add(counted)


@tally.event_handler(part_of=Count)
class Echo:
    @handle(Counted)
    def on_counted(self, event: Counted) -> None:
        if event.name.startswith("twice "):  # counts once more, caused by this event
            current_domain.process(CountOne(name=event.name.removeprefix("twice ")))


@pytest.fixture
def counting(tmp_path: Path) -> Iterator[Domain]:
    tally.close()
    tally.config["database"] = str(tmp_path / "tally.db")
    tally.init()
    yield tally
    tally.close()


def test_the_commands_an_event_handler_issues_are_under_the_event_that_caused_them(
        counting: Domain) -> None:
    first = CountOne(name="twice twice sheep")
    counting.process(first)
    reader = SqliteReader(counting.config["database"])
    try:
        found = trace(reader, first._metadata.id)
    finally:
        reader.close()

    assert shape(found) == [(0, COMMAND, "CountOne"), (1, EVENT, "Counted"),
                            (2, COMMAND, "CountOne"), (3, EVENT, "Counted"),
                            (4, COMMAND, "CountOne"), (5, EVENT, "Counted")]
