"""Engine benchmark: a flood of AddBook against two raw sqlite3 loops, and latency at a steady rate.

The flood runs the engine as shipped (both projections and a subscribed feed, as the window
has) from the first submit until the feed got the last event, against two raw batched loops
measured in the same run: two rows per command (a book and its event, on a schema of its
own), and the same rows as shipped (book, event, the catalog projector's record and the
positions, on the domain's schema; bench/shipped_rows.py). At a steady 1,000 commands/s
it measures the submit-to-commit latency, the projection lag (commit to the feed, which follows the
projections), and the latency again with an event handler that hangs for the whole run.

    PYTHONPATH=. .venv/bin/python bench/engine.py [--runs 3] [--profile]
"""

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

from bench import profiling  # noqa: E402
from bench.shipped_rows import ShippedRows, shipped_schema  # noqa: E402
from bench.unrecorded import commands_unrecorded  # noqa: E402
from domain.bookshelf import AddBook, BookAdded, bookshelf, open_bookshelf  # noqa: E402
from domain.core import handle  # noqa: E402
from domain.core.runtime.engine import Engine  # noqa: E402
from domain.core.stored_event import StoredEvent  # noqa: E402
from domain.core.subscriber import HandlerSubscriber  # noqa: E402
from domain.simulation.stats import percentile  # noqa: E402

FLOOD = 50_000
RAW_BATCH = 100
STEADY_RATE = 1_000
STEADY_SECONDS = 5.0
HANG_LIMIT_S = 120.0  # the hanging handler is released when the run ends, or after this


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


def raw_as_shipped(path: Path, count: int) -> float:
    """Commands per second writing the rows the shipped engine writes, 100 per transaction."""
    rows = ShippedRows(shipped_schema(path))
    started = time.perf_counter()
    for first in range(0, count, RAW_BATCH):
        for number in range(first, min(first + RAW_BATCH, count)):
            rows.add_book(f"Book {number}", "Ann Author", 10.0)
        rows.commit()
    elapsed = time.perf_counter() - started
    rows.db.close()
    return count / elapsed


def book(number: int) -> AddBook:
    return AddBook(title=f"Book {number}", author="Ann Author", price_amount=10.0)


def wait_delivered(engine: Engine) -> None:
    """Until the feed (after the projections) got every event committed so far."""
    delivered = getattr(engine, "delivered", None)
    if delivered is not None:
        delivered().result()
    else:  # before the delivery thread the worker delivered before its next message
        engine.query(lambda _store: None).result()


def engine_flood(path: Path, count: int, profile: bool = False,
                 projections: bool = True) -> tuple[float, float]:
    """Commands per second until the last future resolved, and until the feed got the last event.

    As shipped: both projections and a subscribed feed. Without projections the engine
    writes exactly the rows the 2-row loop writes.
    """
    declared = bookshelf.registry.subscribers
    domain = open_bookshelf(path, subscribers=None if projections else [
        each for each in declared if not each.stateful])
    engine = Engine(domain.runtime, mailbox_size=10_000, group_commit=100,
                    mailbox_full="block", submit_timeout=60).start()
    if projections:
        engine.subscribe("bench.feed", lambda _batch: None)
    commands = [book(number) for number in range(count)]  # built beforehand: the engine is timed
    profiler = profiling.start() if profile else None  # every thread: the lanes' time counts
    started = time.perf_counter()
    futures = [engine.submit(command) for command in commands]
    futures[-1].result()
    committed = time.perf_counter() - started
    wait_delivered(engine)
    delivered = time.perf_counter() - started
    if profiler is not None:
        profiling.stop_and_print(profiler)
    assert all(future.exception() is None for future in futures)
    engine.stop()
    domain.close()
    return count / committed, count / delivered


class Hanging:
    """An event handler that hangs on the first book until the run ends."""

    release = threading.Event()

    @handle(BookAdded)
    def on_book_added(self, _event: BookAdded) -> None:
        Hanging.release.wait(HANG_LIMIT_S)


def engine_steady(path: Path, rate: int, seconds: float, group_commit: int | None = None,
                  hanging: bool = False) -> dict[str, float]:
    """Submit-to-commit latency (ms) p50 and p99 while `rate` commands arrive per second,
    and the projection lag (commit to the feed) p99."""
    subscribers = None
    if hanging:
        Hanging.release.clear()
        subscribers = [*bookshelf.registry.subscribers, HandlerSubscriber(Hanging)]
    domain = open_bookshelf(path, subscribers=subscribers)
    engine = Engine(domain.runtime, group_commit=group_commit or 100).start()
    total = int(rate * seconds)
    commands = [book(number) for number in range(total)]
    latencies: list[float] = []
    committed_at: dict[str, float] = {}
    fed_at: dict[str, float] = {}
    lock = threading.Lock()

    def done(sent: float, title: str, _future: Future) -> None:
        now = time.perf_counter()
        with lock:
            latencies.append(now - sent)
            committed_at[title] = now

    def fed(batch: list[StoredEvent]) -> None:
        now = time.perf_counter()
        with lock:
            for stored in batch:
                fed_at[stored.event.title] = now  # type: ignore[attr-defined]

    engine.subscribe("bench.feed", fed)
    started = time.perf_counter()
    for number, command in enumerate(commands):
        due = started + number / rate
        while (pause := due - time.perf_counter()) > 0:
            time.sleep(min(pause, 0.001) if pause > 0.002 else 0)
        sent = time.perf_counter()
        engine.submit(command).add_done_callback(
            lambda future, sent=sent, title=command.title: done(sent, title, future))
    if not hanging:  # with a handler that hangs, the old engine delivers nothing until released
        wait_delivered(engine)
    Hanging.release.set()
    engine.stop()
    domain.close()
    ordered = sorted(latencies)
    lags = sorted(fed_at[title] - committed_at[title] for title in fed_at if title in committed_at)
    return {"p50_ms": percentile(ordered, 0.5) * 1000, "p99_ms": percentile(ordered, 0.99) * 1000,
            "lag_p99_ms": percentile(lags, 0.99) * 1000}


def run_once(folder: Path, number: int, flood: int, profile: bool) -> dict[str, float]:
    raw = raw_loop(folder / f"raw-{number}.db", flood)
    same_rows_raw = raw_as_shipped(folder / f"raw-shipped-{number}.db", flood)
    committed, delivered = engine_flood(folder / f"flood-{number}.db", flood, profile)
    _, bare = engine_flood(folder / f"bare-{number}.db", flood, projections=False)
    with commands_unrecorded():  # what keeping the commands on record costs (issue 14)
        _, unrecorded = engine_flood(folder / f"unrecorded-{number}.db", flood,
                                     projections=False)
    steady = engine_steady(folder / f"steady-{number}.db", STEADY_RATE, STEADY_SECONDS)
    hung = engine_steady(folder / f"hung-{number}.db", STEADY_RATE, STEADY_SECONDS,
                         hanging=True)
    # The same load without grouping: grouping must not make a lone command slower.
    alone = engine_steady(folder / f"alone-{number}.db", STEADY_RATE, STEADY_SECONDS,
                          group_commit=1)
    return {"raw_rows_per_s": round(raw), "raw_shipped_rows_per_s": round(same_rows_raw),
            "engine_commands_per_s": round(delivered),
            "engine_committed_per_s": round(committed),
            "flood_ratio": round(delivered / raw, 3),
            "flood_ratio_same_rows": round(delivered / same_rows_raw, 3),
            "engine_without_projections_per_s": round(bare),
            "without_projections_ratio": round(bare / raw, 3),
            "unrecorded_without_projections_ratio": round(unrecorded / raw, 3),
            "recording_ratio_lost": round((unrecorded - bare) / raw, 3),
            "steady_p50_ms": round(steady["p50_ms"], 3),
            "steady_p99_ms": round(steady["p99_ms"], 3),
            "projection_lag_p99_ms": round(steady["lag_p99_ms"], 3),
            "hanging_p99_ms": round(hung["p99_ms"], 3),
            "hanging_p99_ratio": round(hung["p99_ms"] / steady["p99_ms"], 3),
            "hanging_projection_lag_p99_ms": round(hung["lag_p99_ms"], 3),
            "steady_ungrouped_p50_ms": round(alone["p50_ms"], 3),
            "steady_ungrouped_p99_ms": round(alone["p99_ms"], 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--flood", type=int, default=FLOOD)
    parser.add_argument("--profile", action="store_true",
                        help="profile every thread of the first flood (needs yappi; stderr)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        runs = [run_once(Path(folder), number, args.flood, args.profile and number == 0)
                for number in range(args.runs)]
    medians = {key: round(statistics.median(run[key] for run in runs), 3) for key in runs[0]}
    print(json.dumps({"flood_commands": args.flood, "steady_rate": STEADY_RATE,
                      "targets": {"flood_ratio": ">= 0.65", "flood_ratio_same_rows": ">= 0.7",
                                  "projection_lag_p99_ms": "<= 100",
                                  "hanging_p99_ratio": "<= 1.5",
                                  "recording_ratio_lost": "<= 0.05"},
                      "runs": runs, "median": medians}, indent=2))


if __name__ == "__main__":
    main()
