"""The event log's count on a store of a million events (issue 12, item 8); prints JSON.

For each filter, on a copy of the store (never the store itself: even a reader may leave
files beside it): the count in one call (the baseline: how long the window's thread would
be held), then the same count as the window makes it, on a thread of its own a step at a
time (BackgroundCount): the steps, the first report, the longest step, the time to the
exact count, and the longest gap of this thread, which ticks every millisecond meanwhile
as the window's would (what the counting thread costs it: the GIL). Target: no gap over
20 ms.

    PYTHONPATH=. .venv/bin/python bench/event_count.py STORE [--runs 3]

STORE is bench/eventlog.py's store (.bench-cache/eventlog-1000000.db).
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from domain.core.storage import open_reader  # noqa: E402
from domain.core.storage.sqlite.reader import SqliteReader  # noqa: E402
from domain.readside import (  # noqa: E402
    BackgroundCount,
    EventFilter,
    EventLog,
    Progress,
    short_stream,
)
from domain.readside.event_log import SCAN_LIMIT  # noqa: E402


def filters(reader: SqliteReader) -> dict[str, EventFilter]:
    """As bench/eventlog.py picks them: ids, a stream and a minute half-way through."""
    middle = reader.events(after=reader.last_position() // 2, limit=1)[0]
    order = next(each for each in reader.events(after=middle.position, limit=1000)
                 if "::order-" in each.stream)
    since = datetime.fromisoformat(middle.timestamp)
    minute = {"since": EventFilter.moment(since),
              "until": EventFilter.moment(since + timedelta(minutes=1))}
    return {
        "none": EventFilter(),
        "type_old": EventFilter(type="BookAdded"),
        "type_common": EventFilter(type="OrderItemAdded"),
        "text_common": EventFilter(text="reader"),
        "text_rare": EventFilter(text="Book 49999"),
        "text_none": EventFilter(text="no such words"),
        "stream": EventFilter(stream=short_stream(order.stream)),
        "minute": EventFilter(**minute),
        "until_old": EventFilter(until=minute["until"]),
        "type_text": EventFilter(type="OrderItemAdded", text="reader"),
        "short_text": EventFilter(text="zz"),
    }


def measure(log: EventLog, selection: EventFilter) -> dict[str, float]:
    scope = log.scope(selection)
    started = time.perf_counter()
    whole = sum(log.count(selection, span.after, span.before) for span in scope.ranges)
    one_call = time.perf_counter() - started
    # As the window counts: on a thread of its own with its own reader, while this thread
    # ticks every millisecond, as the window's event loop would, and notes its longest gap.
    reports: list[tuple[float, Progress]] = []
    counter = BackgroundCount(lambda: open_reader(log.reader.location),
                              lambda progress: reports.append((time.perf_counter(), progress)))
    started = time.perf_counter()
    asked = counter.count(selection, scope, log.last_position())
    longest_gap, tick = 0.0, time.perf_counter()
    while not any(progress.request == asked and progress.done for _, progress in reports):
        time.sleep(0.001)
        now = time.perf_counter()
        longest_gap, tick = max(longest_gap, now - tick), now
    counter.stop()
    times = [started] + [at for at, _ in reports]
    steps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert reports[-1][1].counted == whole, (reports[-1], whole)
    return {"count": whole, "one_call_ms": round(one_call * 1000, 1), "steps": len(steps),
            "first_report_ms": round(steps[0] * 1000, 1),
            "max_step_ms": round(max(steps) * 1000, 1),
            "to_exact_ms": round((times[-1] - started) * 1000, 1),
            "gui_longest_gap_ms": round(longest_gap * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="event-count-") as folder:
        copy = Path(folder) / args.store.name
        for suffix in ("", "-wal"):
            if Path(f"{args.store}{suffix}").exists():
                shutil.copyfile(f"{args.store}{suffix}", f"{copy}{suffix}")
        reader = SqliteReader(str(copy))
        try:
            log = EventLog(reader)
            chosen = filters(reader)
            runs = [{name: measure(log, selection) for name, selection in chosen.items()}
                    for _ in range(args.runs)]
        finally:
            reader.close()
    medians = {name: {key: statistics.median(run[name][key] for run in runs)
                      for key in runs[0][name]} for name in runs[0]}
    print(json.dumps({"events": runs[0]["none"]["count"], "scan_limit": SCAN_LIMIT,
                      "target": "gui_longest_gap_ms <= 20", "median": medians}, indent=2))


if __name__ == "__main__":
    main()
