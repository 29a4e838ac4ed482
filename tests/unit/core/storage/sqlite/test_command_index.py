"""The search index finds the commands on record by id, correlation and causation."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.bookshelf import AddBook, Bookshelf, ConfirmOrder, PlaceOrder, ShipOrder, open_bookshelf
from domain.bookshelf.projections import catalog, orders
from domain.core import DomainRuleError, ValidationError, caused_by
from domain.core.metadata import Metadata
from domain.core.storage.commands import CommandRecord
from domain.core.storage.sqlite.reader import SqliteReader
from domain.core.storage.sqlite.search_index import INDEX_COMMANDS_SQL, MOVE_THROUGH_SQL


def newest_event(reader: SqliteReader, order_id: str) -> Metadata:
    [record] = reader.events(newest_first=True, limit=1)
    metadata = json.loads(record.metadata)
    assert record.stream.endswith(order_id)
    return Metadata.from_dict(metadata)


def place_confirm_ship(shop: Bookshelf, database_path: Path) -> dict[str, str]:
    """An order placed, then confirmed and shipped each caused by its latest event; the
    ids of its commands and of the events they followed."""
    book = shop.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.0))
    place = PlaceOrder(customer_name="Ann", items=[{"book_id": book, "quantity": 1}])
    order_id = str(shop.process(place))
    ids = {"place": place._metadata.id}
    reader = SqliteReader(str(database_path))
    try:
        for name, command_cls in (("confirm", ConfirmOrder), ("ship", ShipOrder)):
            cause = newest_event(reader, order_id)
            with caused_by(cause):
                command = command_cls(order_id=order_id)
            shop.process(command)
            ids[name], ids[f"{name}_cause"] = command._metadata.id, cause.id
    finally:
        reader.close()
    return ids


def indexed_through(database_path: Path) -> int:
    reader = SqliteReader(str(database_path))
    try:
        return int(reader._execute("SELECT coalesce(max(through), 0)"
                                   " FROM search_commands_through")[0][0])
    finally:
        reader.close()


@pytest.fixture
def reader(database_path: Path) -> Iterator[SqliteReader]:
    opened = SqliteReader(str(database_path))
    yield opened
    opened.close()


def types(records: list[CommandRecord]) -> list[str]:
    return [record.type.split(".")[1] for record in records]


def test_the_index_holds_every_command_once_their_events_are_delivered(
        shop: Bookshelf, database_path: Path) -> None:
    place_confirm_ship(shop, database_path)

    assert indexed_through(database_path) == 4  # AddBook, PlaceOrder, ConfirmOrder, ShipOrder


def test_commands_are_found_by_their_correlation_id_and_causation(
        shop: Bookshelf, database_path: Path, reader: SqliteReader) -> None:
    ids = place_confirm_ship(shop, database_path)

    assert types(reader.commands_about(ids["place"])) == [
        "PlaceOrder", "ConfirmOrder", "ShipOrder"]
    assert types(reader.commands_about(ids["confirm"])) == ["ConfirmOrder"]
    assert types(reader.commands_about(ids["ship_cause"])) == ["ShipOrder"]
    assert reader.commands_about("00000000-0000-4000-8000-000000000000") == []
    shipping = reader.command(ids["ship"])
    assert shipping is not None and shipping.id == ids["ship"]


def test_a_command_past_the_index_is_found_one_by_one(
        shop: Bookshelf, database_path: Path, reader: SqliteReader) -> None:
    ids = place_confirm_ship(shop, database_path)
    again = ConfirmOrder(order_id=json.loads(reader.events(limit=2)[-1].payload)["order_id"])
    with pytest.raises(DomainRuleError):
        shop.process(again)  # refused: no event, so the index has not reached it

    assert indexed_through(database_path) == 4
    assert reader.command(again._metadata.id) is not None
    assert types(reader.commands_about(again._metadata.id)) == ["ConfirmOrder"]
    assert types(reader.commands_about(ids["place"])) == [
        "PlaceOrder", "ConfirmOrder", "ShipOrder"]


def test_the_next_delivery_indexes_the_commands_it_had_not_reached(
        shop: Bookshelf, database_path: Path) -> None:
    place_confirm_ship(shop, database_path)
    with pytest.raises(ValidationError):  # refused: it raised no event to deliver
        shop.process(PlaceOrder(customer_name="Bob",
                                items=[{"book_id": "x" * 36, "quantity": 1}]))
    assert indexed_through(database_path) == 4

    shop.process(AddBook(title="Emma", author="Jane Austen", price_amount=4.0))

    assert indexed_through(database_path) == 6


def test_a_store_without_the_index_is_scanned(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    shop = open_bookshelf(path, subscribers=[catalog, orders])  # no search index at all
    try:
        ids = place_confirm_ship(shop, path)
    finally:
        shop.close()
    plain = SqliteReader(str(path))
    try:
        assert types(plain.commands_about(ids["place"])) == [
            "PlaceOrder", "ConfirmOrder", "ShipOrder"]
        assert plain.command(ids["confirm"]) is not None
    finally:
        plain.close()


def test_a_rebuild_indexes_every_command_and_the_check_finds_no_difference(
        shop: Bookshelf, database_path: Path, reader: SqliteReader) -> None:
    ids = place_confirm_ship(shop, database_path)
    refused = ConfirmOrder(order_id=json.loads(reader.events(limit=2)[-1].payload)["order_id"])
    with pytest.raises(DomainRuleError):
        shop.process(refused)
    assert shop.check().findings == []  # the index one command behind is no difference

    shop.rebuild_projections()

    assert indexed_through(database_path) == 5
    assert shop.check().findings == []
    assert types(reader.commands_about(ids["place"])) == [
        "PlaceOrder", "ConfirmOrder", "ShipOrder"]
    assert reader.command(refused._metadata.id) is not None


@pytest.mark.parametrize("statement", [INDEX_COMMANDS_SQL, MOVE_THROUGH_SQL])
def test_indexing_commands_reads_only_the_commands_past_the_mark(
        shop: Bookshelf, database_path: Path, statement: str) -> None:
    # With sync processing it runs with every command: a scan of the commands table made
    # each command slower as they grew (0.5 ms more at 10,000).
    plan = sqlite3.connect(database_path).execute(f"EXPLAIN QUERY PLAN {statement}").fetchall()

    assert not [row for row in plan if str(row[3]).startswith("SCAN commands")]
    assert any(str(row[3]).startswith("SEARCH commands") for row in plan)


def test_the_check_reports_an_index_that_lost_or_gained_a_commands_rows(
        shop: Bookshelf, database_path: Path) -> None:
    ids = place_confirm_ship(shop, database_path)
    shop.process(AddBook(title="Emma", author="Jane Austen", price_amount=4.0))  # moves the mark
    with sqlite3.connect(database_path) as damaged:
        damaged.execute("DELETE FROM search_commands WHERE id = ?", (ids["confirm"],))
        damaged.execute("INSERT INTO search_commands (id, position) VALUES ('stray', 1)")

    findings = [finding for finding in shop.check().findings if finding.check == "commands"]

    assert [finding.message for finding in findings] == [
        "the search index's commands differ from the commands on record: 1 indexed id(s) "
        "no command gives, 1 command id(s) not indexed (bookshelf rebuild indexes them again)"]
    shop.rebuild_projections()
    assert shop.check().findings == []
