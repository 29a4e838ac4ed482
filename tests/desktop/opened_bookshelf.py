"""A bookshelf with its engine, bridge and reader, as the window opens them, and a projection
that can be made to fail: what the health widget and the Failures dialog are built on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from desktop.bridge import Bridge
from domain.bookshelf import AddBook, Bookshelf, OrderPlaced, OrdersProjector, PlaceOrder
from domain.core.runtime.engine import Engine
from domain.readside import Reader

WAIT_S = 10


@attrs.define
class Opened:
    bookshelf: Bookshelf
    bridge: Bridge
    reader: Reader

    @property
    def engine(self) -> Engine:
        assert self.bookshelf.engine is not None
        return self.bookshelf.engine


@pytest.fixture
def opened(qtbot, database_path: Path) -> Iterator[Opened]:
    """What desktop.app opens for a window, without the window."""
    bookshelf = Bookshelf(database_path)
    engine = bookshelf.start_engine()
    reader = bookshelf.open_reader()
    bridge = Bridge(engine)
    bridge.attach(after=reader.last_position())
    yield Opened(bookshelf, bridge, reader)
    bridge.detach()
    bookshelf.close()


@attrs.define
class Breakdown:
    """The orders projection fails on every OrderPlaced while `broken` (on whichever
    thread delivers it): the way to make a projection stop, and to let a retry succeed."""

    broken: bool = True

    def mend(self) -> None:
        self.broken = False


@pytest.fixture
def breakdown(monkeypatch: pytest.MonkeyPatch) -> Breakdown:
    state = Breakdown()
    placed = OrdersProjector.placed

    def failing(projector: OrdersProjector, event: OrderPlaced) -> None:
        if state.broken:
            raise ConnectionError("the disk hiccuped")
        placed(projector, event)

    monkeypatch.setattr(OrdersProjector, "placed", failing)
    return state


def add_book(engine: Engine, title: str = "Dune") -> str:
    book_id = engine.submit(AddBook(title=title, author="Frank Herbert",
                                    price_amount=9.5)).result(WAIT_S)
    return str(book_id)


def place_order(engine: Engine, customer: str = "Ann") -> int:
    """Add a book and order it; the OrderPlaced's position (once delivered)."""
    book_id = add_book(engine)
    engine.submit(PlaceOrder(customer_name=customer, items=[
        {"book_id": book_id, "quantity": 1}])).result(WAIT_S)
    last: int = engine.delivered().result(WAIT_S)
    return last
