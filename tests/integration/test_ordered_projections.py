"""The orders projection applies events in order, whatever fails (issue 10, item 3).

Reported: one transient failure of the orders projection on OrderPlaced, then
ConfirmOrder before the retry: the retry applied the older event last, the window showed
PENDING for a CONFIRMED order, and `check` exited 1.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from domain.bookshelf import (
    AddBook,
    Bookshelf,
    ConfirmOrder,
    OrderPlaced,
    OrdersProjector,
    PlaceOrder,
    ShipOrder,
    open_bookshelf,
)
from domain.cli import main
from domain.core import HandlersFailedAfterCommit

ORDERS = "projection.orders"


class Disk:
    """Whether the orders projection's writes of OrderPlaced fail (a transient fault)."""

    down = False


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[Disk]]:
    """The orders projection fails on OrderPlaced while `disk.down`."""
    real = OrdersProjector.placed

    def flaky(projector: OrdersProjector, event: OrderPlaced) -> None:
        if Disk.down:
            raise ConnectionError("the disk hiccuped")
        real(projector, event)

    monkeypatch.setattr(OrdersProjector, "placed", flaky)
    Disk.down = True
    yield Disk
    Disk.down = False


def place_order(shop: Bookshelf) -> tuple[str, int]:
    """An order of one book, placed while the disk is down; its id, and the position of
    its OrderPlaced."""
    book_id = shop.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.5))
    # Sync processing tells the caller of the projection's failure, after the commit.
    with pytest.raises(HandlersFailedAfterCommit) as raised:
        shop.process(PlaceOrder(customer_name="Ann",
                                items=[{"book_id": book_id, "quantity": 1}]))
    placed = shop.session().store.last_position()
    assert [(handler, position) for handler, position, _ in raised.value.failures] == [
        (ORDERS, placed)]
    order_id: str = raised.value.result  # type: ignore[assignment]
    return order_id, placed


def status(path: Path, order_id: str) -> str | None:
    with closing(sqlite3.connect(path)) as connection:
        row = connection.execute("SELECT status FROM projection_orders WHERE order_id = ?",
                                 (order_id,)).fetchone()
    # No row, or the row of its lines with no status yet: its OrderPlaced is not applied.
    return None if row is None or row[0] is None else str(row[0])


def retry_now(shop: Bookshelf) -> None:
    shop.session().store.execute("UPDATE failures SET next_attempt_at = 0 WHERE parked = 0")
    shop.session().dispatcher.retry_due()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_confirmed_order_whose_placing_failed_once_shows_confirmed_after_the_retry(
        shop: Bookshelf, database_path: Path, disk: type[Disk],
        capsys: pytest.CaptureFixture[str]) -> None:
    order_id, _placed = place_order(shop)  # the orders projection fails on OrderPlaced
    disk.down = False
    shop.process(ConfirmOrder(order_id=order_id))  # before the retry

    retry_now(shop)

    assert status(database_path, order_id) == "CONFIRMED"
    assert shop.session().dispatcher.failures.listing() == []
    code, out, _ = run(capsys, "check", "--db", str(database_path))
    assert code == 0, out


def test_while_stopped_the_orders_wait_at_the_failed_event_and_the_catalog_goes_on(
        shop: Bookshelf, database_path: Path, disk: type[Disk]) -> None:
    order_id, placed = place_order(shop)
    disk.down = False
    shop.process(ConfirmOrder(order_id=order_id))
    shop.process(AddBook(title="Emma", author="Jane Austen", price_amount=4.25))

    positions = shop.session().store.positions()
    assert positions[ORDERS] == placed - 1
    assert positions["projection.catalog"] == shop.session().store.last_position()
    assert status(database_path, order_id) is None  # not PENDING, never CONFIRMED first


def test_check_says_where_and_why_the_orders_stopped_and_calls_the_store_whole(
        shop: Bookshelf, database_path: Path, disk: type[Disk],
        capsys: pytest.CaptureFixture[str]) -> None:
    order_id, placed = place_order(shop)
    shop.process(ConfirmOrder(order_id=order_id))

    code, out, _ = run(capsys, "check", "--db", str(database_path))

    assert code == 0, out
    assert (f"- {ORDERS} stopped at event {placed} of {placed + 1} "
            "(Bookshelf.OrderPlaced.v1; retrying after 1 attempt(s)): "
            "ConnectionError: the disk hiccuped.") in out
    assert f"`bookshelf failures --skip {ORDERS} {placed}`" in out


def test_failures_says_where_and_why_a_projection_stopped(
        shop: Bookshelf, database_path: Path, disk: type[Disk],
        capsys: pytest.CaptureFixture[str]) -> None:
    _order_id, placed = place_order(shop)

    code, out, _ = run(capsys, "failures", "--db", str(database_path))

    assert code == 0
    assert f"{ORDERS} stopped at event {placed} (OrderPlaced): ConnectionError: the disk " \
           "hiccuped" in out
    assert f"`bookshelf failures --skip {ORDERS} {placed}`" in out


def test_failures_skip_records_when_and_the_orders_go_on_past_the_event(
        database_path: Path, disk: type[Disk],
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    with open_bookshelf(database_path) as shop:
        order_id, placed = place_order(shop)
        shop.process(ConfirmOrder(order_id=order_id))
        shop.process(ShipOrder(order_id=order_id))
        last = shop.session().store.last_position()
    monkeypatch.undo()

    code, out, err = run(capsys, "failures", "--db", str(database_path),
                         "--skip", ORDERS, str(placed))

    assert code == 0, err
    assert f"Skipped event {placed} for {ORDERS}: it went on to event {last} of {last}." in out
    (row,) = [line.split() for line in out.splitlines() if line.split()[:1] == [str(placed)]]
    assert row[:4] == [str(placed), ORDERS, "1", "skipped"]
    assert len([part for part in row if part.startswith("20")]) == 2  # failed, then skipped
    assert "stopped at event" not in out
    with closing(sqlite3.connect(database_path)) as connection:
        transitions = [row[0] for row in connection.execute(
            "SELECT json_extract(value, '$.status') FROM projection_orders,"
            " json_each(transitions) ORDER BY json_extract(value, '$.position')")]
        (skipped_at,) = connection.execute("SELECT skipped_at FROM failures").fetchone()
    assert transitions == ["CONFIRMED", "SHIPPED"]
    assert skipped_at is not None
    # The check's own rebuild passes the skipped event too.
    assert run(capsys, "check", "--db", str(database_path))[0] == 0


def test_failures_skip_refuses_an_event_no_failure_waits_for(
        filled: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "failures", "--db", str(database_path), "--skip", ORDERS, "3")

    assert code == 1
    assert out == ""
    assert f"no failed delivery of event 3 to {ORDERS} waits to be skipped" in err


def test_failures_skip_takes_a_whole_position(
        filled: dict[str, str], database_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["failures", "--db", str(database_path), "--skip", ORDERS, "third"])

    assert "argument --skip: POSITION expected a whole number" in capsys.readouterr().err
