"""What `PRAGMA quick_check` costs before `simulate`, `rebuild` and `failures --retry` write
(issue 9, item 2): a store of N events, migrated by opening it once; prints JSON.

The figure is `Bookshelf.verify()` (a read-only snapshot, then the check) on a warm file
cache, best of three; `PRAGMA integrity_check` (`bookshelf check`'s first step) beside it.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.migration import version_1_store  # noqa: E402
from domain.bookshelf import Bookshelf, open_bookshelf  # noqa: E402


def best_of(runs: int, work: object) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-quick-check-") as folder:
        path = Path(folder) / "store.db"
        version_1_store(path, args.events)
        with open_bookshelf(path):
            pass  # migrates to the current schema and catches the projections up
        size_mb = path.stat().st_size / 1e6
        shelf = Bookshelf(path)
        verify_s = best_of(3, shelf.verify)

        def integrity() -> None:
            with closing(sqlite3.connect(path)) as connection:
                connection.execute("PRAGMA integrity_check").fetchall()

        integrity_s = best_of(1, integrity)
    print(json.dumps({"benchmark": "PRAGMA quick_check before a command line writes",
                      "events": args.events, "file_mb": round(size_mb, 1),
                      "verify_quick_check_s": round(verify_s, 2),
                      "integrity_check_s": round(integrity_s, 2)}, indent=2))


if __name__ == "__main__":
    main()
