"""Crash safety: kill -9 a process mid-work 20 times; after each restart nothing is lost,
nothing applied twice; on a SQLite file and on a PostgreSQL database alike."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.bookshelf import bookshelf, open_bookshelf
from domain.cli import main
from domain.core.storage import is_server
from tests.integration.ledger import Ledger
from tests.processes import stored_events
from tests.store_rows import count, rows

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


def kill_child_at_some_moment(path: str, kill: int, rng: random.Random) -> str:
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
    child = subprocess.Popen([sys.executable, str(CHILD), path, str(rng.randrange(10**9))],
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


# The projection's JSON lists, one row per element, as each backend unnests them.
ELEMENTS = {"sqlite": "json_each({column})", "postgresql": "jsonb_array_elements({column}::jsonb)"}
# What a killed rebuild leaves: tables named for it on SQLite, a schema on PostgreSQL.
REBUILD_LEFTOVERS = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%rebuild%'",
    "postgresql": "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bookshelf\\_rebuild\\_%'",
}


def backend(location: str) -> str:
    return "postgresql" if is_server(location) else "sqlite"


def events_of(location: str, *names: str) -> int:
    types = ", ".join(f"'Bookshelf.{name}.v1'" for name in names)
    return count(location, f"SELECT count(*) FROM events WHERE type IN ({types})")


def elements(location: str, column: str) -> int:
    unnested = ELEMENTS[backend(location)].format(column=column)
    return count(location, f"SELECT count(*) FROM projection_orders, {unnested}")


def rebuild_tables(location: str) -> list[str]:
    return [row[0] for row in rows(location, REBUILD_LEFTOVERS[backend(location)])]


def lagging_projections(location: str) -> list[str]:
    last = count(location, "SELECT coalesce(max(position), 0) FROM events")
    positions = rows(location, "SELECT subscriber, position FROM checkpoints")
    return [name for name, position in positions if position < last]


def restart_and_verify(path: str, capsys: pytest.CaptureFixture[str], where: str) -> int:
    domain = open_bookshelf(path)  # the restart: catches up whatever the kill left undelivered
    last = domain.session().store.last_position()
    checkpoints = domain.session().store.positions()
    domain.close()
    assert checkpoints and set(checkpoints.values()) == {last}, (where, checkpoints, last)

    capsys.readouterr()
    code = main(["check", "--db", path])
    assert code == 0, (where, capsys.readouterr().out)

    books = count(path, "SELECT count(*) FROM book")
    assert events_of(path, "BookAdded") == books == count(
        path, "SELECT count(*) FROM projection_catalog"), where
    assert events_of(path, "OrderPlaced", "OrderConfirmed", "OrderShipped") == elements(
        path, "transitions"), where
    assert events_of(path, "OrderItemAdded") == elements(path, "lines"), where
    # The ledger inserts one row per applied position and refuses a second: exactly once.
    assert count(path, "SELECT count(*) FROM ledger") == last, where
    assert count(path, "SELECT count(*) FROM failures") == 0, where
    return last


@pytest.fixture(params=["sqlite", "postgresql"])
def crash_store(request: pytest.FixtureRequest, database_path: Path) -> str:
    """The store the child writes to and is killed on: a file, or a server's database."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return str(database_path)


def test_killing_the_process_at_twenty_moments_loses_nothing_and_applies_nothing_twice(
        crash_store: str, capsys: pytest.CaptureFixture[str], restored: None) -> None:
    bookshelf.register_projection(Ledger())
    seed = random.randrange(10**6)
    rng = random.Random(seed)
    positions = [0]

    for kill in range(KILLS):
        kind = kill_child_at_some_moment(crash_store, kill, rng)
        where = f"kill {kill + 1} ({kind}), seed {seed}"
        if "inside dispatch" in kind:
            assert lagging_projections(crash_store), where  # the kill did land in dispatch
        if kind == "inside a rebuild":
            assert rebuild_tables(crash_store), where  # ... and this one in a rebuild
        positions.append(restart_and_verify(crash_store, capsys, where))

    assert positions == sorted(positions)
    assert positions[-1] > 100  # the child did real work between kills
    with open_bookshelf(crash_store) as opened:  # what killed rebuilds left goes now
        opened.rebuild_projections()
    assert rebuild_tables(crash_store) == []
    restart_and_verify(crash_store, capsys, f"a last rebuild, seed {seed}")
