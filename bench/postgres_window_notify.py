"""How soon a window hears another process's commit on PostgreSQL (issue 16, item 3: p99
within 50 ms): a writer process appends and commits one event every `--interval` ms; the
window's StoreWatch (over the PostgreSQL reader; its CommitHearing thread blocked on the
server's announcements, the signal queued to the GUI thread) emits `committed`. Latency is
the signal's arrival on the GUI thread minus the moment the writer sent COMMIT (the server
notifies as it commits, so the window may hear before the writer hears back). Medians of
`--runs` runs. Prints JSON.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/postgres_window_notify.py \
        [--commits 200] [--interval 10] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import psycopg  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402

from desktop.widgets.store_watch import StoreWatch  # noqa: E402
from domain.core.storage import open_reader  # noqa: E402
from domain.core.storage.postgres import event_log, schema  # noqa: E402
from domain.readside import ProjectionQueries  # noqa: E402
from tests.postgres_server import Cluster, server_binaries  # noqa: E402
from tests.unit.core.ledger import Account  # noqa: E402


def write(url: str, commits: int, interval_s: float,
          results: multiprocessing.Queue[dict[int, int]]) -> None:
    """Another process (another machine's stand-in): when each COMMIT was sent, on the
    clock every process shares (CLOCK_MONOTONIC)."""
    committed: dict[int, int] = {}
    with psycopg.connect(url) as writer:
        for number in range(commits):
            stored = event_log.append(writer, Account.open(f"Holder {number}")._events[0])
            # Measured from the COMMIT sent: the server notifies as it commits, and the
            # window may hear it before the writer has heard back (the upper bound).
            committed[stored.position] = time.monotonic_ns()
            writer.commit()
            time.sleep(interval_s)
    results.put(committed)


def measure(url: str, commits: int, interval_s: float) -> list[float]:
    said: list[tuple[int, int]] = []  # each `committed` signal: its position, when
    reader = open_reader(url)
    watch = StoreWatch(ProjectionQueries(reader))
    listening = QEventLoop()
    watch.committed.connect(lambda _last: listening.quit())
    listening.exec()  # the first read, once listening
    watch.committed.connect(lambda last: said.append((last, time.monotonic_ns())))
    spawn = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue[dict[int, int]] = spawn.Queue()
    writer = spawn.Process(target=write, args=(url, commits, interval_s, results))
    writer.start()
    committed: dict[int, int] = {}
    loop = QEventLoop()
    deadline = time.monotonic() + commits * interval_s + 30

    def look() -> None:
        nonlocal committed
        if not committed and not results.empty():
            committed = results.get()
        if (committed and said and said[-1][0] >= max(committed)) or \
                time.monotonic() > deadline:
            loop.quit()

    ticker = QTimer()
    ticker.timeout.connect(look)
    ticker.start(50)
    loop.exec()
    ticker.stop()
    writer.join()
    watch.stop()
    reader.close()
    # A commit is heard by the first signal that reaches its position (signals are
    # coalesced: one may stand for several commits).
    latencies = []
    for position, at in committed.items():
        when = next((moment for last, moment in said if last >= position), None)
        if when is not None:
            latencies.append((when - at) / 1e6)
    return latencies


def percentiles(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    return {"min": ordered[0], "p50": statistics.median(ordered),
            "p99": ordered[int(0.99 * (len(ordered) - 1))], "max": ordered[-1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--interval", type=float, default=10.0, help="ms between commits")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binaries = server_binaries()
    if binaries is None:
        sys.exit("no PostgreSQL server is installed")
    app = QCoreApplication.instance() or QCoreApplication([])  # noqa: F841  the event loop
    cluster = Cluster(binaries)
    cluster.start()
    runs = []
    try:
        with psycopg.connect(cluster.url(), autocommit=True) as admin:
            admin.execute('CREATE DATABASE "window_notify"')
        url = cluster.url("window_notify")
        with psycopg.connect(url) as connection:
            schema.migrate(connection)
        for _run in range(args.runs):
            latencies = measure(url, args.commits, args.interval / 1000)
            runs.append({"heard": len(latencies), **percentiles(latencies)})
    finally:
        cluster.stop()
    print(json.dumps({
        "benchmark": "postgres_window_notify", "commits": args.commits, "runs": args.runs,
        "heard": [run["heard"] for run in runs],
        "latency_ms_median_of_runs": {
            key: round(statistics.median(run[key] for run in runs), 2)
            for key in ("min", "p50", "p99", "max")},
        "latency_ms_each_run": [{key: round(run[key], 2) for key in ("min", "p50", "p99", "max")}
                                for run in runs],
    }, indent=2))


if __name__ == "__main__":
    main()
