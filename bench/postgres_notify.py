"""How soon another connection hears a commit on PostgreSQL (issue 16, item 3: p99 within
50 ms): a writer appends and commits one event every `--interval` ms; a listener
(`CommitListener`, its own TCP connection, on a thread) notes when it hears each
position. Latency is heard minus the writer's COMMIT returning. Prints JSON.

    .venv/bin/python bench/postgres_notify.py [--commits 300] [--interval 10]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg  # noqa: E402

from domain.core.storage.postgres import event_log, schema  # noqa: E402
from domain.core.storage.postgres.listener import CommitListener  # noqa: E402
from tests.postgres_server import Cluster, server_binaries  # noqa: E402
from tests.unit.core.ledger import Account  # noqa: E402


def measure(url: str, commits: int, interval_s: float) -> list[float]:
    committed: dict[int, float] = {}
    heard: dict[int, float] = {}
    listener = CommitListener(url)
    done = threading.Event()

    def listen() -> None:
        while not done.is_set():
            position = listener.wait(timeout=0.5)
            if position is not None:
                heard.setdefault(position, time.perf_counter())

    thread = threading.Thread(target=listen)
    thread.start()
    with psycopg.connect(url) as writer:
        for number in range(commits):
            stored = event_log.append(writer, Account.open(f"Holder {number}")._events[0])
            writer.commit()
            committed[stored.position] = time.perf_counter()
            time.sleep(interval_s)
    deadline = time.monotonic() + 5
    while len(heard) < commits and time.monotonic() < deadline:
        time.sleep(0.01)
    done.set()
    thread.join()
    listener.close()
    return [(heard[position] - at) * 1000 for position, at in committed.items()
            if position in heard]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=300)
    parser.add_argument("--interval", type=float, default=10.0, help="ms between commits")
    args = parser.parse_args()
    binaries = server_binaries()
    if binaries is None:
        sys.exit("no PostgreSQL server is installed")
    cluster = Cluster(binaries)
    cluster.start()
    try:
        with psycopg.connect(cluster.url(), autocommit=True) as admin:
            admin.execute('CREATE DATABASE "notify"')
        url = cluster.url("notify")
        with psycopg.connect(url) as connection:
            schema.migrate(connection)
        latencies = measure(url, args.commits, args.interval / 1000)
    finally:
        cluster.stop()
    ordered = sorted(latencies)
    print(json.dumps({
        "benchmark": "postgres_notify", "commits": args.commits, "heard": len(latencies),
        "latency_ms": {"p50": round(statistics.median(ordered), 2),
                       "p99": round(ordered[int(0.99 * (len(ordered) - 1))], 2),
                       "max": round(ordered[-1], 2)},
    }, indent=2))


if __name__ == "__main__":
    main()
