"""The bookshelf on PostgreSQL (issue 16): AddBook through `domain.process` and an engine flood,
each against a raw psycopg loop doing the same writes in the same run (target: a rate share
of at least 0.6 for both); commit-to-listener latency; 4 writer processes at once. Prints
JSON; the medians go to bench/RESULTS.md.

    .venv/bin/python bench/postgres.py [--commands 2000] [--runs 3]

The kernel runs without projections (as bench/kernel.py's ratio does): its writes are the
book row, the event, the book's recorded state and the command on record, all in one
transaction under the append lock. The raw loop writes those four rows with the same SQL
text, one statement each, no savepoint, nothing decoded. Starts a throwaway cluster as
the tests do (tests/postgres_server.py).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg  # noqa: E402

from domain.bookshelf import AddBook, Bookshelf, bookshelf, open_bookshelf  # noqa: E402
from domain.core import Projection  # noqa: E402
from domain.core.runtime.engine import Engine  # noqa: E402
from domain.core.storage.postgres.listener import CommitListener  # noqa: E402
from domain.core.storage.postgres.schema import APPEND_LOCK, COMMITS_CHANNEL  # noqa: E402
from domain.core.storage.postgres.store import PostgresStore  # noqa: E402
from tests.postgres_server import Cluster, server_binaries  # noqa: E402

TITLE, AUTHOR, ISBN, PRICE = "The Great Gatsby", "F. Scott Fitzgerald", "9780743273565", 12.99
GROUP = 100  # the engine's group commit
BOOK_SQL = ('INSERT INTO "book" ("id", "title", "author", "isbn", "price", "description",'
            ' "_version", "_sequence") VALUES (%s, %s, %s, %s, %s, %s, 0, 1)'
            " ON CONFLICT DO NOTHING")
EVENT_SQL = (
    "WITH appended AS (INSERT INTO events (position, id, stream, sequence, type, timestamp,"
    " payload, metadata) VALUES ((SELECT coalesce(max(position), 0) + 1 FROM events), %s, %s,"
    " 1, 'Bookshelf.BookAdded.v1', %s, %s::jsonb, %s::jsonb) RETURNING position)"
    f" SELECT position, pg_notify('{COMMITS_CHANNEL}', position::text) FROM appended")
STATE_SQL = "INSERT INTO aggregate_states (position, version, state) VALUES (%s, 0, %s::jsonb)"
COMMAND_SQL = (
    "INSERT INTO commands (position, id, type, timestamp, payload, correlation_id,"
    " causation_id, outcome, error_type, errors) VALUES ((SELECT coalesce(max(position), 0)"
    " + 1 FROM commands), %s, 'Bookshelf.AddBook.v1', %s, %s::jsonb, %s, %s, 'accepted',"
    " NULL, NULL)")


def without_projections() -> list[object]:
    return [each for each in bookshelf.registry.subscribers if not isinstance(each, Projection)]


def fresh(cluster: Cluster, name: str) -> str:
    """A new database holding the bookshelf's schema."""
    with psycopg.connect(cluster.url(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = cluster.url(name)
    Bookshelf(url, subscribers=without_projections()).session()  # type: ignore[arg-type]
    return url


def command() -> AddBook:
    return AddBook(title=TITLE, author=AUTHOR, isbn=ISBN, price_amount=PRICE)


def write_one(connection: psycopg.Connection) -> None:
    """The rows one AddBook writes, each statement sent as the store sends it."""
    book_id, event_id, command_id = (str(uuid.uuid4()) for _ in range(3))
    stream, now = f"bookshelf::book-{book_id}", datetime.now(UTC).isoformat()
    price = json.dumps({"currency": "USD", "amount": PRICE})
    payload = {"book_id": book_id, "title": TITLE, "author": AUTHOR, "isbn": ISBN,
               "price_amount": PRICE, "price_currency": "USD"}
    metadata = {"id": event_id, "timestamp": now, "type": "Bookshelf.BookAdded.v1",
                "stream": stream, "sequence": 1, "correlation_id": command_id,
                "causation_id": command_id}
    connection.execute(BOOK_SQL, (book_id, TITLE, AUTHOR, ISBN, price, ""))
    row = connection.execute(EVENT_SQL, (event_id, stream, now, json.dumps(payload),
                                         json.dumps(metadata))).fetchone()
    state = {"id": book_id, "title": TITLE, "author": AUTHOR, "isbn": ISBN,
             "price": {"currency": "USD", "amount": PRICE}, "description": ""}
    connection.execute(STATE_SQL, (row[0] if row else 0, json.dumps(state)))
    connection.execute(COMMAND_SQL, (command_id, now, json.dumps(payload), command_id,
                                     command_id))


def raw_loop(url: str, count: int, group: int = 1) -> float:
    """Commands a second: `group` commands a transaction, under the append lock."""
    with psycopg.connect(url, autocommit=True) as connection:
        started = time.perf_counter()
        for start in range(0, count, group):
            connection.execute(f"BEGIN; SELECT pg_advisory_xact_lock({APPEND_LOCK})")
            for _ in range(min(group, count - start)):
                write_one(connection)
            connection.execute("COMMIT")
        return count / (time.perf_counter() - started)


def kernel(url: str, count: int) -> float:
    domain = open_bookshelf(url, subscribers=without_projections())  # type: ignore[arg-type]
    try:
        started = time.perf_counter()
        for _ in range(count):
            domain.process(command())
        return count / (time.perf_counter() - started)
    finally:
        domain.close()


def engine_flood(url: str, count: int) -> float:
    """Commands a second from the first submit until the last future resolved."""
    domain = open_bookshelf(url, subscribers=without_projections())  # type: ignore[arg-type]
    engine = Engine(domain.runtime, mailbox_size=10_000, group_commit=GROUP,
                    mailbox_full="block", submit_timeout=60).start()
    commands = [command() for _ in range(count)]
    try:
        started = time.perf_counter()
        futures = [engine.submit(each) for each in commands]
        futures[-1].result()
        elapsed = time.perf_counter() - started
        assert all(future.exception() is None for future in futures)
        return count / elapsed
    finally:
        engine.stop()
        domain.close()


class CommitTimes:
    """When each commit's COMMIT returned, by the last position it appended: the store's
    `commit` wrapped for the bench's run."""

    def __init__(self) -> None:
        self.at: dict[int, float] = {}
        self._commit = PostgresStore.commit

    def __enter__(self) -> CommitTimes:
        commit, at = self._commit, self.at

        def timed(store: PostgresStore) -> None:
            commit(store)
            if store.appended:
                at[store.last_event] = time.perf_counter()

        PostgresStore.commit = timed  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc_info: object) -> None:
        PostgresStore.commit = self._commit  # type: ignore[method-assign]


def percentiles(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    return {"p50_ms": round(statistics.median(ordered), 3),
            "p99_ms": round(ordered[max(0, int(len(ordered) * 0.99) - 1)], 3),
            "count": len(ordered)}


def heard_latency(url: str, commits: int = 300, interval_s: float = 0.01) -> dict[str, float]:
    """From a COMMIT's return until another connection's listener hears it: p50 and p99
    in ms."""
    listener = CommitListener(url)
    domain = open_bookshelf(url, subscribers=without_projections())  # type: ignore[arg-type]
    committed_at: dict[int, float] = {}
    heard_at: dict[int, float] = {}
    done = threading.Event()

    def listen() -> None:
        while not done.is_set():
            heard = listener.wait(0.2)
            if heard is not None:
                heard_at.setdefault(heard, time.perf_counter())

    thread = threading.Thread(target=listen)
    thread.start()
    try:
        with CommitTimes() as times:
            for _ in range(commits):
                domain.process(command())
                time.sleep(interval_s)
            time.sleep(0.3)
        committed_at.update(times.at)
    finally:
        done.set()
        thread.join()
        listener.close()
        domain.close()
    # The listener's clock reading may precede the committing thread's: 0 then.
    return percentiles([max(0.0, heard_at[position] - moment) * 1000
                        for position, moment in committed_at.items() if position in heard_at])


def delivered_elsewhere(url: str, commits: int = 300, interval_s: float = 0.01
                        ) -> dict[str, float]:
    """From a COMMIT of one runtime until another runtime's delivery lane (an engine,
    idle, with a subscribed feed, as a second window's process has) got its events: woken
    by the notification alone. p50 and p99 in ms."""
    writer = open_bookshelf(url, subscribers=without_projections())  # type: ignore[arg-type]
    watcher = Bookshelf(url, subscribers=without_projections())  # type: ignore[arg-type]
    engine = watcher.start_engine()
    arrived: dict[int, float] = {}

    def feed(batch: list[Any]) -> None:
        moment = time.perf_counter()
        for stored in batch:  # a batch may join several commits: each is timed
            arrived.setdefault(stored.position, moment)

    engine.subscribe("bench.feed", feed)
    try:
        with CommitTimes() as times:
            for _ in range(commits):
                writer.process(command())
                time.sleep(interval_s)
            time.sleep(0.5)
    finally:
        watcher.close()
        writer.close()
    # Only the writer's commits (the watcher's lanes commit their positions too).
    return percentiles([max(0.0, arrived[position] - moment) * 1000
                        for position, moment in times.at.items() if position in arrived])


def _writer(url: str, count: int, ready: Any, go: Any) -> None:
    domain = open_bookshelf(url, subscribers=without_projections())  # type: ignore[arg-type]
    try:
        domain.session()  # connected before the start
        ready.release()
        go.wait()
        for _ in range(count):
            domain.process(command())
    finally:
        domain.close()


def four_writers(url: str, count: int, writers: int = 4) -> float:
    """Commands a second of `writers` processes at once, each through `process`, timed
    from when all of them are connected (their start is not counted) until the last ends."""
    spawn = multiprocessing.get_context("spawn")
    share = count // writers
    ready, go = spawn.Semaphore(0), spawn.Event()
    processes = [spawn.Process(target=_writer, args=(url, share, ready, go))
                 for _ in range(writers)]
    for process in processes:
        process.start()
    for _ in processes:
        ready.acquire()
    started = time.perf_counter()
    go.set()
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise SystemExit(f"a writer failed with exit code {process.exitcode}")
    return share * writers / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binaries = server_binaries()
    if binaries is None:
        sys.exit("no PostgreSQL server is installed")
    cluster = Cluster(binaries)
    cluster.start()
    rates: dict[str, list[float]] = {name: [] for name in (
        "process", "raw_one_a_transaction", "engine_flood", "raw_groups", "four_writers")}
    try:
        for run in range(args.runs):
            pairs = ((("process", kernel), ("raw_one_a_transaction", raw_loop)),
                     (("engine_flood", engine_flood),
                      ("raw_groups", lambda url, count: raw_loop(url, count, GROUP))))
            for pair in pairs:
                for name, measure in pair if run % 2 == 0 else reversed(pair):
                    rates[name].append(measure(fresh(cluster, f"r{run}{name}"), args.commands))
            rates["four_writers"].append(four_writers(fresh(cluster, f"r{run}w"), args.commands))
        latency = heard_latency(fresh(cluster, "latency"))
        elsewhere = delivered_elsewhere(fresh(cluster, "elsewhere"))
    finally:
        cluster.stop()
    medians = {name: round(statistics.median(values), 1) for name, values in rates.items()}
    print(json.dumps({
        "benchmark": "postgres", "commands": args.commands, "runs": args.runs,
        "commands_per_s": medians,
        "process_rate_share": round(medians["process"] / medians["raw_one_a_transaction"], 3),
        "engine_rate_share": round(medians["engine_flood"] / medians["raw_groups"], 3),
        "commit_to_listener": latency,
        "commit_to_another_runtimes_feed": elsewhere,
        "all_runs": {name: [round(value, 1) for value in values]
                     for name, values in rates.items()},
    }, indent=2))


if __name__ == "__main__":
    main()
