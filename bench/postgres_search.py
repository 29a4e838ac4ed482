"""The event log's search on PostgreSQL (pg_trgm) against SQLite (FTS5), on the same flood.

The same AddBook flood through the engine into a SQLite file and a PostgreSQL database
(a title from a few hundred words, so that a word is in some books and not others), then
what a window asks, timed on each backend's reader (the median of `--runs`, in ms):

- the newest 100 events holding a rare word, and a common one;
- how many events hold each (a count reads every match);
- the newest 100 of one type holding the common word.

    PYTHONPATH=. .venv/bin/python bench/postgres_search.py --url postgresql://… [--flood 20000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.engine import wait_delivered  # noqa: E402
from domain.bookshelf import AddBook, bookshelf, open_bookshelf  # noqa: E402
from domain.core.runtime.engine import Engine  # noqa: E402
from domain.core.storage import open_reader  # noqa: E402
from domain.core.storage.reading import EventFilter, Reader  # noqa: E402

FLOOD = 20_000
WORDS = [f"w{number:03d}x" for number in range(300)]
RARE, COMMON = "w007x", "Ann Author"  # in 1 of 300 titles; in every book's author


def title(number: int) -> str:
    return " ".join(WORDS[(number * step) % len(WORDS)] for step in (1, 7, 31))


def fill(location: str, count: int) -> None:
    domain = open_bookshelf(location)
    try:
        engine = Engine(domain.runtime, mailbox_size=10_000, group_commit=100,
                        mailbox_full="block", submit_timeout=120).start()
        futures = [engine.submit(AddBook(title=title(number), author="Ann Author",
                                         price_amount=10.0)) for number in range(count)]
        futures[-1].result()
        wait_delivered(engine)
        engine.stop()
    finally:
        domain.close()
    open_bookshelf(location).close()  # opening catches up the search index's lane


def timed(ask: Callable[[], object], runs: int) -> float:
    took = []
    for _ in range(runs):
        start = time.perf_counter()
        ask()
        took.append((time.perf_counter() - start) * 1000)
    return statistics.median(took)


def questions(reader: Reader) -> dict[str, Callable[[], object]]:
    rare, common = EventFilter(text=RARE), EventFilter(text=COMMON.lower())
    typed = EventFilter(text=COMMON, type="BookAdded")
    return {
        "newest 100, rare word": lambda: reader.events(rare, newest_first=True, limit=100),
        "newest 100, common word": lambda: reader.events(common, newest_first=True, limit=100),
        "count, rare word": lambda: reader.count_events(rare),
        "count, common word": lambda: reader.count_events(common),
        "newest 100 of a type, common word": lambda: reader.events(
            typed, newest_first=True, limit=100),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="an empty PostgreSQL database")
    parser.add_argument("--flood", type=int, default=FLOOD)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        locations = {"sqlite": str(Path(folder) / "search.db"), "postgresql": args.url}
        results: dict[str, dict[str, float]] = {}
        for backend, location in locations.items():
            start = time.perf_counter()
            fill(location, args.flood)
            print(f"{backend}: {args.flood:,} books in {time.perf_counter() - start:.1f} s",
                  file=sys.stderr)
            reader = open_reader(location, resolve_event=bookshelf.registry.event_class)
            try:
                assert reader.search_position() == reader.last_position()
                results[backend] = {name: timed(ask, args.runs)
                                    for name, ask in questions(reader).items()}
                counts = (reader.count_events(EventFilter(text=RARE)),
                          reader.count_events(EventFilter(text=COMMON)))
                print(f"{backend}: {counts[0]:,} events hold {RARE!r}, {counts[1]:,} "
                      f"{COMMON!r}", file=sys.stderr)
            finally:
                reader.close()
    print(f"| question ({args.flood:,} events) | SQLite ms | PostgreSQL ms |")
    print("|---|---:|---:|")
    for name in results["sqlite"]:
        print(f"| {name} | {results['sqlite'][name]:.1f} | {results['postgresql'][name]:.1f} |")


if __name__ == "__main__":
    main()
