"""The simulation's mix through the engine, against a raw loop writing the same rows; prints JSON.

The mix is the simulation's in its steady state: customers place orders of one to five
picks (a book picked twice is one line, one to three copies a pick), the warehouse
confirms and ships every order, and a clerk adds a book now and then. The engine runs it as
shipped (both projections and a subscribed feed), from the first submit until the feed got
the last event; the process's CPU time over that wall time is its share of a CPU. The raw
loop (bench/shipped_rows.py) writes the same rows, a hundred commands per transaction.
Runs alternate raw and engine, so a busy machine slows both alike.

    PYTHONPATH=. .venv/bin/python bench/mix.py [--orders 20000] [--runs 3] [--profile]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import profiling  # noqa: E402
from bench.engine import wait_delivered  # noqa: E402
from bench.shipped_rows import ShippedRows, shipped_schema  # noqa: E402
from domain.bookshelf import (  # noqa: E402
    AddBook,
    ConfirmOrder,
    PlaceOrder,
    ShipOrder,
    open_bookshelf,
)

ORDERS = 20_000
BOOKS = 200  # on the shelf before the first order
BOOK_EVERY = 20  # orders between two books the clerk adds
ROUND = 500  # orders placed per round; a round confirms the last round's and ships the one's before
BATCH = 100  # commands per transaction: the engine's group commit

# One step of the plan: ("book", n), ("place", order, [(book, quantity)]), ("confirm", order)
# or ("ship", order); books and orders by their number in the plan.
Step = tuple


def plan(orders: int, seed: int = 1) -> list[list[Step]]:
    """Rounds of steps; a step names only orders placed in an earlier round."""
    randomness = random.Random(seed)
    rounds: list[list[Step]] = [[("book", number) for number in range(BOOKS)]]
    books = BOOKS
    for first in range(0, orders + 2 * ROUND, ROUND):
        steps: list[Step] = []
        shelved = books  # the books this round's customers can see
        for order in range(first, min(first + ROUND, orders)):
            picks: dict[int, int] = {}
            for _ in range(randomness.randint(1, 5)):
                book = randomness.randrange(shelved)
                picks[book] = picks.get(book, 0) + randomness.randint(1, 3)
            steps.append(("place", order, sorted(picks.items())))
            if order % BOOK_EVERY == 0:
                steps.append(("book", books))
                books += 1
        steps += [("confirm", order) for order in range(max(0, first - ROUND),
                                                        min(first, orders))]
        steps += [("ship", order) for order in range(max(0, first - 2 * ROUND),
                                                     min(first - ROUND, orders))]
        if steps:
            rounds.append(steps)
    return rounds


def commands_in(rounds: list[list[Step]]) -> int:
    return sum(len(steps) for steps in rounds)


def raw(path: Path, rounds: list[list[Step]]) -> float:
    """Commands per second writing the plan's rows with plain sqlite3."""
    rows = ShippedRows(shipped_schema(path))
    order_index: dict[int, int] = {}
    started = time.perf_counter()
    done = 0
    for steps in rounds:
        for step in steps:
            if step[0] == "book":
                rows.add_book(f"Book {step[1]}", "Clerk Author", 12.5)
            elif step[0] == "place":
                order_index[step[1]] = len(rows.orders)
                rows.place_order(f"Reader {step[1]}", step[2])
            elif step[0] == "confirm":
                rows.move_order(order_index[step[1]], "CONFIRMED", "Bookshelf.OrderConfirmed.v1")
            else:
                rows.move_order(order_index[step[1]], "SHIPPED", "Bookshelf.OrderShipped.v1")
            done += 1
            if done % BATCH == 0:
                rows.commit()
    rows.commit()
    elapsed = time.perf_counter() - started
    rows.db.close()
    return done / elapsed


def _commands(steps: list[Step], books: dict[int, str], orders: dict[int, Future[object]]
              ) -> Iterator[tuple[Step, object]]:
    for step in steps:
        if step[0] == "book":
            yield step, AddBook(title=f"Book {step[1]}", author="Clerk Author", price_amount=12.5)
        elif step[0] == "place":
            yield step, PlaceOrder(customer_name=f"Reader {step[1]}", items=[
                {"book_id": books[book], "quantity": quantity} for book, quantity in step[2]])
        elif step[0] == "confirm":
            yield step, ConfirmOrder(order_id=str(orders[step[1]].result()))
        else:
            yield step, ShipOrder(order_id=str(orders[step[1]].result()))


def engine(path: Path, rounds: list[list[Step]], profile: bool = False) -> dict[str, float]:
    """Commands per second through the engine as shipped, and the process's share of a CPU."""
    opened = open_bookshelf(path, engine=True, mailbox_size=10_000, group_commit=BATCH,
                            mailbox_full="block", submit_timeout=120)
    worker = opened.engine
    assert worker is not None
    fed = [0]
    worker.subscribe("bench.feed", lambda batch: fed.__setitem__(0, fed[0] + len(batch)))
    books: dict[int, str] = {}
    orders: dict[int, Future[object]] = {}
    pending_books: list[tuple[int, Future[object]]] = []
    profiler = profiling.start() if profile else None
    started, cpu_started = time.perf_counter(), time.process_time()
    for steps in rounds:
        for number, future in pending_books:  # the orders of this round may pick them
            books[number] = str(future.result())
        pending_books.clear()
        for step, command in _commands(steps, books, orders):
            future = worker.submit(command)  # type: ignore[arg-type]
            if step[0] == "place":
                orders[step[1]] = future
            elif step[0] == "book":
                pending_books.append((step[1], future))
    worker.query(lambda _store: None).result()  # behind every command submitted
    commit_elapsed = time.perf_counter() - started
    wait_delivered(worker)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    if profiler is not None:
        profiling.stop_and_print(profiler)
    count = commands_in(rounds)
    opened.close()
    return {"commands_per_s": count / elapsed, "committed_per_s": count / commit_elapsed,
            "cpu_share": cpu / elapsed, "fed_events": fed[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=ORDERS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true",
                        help="profile every thread of the first engine run (needs yappi)")
    args = parser.parse_args()
    rounds = plan(args.orders)
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        for number in range(args.runs):
            raw_rate = raw(Path(folder) / f"raw-{number}.db", rounds)
            through = engine(Path(folder) / f"engine-{number}.db", rounds,
                             args.profile and number == 0)
            runs.append({"raw_commands_per_s": round(raw_rate),
                         "engine_commands_per_s": round(through["commands_per_s"]),
                         "engine_committed_per_s": round(through["committed_per_s"]),
                         "ratio": round(through["commands_per_s"] / raw_rate, 3),
                         "cpu_share": round(through["cpu_share"], 3)})
    medians = {key: round(statistics.median(run[key] for run in runs), 3) for key in runs[0]}
    print(json.dumps({"commands": commands_in(rounds), "orders": args.orders,
                      "targets": {"ratio": ">= 0.6", "cpu_share": ">= 0.9"},
                      "runs": runs, "median": medians}, indent=2))


if __name__ == "__main__":
    main()
