"""What the lazy tables' sort indexes cost the projections' writes (issue 11): with and without.

A log of real events (books added; orders placed with their items, confirmed, shipped) is
built once through the domain and cached in `.bench-cache/`. Each run applies it to the
catalog and orders projectors, as delivery does (`receive` through the store, a
transaction per batch of 100 events, as the projections' lane commits, in WAL with
synchronous=NORMAL as the store runs), in a fresh file whose projection tables already
hold 50,000 books and 166,000 orders (bench/synthetic_projections.py), so every index is
as deep as on the million-event store. The tables as shipped, with the indexes their
projections declare (domain/bookshelf/projections.py: one for each order the window sorts
a table in), and the same tables with those indexes dropped alternate, so a busy machine
slows both alike; the figure that counts is their ratio.

    PYTHONPATH=. .venv/bin/python bench/projection_indexes.py [--runs 5] [--orders 6000]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import synthetic_projections  # noqa: E402
from domain.bookshelf import (  # noqa: E402
    AddBook,
    ConfirmOrder,
    PlaceOrder,
    ShipOrder,
    open_bookshelf,
)
from domain.bookshelf import projections as bookshelf_projections  # noqa: E402
from domain.core.stored_event import StoredEvent  # noqa: E402

CACHE = ROOT / ".bench-cache"
BATCH = 100
# The subscribers that keep the catalog and the orders, as the runtime delivers to them.
PROJECTORS = [bookshelf_projections.catalog, bookshelf_projections.orders]


def build_log(path: Path, orders: int, seed: int = 7) -> None:
    """A book for every 4 orders; each order of 1-3 books is placed, confirmed, shipped."""
    rng = random.Random(seed)
    with open_bookshelf(path) as shop:
        books = [shop.process(AddBook(title=f"Book {number}", author="A. Writer",
                                      price_amount=rng.randint(100, 9_999) / 100))
                 for number in range(max(1, orders // 4))]
        for number in range(orders):
            items = [{"book_id": book, "quantity": rng.randint(1, 3)}
                     for book in rng.sample(books, rng.randint(1, 3))]
            order = shop.process(PlaceOrder(customer_name=f"Customer {number}", items=items))
            shop.process(ConfirmOrder(order_id=order))
            shop.process(ShipOrder(order_id=order))


def load_log(orders: int) -> list[StoredEvent]:
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"projection-indexes-{orders}.db"
    if not path.exists():
        print(f"building {path} ...", file=sys.stderr)
        partial = path.with_suffix(".partial")
        build_log(partial, orders)
        partial.rename(path)
    with open_bookshelf(path) as shop:
        return shop.session().store.load(0)


def declared_indexes(connection: sqlite3.Connection) -> list[str]:
    """The indexes the projections declare: every index on their tables but the key's."""
    tables = [table for projector in PROJECTORS for table in projector.tables]
    return [name for (name,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({', '.join('?' * len(tables))})", tables)]


def template(folder: Path, made: bool) -> Path:
    """A store whose projection tables are filled to issue 11's size, with or without
    the indexes their projections declare."""
    path = folder / f"template-{'with' if made else 'without'}.db"
    open_bookshelf(path, subscribers=PROJECTORS).close()
    connection = sqlite3.connect(path)
    indexes = declared_indexes(connection)
    assert indexes, "the projections declare no index: nothing to compare"
    if not made:
        for name in indexes:
            connection.execute(f'DROP INDEX "{name}"')
    synthetic_projections.fill(connection)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return path


def apply_log(path: Path, events: list[StoredEvent]) -> float:
    """Seconds to apply `events` to both projectors, a transaction per batch."""
    # Opened with no subscriber, so that the store recreates no table and no index of
    # theirs; the projectors write through its `execute` as delivery has them do.
    with open_bookshelf(path, subscribers=()) as shop:
        store = shop.session().store
        started = time.perf_counter()
        for first in range(0, len(events), BATCH):
            batch = events[first:first + BATCH]
            with store.unit_of_work():
                for projector in PROJECTORS:
                    projector.receive(store, batch)
        return time.perf_counter() - started


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--orders", type=int, default=6_000)
    arguments = parser.parse_args(argv)
    events = load_log(arguments.orders)
    times: dict[str, list[float]] = {"with": [], "without": []}
    with tempfile.TemporaryDirectory() as folder:
        templates = {"with": template(Path(folder), True),
                     "without": template(Path(folder), False)}
        for run in range(arguments.runs):
            # Alternating, each first in turn.
            for variant in (("with", "without") if run % 2 == 0 else ("without", "with")):
                target = Path(folder) / f"run-{run}-{variant}.db"
                shutil.copyfile(templates[variant], target)
                times[variant].append(apply_log(target, events))
                target.unlink()
    ratios = [with_ / without for with_, without in zip(times["with"], times["without"],
                                                          strict=True)]
    print(json.dumps({
        "events": len(events),
        "with_sort_indexes_s": [round(each, 3) for each in times["with"]],
        "without_s": [round(each, 3) for each in times["without"]],
        "with_us_per_event": round(statistics.median(times["with"]) / len(events) * 1e6, 1),
        "without_us_per_event": round(
            statistics.median(times["without"]) / len(events) * 1e6, 1),
        "ratio_with_over_without": [round(each, 3) for each in ratios],
        "median_ratio": round(statistics.median(ratios), 3),
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
