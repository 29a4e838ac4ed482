"""`bookshelf check` on a store of about 1 GB (issue 9, item 9): its time and peak RSS; prints JSON.

The store is built through the domain (the engine floods AddBook, with descriptions of 300
characters unless --description says otherwise, and places, confirms and ships orders of
them), so the check finds it whole: about 680,000 events make 1 GB. Baseline in the same
run: a child that imports the same code, opens the same read snapshot and runs only
`PRAGMA integrity_check`, the floor the check cannot go below. `--code` runs the children
on another checkout (the code before a change) against the same store.

    PYTHONPATH=. .venv/bin/python bench/check.py [--target-mb 1000] [--runs 3]
        [--db PATH (kept, reused when it exists)] [--code CHECKOUT (whose code checks)]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from domain.bookshelf import (  # noqa: E402
    AddBook,
    ConfirmOrder,
    PlaceOrder,
    ShipOrder,
    open_bookshelf,
)

CHUNK = 5_000  # books per round; each round also places ORDERS orders of its books
ORDERS = 250
LINES = 4
WORDS = ("margin", "harbour", "lantern", "quiet", "orchard", "ledger", "winter", "copper",
         "meadow", "signal", "thistle", "amber", "voyage", "Café", "crème", "Zoë")
# The child that only opens the snapshot and runs SQLite's own check, with the CLI imported.
FLOOR = ("import sys; import domain.cli; from domain.core.storage import open_snapshot; "
         "snapshot = open_snapshot(sys.argv[1]); assert snapshot.damage() == []; "
         "snapshot.close()")
# Runs argv[1:] and prints its wall time, exit code and its own peak RSS (os.wait4's).
RUNNER = ("import json, os, subprocess, sys, time; started = time.perf_counter(); "
          "child = subprocess.Popen(sys.argv[1:], stdout=sys.stderr); "
          "_, status, usage = os.wait4(child.pid, 0); "
          "print(json.dumps({'seconds': time.perf_counter() - started, "
          "'exit_code': os.waitstatus_to_exitcode(status), 'peak_rss_kb': usage.ru_maxrss}))")


def description(number: int, size: int) -> str:
    words = [WORDS[(number * 7 + step * 3) % len(WORDS)] for step in range(size // 6)]
    return f"Book {number}: {' '.join(words)}"[:size]


def stored_mb(path: Path) -> float:
    # The database file alone: the WAL repeats pages the checkpointer moves into it.
    return path.stat().st_size / 1e6


def build(path: Path, target_mb: float, description_size: int) -> None:
    """Books in rounds of CHUNK, each round with orders of its books: until the file is large."""
    opened = open_bookshelf(path, engine=True, mailbox_size=10_000, group_commit=100,
                            mailbox_full="block", submit_timeout=120)
    engine = opened.engine
    assert engine is not None
    number = 0
    try:
        while stored_mb(path) < target_mb:
            books = [engine.submit(AddBook(
                title=f"Book {each}", author=f"Author {each % 997}",
                price_amount=5 + each % 40 + 0.25, description=description(each, description_size)))
                for each in range(number, number + CHUNK)]
            ids = [str(future.result()) for future in books]
            number += CHUNK
            orders = [engine.submit(PlaceOrder(customer_name=f"Reader {order}", items=[
                {"book_id": ids[(order * LINES + line) % CHUNK], "quantity": 1 + line}
                for line in range(LINES)])) for order in range(ORDERS)]
            placed = [str(future.result()) for future in orders]
            confirmed = [engine.submit(ConfirmOrder(order_id=each)) for each in placed[::2]]
            for future in confirmed:
                future.result()
            for future in [engine.submit(ShipOrder(order_id=each)) for each in placed[::4]]:
                future.result()
    finally:
        opened.close()


def events_in(path: Path) -> int:
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return int(connection.execute("SELECT count(*) FROM events").fetchone()[0])
    finally:
        connection.close()


def measure(command: list[str], code: Path) -> tuple[float, float, int, str]:
    """Wall seconds, peak RSS (MB) and exit code of one child run on `code`, and its output.

    A forked child's peak starts at its parent's size (Linux keeps the high-water mark
    across exec), so a bare interpreter (about 10 MB) starts the child and reports it.
    """
    runner = [sys.executable, "-c", RUNNER, *command]
    result = subprocess.run(runner, cwd=code, capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONPATH": str(code)})
    measured = json.loads(result.stdout.splitlines()[-1])
    return (measured["seconds"], measured["peak_rss_kb"] / 1024, measured["exit_code"],
            result.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--target-mb", type=float, default=1000)
    parser.add_argument("--description", type=int, default=300,
                        help="characters of each book's description")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--db", type=Path, help="keep the store here (reused when it exists)")
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="the checkout whose code the children run (default: this one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-check-") as folder:
        path = args.db or Path(folder) / "store.db"
        built_s = None
        if not path.exists():
            started = time.perf_counter()
            build(path, args.target_mb, args.description)
            built_s = time.perf_counter() - started
        events = events_in(path)
        size_mb = path.stat().st_size / 1e6
        check = [sys.executable, "-m", "desktop.launcher", "check", "--db", str(path)]
        floor = [sys.executable, "-c", FLOOR, str(path)]
        runs = []
        for _ in range(args.runs):
            floor_s, floor_mb, floor_code, floor_text = measure(floor, args.code)
            check_s, check_mb, check_code, check_text = measure(check, args.code)
            if floor_code != 0 or check_code != 0:
                raise SystemExit(f"a child failed:\n{floor_text}\n{check_text}")
            runs.append({"check_s": round(check_s, 2), "check_peak_rss_mb": round(check_mb, 1),
                         "floor_s": round(floor_s, 2), "floor_peak_rss_mb": round(floor_mb, 1)})
    median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    print(json.dumps({
        "benchmark": "bookshelf check on a large store", "code": str(args.code),
        "events": events, "file_mb": round(size_mb, 1),
        "built_s": None if built_s is None else round(built_s, 1),
        **median,
        "time_ratio_to_floor": round(median["check_s"] / median["floor_s"], 2),
        "rss_ratio_to_floor": round(median["check_peak_rss_mb"] / median["floor_peak_rss_mb"], 2),
        "runs": runs}, indent=2))


if __name__ == "__main__":
    main()
