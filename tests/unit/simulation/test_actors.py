"""The clerk, the customers and the warehouse as the command log shows them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from domain.bookshelf.isbn import isbn_problems
from domain.core.storage.sqlite.reader import SqliteReader
from domain.readside.trace import trace
from domain.simulation import Simulation
from tests.unit.simulation.conftest import run_to_end


def test_the_clerk_adds_books_with_valid_isbns_and_prices(
        simulate: Callable[..., Simulation]) -> None:
    log = run_to_end(simulate(until=200, customers=0)).command_log
    books = [fields for _at, actor, command, fields, _ in log if command == "AddBook"]
    assert len(books) > 20
    assert all(actor == "clerk" for _at, actor, command, _f, _ in log if command == "AddBook")
    assert all(len(book["isbn"]) == 13 and not isbn_problems(book["isbn"]) for book in books)
    assert all(book["price_amount"] > 0 and book["title"] and book["author"] for book in books)
    assert len({book["title"] for book in books}) > 10


def test_customers_order_one_to_five_books_they_saw_added(
        simulate: Callable[..., Simulation]) -> None:
    log = run_to_end(simulate(until=300, invalid_share=0.0)).command_log
    orders = [fields for _at, _actor, command, fields, _ in log if command == "PlaceOrder"]
    assert len(orders) > 50
    assert all(1 <= len(order["items"]) <= 5 for order in orders)
    assert all(line["book_id"].startswith("book-") for order in orders
               for line in order["items"])


def test_a_share_of_invalid_orders_is_rejected(simulate: Callable[..., Simulation]) -> None:
    simulation = run_to_end(simulate(until=300, invalid_share=0.3))
    mistakes = [mistake for *_, mistake in simulation.command_log if mistake]
    snapshot = simulation.stats.snapshot()
    assert len(mistakes) > 10
    assert snapshot["commands_rejected"] == len(mistakes)
    # Bad fields are refused when the command is built; an unknown book by the handler.
    assert snapshot["rejected_by_reason"].get("ValidationError") == mistakes.count("unknown book")


def test_without_invalid_input_nothing_is_rejected(simulate: Callable[..., Simulation]) -> None:
    snapshot = run_to_end(simulate(until=300, invalid_share=0.0)).stats.snapshot()
    assert snapshot["commands_rejected"] == 0


def test_the_warehouse_ships_each_order_after_confirming_it(
        simulate: Callable[..., Simulation]) -> None:
    simulation = run_to_end(simulate(until=600, invalid_share=0.0, confirm_delay=20,
                                     ship_delay=45))
    placed, confirmed, shipped = {}, {}, {}
    for at, _actor, command, fields, _ in simulation.command_log:
        if command == "ConfirmOrder":
            confirmed[fields["order_id"]] = at
        elif command == "ShipOrder":
            shipped[fields["order_id"]] = at
    for ordinal, (at, *_rest) in enumerate(simulation.command_log, start=1):
        placed[f"order-{ordinal}"] = at
    assert len(shipped) > 20
    for order, at in shipped.items():
        assert at - confirmed[order] >= 45 - 1e-6
        assert confirmed[order] - placed[order] >= 20 - 1e-6
    assert simulation.stats.snapshot()["commands_rejected"] == 0
    assert simulation.stats.snapshot()["orders_by_status"]["SHIPPED"] == len(shipped)


def test_the_warehouse_confirms_and_ships_in_the_chain_of_the_order_s_placing(
        simulate: Callable[..., Simulation], database_path: Path) -> None:
    run_to_end(simulate(until=300, invalid_share=0.0, confirm_delay=20, ship_delay=45))
    reader = SqliteReader(str(database_path))
    try:
        shipped = next(each for each in reader.events(newest_first=True)
                       if each.type.endswith("OrderShipped.v1"))
        found = trace(reader, json.loads(shipped.metadata)["id"])
    finally:
        reader.close()

    chain = [(depth, node.type.split(".")[1]) for depth, node in found.walk()
             if not node.type.endswith("OrderItemAdded.v1")]
    assert chain == [(0, "PlaceOrder"), (1, "OrderPlaced"), (2, "ConfirmOrder"),
                     (3, "OrderConfirmed"), (4, "ShipOrder"), (5, "OrderShipped")]
