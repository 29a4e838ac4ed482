"""The UTF-8 migration (schema step 2) on a store of N ASCII-escaped events; prints JSON.

Baseline in the same run: copying the file with SQLite's backup API, which the step does
first anyway. The figure is the step's time, and its ratio to that copy.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlite_utils  # noqa: E402

from domain.core.storage.sqlite.migrations import STEPS, migrate  # noqa: E402

INSERT_SQL = ("INSERT INTO events (id, stream, sequence, type, timestamp, payload, metadata)"
              " VALUES (?, ?, ?, ?, ?, ?, ?)")
TITLES = ("Café de Flore", "José and the Zoë", "Plain English", "Crème brûlée")


def version_1_store(path: Path, count: int) -> None:
    """A file as version 1 wrote it: core tables, `count` events with escaped payloads."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    migrate(connection, str(path), STEPS[:1])
    db = sqlite_utils.Database(connection)
    connection.execute("BEGIN")
    rows = []
    for position in range(1, count + 1):
        book_id = str(uuid.uuid4())
        payload = {"book_id": book_id, "title": TITLES[position % len(TITLES)],
                   "author": "Ann Author", "price_amount": 9.5, "price_currency": "USD"}
        metadata = {"id": str(uuid.uuid4()), "timestamp": "2026-12-01T06:00:00+00:00",
                    "type": "Bookshelf.BookAdded.v1", "stream": f"bookshelf::book-{book_id}",
                    "sequence": 1, "correlation_id": None, "causation_id": None}
        rows.append((metadata["id"], metadata["stream"], 1, metadata["type"],
                     metadata["timestamp"], json.dumps(payload), json.dumps(metadata)))
        if len(rows) == 10_000 or position == count:
            connection.executemany(INSERT_SQL, rows)
            rows = []
    connection.execute("COMMIT")
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-migration-") as folder:
        path = Path(folder) / "store.db"
        version_1_store(path, args.events)
        size_mb = path.stat().st_size / 1e6
        connection = sqlite3.connect(path, isolation_level=None)
        started = time.perf_counter()
        copy = sqlite3.connect(Path(folder) / "copy.db")
        connection.backup(copy)
        copy.close()
        copy_s = time.perf_counter() - started
        started = time.perf_counter()
        migrate(connection, str(path), STEPS)  # step 2 copies the file, then rewrites
        step_s = time.perf_counter() - started
        connection.close()
    print(json.dumps({"benchmark": "migration to UTF-8 JSON (schema step 2)",
                      "events": args.events, "file_mb": round(size_mb, 1),
                      "backup_copy_s": round(copy_s, 2), "step_2_s": round(step_s, 2),
                      "ratio_to_copy": round(step_s / copy_s, 2)}, indent=2))


if __name__ == "__main__":
    main()
