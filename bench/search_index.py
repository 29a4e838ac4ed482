"""The search index at the flood rate: what it costs the commands, how far it lags, how big it is.

A flood of AddBook through the engine as shipped (the catalog, the orders and the search
index, with a subscribed feed as the window has), against the same flood without the
search index, in the same run:

- appends: commands committed per second, with the index over without it (target: ~1, the
  index is written by the delivery lane, off the commands' transactions);
- lag: how many events the index is behind the log, sampled every 20 ms during the flood
  (p50, p99, max), and how long after the last commit it holds every event;
- size: the index's tables (FTS5 shadow tables included, by dbstat) over the events
  table's (target: <= 1x), on the flood's file and on `--store` when given (the cached
  store of bench/eventlog.py).

    PYTHONPATH=. .venv/bin/python bench/search_index.py [--runs 3] [--flood 50000]
        [--store .bench-cache/eventlog-1000000.db]
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
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.engine import book, wait_delivered  # noqa: E402
from domain.bookshelf import bookshelf, open_bookshelf  # noqa: E402
from domain.core.runtime.engine import Engine  # noqa: E402
from domain.core.storage.sqlite.search_index import NAME  # noqa: E402
from domain.simulation.stats import percentile  # noqa: E402

FLOOD = 50_000
SAMPLE_EVERY_S = 0.020


def flood(path: Path, count: int, indexed: bool) -> dict[str, float]:
    """Commands committed per second, and (indexed) the index's lag while they come."""
    subscribers = None if indexed else [
        each for each in bookshelf.registry.subscribers if each.name != NAME]
    domain = open_bookshelf(path, subscribers=subscribers)
    engine = Engine(domain.runtime, mailbox_size=10_000, group_commit=100,
                    mailbox_full="block", submit_timeout=60).start()
    engine.subscribe("bench.feed", lambda _batch: None)
    commands = [book(number) for number in range(count)]
    lags: list[int] = []
    stop = threading.Event()

    def sample() -> None:  # its own read-only connection, as a window's reader
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as reader:
            while not stop.wait(SAMPLE_EVERY_S):
                last = reader.execute("SELECT coalesce(max(position), 0) FROM events")
                at = reader.execute("SELECT position FROM checkpoints WHERE subscriber = ?",
                                    (NAME,)).fetchone()
                lags.append(last.fetchone()[0] - (at[0] if at else 0))

    sampler = threading.Thread(target=sample, daemon=True)
    if indexed:
        sampler.start()
    started = time.perf_counter()
    futures = [engine.submit(command) for command in commands]
    futures[-1].result()
    committed = time.perf_counter() - started
    wait_delivered(engine)
    caught_up = time.perf_counter() - started - committed
    stop.set()
    if indexed:
        sampler.join()
    assert all(future.exception() is None for future in futures)
    engine.stop()
    domain.close()
    ordered = sorted(lags) or [0]
    return {"committed_per_s": count / committed, "caught_up_after_s": caught_up,
            "lag_p50_events": percentile(ordered, 0.5), "lag_p99_events": percentile(
                ordered, 0.99), "lag_max_events": ordered[-1]}


def sizes(path: Path) -> dict[str, float]:
    """Bytes of the events table (with its indexes) and of the search index's tables."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        rows = connection.execute(
            "SELECT m.tbl_name, sum(s.pgsize) FROM dbstat s JOIN sqlite_master m"
            " ON m.name = s.name GROUP BY m.tbl_name").fetchall()
        # dbstat names FTS5's shadow tables (search_text_data, ...), whose tbl_name is
        # their own: count every table of the index by its prefix.
    by_table = dict(rows)
    events = by_table.get("events", 0)
    index = sum(size for name, size in by_table.items() if name.startswith("search_"))
    return {"events_mb": round(events / 1e6, 1), "index_mb": round(index / 1e6, 1),
            "index_over_events": round(index / events, 3) if events else 0.0}


def run_once(folder: Path, number: int, count: int) -> dict[str, float]:
    bare = flood(folder / f"bare-{number}.db", count, indexed=False)
    indexed_path = folder / f"indexed-{number}.db"
    indexed = flood(indexed_path, count, indexed=True)
    return {"committed_per_s_without_index": round(bare["committed_per_s"]),
            "committed_per_s_with_index": round(indexed["committed_per_s"]),
            "append_ratio": round(indexed["committed_per_s"] / bare["committed_per_s"], 3),
            "lag_p50_events": indexed["lag_p50_events"],
            "lag_p99_events": indexed["lag_p99_events"],
            "lag_max_events": indexed["lag_max_events"],
            "caught_up_after_last_commit_s": round(indexed["caught_up_after_s"], 3),
            **{f"flood_{key}": value for key, value in sizes(indexed_path).items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--flood", type=int, default=FLOOD)
    parser.add_argument("--store", type=Path, default=None,
                        help="also the sizes of this store (bench/eventlog.py's cache)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        runs = [run_once(Path(folder), number, args.flood) for number in range(args.runs)]
    medians = {key: round(statistics.median(run[key] for run in runs), 3) for key in runs[0]}
    result: dict[str, object] = {"flood_commands": args.flood,
                                 "targets": {"append_ratio": "~1 (appends as fast as now)",
                                             "index_over_events": "<= 1"},
                                 "runs": runs, "median": medians}
    if args.store is not None:
        result["store"] = {"path": str(args.store), **sizes(args.store)}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
