"""On a PostgreSQL server the store watch asks nothing: it hears the server's commit
announcements on a thread of its own (issue 16, item 3), says when the connection is lost,
listens again, and stops promptly with the window."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from desktop.widgets.store_watch import StoreWatch
from tests.postgres_server import require_psycopg

psycopg = require_psycopg()

WAIT_MS = 10_000


class ServerReader:
    """Answers what the watch reads on a server (the PostgreSQL reader is not here yet);
    asking it whether anything changed, as the SQLite watch does, is a failure."""

    def __init__(self, location: str) -> None:
        self.location = location
        self.last = 0

    def last_position(self) -> int:
        return self.last

    def changed(self) -> bool:
        raise AssertionError("a server's watch never asks: it is told")


class Projections:
    def __init__(self, reader: ServerReader) -> None:
        self.reader = reader
        self.generation_now = 1

    def generation(self) -> int:
        return self.generation_now


@pytest.fixture
def projections(postgres_url: str) -> Projections:
    return Projections(ServerReader(postgres_url))


@pytest.fixture
def watching(qtbot, projections: Projections) -> Iterator[Callable[[], StoreWatch]]:
    made: list[StoreWatch] = []

    def watch() -> StoreWatch:
        # Listening starts with one read of what was committed before it listened.
        started = StoreWatch(projections)  # type: ignore[arg-type]
        made.append(started)
        with qtbot.waitSignal(started.committed, timeout=WAIT_MS):
            pass
        return started

    yield watch
    for each in made:
        each.stop()


def notify(url: str, payload: str) -> None:
    with psycopg.connect(url, autocommit=True) as other:
        other.execute("SELECT pg_notify('bookshelf_commits', %s)", (payload,))


def test_a_commit_announced_by_another_connection_is_said_with_its_position(
        qtbot, watching, postgres_url: str) -> None:
    watch = watching()

    with qtbot.waitSignal(watch.committed, timeout=WAIT_MS) as heard:
        notify(postgres_url, "5")

    assert heard.args == [5]
    assert watch._timer is None  # nothing is polled


def test_a_rebuild_swapped_in_is_said_with_the_commit_that_shows_it(
        qtbot, watching, projections: Projections, postgres_url: str) -> None:
    watch = watching()
    projections.generation_now = 2

    with qtbot.waitSignals([watch.rebuilt, watch.committed], timeout=WAIT_MS):
        notify(postgres_url, "7")


def test_a_flood_of_commits_is_said_up_to_the_newest(qtbot, watching,
                                                     postgres_url: str) -> None:
    watch = watching()
    said: list[int] = []
    watch.committed.connect(said.append)

    with psycopg.connect(postgres_url, autocommit=True) as other:
        for position in range(1, 201):
            other.execute("SELECT pg_notify('bookshelf_commits', %s)", (str(position),))

    qtbot.waitUntil(lambda: bool(said) and said[-1] == 200, timeout=WAIT_MS)
    assert len(said) < 200  # coalesced: fewer signals than commits
    assert said == sorted(said)


def test_stopping_ends_the_listening_thread_promptly(watching) -> None:
    watch = watching()
    hearing = watch.hearing
    assert hearing is not None and hearing.running

    began = time.monotonic()
    watch.stop()

    assert not hearing.running
    assert time.monotonic() - began < 0.5


def test_a_lost_connection_is_said_and_listened_again_reading_what_was_missed(
        qtbot, watching, projections: Projections, postgres_url: str) -> None:
    watch = watching()
    said: list[str] = []
    watch.said.connect(said.append)

    with qtbot.waitSignal(watch.said, timeout=WAIT_MS):
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE query LIKE 'LISTEN%' AND datname = current_database()")
    assert said[0].startswith(f"Not hearing other windows' commits: {postgres_url}: the "
                              "connection to the server was lost (")
    projections.reader.last = 9  # committed while nobody listened

    with qtbot.waitSignal(watch.committed, timeout=WAIT_MS) as caught_up:
        pass

    assert caught_up.args == [9]
    assert said[-1] == f"Connected again to {postgres_url}"
    with qtbot.waitSignal(watch.committed, timeout=WAIT_MS) as heard:
        notify(postgres_url, "10")
    assert heard.args == [10]


def test_a_server_nobody_answers_at_is_said_and_never_crashes(qtbot) -> None:
    from tests.postgres_server import free_port

    address = f"postgresql://ann@127.0.0.1:{free_port()}/shop"
    watch = StoreWatch(Projections(ServerReader(address)))  # type: ignore[arg-type]
    try:
        with qtbot.waitSignal(watch.said, timeout=WAIT_MS) as said:
            pass
        assert said.args[0].startswith(f"Not hearing other windows' commits: {address}: "
                                       "could not connect")
    finally:
        began = time.monotonic()
        watch.stop()
    assert time.monotonic() - began < 0.5
