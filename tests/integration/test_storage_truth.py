"""Storage faults made on real SQLite files: what callers are told matches what is stored."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from concurrent.futures import Future
from contextlib import closing
from pathlib import Path

import pytest

from domain.bookshelf import AddBook, open_bookshelf
from domain.core import StorageError
from domain.core.runtime.engine import Engine
from tests.storage_faults import OPEN_ERRORS, ROOT, filled_file, open_and_use

GROUP = 30


def big_book(number: int) -> AddBook:
    """A command whose rows take most of a page, so a few of them fill a capped file."""
    return AddBook(title=f"Book {number}", author="Author", price_amount=1.0,
                   description="x" * 1900)


def stored_titles(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as connection:
        books = {title for (title,) in connection.execute("SELECT title FROM book")}
        events = connection.execute("SELECT count(*) FROM events").fetchone()[0]
    assert events == len(books)  # one BookAdded per stored book, nothing else
    return books


def hold_the_worker(engine: Engine) -> threading.Event:
    """Keep the worker busy until the returned event is set: what is submitted meanwhile
    waits in the mailbox and runs as one group."""
    held, gate = threading.Event(), threading.Event()

    def hold(_store: object) -> None:
        held.set()
        gate.wait(30)

    engine.query(hold)
    assert held.wait(30)
    return gate


def outcome(future: Future[object]) -> str | None:
    error = future.exception(timeout=30)
    return None if error is None else f"{type(error).__name__}: {error}"


def test_a_full_disk_in_the_middle_of_a_group_stores_exactly_what_the_futures_say(
        tmp_path: Path) -> None:
    path = tmp_path / "full.db"
    shop = open_bookshelf(path, engine=True)
    try:
        engine = shop.engine
        assert engine is not None
        pages = engine.query(
            lambda store: store.execute("PRAGMA page_count").fetchone()[0]).result(30)
        # Room for about three of them: a command in the middle of the group hits SQLITE_FULL.
        engine.query(lambda store: store.execute(f"PRAGMA max_page_count = {pages + 3}"))
        gate = hold_the_worker(engine)
        futures = [engine.submit(big_book(number)) for number in range(GROUP)]
        gate.set()
        outcomes = [outcome(future) for future in futures]
    finally:
        shop.close()

    failing = next(index for index, said in enumerate(outcomes)
                   if said is not None and "disk is full" in said and "was lost" not in said)
    assert 0 < failing < GROUP - 1, outcomes  # earlier ones rolled back, later ones refused
    assert all(said is not None and "rolled back" in said and "disk is full" in said
               for said in outcomes[:failing]), outcomes[:failing]
    assert outcomes[failing].startswith("StorageError"), outcomes[failing]
    assert all(said is not None and "was lost" in said and "not run" in said
               for said in outcomes[failing + 1:]), outcomes[failing + 1:]
    # None says success, and what is stored is exactly what succeeded: nothing.
    reported_stored = {f"Book {number}" for number, said in enumerate(outcomes) if said is None}
    assert stored_titles(path) == reported_stored == set()


def test_a_group_after_a_lost_transaction_runs_and_commits_again(tmp_path: Path) -> None:
    path = tmp_path / "full.db"
    with open_bookshelf(path, engine=True) as shop:
        engine = shop.engine
        assert engine is not None
        pages = engine.query(
            lambda store: store.execute("PRAGMA page_count").fetchone()[0]).result(30)
        engine.query(lambda store: store.execute(f"PRAGMA max_page_count = {pages + 3}"))
        gate = hold_the_worker(engine)
        lost = [engine.submit(big_book(number)) for number in range(GROUP)]
        gate.set()
        assert all(future.exception(timeout=30) is not None for future in lost)
        engine.query(lambda store: store.execute("PRAGMA max_page_count = 1073741823"))
        engine.submit(big_book(GROUP)).result(30)
    assert stored_titles(path) == {f"Book {GROUP}"}


def test_a_full_disk_in_the_middle_of_a_sync_command_raises_and_stores_nothing(
        tmp_path: Path) -> None:
    path = tmp_path / "full.db"
    with open_bookshelf(path) as shop:
        store = shop.session().store
        pages = store.execute("PRAGMA page_count").fetchone()[0]
        store.execute(f"PRAGMA max_page_count = {pages + 3}")
        stored = set()
        with pytest.raises(StorageError, match="disk is full"):
            for number in range(GROUP):
                shop.process(big_book(number))
                stored.add(f"Book {number}")
        assert stored  # the disk filled in the middle, not at the first command
    assert stored_titles(path) == stored


# -- damaged files and symbolic link loops: a StorageError with the path and what to do ----

@pytest.mark.parametrize("make", OPEN_ERRORS, ids=list(OPEN_ERRORS))
def test_the_api_raises_a_storage_error_with_the_path_and_what_to_do(
        make: str, tmp_path: Path) -> None:
    made, advice = OPEN_ERRORS[make]
    path = made(tmp_path)

    with pytest.raises(StorageError) as raised:
        open_and_use(path)

    assert str(path) in str(raised.value)
    assert advice in str(raised.value)


@pytest.mark.parametrize("make", OPEN_ERRORS, ids=list(OPEN_ERRORS))
@pytest.mark.parametrize("command", [["events"], ["simulate", "--seconds", "0.2"]])
def test_the_command_line_names_the_file_without_a_traceback(
        make: str, command: list[str], tmp_path: Path) -> None:
    path = OPEN_ERRORS[make][0](tmp_path)

    result = subprocess.run([sys.executable, "-m", "desktop.launcher", *command, "--db",
                             str(path)], capture_output=True, text=True, timeout=120, cwd=ROOT)

    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert str(path) in result.stderr


# -- a file held by another program ------------------------------------------------------


HOLD = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("PRAGMA locking_mode = EXCLUSIVE")
connection.execute("UPDATE book SET title = title")  # a write takes the exclusive lock
print("held", flush=True)
time.sleep(120)
"""


@pytest.mark.slow  # each open waits out sqlite3.connect's own 5 s timeout first
def test_a_file_held_exclusively_by_another_program_is_locked_by_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from domain.cli import main
    from domain.core.storage.sqlite import connection

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 100)  # the answer is the same, sooner
    path = filled_file(tmp_path / "held.db", books=2)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(StorageError, match="is locked by another program"):
            open_bookshelf(path)
        for command in ("check", "events"):
            assert main([command, "--db", str(path)]) == 2
            said = capsys.readouterr().err
            assert "is locked by another program" in said and str(path) in said, said
            assert "not a bookshelf database" not in said
    finally:
        holder.kill()
        holder.wait(30)


# -- `bookshelf events | head` ---------------------------------------------------------------


def test_events_into_a_pipe_closed_early_end_quietly(tmp_path: Path) -> None:
    path = filled_file(tmp_path / "long.db", books=1500)  # far more than a pipe buffers
    events = subprocess.Popen(
        [sys.executable, "-m", "desktop.launcher", "events", "--db", str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert events.stdout is not None and events.stderr is not None
    events.stdout.readline()  # what `head -1` does: one line, then it goes away
    events.stdout.close()
    error = events.stderr.read().decode()
    assert events.wait(60) == 0, error
    assert error == ""
