"""The window on a store of a million events (issue 11): opening, browsing, filtering; prints JSON.

The store is built through the engine (50,000 books for a million events, then orders
placed, confirmed and shipped as the simulation does, bench/mix.py's plan) until it holds
`--events` events, and cached in `.bench-cache/` (ignored by git) for the next run. Each
measure runs in a child interpreter, offscreen, so that its peak RSS is its own
(`ru_maxrss` from `os.wait4`):

- open: `create_main_window` until the window is shown and idle, against the same on a
  store of 1,000 events (the baseline of the same run; target: at most 2x, <= 300 MB);
- browse: the event log from the newest event to the oldest and back, a page at a time
  (target: <= 300 MB);
- export: every event as CSV and as JSON Lines (export_csv, export_jsonl), a page at a
  time: its rate in events a second and its peak RSS (memory flat: about the browse's);
- filters: the first page of a type whose events are all old (BookAdded), of a rare
  text (one book of 50,000), of a text that matches nothing, of an event, correlation and
  aggregate id, a stream, a minute half-way through, everything before that minute, a
  type, text and time together, and a text too short for the index (a scan of the newest
  events): target <= 200 ms each, on the window's thread, where it is one call;
- trace: the chain of an order half-way through the log (place → confirm → ship: the
  build links confirm and ship to the order's last command), from its OrderShipped event,
  and trace_command from its PlaceOrder's id: the first call and the median of 10 more
  (target <= 200 ms, on the window's thread like the filters).

    PYTHONPATH=. .venv/bin/python bench/eventlog.py [--events 1000000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CACHE = ROOT / ".bench-cache"
BOOKS = 50_000  # at most; a small store gets one book for every 20 events
FILTERS = ("type", "rare", "none", "event_id", "correlation_id", "aggregate_id", "stream",
           "minute", "until_old", "type_text_time", "short_text", "stream_text", "type_text",
           "type_text_rare")

# Runs in a child: argv[1] the store, argv[2] the measure; prints one JSON object.
CHILD = r'''
import json, os, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication
from domain.bookshelf import open_bookshelf
from datetime import datetime, timedelta
from domain.readside import EventFilter, EventLog, EventLogPager, short_stream
path, measure = sys.argv[1], sys.argv[2]
result = {}
if measure == "open":
    from desktop.app import create_main_window
    app = QApplication([])
    started = time.perf_counter()
    window = create_main_window(path)
    window.show()
    app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 0)
    result["seconds"] = time.perf_counter() - started
    window.close()
    window.shutdown()
else:
    shelf = open_bookshelf(path)
    reader = shelf.open_reader()
    log = EventLog(reader)
    if measure == "browse":
        pager = EventLogPager(log)
        started = time.perf_counter()
        pager.fetch_newer()
        while pager.can_fetch_older():
            pager.fetch_older()
        while pager.can_fetch_newer():
            pager.fetch_newer()
        result["seconds"] = time.perf_counter() - started
        result["rows_held"] = len(pager.rows)
    elif measure.startswith("export_"):
        import tempfile
        from pathlib import Path
        from domain.readside.export import ExportFormat, export_events
        with tempfile.TemporaryDirectory() as folder:
            form = ExportFormat(measure[len("export_"):])
            started = time.perf_counter()
            summary = export_events(log, Path(folder) / f"all.{form.value}", form)
            result["seconds"] = time.perf_counter() - started
            result["events_per_s"] = summary.written / result["seconds"]
            result["mb"] = (Path(folder) / f"all.{form.value}").stat().st_size / 1e6
    elif measure.startswith("trace"):
        # An order half-way through the log, shipped: its chain from the OrderShipped event
        # (trace) or from its PlaceOrder (trace_command, found through the commands' index).
        import statistics
        from domain.readside.trace import trace
        middle = reader.last_position() // 2
        shipped = next(each for each in reader.events(after=middle, limit=20_000)
                       if each.type.endswith("OrderShipped.v1"))
        asked = json.loads(shipped.metadata)
        if measure == "trace_command":
            asked = {"id": asked["correlation_id"]}
        started = time.perf_counter()
        found = trace(reader, asked["id"])
        result["ms"] = (time.perf_counter() - started) * 1000
        result["nodes"] = sum(1 for _ in found.walk())
        warm = []
        for _ in range(10):
            started = time.perf_counter()
            trace(reader, asked["id"])
            warm.append((time.perf_counter() - started) * 1000)
        result["warm_ms"] = statistics.median(warm)
    else:
        # Ids, a stream and a minute of an event half-way through the log: old, and rare.
        middle = reader.events(after=reader.last_position() // 2, limit=1)[0]
        described = json.loads(middle.metadata)
        order = next(each for each in reader.events(after=middle.position, limit=1000)
                     if "::order-" in each.stream)
        since = datetime.fromisoformat(middle.timestamp)
        minute = {"since": EventFilter.moment(since),
                  "until": EventFilter.moment(since + timedelta(minutes=1))}
        selection = {
            "type": EventFilter(type="BookAdded"),
            "rare": EventFilter(text="Book 49999"),
            "none": EventFilter(text="no such words"),
            "event_id": EventFilter(text=described["id"]),
            "correlation_id": EventFilter(text=described["correlation_id"]),
            "aggregate_id": EventFilter(text=order.stream[-36:]),
            "stream": EventFilter(stream=short_stream(order.stream)),
            "minute": EventFilter(**minute),
            "until_old": EventFilter(until=minute["until"]),
            "type_text_time": EventFilter(type="OrderPlaced", text="Reader 1", **minute),
            "short_text": EventFilter(text="zz"),
            "stream_text": EventFilter(stream=short_stream(order.stream), text="reader"),
            "type_text": EventFilter(type="OrderItemAdded", text="reader"),
            "type_text_rare": EventFilter(type="OrderPlaced", text="book"),
        }.get(measure)
        if measure == "history":  # Show history of that order, its newest version chosen
            from domain.readside.history import find_stream, read_history
            started = time.perf_counter()
            history = read_history(reader, find_stream(reader, short_stream(order.stream)))
            newest = history.versions[-1].number
            history.comparison(newest)
            result["seconds"] = time.perf_counter() - started
            result["versions"] = len(history.versions)
        else:
            pager = EventLogPager(log)
            started = time.perf_counter()
            pager.set_filter(selection)
            result["seconds"] = time.perf_counter() - started
            result["rows"] = len(pager.rows)
            result["whole_log"] = pager.scope.whole
print(json.dumps(result))
os._exit(0)
'''

# Runs argv[1:] and prints its result (the child's JSON) with its own peak RSS.
RUNNER = ("import json, os, subprocess, sys; child = subprocess.Popen(sys.argv[1:], "
          "stdout=subprocess.PIPE); out = child.stdout.read(); "
          "_, status, usage = os.wait4(child.pid, 0); result = json.loads(out or b'{}'); "
          "result['peak_rss_mb'] = usage.ru_maxrss / 1024; "
          "result['exit_code'] = os.waitstatus_to_exitcode(status); print(json.dumps(result))")


def build(path: Path, events: int) -> None:
    """Books, then the simulation's orders, through the engine, until `events` are stored."""
    from bench.mix import ROUND, commands_in, plan  # the simulation's steady mix
    from domain.bookshelf import AddBook, ConfirmOrder, PlaceOrder, ShipOrder, open_bookshelf
    from domain.core.elements import BaseCommand
    from domain.core.metadata import caused_by

    opened = open_bookshelf(path, engine=True, mailbox_size=10_000, group_commit=100,
                            mailbox_full="block", submit_timeout=300)
    engine = opened.engine
    assert engine is not None
    try:
        shelf = min(BOOKS, max(10, events // 20))  # 50,000 for a million events
        books = [str(future.result()) for future in [engine.submit(AddBook(
            title=f"Book {number}", author=f"Author {number % 997}",
            price_amount=5 + number % 40 + 0.25)) for number in range(shelf)]]
        placed: dict[int, str] = {}
        # Each order's last command: confirm and ship are caused by it, one correlation
        # from place to ship, as the simulated warehouse links them (to events there).
        latest: dict[int, BaseCommand] = {}
        order = 0
        while engine.query(lambda store: store.last_position()).result() < events:
            rounds = plan(ROUND * 4, seed=order)[1:]  # without its own opening books
            futures = {}
            for steps in rounds:
                for step in steps:
                    if step[0] == "place":
                        lines: dict[str, int] = {}  # a small shelf: picks may meet
                        for book, quantity in step[2]:
                            book_id = books[book % shelf]
                            lines[book_id] = lines.get(book_id, 0) + quantity
                        latest[step[1]] = PlaceOrder(
                            customer_name=f"Reader {order + step[1]}", items=[
                                {"book_id": book_id, "quantity": quantity}
                                for book_id, quantity in lines.items()])
                        futures[step[1]] = engine.submit(latest[step[1]])
                    elif step[0] in ("confirm", "ship") and step[1] in futures:
                        if step[1] not in placed:
                            placed[step[1]] = str(futures[step[1]].result())
                        command = ConfirmOrder if step[0] == "confirm" else ShipOrder
                        with caused_by(latest[step[1]]._metadata):
                            latest[step[1]] = command(order_id=placed[step[1]])
                        engine.submit(latest[step[1]])
            engine.delivered().result()
            order += commands_in(rounds)
            placed.clear()
            latest.clear()
    finally:
        opened.close()


def store_of(events: int) -> Path:
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"eventlog-{events}.db"
    if not path.exists():
        partial = path.with_suffix(".building")
        partial.unlink(missing_ok=True)
        build(partial, events)
        partial.rename(path)
    return path


def measure(path: Path, what: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", RUNNER, sys.executable, "-c", CHILD, str(path),
                          what], capture_output=True, text=True, cwd=ROOT, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=None, metavar="MEASURE",
                        help="only these measures (open, browse, filter_type, ...)")
    args = parser.parse_args()
    started = time.perf_counter()
    big, small = store_of(args.events), store_of(1_000)
    built = time.perf_counter() - started
    runs = []
    planned = {"open_small": (small, "open"), "open": (big, "open"),
               "browse": (big, "browse"),
               "export_csv": (big, "export_csv"), "export_jsonl": (big, "export_jsonl"),
               **{f"filter_{name}": (big, name) for name in FILTERS},
               "history": (big, "history"),
               "trace": (big, "trace"), "trace_command": (big, "trace_command")}
    if args.only:
        planned = {name: planned[name] for name in args.only}
    for _ in range(args.runs):
        runs.append({name: measure(*what) for name, what in planned.items()})
    medians = {name: {key: round(statistics.median(run[name][key] for run in runs), 3)
                      for key in runs[0][name]} for name in runs[0]}
    if "open" in medians and "open_small" in medians:
        medians["open_ratio"] = {"seconds": round(
            medians["open"]["seconds"] / medians["open_small"]["seconds"], 2)}
    print(json.dumps({"events": args.events, "store_mb": round(big.stat().st_size / 1e6, 1),
                      "built_or_reused_s": round(built, 1),
                      "targets": {"open_ratio": "<= 2", "open peak_rss_mb": "<= 300",
                                  "browse peak_rss_mb": "<= 300",
                                  "filter_* seconds": "<= 0.2",
                                  "trace* ms": "<= 200"},
                      "median": medians, "runs": runs}, indent=2))


if __name__ == "__main__":
    main()
