"""The states table's layout (issue 14, item 3): keyed WITHOUT ROWID, rows in commit order
with a unique index, and rows keyed by their write's last event's position (as shipped);
the mean time of a commit that writes one state, and the file.

    .venv/bin/python bench/state_layout.py [--stored 50000] [--commits 30000] [--rounds 3]

Each commit writes one order-like state (about 400 bytes of JSON), three versions a stream
and streams interleaved as commands commit them, in WAL with synchronous NORMAL, after
`--stored` streams of three states each. Prints one line a layout and round.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import tempfile
import time
import uuid
from pathlib import Path

STATE = json.dumps({"id": "x" * 36, "customer_name": "Reader 12345", "status": "CONFIRMED",
                    "items": [{"id": "y" * 36, "book_title": "Book 12345", "quantity": 2,
                               "unit_price": {"currency": "USD", "amount": 12.25}}] * 2})
COLUMNS = "stream TEXT NOT NULL, version INTEGER NOT NULL, sequence INTEGER NOT NULL, " \
          "state TEXT NOT NULL"
LAYOUTS = {
    "without_rowid": f"CREATE TABLE s ({COLUMNS}, PRIMARY KEY (stream, version)) WITHOUT ROWID",
    "rowid_and_index": f"CREATE TABLE s ({COLUMNS}); "
                       "CREATE UNIQUE INDEX s_key ON s (stream, version)",
    # As shipped: the stream and sequence are the event's at that position (its own index).
    "by_event_position": "CREATE TABLE s (position INTEGER PRIMARY KEY, stream TEXT, "
                         "version INTEGER NOT NULL, sequence INTEGER, state TEXT NOT NULL)",
}
INSERT = "INSERT INTO s VALUES (?, ?, ?, ?)"
INSERT_BY_POSITION = "INSERT INTO s (position, version, state) VALUES (?, ?, ?)"


def streams(count: int) -> list[str]:
    return [f"bookshelf::order-{uuid.uuid4()}" for _ in range(count)]


def run(layout: str, stored: int, commits: int, folder: Path) -> tuple[float, float]:
    """The mean µs a commit and the file's MB once checkpointed."""
    path = folder / f"{layout}.db"
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.executescript(LAYOUTS[layout])
    by_position = layout == "by_event_position"
    sql = INSERT_BY_POSITION if by_position else INSERT
    written = [0]  # the positions of the events each state's write raised last

    def row(stream: str, version: int) -> tuple[object, ...]:
        written[0] += 1
        return ((written[0], version, STATE) if by_position
                else (stream, version, version + 1, STATE))

    connection.execute("BEGIN")
    connection.executemany(sql, [row(stream, version)
                                 for stream in streams(stored) for version in range(3)])
    connection.execute("COMMIT")
    times = []
    new = streams(commits // 3)
    for version in range(3):
        for stream in new:
            started = time.perf_counter()
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(sql, row(stream, version))
            connection.execute("COMMIT")
            times.append(time.perf_counter() - started)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    # The mean: page splits and checkpoints are rare and long, and a median hides them.
    return statistics.fmean(times) * 1e6, path.stat().st_size / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stored", type=int, default=50_000)
    parser.add_argument("--commits", type=int, default=30_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        for round_ in range(1, args.rounds + 1):
            for layout in LAYOUTS:
                micros, megabytes = run(layout, args.stored, args.commits, Path(name))
                print(f"round {round_} {layout}: {micros:.1f} µs a commit (mean), "
                      f"{megabytes:.1f} MB")


if __name__ == "__main__":
    main()
