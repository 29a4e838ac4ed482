"""What the PostgreSQL store does beyond the contract the two backends share (the core's
tests run on both): one notification a commit, writers in several processes numbered
without gaps, and rebuilt tables moved in under their own names."""

from __future__ import annotations

import multiprocessing
import secrets
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.postgres_server import require_psycopg

psycopg = require_psycopg()

from domain.core import Domain  # noqa: E402
from domain.core.storage.postgres.listener import CommitListener  # noqa: E402
from tests.unit.core.library import CreateShelf  # noqa: E402
from tests.unit.core.pantry import FillJar, JarTotal, LabelJar, pantry  # noqa: E402
from tests.unit.core.storage.postgres.shelf_writer import create_shelves  # noqa: E402

on_postgres = pytest.mark.parametrize("testing", ["postgresql"], indirect=True)


@pytest.fixture
def jars(postgres_url: str) -> Iterator[Domain]:
    pantry.close()
    pantry.config["database"] = postgres_url
    pantry.init()
    yield pantry
    pantry.close()


def heard(listener: CommitListener) -> list[str]:
    """Every notification that arrives within a short while, in order."""
    return [notify.payload for notify in listener.connection.notifies(timeout=0.5)]


@on_postgres
def test_a_commit_is_announced_once_with_its_last_position(testing: Domain) -> None:
    listener = CommitListener(str(testing.config["database"]))
    try:
        testing.process(CreateShelf(name="Poetry", titles=["Odes", "Epodes"]))
        last = testing.session().store.last_position()

        assert last > 1  # several events, one commit
        assert heard(listener) == [str(last)]
    finally:
        listener.close()


def test_a_commit_of_projections_only_is_announced_too(jars: Domain) -> None:
    jar = jars.process(LabelJar(label="Rice"))
    listener = CommitListener(str(jars.config["database"]))
    try:
        jars.rebuild_projection(JarTotal)  # writes records and positions, appends nothing

        assert "0" in heard(listener)
        assert jars.view_for(JarTotal).get(jar).label == "Rice"
    finally:
        listener.close()


def indexes(domain: Domain, table: str) -> list[str]:
    return [row[0] for row in domain.session().store.execute(
        "SELECT indexname FROM pg_indexes WHERE tablename = ? AND schemaname = current_schema()"
        " ORDER BY indexname", (table,))]


def schemas(domain: Domain) -> list[str]:
    return [row[0] for row in domain.session().store.execute(
        "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bookshelf\\_rebuild\\_%'")]


def test_a_rebuilt_table_comes_in_under_its_own_name_with_its_own_indexes(jars: Domain) -> None:
    jar = jars.process(LabelJar(label="Rice"))
    jars.process(FillJar(jar_id=jar, grams=500))
    before = indexes(jars, "projection_jartotal")
    jars.session().store.execute("UPDATE projection_jartotal SET grams = 0")  # damaged

    jars.rebuild_projection(JarTotal)

    assert indexes(jars, "projection_jartotal") == before
    assert jars.view_for(JarTotal).get(jar).grams == 500
    assert schemas(jars) == []  # the rebuild's own schema is gone


def test_what_a_killed_rebuild_left_is_dropped_by_the_next_one(jars: Domain) -> None:
    jars.process(LabelJar(label="Rice"))
    store: Any = jars.session().store
    projection = next(each for each in jars.runtime.schema.projections
                      if "jartotal" in each.name)
    store.rebuild_tables(projection)  # made, then never swapped in nor dropped: killed
    assert len(schemas(jars)) == 1

    jars.rebuild_projection(JarTotal)

    assert schemas(jars) == []


def run_writers(url: str, count: int, shelves: int = 10) -> None:
    """`count` writer processes, each creating `shelves` shelves, run to their end."""
    spawn = multiprocessing.get_context("spawn")
    writers = [spawn.Process(target=create_shelves, args=(url, shelves)) for _ in range(count)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(60)
        assert writer.exitcode == 0


def positions(url: str, table: str) -> list[int]:
    with psycopg.connect(url) as connection:
        return [row[0] for row in connection.execute(
            f"SELECT position FROM {table} ORDER BY position")]


def test_four_writer_processes_number_events_and_commands_without_a_gap(
        postgres_url: str) -> None:
    run_writers(postgres_url, 4)

    events, commands = positions(postgres_url, "events"), positions(postgres_url, "commands")
    assert events == list(range(1, len(events) + 1)) and len(events) == 4 * 10 * 2
    assert commands == list(range(1, 41))


def test_an_idle_process_delivers_another_process_s_commits_as_they_are_heard(
        postgres_url: str) -> None:
    from domain.core.runtime.engine import Engine
    from tests.unit.core.library import library

    library.close()
    library.config["database"] = postgres_url
    library.init()
    seen: list[int] = []
    arrived = threading.Event()

    def feed(batch: list[Any]) -> None:
        seen.extend(stored.position for stored in batch)
        if len(seen) >= 6:
            arrived.set()

    try:
        with Engine(library.runtime) as engine:
            engine.subscribe("test.feed", feed)
            writer = multiprocessing.get_context("spawn").Process(
                target=create_shelves, args=(postgres_url, 3))
            writer.start()
            writer.join(60)
            # This process commits nothing: only the notifications wake its lanes.
            assert arrived.wait(10), f"delivered {seen}"
    finally:
        library.close()

    assert seen == [1, 2, 3, 4, 5, 6]


def terminate_sessions(url: str) -> None:
    """End every session on the store's database from the server's side (a restart)."""
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE"
                      " datname = current_database() AND pid != pg_backend_pid()")


def test_after_the_server_ended_every_session_commands_and_projections_go_on(
        jars: Domain) -> None:
    jars.config["event_processing"] = "async"
    try:
        jar = jars.process(LabelJar(label="Rice"))
        jars.runtime.start_delivery().wait_delivered(10)
        terminate_sessions(str(jars.config["database"]))

        jars.process(FillJar(jar_id=jar, grams=500))  # connects again as it begins
        jars.process(FillJar(jar_id=jar, grams=250))

        assert jars.runtime.start_delivery().wait_delivered(10)
        assert jars.view_for(JarTotal).get(jar).grams == 750
    finally:
        jars.config["event_processing"] = "sync"


def test_a_statement_the_server_refuses_at_commit_is_a_failure_not_an_unknown_outcome(
        jars: Domain) -> None:
    from domain.core.errors import CommitOutcomeUnknownError, StorageError

    store: Any = jars.session().store
    too_long = secrets.token_hex(5_000)  # no compression brings it under an index row's size
    with pytest.raises(StorageError) as refused:
        with store.unit_of_work():
            # The server refuses it at the COMMIT's round trip; the connection stays.
            store.defer("INSERT INTO checkpoints (subscriber, position) VALUES (?, 1)",
                        (too_long,))

    assert not isinstance(refused.value, CommitOutcomeUnknownError)
    assert store.position(too_long) == 0


def test_a_server_whose_default_isolation_is_repeatable_read_still_numbers_without_gaps(
        postgres_url: str) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        name = admin.execute("SELECT current_database()").fetchone()[0]
        admin.execute(f'ALTER DATABASE "{name}" SET default_transaction_isolation'
                      " = 'repeatable read'")
    run_writers(postgres_url, 3)

    assert positions(postgres_url, "events") == list(range(1, 3 * 10 * 2 + 1))


def test_a_failure_the_outer_unit_deferred_is_the_error_heard_in_a_nested_one(
        jars: Domain) -> None:
    from domain.core.errors import StorageError

    store: Any = jars.session().store
    with pytest.raises(StorageError, match="null value"):
        with store.unit_of_work():
            store.defer("INSERT INTO aggregate_states (position, version, state)"
                        " VALUES (1, NULL, '{}')")
            with store.unit_of_work():
                store.execute("SELECT 1")


def test_a_rebuild_leaves_another_projection_s_rebuild_alone(jars: Domain) -> None:
    store: Any = jars.session().store

    class Named:
        """A projection's tables as a rebuild sees them, under a name."""

        def __init__(self, name: str) -> None:
            self.name = name
            self.tables = ("named_" + name.replace(".", "_"),)

        def create_tables(self, db: Any) -> None:
            db.execute(f'CREATE TABLE IF NOT EXISTS "{self.tables[0]}" (id TEXT)')

        def reset(self, db: Any) -> None:
            db.execute(f'DELETE FROM "{self.tables[0]}"')

    first = store.rebuild_tables(Named("projection.jar_total"))
    store.rebuild_tables(Named("projection.jar"))  # a name the first's begins with

    assert len(schemas(jars)) == 2
    first.drop()
    assert len(schemas(jars)) == 1


def test_an_idle_process_sends_nothing_to_the_server_yet_hears_at_once(
        postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from domain.core.runtime.engine import Engine
    from tests.unit.core.library import library

    library.close()
    library.config["database"] = postgres_url
    library.init()
    sent: list[str] = []
    execute = psycopg.Cursor.execute

    def counted(self: Any, query: Any, *rest: Any, **options: Any) -> Any:
        sent.append(str(query)[:60])
        return execute(self, query, *rest, **options)

    seen: list[int] = []
    try:
        with Engine(library.runtime) as engine:
            engine.subscribe("test.feed", lambda batch: seen.extend(
                stored.position for stored in batch))
            engine.submit(CreateShelf(name="Poetry")).result(10)
            time.sleep(1.0)  # what the commit set going (delivery, positions) ends
            monkeypatch.setattr(psycopg.Cursor, "execute", counted)
            time.sleep(3.0)
            idle = list(sent)
            monkeypatch.undo()
            writer = multiprocessing.get_context("spawn").Process(
                target=create_shelves, args=(postgres_url, 1))
            writer.start()
            writer.join(60)
            deadline = time.monotonic() + 10
            while len(seen) < 3 and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        library.close()

    assert idle == []  # no statement in three idle seconds
    assert seen == [1, 2, 3]  # and another process's commit delivered at once
