"""`bookshelf commands`: the commands on record, the newest first, from a real file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from domain.bookshelf import Bookshelf, ConfirmOrder
from domain.cli import main
from domain.core import DomainRuleError
from tests.integration.conftest import fill


@pytest.fixture
def ran(shop: Bookshelf) -> dict[str, str]:
    """The filled store's six accepted commands, then one refused: the shipped order
    confirmed again."""
    ids = fill(shop)
    refused = ConfirmOrder(order_id=ids["shipped"])
    with pytest.raises(DomainRuleError):
        shop.process(refused)
    shop.close()
    return {**ids, "refused": refused._metadata.id}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_commands_lists_the_newest_first_with_a_refusals_messages(
        ran: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "commands", "--db", str(database_path))

    lines = out.splitlines()
    assert code == 0
    assert [line.split()[3] for line in lines] == [
        "Bookshelf.ConfirmOrder.v1", "Bookshelf.PlaceOrder.v1", "Bookshelf.ShipOrder.v1",
        "Bookshelf.ConfirmOrder.v1", "Bookshelf.PlaceOrder.v1", "Bookshelf.AddBook.v1",
        "Bookshelf.AddBook.v1"]
    assert [line.split()[2] for line in lines] == ["refused"] + ["accepted"] * 6
    assert ran["refused"] in lines[0] and "_entity: " in lines[0]


def test_commands_as_json_with_a_limit_gives_the_newest_as_objects(
        ran: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "commands", "--db", str(database_path), "--json", "--limit", "2")

    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [record["outcome"] for record in records] == ["refused", "accepted"]
    assert records[0]["payload"] == {"order_id": ran["shipped"]}
    assert records[0]["error_type"] == "OrderTransitionRefused"
    assert list(records[0]["errors"]) == ["_entity"]
    assert records[1]["errors"] is None


def test_commands_by_id_and_by_correlation(
        ran: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, by_id, _ = run(capsys, "commands", "--db", str(database_path), "--id", ran["refused"])
    _, by_correlation, _ = run(capsys, "commands", "--db", str(database_path), "--json",
                               "--correlation", ran["refused"])

    assert len(by_id.splitlines()) == 1 and ran["refused"] in by_id
    assert [json.loads(line)["id"] for line in by_correlation.splitlines()] == [ran["refused"]]


def test_a_command_id_not_on_record_is_not_found(
        ran: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "commands", "--db", str(database_path), "--id", "nope")

    assert (code, out) == (1, "")
    assert err == "bookshelf: command nope not found\n"
