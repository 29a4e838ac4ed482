"""The crash test's subject: runs bookshelf commands on a file database until it is killed.

Usage: python crash_child.py DATABASE SEED. It prints "ready" once the store is open.
CRASH_SLOW_DISPATCH=1 makes every projection step sleep a little, so a kill at a random
moment often lands inside dispatch; CRASH_HANG_AT_APPLY=N prints "dispatching" and hangs
inside the N-th projection step, so the kill lands there for sure. CRASH_ENGINE=1 runs the
commands through the engine, so the projections are applied on its delivery thread.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from domain.bookshelf import (  # noqa: E402
    AddBook,
    ConfirmOrder,
    PlaceOrder,
    ShipOrder,
    bookshelf,
    catalog,
    open_bookshelf,
    orders,
)
from domain.core import Projection  # noqa: E402
from tests.integration.ledger import Ledger  # noqa: E402


def after_each_apply(projection: Projection, hook: Callable[[], None]) -> None:
    original = projection.apply

    def apply(store, stored) -> None:  # noqa: ANN001
        original(store, stored)
        hook()

    projection.apply = apply  # type: ignore[method-assign]


def install_hooks(projections: list[Projection]) -> None:
    hang_at = int(os.environ.get("CRASH_HANG_AT_APPLY") or 0)
    slow = bool(os.environ.get("CRASH_SLOW_DISPATCH"))
    applied = 0

    def hook() -> None:
        nonlocal applied
        applied += 1
        if hang_at and applied == hang_at:
            print("dispatching", flush=True)
            time.sleep(60)  # the parent kills us here, inside the projection's transaction
        if slow:
            time.sleep(0.002)

    if hang_at or slow:
        for projection in projections:
            after_each_apply(projection, hook)


def run(path: str, seed: int) -> None:
    ledger = bookshelf.register_projection(Ledger())
    install_hooks([catalog, orders, ledger])
    if os.environ.get("CRASH_ENGINE"):
        # The engine's worker commits; its delivery thread applies the projections.
        engine = open_bookshelf(path, engine=True).engine
        assert engine is not None

        def process(command: object) -> object:
            return engine.submit(command).result()  # type: ignore[arg-type]

        def column(sql: str) -> list[str]:
            return engine.query(lambda store: [row[0] for row in store.execute(sql)]).result()
    else:
        domain = open_bookshelf(path)
        process = domain.process  # type: ignore[assignment]

        def column(sql: str) -> list[str]:
            return [row[0] for row in domain.session().store.execute(sql).fetchall()]
    books = column("SELECT id FROM book")
    pending = column("SELECT id FROM \"order\" WHERE status = 'PENDING'")
    confirmed = column("SELECT id FROM \"order\" WHERE status = 'CONFIRMED'")
    print("ready", flush=True)
    rng = random.Random(seed)
    while True:
        roll = rng.random()
        if roll < 0.3 or not books:
            books.append(process(AddBook(
                title=f"Book {rng.randrange(10_000)}", author="Crash Test",
                price_amount=round(rng.uniform(1, 50), 2))))
        elif roll < 0.6:
            quantities: dict[str, int] = {}  # each book once per order
            for _ in range(rng.randint(1, 3)):
                book_id = rng.choice(books)
                quantities[book_id] = quantities.get(book_id, 0) + rng.randint(1, 3)
            lines = [{"book_id": book_id, "quantity": quantity}
                     for book_id, quantity in quantities.items()]
            pending.append(process(PlaceOrder(customer_name="Crash", items=lines)))
        elif roll < 0.8 and pending:
            order_id = pending.pop(rng.randrange(len(pending)))
            confirmed.append(process(ConfirmOrder(order_id=order_id)))
        elif confirmed:
            process(ShipOrder(order_id=confirmed.pop(rng.randrange(len(confirmed)))))


if __name__ == "__main__":
    run(sys.argv[1], int(sys.argv[2]))
