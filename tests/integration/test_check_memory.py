"""`bookshelf check` takes about the memory of SQLite's own check, whatever the store's size
(issue 9, item 9): measured as the peak RSS of the command in a child process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from domain.bookshelf import AddBook, PlaceOrder, open_bookshelf

ROOT = Path(__file__).resolve().parents[2]
BOOKS = 6_000
DESCRIPTION = "A long description of a book, told at length. " * 190  # about 9 KB
# Runs argv[1:] and prints its peak RSS in KB. The command is started by this small
# interpreter, not by pytest: a forked child's peak starts at its parent's size.
RUNNER = ("import json, os, subprocess, sys; child = subprocess.Popen(sys.argv[1:]); "
          "_, status, usage = os.wait4(child.pid, 0); "
          "print(json.dumps([os.waitstatus_to_exitcode(status), usage.ru_maxrss]))")
# The floor: the same code imported, the same snapshot, SQLite's own check alone.
FLOOR = ("import sys; import domain.cli; from domain.core.storage import open_snapshot; "
         "snapshot = open_snapshot(sys.argv[1]); assert snapshot.damage() == []; "
         "snapshot.close()")


def peak_rss_mb(*command: str) -> float:
    finished = subprocess.run([sys.executable, "-c", RUNNER, *command], cwd=ROOT, check=True,
                              capture_output=True, text=True)
    exit_code, peak_kb = json.loads(finished.stdout.splitlines()[-1])
    assert exit_code == 0, finished.stdout
    return float(peak_kb) / 1024


@pytest.fixture
def large_store(database_path: Path) -> Path:
    """6,000 books with 9 KB descriptions: about 60 MB, mostly the book table."""
    with open_bookshelf(database_path, engine=True, group_commit=100) as opened:
        assert opened.engine is not None
        books = [opened.engine.submit(AddBook(title=f"Book {number}", author="Ann Author",
                                              price_amount=10.0, description=DESCRIPTION))
                 for number in range(BOOKS)]
        ids = [str(future.result()) for future in books]
        opened.engine.submit(PlaceOrder(customer_name="Ann", items=[
            {"book_id": each, "quantity": 1} for each in ids[:10]])).result()
    return database_path


@pytest.mark.slow
def test_checking_a_store_takes_little_more_memory_than_sqlites_own_check(
        large_store: Path) -> None:
    store_mb = large_store.stat().st_size / 2**20

    floor = peak_rss_mb(sys.executable, "-c", FLOOR, str(large_store))
    checking = peak_rss_mb(sys.executable, "-m", "desktop.launcher", "check", "--db",
                           str(large_store))

    # Before, the check copied the whole file into memory: the store's size came on top.
    assert store_mb > 50
    assert checking - floor < store_mb / 4, (floor, checking, store_mb)
