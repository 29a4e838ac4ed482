"""What `durability="full"` (PRAGMA synchronous=FULL) costs (issue 9, item 6).

AddBook through `open_bookshelf(path, durability=...).process`, the bookshelf as shipped
(both projections), a fresh file per run; "normal" and "full" alternate so a busy machine
slows both alike. Prints the median µs per command of each, and their ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from domain.bookshelf import AddBook, open_bookshelf

SYNCHRONOUS = {"normal": 1, "full": 2}
TITLE, AUTHOR, ISBN, PRICE = "The Great Gatsby", "F. Scott Fitzgerald", "9780743273565", 12.99


def run(path: Path, durability: str, count: int) -> float:
    """Mean µs per AddBook over `count` commands, one transaction each."""
    opened = open_bookshelf(path, durability=durability)
    try:
        level = opened.session().store.execute("PRAGMA synchronous").fetchone()[0]
        if level != SYNCHRONOUS[durability]:  # another checkout's `domain` was imported
            raise SystemExit(f"asked for {durability}, got PRAGMA synchronous={level}")
        started = time.perf_counter()
        for _ in range(count):
            opened.process(AddBook(title=TITLE, author=AUTHOR, isbn=ISBN, price_amount=PRICE))
        return (time.perf_counter() - started) / count * 1e6
    finally:
        opened.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=3_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--folder", type=Path, default=None,
                        help="where the files go (default: a temporary folder; use a real disk)")
    args = parser.parse_args()
    results: dict[str, list[float]] = {"normal": [], "full": []}
    with tempfile.TemporaryDirectory(prefix="bench-durability-", dir=args.folder) as folder:
        for round_ in range(args.rounds):
            for durability in ("normal", "full") if round_ % 2 == 0 else ("full", "normal"):
                path = Path(folder) / f"{durability}-{round_}.db"
                results[durability].append(round(run(path, durability, args.count), 1))
    normal, full = (statistics.median(results[each]) for each in ("normal", "full"))
    print(json.dumps({
        "benchmark": "durability", "commands": args.count,
        "database": "file, WAL, one transaction per command, both projections",
        "normal_us_per_command": normal, "full_us_per_command": full,
        "full_over_normal": round(full / normal, 2), "runs_us": results,
    }, indent=2))


if __name__ == "__main__":
    main()
