"""The engine's tally: what it ran, what waits, and where its subscribers' deliveries are."""

from __future__ import annotations

from pathlib import Path

from domain.bookshelf import AddBook, ConfirmOrder, open_bookshelf
from domain.core import ObjectNotFoundError

WAIT_S = 10


def test_the_tally_counts_commands_run_and_events_committed(database_path: Path) -> None:
    with open_bookshelf(database_path, engine=True) as shop:
        engine = shop.engine
        assert engine is not None
        first = engine.tally()
        for title in ("Dune", "Emma"):
            engine.submit(AddBook(title=title, author="A", price_amount=1.0)).result(WAIT_S)
        refused = engine.submit(ConfirmOrder(order_id="no-such-order"))
        assert isinstance(refused.exception(WAIT_S), ObjectNotFoundError)
        assert engine.wait_delivered(WAIT_S)

        tally = engine.tally()

    assert (first.commands, first.events, first.head) == (0, 0, 0)
    assert (tally.commands, tally.events, tally.mailbox) == (3, 2, 0)
    assert tally.head == 2 and tally.at > first.at
    assert tally.positions["projection.catalog"] == 2
    assert tally.positions["projection.orders"] == 2
