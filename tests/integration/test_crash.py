"""Crash safety: kill -9 a process mid-work 20 times; after each restart nothing is lost."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from domain.bookshelf import bookshelf, open_bookshelf
from domain.cli import main
from tests.integration.ledger import Ledger
from tests.processes import stored_events

ROOT = Path(__file__).parents[2]
CHILD = Path(__file__).with_name("crash_child.py")
KILLS = 20
KINDS = ("random moment", "random moment, slow dispatch", "inside dispatch", "inside a rebuild",
         "engine, random moment, slow dispatch", "engine, inside dispatch on the delivery thread")


@pytest.fixture
def restored() -> Iterator[None]:
    subscribers, config = bookshelf.registry.subscribers, dict(bookshelf.config)
    yield
    bookshelf.close()
    bookshelf.registry.subscribers = subscribers
    bookshelf.config.clear()
    bookshelf.config.update(config)


def kill_child_at_some_moment(path: Path, kill: int, rng: random.Random) -> str:
    """Start the child, let it work, SIGKILL it; return how the moment was chosen."""
    env = dict(os.environ)
    kind = KINDS[kill % len(KINDS)]
    if "slow dispatch" in kind:
        env["CRASH_SLOW_DISPATCH"] = "1"
    elif "inside dispatch" in kind:
        env["CRASH_HANG_AT_APPLY"] = str(rng.randint(1, 40))
    elif kind == "inside a rebuild":
        # Each event is one step for each of the three projections.
        env["CRASH_HANG_IN_REBUILD"] = str(rng.randint(1, 3 * stored_events(path) + 1))
    if "engine" in kind:
        env["CRASH_ENGINE"] = "1"
    child = subprocess.Popen([sys.executable, str(CHILD), str(path), str(rng.randrange(10**9))],
                             stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    watchdog = threading.Timer(60, child.kill)  # a stuck child fails the test, not the run
    watchdog.start()
    try:
        assert child.stdout.readline() == "ready\n"
        if "inside dispatch" in kind:
            assert child.stdout.readline() == "dispatching\n"
        elif kind == "inside a rebuild":
            line = child.stdout.readline()
            assert line in ("rebuilding\n", "rebuilt\n")
            kind += "" if line == "rebuilding\n" else " (after its swap)"
        else:
            time.sleep(rng.uniform(0.02, 0.3))  # when to kill, not what to expect
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        watchdog.cancel()
        child.kill()
        child.wait()
        child.stdout.close()
    return kind


def count(connection: sqlite3.Connection, sql: str) -> int:
    return connection.execute(sql).fetchone()[0]


def events_of(connection: sqlite3.Connection, *names: str) -> int:
    types = ", ".join(f"'Bookshelf.{name}.v1'" for name in names)
    return count(connection, f"SELECT count(*) FROM events WHERE type IN ({types})")


def rebuild_tables(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%rebuild%'")]


def lagging_projections(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        last = count(connection, "SELECT coalesce(max(position), 0) FROM events")
        return [name for name, position in connection.execute(
            "SELECT subscriber, position FROM checkpoints") if position < last]


def restart_and_verify(path: Path, capsys: pytest.CaptureFixture[str], where: str) -> int:
    domain = open_bookshelf(path)  # the restart: catches up whatever the kill left undelivered
    last = domain.session().store.last_position()
    checkpoints = domain.session().store.positions()
    domain.close()
    assert checkpoints and set(checkpoints.values()) == {last}, (where, checkpoints, last)

    capsys.readouterr()
    code = main(["check", "--db", str(path)])
    assert code == 0, (where, capsys.readouterr().out)

    with closing(sqlite3.connect(path)) as connection:
        books = count(connection, "SELECT count(*) FROM book")
        assert events_of(connection, "BookAdded") == books == count(
            connection, "SELECT count(*) FROM projection_catalog"), where
        assert events_of(connection, "OrderPlaced", "OrderConfirmed", "OrderShipped") == count(
            connection, "SELECT count(*) FROM projection_orders, json_each(transitions)"), where
        assert events_of(connection, "OrderItemAdded") == count(
            connection, "SELECT count(*) FROM projection_orders, json_each(lines)"), where
        # The ledger inserts one row per applied position and refuses a second: exactly once.
        assert count(connection, "SELECT count(*) FROM ledger") == last, where
        assert count(connection, "SELECT count(*) FROM failures") == 0, where
    return last


def test_killing_the_process_at_twenty_moments_loses_nothing_and_applies_nothing_twice(
        database_path: Path, capsys: pytest.CaptureFixture[str], restored: None) -> None:
    bookshelf.register_projection(Ledger())
    seed = random.randrange(10**6)
    rng = random.Random(seed)
    positions = [0]

    for kill in range(KILLS):
        kind = kill_child_at_some_moment(database_path, kill, rng)
        where = f"kill {kill + 1} ({kind}), seed {seed}"
        if "inside dispatch" in kind:
            assert lagging_projections(database_path), where  # the kill did land in dispatch
        if kind == "inside a rebuild":
            assert rebuild_tables(database_path), where  # ... and this one in a rebuild
        positions.append(restart_and_verify(database_path, capsys, where))

    assert positions == sorted(positions)
    assert positions[-1] > 100  # the child did real work between kills
    with open_bookshelf(database_path) as opened:  # what killed rebuilds left goes now
        opened.rebuild_projections()
    assert rebuild_tables(database_path) == []
    restart_and_verify(database_path, capsys, f"a last rebuild, seed {seed}")
