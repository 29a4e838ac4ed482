"""`get` of an event-sourced aggregate with a long stream (issue 15, item 1); prints JSON.

One account of 10,000 events (opened, then credited 9,999 times) in a fresh store. Each
run times, on the same connection's file: `repository.get(id)` (read the stream through
the (stream, sequence) index, decode each event, replay it through @apply), and the
baseline, a raw sqlite3 loop reading the same rows (the same SELECT, every column of
every row fetched, the payload's JSON decoded); the ratio is taken within the run. Also:
the stream's load alone (`store.load_stream`), to show where `get`'s time goes.

    PYTHONPATH=. .venv/bin/python bench/event_sourced.py [--events 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import gc
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from domain.core import Domain, apply  # noqa: E402
from domain.core.fields import Float, Identifier, String  # noqa: E402
from domain.core.storage.sqlite.event_log import STREAM_SQL  # noqa: E402

bench = Domain("Bench")


@bench.event(part_of="Account")
class Opened:
    account_id = Identifier(required=True)
    holder = String(required=True)


@bench.event(part_of="Account")
class Credited:
    account_id = Identifier(required=True)
    amount = Float(required=True)


@bench.aggregate(event_sourced=True)
class Account:
    holder = String(required=True)
    balance = Float(default=0.0)

    @apply
    def opened(self, event: Opened) -> None:
        self.id, self.holder, self.balance = event.account_id, event.holder, 0.0

    @apply
    def credited(self, event: Credited) -> None:
        self.balance += event.amount


def build(events: int) -> str:
    """The account's id, its stream of `events` events stored (one unit per 1,000)."""
    repository = bench.repository_for(Account)
    account = Account._create_new()
    account.raise_(Opened(account_id=account.id, holder="Ada"))
    for number in range(1, events):
        account.raise_(Credited(account_id=account.id, amount=1.0))
        if number % 1000 == 0:
            repository.add(account)
    repository.add(account)
    return str(account.id)


def raw(location: str, stream: str) -> float:
    """The baseline: the same rows through sqlite3 alone, each payload decoded."""
    with sqlite3.connect(location) as connection:
        started = time.perf_counter()
        total = 0.0
        for _position, _type, payload, _metadata in connection.execute(
                STREAM_SQL, (stream, 2**62)):
            total += json.loads(payload).get("amount", 0.0)
        elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def run(location: str, account_id: str, events: int) -> dict[str, float]:
    repository = bench.repository_for(Account)
    stream = Account.stream_name(account_id)
    gc.collect()  # each timing starts with no garbage left by the one before
    baseline = raw(location, stream)
    gc.collect()
    started = time.perf_counter()
    account = repository.get(account_id)
    get = time.perf_counter() - started
    assert account._version == events - 1 and account.balance == events - 1
    del account
    gc.collect()
    started = time.perf_counter()
    loaded = bench.session().store.load_stream(stream)
    load = time.perf_counter() - started
    assert len(loaded) == events
    return {"get_ms": round(get * 1000, 1), "load_stream_ms": round(load * 1000, 1),
            "raw_sqlite3_ms": round(baseline * 1000, 1),
            "get_over_raw": round(get / baseline, 1),
            "get_us_per_event": round(get / events * 1e6, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="event-sourced-") as folder:
        location = str(Path(folder) / "bench.db")
        bench.config["database"] = location
        bench.init()
        try:
            account_id = build(args.events)
            runs = [run(location, account_id, args.events) for _ in range(args.runs)]
        finally:
            bench.close()
    medians = {key: statistics.median(each[key] for each in runs) for key in runs[0]}
    print(json.dumps({"events": args.events, "runs": runs, "median": medians}, indent=2))


if __name__ == "__main__":
    main()
