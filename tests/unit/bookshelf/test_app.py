"""The composition root: one object per opened database, several at once, nothing on import."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from domain.bookshelf import AddBook, Bookshelf, Order, PlaceOrder, open_bookshelf
from domain.core import ObjectNotFoundError, StorageError, ValidationError
from tests.postgres_server import require_psycopg

ROOT = Path(__file__).parents[3]


def test_importing_the_bookshelf_opens_nothing_and_starts_no_thread(tmp_path: Path) -> None:
    probe = textwrap.dedent("""
        import threading
        import domain.bookshelf, domain.cli, domain.simulation
        from domain.bookshelf import bookshelf
        assert threading.active_count() == 1, threading.enumerate()
        assert bookshelf._runtime is None
        print("quiet")
    """)
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60, env={"PYTHONPATH": str(ROOT)})
    assert done.stdout.strip() == "quiet", done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_bookshelf_made_but_not_opened_has_not_touched_its_file(tmp_path: Path) -> None:
    Bookshelf(tmp_path / "later.db")
    assert not (tmp_path / "later.db").exists()


def test_two_bookshelves_are_open_at_once_each_on_its_own_file(tmp_path: Path) -> None:
    with open_bookshelf(tmp_path / "first.db") as first, \
            open_bookshelf(tmp_path / "second.db") as second:
        dune = first.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.5))
        # The handler of PlaceOrder reads the book through current_domain: it must read
        # the database that runs the command.
        order = first.process(PlaceOrder(customer_name="Ann",
                                         items=[{"book_id": dune, "quantity": 1}]))
        with pytest.raises(ValidationError, match="no book with id"):
            second.process(PlaceOrder(customer_name="Bob",
                                      items=[{"book_id": dune, "quantity": 1}]))

        assert first.repository_for(Order).get(order).customer_name == "Ann"
        with pytest.raises(ObjectNotFoundError):
            second.repository_for(Order).get(order)
        assert second.session().store.last_position() == 0


def test_a_bad_file_is_refused_when_opened_and_nothing_stays_open(tmp_path: Path) -> None:
    path = tmp_path / "not-a-database.db"
    path.write_bytes(b"plain text, not SQLite" * 100)

    with pytest.raises(StorageError, match="not a bookshelf database"):
        open_bookshelf(path)

    assert path.read_bytes() == b"plain text, not SQLite" * 100


def test_close_stops_the_engine_after_its_accepted_commands(tmp_path: Path) -> None:
    opened = open_bookshelf(tmp_path / "engine.db", engine=True)
    assert opened.engine is not None
    futures = [opened.engine.submit(AddBook(title=f"Book {n}", author="Someone",
                                            price_amount=1.0)) for n in range(20)]
    opened.close()

    assert all(future.done() and future.exception() is None for future in futures)
    assert not opened.engine.running
    with open_bookshelf(tmp_path / "engine.db") as reopened:
        assert reopened.session().store.last_position() == 20


def test_a_bookshelf_opened_with_no_subscribers_keeps_events_but_builds_no_projection(
        tmp_path: Path) -> None:
    with open_bookshelf(tmp_path / "bare.db", subscribers=()) as bare:
        bare.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.5))
        tables = {row[0] for row in bare.session().store.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert bare.session().store.last_position() == 1
        assert bare.session().store.positions() == {}
    assert "events" in tables
    assert not {name for name in tables if name.startswith("projection_")}


def test_on_a_server_a_new_database_passes_verify_and_there_is_no_file_lock(
        postgres_url: str) -> None:
    opened = Bookshelf(postgres_url)

    opened.verify()  # nothing to check yet, as for a new file
    opened.refuse_locked()  # writers on a server wait for the append lock instead

    psycopg = require_psycopg()
    with psycopg.connect(postgres_url) as looked:
        assert looked.execute("SELECT count(*) FROM information_schema.tables"
                              " WHERE table_schema = 'public'").fetchone() == (0,)


def test_saving_a_copy_of_a_server_s_store_points_to_bookshelf_copy(
        postgres_url: str, tmp_path: Path) -> None:
    with pytest.raises(StorageError) as refused:
        Bookshelf(postgres_url).save_copy(tmp_path / "copy.db")

    assert (f"is a PostgreSQL server: copy it with `bookshelf copy --from {postgres_url} "
            "--to FILE_OR_URL`") in str(refused.value)
    assert list(tmp_path.iterdir()) == []
