"""The lazy catalog and orders tables on 50,000 books and 166,000 orders (issue 11): prints JSON.

The rows are written straight into the projections' tables of a store opened as the window
opens one (bench/synthetic_projections.py), cached in `.bench-cache/`. Two parts:

- reads: the read side alone (ProjectionWindow over the SQLite reader), each figure the
  median of `--runs`: the count; the first, middle and last page of the orders; the first
  and a middle page in every sort of each table; the first page of catalog filters (a
  common word, a word beyond ASCII, a rare title, nothing); finding a row by its key.
- window: in a child process each, offscreen, with its own peak RSS: the main window
  opened on that store and on an empty one (the baseline of the same run); then on the
  big store every header of both tables clicked, a filter typed, a refresh with an order
  selected, each timed on the GUI thread until the view has painted.

    PYTHONPATH=. .venv/bin/python bench/lazy_tables.py [--runs 5] [--before DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import synthetic_projections  # noqa: E402
from domain.bookshelf import open_bookshelf  # noqa: E402
from domain.core.storage.sqlite.reader import SqliteReader  # noqa: E402
from domain.readside import BOOKS, ORDERS, ProjectionQueries  # noqa: E402

CACHE = ROOT / ".bench-cache"
FILTERS = {"common word": "garden", "beyond ASCII": "émile", "rare title": "stone 49999",
           "nothing": "no such words"}

# Runs in a child: argv[1] the store; prints one JSON object.
CHILD = r'''
import json, os, resource, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QApplication
from desktop.app import create_main_window
path, measure = sys.argv[1], sys.argv[2]
app = QApplication([])

def settle():
    app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 0)

def timed(action):
    started = time.perf_counter()
    action()
    window.repaint()  # the view reads the rows it shows
    settle()
    return round((time.perf_counter() - started) * 1000, 1)

result = {}
started = time.perf_counter()
window = create_main_window(path)
window.resize(1500, 950)
window.show()
settle()
result["open_s"] = round(time.perf_counter() - started, 3)
if measure == "compare":  # what any version of the window can do: for --before
    for column, header in ((2, "Total"), (0, "Customer")):
        result[f"sort orders by {header}, ms"] = timed(
            lambda: window.orders_panel.table.sortByColumn(column, Qt.SortOrder.AscendingOrder))
if measure == "all":
    orders, catalog = window.orders_panel.table, window.catalog_panel.table
    model = window.orders_model
    window.orders_panel.select_order(model.order(model.rowCount() // 2)["order_id"])
    for table, name in ((orders, "orders"), (catalog, "catalog")):
        for column, header in enumerate(table.model().HEADERS):
            for order, way in ((Qt.SortOrder.AscendingOrder, "asc"),
                               (Qt.SortOrder.DescendingOrder, "desc")):
                result[f"sort {name} by {header} {way}, ms"] = timed(
                    lambda: table.sortByColumn(column, order))
    orders.scrollTo(model.index(model.rowCount() // 2, 0))
    result["orders: scroll to the middle, ms"] = timed(lambda: None)
    result["orders: refresh with an order selected, ms"] = timed(model.refresh)
    result["catalog: filter 'garden', ms"] = timed(lambda: window.catalog_model.set_text("garden"))
    result["catalog: filter cleared, ms"] = timed(lambda: window.catalog_model.set_text(""))
    result["rows held"] = window.orders_model.window.held + window.catalog_model.window.held
window.close()
window.shutdown()
result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(json.dumps(result))
os._exit(0)
'''


def store(name: str, books: int, orders: int) -> Path:
    """A store with the projections' tables filled straight (no events behind the rows)."""
    CACHE.mkdir(exist_ok=True)
    # Named for the projectors' tables (issue 15): a store cached with the hand-written
    # tables before them would open with these empty.
    path = CACHE / f"lazy-tables-{name}-projectors.db"
    if not path.exists():
        partial = path.with_suffix(".partial")
        open_bookshelf(partial).close()
        with closing(sqlite3.connect(partial)) as connection:
            synthetic_projections.fill(connection, books, orders)
        partial.rename(path)
    return path


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 2)


def reads(path: Path, runs: int) -> dict[str, float]:
    reader = SqliteReader(str(path))
    queries = ProjectionQueries(reader)
    result: dict[str, float] = {}
    orders = queries.orders()
    count = orders.count
    # Each read starts with no page held, as after a refresh.
    result["orders: count, ms"] = median_ms(orders.reload, runs)
    for name, index in (("first", 0), ("middle", count // 2), ("last", count - 1)):
        result[f"orders: {name} page, ms"] = median_ms(
            lambda index=index: (orders.reload(), orders.row(index)), runs)
    for table, window in ((BOOKS, queries.books()), (ORDERS, queries.orders())):
        for sort in table.sorts:
            for descending in (False, True):
                label = f"{table.table}: by {sort}{' desc' if descending else ''}"
                result[f"{label}, first page, ms"] = median_ms(
                    lambda window=window, sort=sort, descending=descending: (
                        window.set_order(sort, descending), window.row(0)), runs)
                window.set_order(sort, descending)
                result[f"{label}, middle page, ms"] = median_ms(
                    lambda window=window: (window.reload(), window.row(window.count // 2)),
                    runs)
                key = window.key_at(window.count // 3)
                result[f"{label}, find a row by key, ms"] = median_ms(
                    lambda window=window, key=key: window.index_of(key), runs)
    books = queries.books()
    for name, text in FILTERS.items():
        result[f"catalog filter, {name} ({text!r}): count and first page, ms"] = median_ms(
            lambda text=text: (books.set_text(""), books.set_text(text), books.row(0)), runs)
    reader.close()
    return result


def window(path: Path, measure: str, code: Path = ROOT) -> dict[str, float]:
    """One child on `path`, running the window of the source tree at `code`."""
    out = subprocess.run([sys.executable, "-c", CHILD, str(path), measure], check=True,
                         capture_output=True, text=True, cwd=code,
                         env={**os.environ, "PYTHONPATH": str(code)}).stdout
    return json.loads(out.strip().splitlines()[-1])


def compare(big: Path, before: Path, runs: int) -> dict[str, object]:
    """Opening and two header clicks, by the code at `before` and by this one."""
    result: dict[str, object] = {}
    for name, code in (("before", before), ("after", ROOT)):
        measures = [window(big, "compare", code) for _ in range(runs)]
        result[name] = {key: [each[key] for each in measures] for key in measures[0]}
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", type=Path, default=None,
                        help="a source tree of an earlier version (git archive COMMIT | "
                             "tar -x -C DIR) that reads the projectors' tables (issue 15 "
                             "on): only its opening and two header clicks against this "
                             "version's, --runs each")
    arguments = parser.parse_args(argv)
    big = store("big", synthetic_projections.BOOKS, synthetic_projections.ORDERS)
    small = store("small", 50, 166)
    if arguments.before is not None:
        print(json.dumps(compare(big, arguments.before, arguments.runs), indent=2))
        return 0
    result: dict[str, object] = {"reads": reads(big, arguments.runs)}
    opens = [window(small, "open")["open_s"] for _ in range(arguments.runs)]
    runs = [window(big, "all") for _ in range(arguments.runs)]
    measures = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    measures["open, small store, s"] = statistics.median(opens)
    measures["open / small"] = round(measures["open_s"] / measures["open, small store, s"], 2)
    measures["open, each run, s"] = [run["open_s"] for run in runs]
    result["window"] = measures
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
