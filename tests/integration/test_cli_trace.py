"""`bookshelf trace ID`: the chain of an event or command, one message a line, from a real file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from domain.bookshelf import (
    AddBook,
    Bookshelf,
    ConfirmOrder,
    Order,
    PlaceOrder,
    ShipOrder,
    open_bookshelf,
)
from domain.cli import main
from domain.core import DomainRuleError, caused_by
from domain.core.storage.sqlite.reader import SqliteReader
from domain.readside.causes import latest_metadata


@pytest.fixture
def chain(shop: Bookshelf, database_path: Path) -> dict[str, str]:
    """An order placed, confirmed and shipped, each after the order's latest event."""
    book = shop.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.0))
    place = PlaceOrder(customer_name="Ann", items=[{"book_id": book, "quantity": 1}])
    order_id = str(shop.process(place))
    reader = SqliteReader(str(database_path))
    try:
        for command_cls in (ConfirmOrder, ShipOrder):
            with caused_by(latest_metadata(reader, Order.stream_name(order_id))):
                command = command_cls(order_id=order_id)
            shop.process(command)
        shipped = json.loads(reader.events(newest_first=True, limit=1)[0].metadata)["id"]
    finally:
        reader.close()
    shop.close()
    return {"place": place._metadata.id, "shipped": shipped, "order": order_id}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_trace_prints_the_tree_indented_by_causation(
        chain: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "trace", chain["shipped"], "--db", str(database_path))

    lines = out.splitlines()
    assert (code, err) == (0, "")
    assert [(len(line) - len(line.lstrip()), line.split()[:2]) for line in lines] == [
        (0, ["command", "PlaceOrder"]), (2, ["event", "OrderItemAdded"]),
        (2, ["event", "OrderPlaced"]), (4, ["command", "ConfirmOrder"]),
        (6, ["event", "OrderConfirmed"]), (8, ["command", "ShipOrder"]),
        (10, ["event", "OrderShipped"])]
    assert all(f"order-{chain['order'][:8]}" in line for line in lines)
    assert lines[0].endswith("accepted") and "+" not in lines[0]
    # The first event after its command by a delay, at its position after the book's.
    assert re.search(r"  \+[0-9.]+ s  |  \+[0-9]+ min [0-9.]+ s  ", lines[1])
    assert lines[1].endswith("#2")


def test_an_id_not_in_the_store_is_not_found_on_stderr_with_exit_code_1(
        chain: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = "00000000-0000-4000-8000-000000000000"

    code, out, err = run(capsys, "trace", missing, "--db", str(database_path))

    assert (code, out) == (1, "")
    assert err == (f"bookshelf: {missing} not found (no event, command or correlation has "
                   "this id)\n")


@pytest.mark.parametrize("blank", ["", "  "])
def test_a_blank_id_is_refused_as_bad_input_saying_no_id_was_given(
        chain: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str],
        blank: str) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["trace", blank, "--db", str(database_path)])

    captured = capsys.readouterr()
    assert (exited.value.code, captured.out) == (2, "")
    assert "argument ID: no id given" in captured.err


def test_a_refused_command_is_printed_with_the_aggregate_of_its_cause(
        chain: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shop = open_bookshelf(database_path)
    reader = SqliteReader(str(database_path))
    try:
        with caused_by(latest_metadata(reader, Order.stream_name(chain["order"]))):
            again = ConfirmOrder(order_id=chain["order"])
        with pytest.raises(DomainRuleError):  # shipped already
            shop.process(again)
    finally:
        reader.close()
        shop.close()

    code, out, _ = run(capsys, "trace", again._metadata.id, "--db", str(database_path))

    last = out.splitlines()[-1].split()
    assert code == 0
    assert last[:3] == ["command", "ConfirmOrder", f"order-{chain['order'][:8]}"]
    assert "refused" in last
