"""Engine benchmark: a flood of AddBook against a raw sqlite3 loop, and latency at a steady rate."""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import Future
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from domain.bookshelf import AddBook, bookshelf, open_bookshelf  # noqa: E402
from domain.core.runtime.engine import Engine  # noqa: E402
from domain.simulation.stats import percentile  # noqa: E402

FLOOD = 50_000
RAW_BATCH = 100
STEADY_RATE = 1_000
STEADY_SECONDS = 5.0


def raw_loop(path: Path, count: int) -> float:
    """Rows per second: a book row and an event row (uuid + json each), 100 per transaction."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("CREATE TABLE book (id TEXT PRIMARY KEY, title TEXT, author TEXT, "
                       "isbn TEXT, price TEXT, description TEXT, _version INT, _sequence INT)")
    connection.execute("CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT UNIQUE, "
                       "stream TEXT, sequence INT, type TEXT, timestamp TEXT, payload TEXT, "
                       "metadata TEXT, UNIQUE (stream, sequence))")
    started = time.perf_counter()
    for first in range(0, count, RAW_BATCH):
        connection.execute("BEGIN")
        for number in range(first, min(first + RAW_BATCH, count)):
            book_id, event_id = str(uuid.uuid4()), str(uuid.uuid4())
            price = json.dumps({"amount": 10.0, "currency": "USD"})
            connection.execute("INSERT INTO book VALUES (?, ?, ?, ?, ?, ?, 1, 1)",
                               (book_id, f"Book {number}", "Ann Author", "", price, ""))
            payload = json.dumps({"book_id": book_id, "title": f"Book {number}",
                                  "author": "Ann Author", "price_amount": 10.0,
                                  "price_currency": "USD"})
            metadata = json.dumps({"id": event_id, "type": "Bookshelf.BookAdded.v1",
                                   "stream": f"bookshelf::book-{book_id}", "sequence": 1})
            connection.execute("INSERT INTO events (id, stream, sequence, type, timestamp, "
                               "payload, metadata) VALUES (?, ?, 1, ?, ?, ?, ?)",
                               (event_id, f"bookshelf::book-{book_id}",
                                "Bookshelf.BookAdded.v1", "2024-01-01T00:00:00+00:00",
                                payload, metadata))
        connection.execute("COMMIT")
    elapsed = time.perf_counter() - started
    connection.close()
    return count / elapsed


def book(number: int) -> AddBook:
    return AddBook(title=f"Book {number}", author="Ann Author", price_amount=10.0)


def engine_flood(path: Path, count: int, profile: bool = False,
                 projections: bool = True) -> float:
    """Commands per second from the first submit until the last future resolved.

    Without projections the engine writes exactly the rows the raw loop writes.
    """
    declared = bookshelf.registry.subscribers
    domain = open_bookshelf(path, subscribers=None if projections else [
        each for each in declared if not each.stateful])
    engine = Engine(domain.runtime, mailbox_size=10_000, group_commit=100,
                    mailbox_full="block", submit_timeout=60).start()
    commands = [book(number) for number in range(count)]  # built beforehand: the engine is timed
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        engine.query(lambda _store: profiler.enable()).result()
    started = time.perf_counter()
    futures = [engine.submit(command) for command in commands]
    futures[-1].result()
    elapsed = time.perf_counter() - started
    if profiler is not None:
        engine.query(lambda _store: profiler.disable()).result()
        import pstats

        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
    assert all(future.exception() is None for future in futures)
    engine.stop()
    domain.close()
    return count / elapsed


def engine_steady(path: Path, rate: int, seconds: float,
                  group_commit: int | None = None) -> tuple[float, float]:
    """Submit-to-commit latency (ms) p50 and p99 while `rate` commands arrive per second."""
    domain = open_bookshelf(path)
    engine = Engine(domain.runtime, group_commit=group_commit or 100).start()
    total = int(rate * seconds)
    commands = [book(number) for number in range(total)]
    latencies: list[float] = []
    lock = threading.Lock()

    def done(sent: float, _future: Future) -> None:
        latency = time.perf_counter() - sent
        with lock:
            latencies.append(latency)

    started = time.perf_counter()
    for number, command in enumerate(commands):
        due = started + number / rate
        while (pause := due - time.perf_counter()) > 0:
            time.sleep(min(pause, 0.001) if pause > 0.002 else 0)
        sent = time.perf_counter()
        engine.submit(command).add_done_callback(lambda future, sent=sent: done(sent, future))
    engine.stop()
    domain.close()
    ordered = sorted(latencies)
    return percentile(ordered, 0.5) * 1000, percentile(ordered, 0.99) * 1000


def run_once(folder: Path, number: int, profile: bool) -> dict[str, float]:
    raw = raw_loop(folder / f"raw-{number}.db", FLOOD)
    flood = engine_flood(folder / f"flood-{number}.db", FLOOD, profile)
    same_rows = engine_flood(folder / f"same-rows-{number}.db", FLOOD, projections=False)
    p50, p99 = engine_steady(folder / f"steady-{number}.db", STEADY_RATE, STEADY_SECONDS)
    # The same load without grouping: grouping must not make a lone command slower.
    alone50, alone99 = engine_steady(folder / f"alone-{number}.db", STEADY_RATE,
                                     STEADY_SECONDS, group_commit=1)
    return {"raw_rows_per_s": round(raw), "engine_commands_per_s": round(flood),
            "flood_ratio": round(flood / raw, 3),
            "engine_same_rows_per_s": round(same_rows),
            "flood_ratio_same_rows": round(same_rows / raw, 3),
            "steady_p50_ms": round(p50, 3), "steady_p99_ms": round(p99, 3),
            "steady_ungrouped_p50_ms": round(alone50, 3),
            "steady_ungrouped_p99_ms": round(alone99, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile the worker (stderr)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        runs = [run_once(Path(folder), number, args.profile and number == 0)
                for number in range(args.runs)]
    medians = {key: round(statistics.median(run[key] for run in runs), 3) for key in runs[0]}
    print(json.dumps({"flood_commands": FLOOD, "steady_rate": STEADY_RATE,
                      "targets": {"flood_ratio": ">= 0.6", "steady_p99_ms": "<= 5"},
                      "runs": runs, "median": medians}, indent=2))


if __name__ == "__main__":
    main()
