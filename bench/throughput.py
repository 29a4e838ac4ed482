"""Durable commands per second through `domain.process`, against a raw sqlite3 loop; prints JSON.

    .venv/bin/python bench/throughput.py [--commands 5000] [--growth 50000]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.unrecorded import states_unrecorded  # noqa: E402
from domain.bookshelf import (  # noqa: E402
    AddBook,
    Bookshelf,
    ConfirmOrder,
    PlaceOrder,
    ShipOrder,
)


@contextmanager
def bookshelf_on(path: Path, projections: bool) -> Iterator[tuple[Bookshelf, list[int]]]:
    """The bookshelf on `path` with either its two projections or one counting subscriber."""
    delivered = [0]
    opened = Bookshelf(path, subscribers=None if projections else ())
    if not projections:
        def count(batch: list) -> None:
            delivered[0] += len(batch)

        opened.runtime.subscribe("bench.counter", count)
    try:
        opened.session()
        yield opened, delivered
    finally:
        opened.close()


def add_book(number: int) -> AddBook:
    return AddBook(title=f"Book {number}", author="Bench Author", isbn="",
                   price_amount=12.5, price_currency="USD", description="")


def rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1)


# -- one command at a time, each side behind a `step(number)` ------------------------------------
# The domain and the raw loop run in alternating blocks, so a busy machine slows both alike.

Step = Callable[[int], int]  # does one unit of work, returns how many commands it was


@contextmanager
def domain_books(folder: Path, projections: bool) -> Iterator[Step]:
    with bookshelf_on(folder / f"domain-books-{projections}.db", projections) as (domain, _):
        def step(number: int) -> int:
            domain.process(add_book(number))
            return 1

        yield step


@contextmanager
def domain_orders(folder: Path, projections: bool) -> Iterator[Step]:
    """Place, confirm and ship one order (one line): three commands."""
    with bookshelf_on(folder / f"domain-orders-{projections}.db", projections) as (domain, _):
        book_id = domain.process(add_book(0))

        def step(number: int) -> int:
            order_id = domain.process(PlaceOrder(customer_name="Ann",
                                                 items=[{"book_id": book_id, "quantity": 1}]))
            domain.process(ConfirmOrder(order_id=order_id))
            domain.process(ShipOrder(order_id=order_id))
            return 3

        yield step


def raw_connection(folder: Path, name: str) -> sqlite3.Connection:
    """A file with the domain's schema (tables, indexes, triggers), then plain sqlite3 on it."""
    path = folder / name
    with bookshelf_on(path, projections=False):
        pass
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


EVENT_SQL = ("INSERT INTO events (id, stream, sequence, type, timestamp, payload, metadata) "
             "VALUES (?, ?, ?, ?, ?, ?, ?)")


def event_row(stream: str, sequence: int, type_: str, payload: dict[str, Any]) -> tuple:
    event_id, now = str(uuid.uuid4()), datetime.now(UTC).isoformat()
    metadata = {"id": event_id, "timestamp": now, "type": type_, "stream": stream,
                "sequence": sequence, "correlation_id": str(uuid.uuid4()),
                "causation_id": str(uuid.uuid4())}
    return (event_id, stream, sequence, type_, now, json.dumps(payload), json.dumps(metadata))


@contextmanager
def raw_books(folder: Path, suffix: str) -> Iterator[Step]:
    connection = raw_connection(folder, f"raw-books-{suffix}.db")

    def step(number: int) -> int:
        book_id = str(uuid.uuid4())
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(
            "INSERT INTO book (id, title, author, isbn, price, description, _version, _sequence)"
            " VALUES (?, ?, ?, ?, ?, ?, 1, 1)",
            (book_id, f"Book {number}", "Bench Author", "",
             json.dumps({"currency": "USD", "amount": 12.5}), ""))
        connection.execute(EVENT_SQL, event_row(
            f"bookshelf::book-{book_id}", 1, "Bookshelf.BookAdded.v1",
            {"book_id": book_id, "title": f"Book {number}", "author": "Bench Author",
             "price_amount": 12.5, "price_currency": "USD"}))
        connection.execute("COMMIT")
        return 1

    try:
        yield step
    finally:
        connection.close()


@contextmanager
def raw_orders(folder: Path, suffix: str) -> Iterator[Step]:
    connection = raw_connection(folder, f"raw-orders-{suffix}.db")
    book_id = str(uuid.uuid4())

    def move(order_id: str, status: str, version: int, type_: str) -> None:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(
            'UPDATE "order" SET status = ?, _version = ?, _sequence = ? '
            "WHERE id = ? AND _version = ?",
            (status, version, version + 1, order_id, version - 1))
        connection.execute(EVENT_SQL, event_row(f"bookshelf::order-{order_id}", version + 1,
                                                type_, {"order_id": order_id,
                                                        "customer_name": "Ann"}))
        connection.execute("COMMIT")

    def step(number: int) -> int:
        order_id, item_id = str(uuid.uuid4()), str(uuid.uuid4())
        stream = f"bookshelf::order-{order_id}"
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(
            'INSERT INTO "order" (id, customer_name, status, _version, _sequence) '
            "VALUES (?, 'Ann', 'PENDING', 1, 2)", (order_id,))
        connection.execute(
            "INSERT INTO orderitem (id, book_title, quantity, unit_price, order_id, _index)"
            " VALUES (?, 'Book 0', 1, ?, ?, 0)",
            (item_id, json.dumps({"currency": "USD", "amount": 12.5}), order_id))
        connection.execute(EVENT_SQL, event_row(stream, 1, "Bookshelf.OrderItemAdded.v1", {
            "order_id": order_id, "item_id": item_id, "book_id": book_id,
            "book_title": "Book 0", "quantity": 1, "unit_price_amount": 12.5,
            "unit_price_currency": "USD"}))
        connection.execute(EVENT_SQL, event_row(stream, 2, "Bookshelf.OrderPlaced.v1", {
            "order_id": order_id, "customer_name": "Ann", "total_items": 1}))
        connection.execute("COMMIT")
        move(order_id, "CONFIRMED", 2, "Bookshelf.OrderConfirmed.v1")
        move(order_id, "SHIPPED", 3, "Bookshelf.OrderShipped.v1")
        return 3

    try:
        yield step
    finally:
        connection.close()


def race(sides: dict[str, Step], commands: int, blocks: int = 10) -> dict[str, float]:
    """Commands per second of each side, run in alternating blocks of about commands/blocks."""
    seconds = dict.fromkeys(sides, 0.0)
    done = dict.fromkeys(sides, 0)
    for block in range(blocks):
        for name, step in sides.items():
            target = commands * (block + 1) // blocks
            start = time.perf_counter()
            while done[name] < target:
                done[name] += step(done[name])
            seconds[name] += time.perf_counter() - start
    return {name: rate(done[name], seconds[name]) for name in sides}


def scenario(folder: Path, commands: int, domain_side: Callable[..., Any],
             raw_side: Callable[[Path, str], Any]) -> dict[str, float]:
    # One bookshelf domain per thread: the two domain variants race the raw loop in turn.
    with domain_side(folder, False) as one, raw_side(folder, "a") as raw:
        first = race({"domain": one, "raw": raw}, commands)
    with domain_side(folder, True) as both, raw_side(folder, "b") as raw:
        second = race({"domain": both, "raw": raw}, commands)
    return {
        "domain_one_subscriber_per_s": first["domain"],
        "raw_sqlite3_per_s": first["raw"],
        "ratio": round(first["domain"] / first["raw"], 3),
        "domain_two_projections_per_s": second["domain"],
        "raw_sqlite3_beside_projections_per_s": second["raw"],
        "ratio_with_projections": round(second["domain"] / second["raw"], 3),
    }


def state_cost(folder: Path, commands: int, blocks: int = 20) -> dict[str, float]:
    """What keeping each written state costs the one-handler order flow (issue 14, item 3):
    the flow into two files, its states kept and not (bench/unrecorded.py), in alternating
    blocks, CPU time of every thread (on a shared machine the wall clock varied more than
    the difference)."""
    spent: dict[str, list[float]] = {"kept": [], "not_kept": []}
    per_block = max(1, commands // (3 * blocks))
    for name in ("kept", "not-kept"):
        (folder / name).mkdir()
    with domain_orders(folder / "kept", False) as kept, \
            domain_orders(folder / "not-kept", False) as not_kept:
        steps = {"kept": kept, "not_kept": not_kept}
        for block in range(blocks):
            for name in (("kept", "not_kept") if block % 2 else ("not_kept", "kept")):
                with states_unrecorded() if name == "not_kept" else nullcontext():
                    started = time.process_time()
                    done = sum(steps[name](number) for number in range(per_block))
                    spent[name].append((time.process_time() - started) / done)
    kept_us, not_kept_us = (statistics.median(spent[name]) * 1e6 for name in spent)
    return {"kept_us_per_command": round(kept_us, 1),
            "not_kept_us_per_command": round(not_kept_us, 1),
            "cost_us": round(kept_us - not_kept_us, 1),
            "rate_share": round(not_kept_us / kept_us, 3)}


def growth(folder: Path, count: int) -> dict[str, Any]:
    """Per-command time at the start and the end of `count` AddBooks; traced peak memory."""
    tenth = count // 10
    marks = {tenth: "10%", count // 2: "50%", count: "100%"}
    durations = array("d", bytes(8 * count))  # allocated before tracing: not counted
    memory: dict[str, float] = {}
    with bookshelf_on(folder / "growth.db", projections=False) as (domain, _):
        tracemalloc.start()
        for number in range(count):
            start = time.perf_counter()
            domain.process(add_book(number))
            durations[number] = time.perf_counter() - start
            if number + 1 in marks:
                memory[marks[number + 1]] = round(tracemalloc.get_traced_memory()[1] / 2**20, 2)
        tracemalloc.stop()
    # Medians: a busy machine's pauses would otherwise decide the figure.
    first = statistics.median(durations[:tenth])
    last = statistics.median(durations[-tenth:])
    return {
        "commands": count,
        "first_10pct_median_us": round(first * 1e6, 1),
        "last_10pct_median_us": round(last * 1e6, 1),
        "last_over_first": round(last / first, 3),
        "first_10pct_mean_us": round(statistics.fmean(durations[:tenth]) * 1e6, 1),
        "last_10pct_mean_us": round(statistics.fmean(durations[-tenth:]) * 1e6, 1),
        "peak_traced_MiB": memory,
        "note": "timed with tracemalloc on, which slows every command alike",
    }


def run(commands: int, growth_commands: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bookshelf-bench-") as name:
        folder = Path(name)
        result = {
            "commands_per_scenario": commands,
            "add_book": scenario(folder, commands, domain_books, raw_books),
            "order_flow": scenario(folder, commands, domain_orders, raw_orders),
            "order_flow_state_cost": state_cost(folder, commands),
        }
        if growth_commands:
            result["growth_add_book"] = growth(folder, growth_commands)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=5_000, help="commands per scenario")
    parser.add_argument("--growth", type=int, default=50_000,
                        help="AddBooks for the growth figure (0 to skip)")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.commands, args.growth), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
