"""What appending in commit order costs on PostgreSQL (issue 16, item 2): events a second
through `event_log.append` (a transaction-level advisory lock, positions after the largest
committed one) against the same INSERT numbered by a sequence with no lock, which may
commit out of order, in the same run, one event a transaction; then 4 writer processes
at once through `append`. Prints JSON.

    .venv/bin/python bench/postgres_append.py [--events 3000] [--runs 3]

Starts a throwaway cluster as the tests do (tests/postgres_server.py).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg  # noqa: E402

from domain.core.storage.decoding import event_row  # noqa: E402
from domain.core.storage.postgres import event_log, schema  # noqa: E402
from tests.postgres_server import Cluster, server_binaries  # noqa: E402
from tests.unit.core.ledger import Account  # noqa: E402
from tests.unit.core.storage.postgres.appender import append_credits  # noqa: E402

UNORDERED_SQL = (
    "INSERT INTO events (position, id, stream, sequence, type, timestamp, payload, metadata)"
    " VALUES (nextval('unordered'), %s, %s, %s, %s, %s, %s::jsonb, %s::jsonb)")


def events(count: int) -> list:
    account = Account.open("Bench")
    for _ in range(count - 1):
        account.credit(0.01)  # the ledger keeps balances under 1,000
    return list(account._events)


def ordered(url: str, count: int) -> float:
    batch = events(count)
    with psycopg.connect(url) as connection:
        started = time.perf_counter()
        for event in batch:
            event_log.append(connection, event)
            connection.commit()
        return count / (time.perf_counter() - started)


def unordered(url: str, count: int) -> float:
    batch = events(count)
    with psycopg.connect(url) as connection:
        connection.execute("CREATE SEQUENCE IF NOT EXISTS unordered")
        connection.commit()
        started = time.perf_counter()
        for event in batch:
            connection.execute(UNORDERED_SQL, event_row(event))
            connection.commit()
        return count / (time.perf_counter() - started)


def concurrent(url: str, count: int, writers: int = 4) -> float:
    spawn = multiprocessing.get_context("spawn")
    processes = [spawn.Process(target=append_credits, args=(url, count // writers))
                 for _ in range(writers)]
    started = time.perf_counter()
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return (count // writers) * writers / (time.perf_counter() - started)


def fresh(cluster: Cluster, name: str) -> str:
    with psycopg.connect(cluster.url(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = cluster.url(name)
    with psycopg.connect(url) as connection:
        schema.migrate(connection)
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binaries = server_binaries()
    if binaries is None:
        sys.exit("no PostgreSQL server is installed")
    cluster = Cluster(binaries)
    cluster.start()
    try:
        rates: dict[str, list[float]] = {"ordered": [], "unordered": [], "four_writers": []}
        for run in range(args.runs):
            sides = (("ordered", ordered), ("unordered", unordered))
            for name, measure in sides if run % 2 == 0 else reversed(sides):
                rates[name].append(measure(fresh(cluster, f"b{run}{name}"), args.events))
            rates["four_writers"].append(
                concurrent(fresh(cluster, f"b{run}c"), args.events))
    finally:
        cluster.stop()
    medians = {name: round(statistics.median(values), 1) for name, values in rates.items()}
    print(json.dumps({
        "benchmark": "postgres_append", "events": args.events, "runs": args.runs,
        "events_per_s": medians,
        "ordered_rate_share": round(medians["ordered"] / medians["unordered"], 3),
        "all_runs": {name: [round(value, 1) for value in values]
                     for name, values in rates.items()},
    }, indent=2))


if __name__ == "__main__":
    main()
