"""The `bookshelf` command line on a PostgreSQL database (issue 16, items 4 and 5): check,
rebuild, failures, simulate, events and export take a server's address as --db; copy goes
between a file and a database either way, every event kept byte for byte."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from domain.bookshelf import Bookshelf, open_bookshelf
from domain.cli import main
from tests.integration.conftest import fill
from tests.postgres_server import require_psycopg
from tests.store_rows import count, rows

psycopg = require_psycopg()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def store(postgres_url: str) -> str:
    """A server's database holding a small store (9 events), closed."""
    with open_bookshelf(postgres_url) as opened:
        fill(opened)
    return postgres_url


def tamper(url: str, *statements: str) -> None:
    with psycopg.connect(url, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def test_check_on_a_server_runs_postgresql_s_checks_and_ours(
        store: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--db", store)

    assert code == 0, out
    assert f"Checked {store} (9 events)" in out
    assert "  postgresql   ok" in out
    assert "The store is whole." in out


def test_check_on_a_server_finds_deleted_events(
        store: str, capsys: pytest.CaptureFixture[str]) -> None:
    tamper(store, "ALTER TABLE events DISABLE TRIGGER events_are_append_only",
           "DELETE FROM events WHERE position = 3")

    code, out, _ = run(capsys, "check", "--db", store)

    assert code == 1
    assert "  postgresql   PROBLEM" in out
    assert "the first at position 3: events were deleted" in out


def test_rebuild_on_a_server_rebuilds_every_projection(
        store: str, capsys: pytest.CaptureFixture[str]) -> None:
    tamper(store, "DELETE FROM projection_catalog")

    code, out, _ = run(capsys, "rebuild", "--db", store)

    assert code == 0
    assert "Rebuilt projection.catalog, projection.orders, projection.search from 9 events." in out
    assert count(store, "SELECT count(*) FROM projection_catalog") == 2
    assert run(capsys, "check", "--db", store)[0] == 0


def test_rebuild_refuses_a_damaged_store_before_writing(
        store: str, capsys: pytest.CaptureFixture[str]) -> None:
    tamper(store, "DROP TRIGGER events_are_append_only ON events")

    code, _, err = run(capsys, "rebuild", "--db", store)

    assert code == 2
    assert f"{store} is damaged (the events table has lost its trigger" in err
    assert f"`bookshelf check --db {store}`" in err


def test_rebuild_refuses_a_database_holding_no_store_and_makes_none(
        postgres_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "rebuild", "--db", postgres_url)

    assert code == 2
    assert "is not a bookshelf database (it has no events table)" in err
    assert count(postgres_url, "SELECT count(*) FROM information_schema.tables"
                               " WHERE table_schema = 'public'") == 0


def test_failures_on_a_server_lists_them_and_retries(
        store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "failures", "--db", store)[1].startswith("No failed deliveries.")

    code, out, _ = run(capsys, "failures", "--db", store, "--retry")

    assert code == 0
    assert "Unparked 0; retried: 0 delivered, 0 still failing." in out


def test_simulate_on_a_server_keeps_every_invariant(
        postgres_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "simulate", "--db", postgres_url, "--seconds", "1")

    assert code == 0, out
    assert f"on {postgres_url}" in out
    assert "Invariants: all hold" in out
    assert run(capsys, "check", "--db", postgres_url)[0] == 0


def test_events_on_a_server_are_listed_in_global_order(
        store: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "events", "--db", store)

    assert code == 0
    assert [int(line.split()[0]) for line in out.splitlines()[1:]] == list(range(1, 10))


def test_a_file_copied_to_a_server_and_back_exports_the_same_bytes(
        shop: Bookshelf, database_path: Path, postgres_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    fill(shop)
    shop.close()
    back = tmp_path / "back.db"

    there = run(capsys, "copy", "--from", str(database_path), "--to", postgres_url)
    home = run(capsys, "copy", "--from", postgres_url, "--to", str(back))

    assert there[0] == 0 and "The store is whole." in there[1], there
    assert home[0] == 0 and "The store is whole." in home[1], home
    exported = []
    for number, location in enumerate((str(database_path), postgres_url, str(back))):
        output = tmp_path / f"{number}.jsonl"
        assert run(capsys, "export", str(output), "--format", "jsonl", "--db", location)[0] == 0
        exported.append(output.read_bytes())
    assert exported[0] == exported[1] == exported[2]
    assert len(exported[0].splitlines()) == 9
    stored = "SELECT position, id, stream, sequence, type, timestamp, payload, metadata FROM events"
    assert rows(database_path, stored) == rows(back, stored)


def test_a_server_is_copied_whole_while_another_writes_to_it(
        store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "copy.db"
    writing = threading.Event()

    def keep_writing() -> None:
        with open_bookshelf(store) as writer:
            while not writing.is_set():
                fill(writer)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        code, out, _ = run(capsys, "copy", "--from", store, "--to", str(target))
    finally:
        writing.set()
        writer.join()

    assert code == 0, out
    assert "The store is whole." in out


def test_a_copy_never_replaces_a_database_holding_a_store(
        store: str, database_path: Path, shop: Bookshelf,
        capsys: pytest.CaptureFixture[str]) -> None:
    shop.close()

    code, _, err = run(capsys, "copy", "--from", str(database_path), "--to", store)

    assert code == 2
    assert "holds a store" in err and "never replaces one" in err
    assert count(store, "SELECT count(*) FROM events") == 9


def test_commands_history_and_trace_read_a_server(
        store: str, capsys: pytest.CaptureFixture[str]) -> None:
    commands = run(capsys, "commands", "--db", store)
    stream = rows(store, "SELECT stream FROM events WHERE type = 'Bookshelf.OrderShipped.v1'")[0][0]
    history = run(capsys, "history", "--db", store, stream)
    correlation = rows(store, "SELECT id FROM commands WHERE type = 'Bookshelf.ShipOrder.v1'")[0][0]
    trace = run(capsys, "trace", "--db", store, correlation)

    assert commands[0] == 0 and commands[1].count("accepted") == 6
    assert history[0] == 0 and "OrderShipped" in history[1]
    assert trace[0] == 0 and "OrderShipped" in trace[1]
