"""The crash test's subject: runs bookshelf commands on a file database until it is killed.

Usage: python crash_child.py DATABASE SEED. It prints "ready" once the store is open.
CRASH_SLOW_DISPATCH=1 makes every projection step sleep a little, so a kill at a random
moment often lands inside dispatch; CRASH_HANG_AT_APPLY=N prints "dispatching" and hangs
inside the N-th projection step, so the kill lands there for sure. CRASH_ENGINE=1 runs the
commands through the engine, so the projections are applied on its delivery thread.
CRASH_HANG_IN_REBUILD=N rebuilds the projections while a second thread keeps running
commands, and prints "rebuilding" and hangs inside the rebuild's N-th projection step (or
prints "rebuilt" and hangs once the rebuild was swapped in, if it had fewer steps).
"""

from __future__ import annotations

import os
import random
import sys
import threading
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
from domain.core.elements import BaseCommand  # noqa: E402
from tests.integration.ledger import Ledger  # noqa: E402


def after_each_apply(projection: Projection, hook: Callable[[], None]) -> None:
    original = projection.apply

    def apply(store, stored) -> None:  # noqa: ANN001
        original(store, stored)
        hook()

    projection.apply = apply  # type: ignore[method-assign]


REBUILDING = threading.Event()


def install_hooks(projections: list[Projection]) -> None:
    hang_at = int(os.environ.get("CRASH_HANG_AT_APPLY") or 0)
    slow = bool(os.environ.get("CRASH_SLOW_DISPATCH"))
    hang_in_rebuild = int(os.environ.get("CRASH_HANG_IN_REBUILD") or 0)
    applied = rebuilt = 0

    def hook() -> None:
        nonlocal applied, rebuilt
        if REBUILDING.is_set() and threading.current_thread() is threading.main_thread():
            rebuilt += 1
            if rebuilt == hang_in_rebuild:
                print("rebuilding", flush=True)
                time.sleep(60)  # the parent kills us here, inside a page of the rebuild
            return
        applied += 1
        if hang_at and applied == hang_at:
            print("dispatching", flush=True)
            time.sleep(60)  # the parent kills us here, inside the projection's transaction
        if slow:
            time.sleep(0.002)

    if hang_at or slow or hang_in_rebuild:
        for projection in projections:
            after_each_apply(projection, hook)


def run(path: str, seed: int) -> None:
    ledger = bookshelf.register_projection(Ledger())
    install_hooks([catalog, orders, ledger])
    opened = open_bookshelf(path, engine=bool(os.environ.get("CRASH_ENGINE")))
    engine = opened.engine
    if engine is not None:
        # The engine's worker commits; its delivery thread applies the projections.
        def process(command: BaseCommand) -> object:
            return engine.submit(command).result()

        def column(sql: str) -> list[str]:
            return engine.query(lambda store: [row[0] for row in store.execute(sql)]).result()
    else:
        process = opened.process

        def column(sql: str) -> list[str]:
            return [row[0] for row in opened.session().store.execute(sql).fetchall()]
    books = column("SELECT id FROM book")
    pending = column("SELECT id FROM \"order\" WHERE status = 'PENDING'")
    confirmed = column("SELECT id FROM \"order\" WHERE status = 'CONFIRMED'")
    print("ready", flush=True)
    rng = random.Random(seed)
    if os.environ.get("CRASH_HANG_IN_REBUILD"):
        threading.Thread(target=work, args=(process, rng, books, pending, confirmed),
                         daemon=True).start()
        REBUILDING.set()
        opened.rebuild_projections()
        print("rebuilt", flush=True)
        time.sleep(60)
    work(process, rng, books, pending, confirmed)


def work(process: Callable[[BaseCommand], object], rng: random.Random, books: list[str],
         pending: list[str], confirmed: list[str]) -> None:
    """Random commands until the process is killed."""
    while True:
        roll = rng.random()
        if roll < 0.3 or not books:
            books.append(str(process(AddBook(
                title=f"Book {rng.randrange(10_000)}", author="Crash Test",
                price_amount=round(rng.uniform(1, 50), 2)))))
        elif roll < 0.6:
            quantities: dict[str, int] = {}  # each book once per order
            for _ in range(rng.randint(1, 3)):
                book_id = rng.choice(books)
                quantities[book_id] = quantities.get(book_id, 0) + rng.randint(1, 3)
            lines = [{"book_id": book_id, "quantity": quantity}
                     for book_id, quantity in quantities.items()]
            pending.append(str(process(PlaceOrder(customer_name="Crash", items=lines))))
        elif roll < 0.8 and pending:
            order_id = pending.pop(rng.randrange(len(pending)))
            confirmed.append(str(process(ConfirmOrder(order_id=order_id))))
        elif confirmed:
            process(ShipOrder(order_id=confirmed.pop(rng.randrange(len(confirmed)))))


if __name__ == "__main__":
    run(sys.argv[1], int(sys.argv[2]))
