"""Issue 9, items 8 and 10: long orders and long descriptions, and what a full mailbox holds.

    python bench/limits.py orders            # PlaceOrder of many lines over long descriptions
    python bench/limits.py mailbox SIZE N    # RSS with N AddBook (SIZE-character descriptions)
                                             # queued behind a busy worker; N=0: until refused

A script to read, not a timed test: it prints what it measured. Before the limits, run it
with PYTHONPATH pointing at a checkout of the older commit.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future

from domain.bookshelf import AddBook, Bookshelf, PlaceOrder, open_bookshelf
from domain.core import MailboxFullError, ValidationError


def best_ms(run: Callable[[], object], times: int = 5) -> float:
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        try:
            run()
        except ValidationError:
            pass  # refused: how long the refusal took is the figure
        spent.append(time.perf_counter() - started)
    return min(spent) * 1000


def order(shop: Bookshelf, lines: list[dict[str, object]]) -> Callable[[], object]:
    return lambda: shop.process(PlaceOrder(customer_name="Ann", items=lines))


def orders() -> None:
    with tempfile.TemporaryDirectory() as folder:
        shop = open_bookshelf(os.path.join(folder, "limits.db"))
        books = [shop.process(AddBook(title=f"Book {number}", author="Ann", price_amount=1.0,
                                      description="d" * 10_000)) for number in range(100)]
        distinct = [{"book_id": book, "quantity": 1} for book in books]
        same = [{"book_id": books[0], "quantity": 1}]
        print(f"100 lines, 100 books of 10,000-character descriptions: "
              f"{best_ms(order(shop, distinct)):.1f} ms")
        print(f"100 lines, one book of 10,000 characters: "
              f"{best_ms(order(shop, same * 100)):.1f} ms")
        print(f"100,000 lines of one book: {best_ms(order(shop, same * 100_000), 1):.0f} ms")
        try:
            big = shop.process(AddBook(title="Big", author="Ann", price_amount=1.0,
                                       description="d" * 10_000_000))
        except ValidationError as refused:
            spent = best_ms(lambda: AddBook(title="Big", author="Ann", price_amount=1.0,
                                            description="d" * 10_000_000), 1)
            print(f"a 10 MB description: refused when built, in {spent:.1f} ms ({refused})")
        else:
            lines = [{"book_id": big, "quantity": 1}] * 1_000
            print(f"1,000 lines of one book of 10 MB: {best_ms(order(shop, lines), 1):.0f} ms")
        shop.close()


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


def mailbox(size: int, count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        shop = open_bookshelf(os.path.join(folder, "limits.db"), engine=True)
        engine = shop.engine
        assert engine is not None
        inside, release = threading.Event(), threading.Event()
        gate = engine.query(lambda _store: (inside.set(), release.wait(600)))
        inside.wait()
        before = rss_mb()
        futures: list[Future[object]] = []
        refused: Exception | None = None
        try:
            for number in range(count or 10**9):
                futures.append(engine.submit(AddBook(
                    title=f"Book {number}", author="Ann", price_amount=1.0,
                    description="d" * size), timeout=0))
        except (MailboxFullError, ValidationError) as error:
            refused = error
        print(f"descriptions of {size:,} characters: {len(futures):,} commands queued, "
              f"RSS {before:.0f} -> {rss_mb():.0f} MB"
              + (f"; then refused: {refused}" if refused else ""))
        release.set()
        gate.result()
        for future in futures:
            future.result()
        shop.close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["orders"]:
        orders()
    else:
        mailbox(int(sys.argv[2]), int(sys.argv[3]))
