"""`bookshelf copy` (issue 16, item 5, SQLite stores): a new store as of one moment while
others write to the source, its events counted against the source's and checked."""

from __future__ import annotations

import shutil
import sys
import threading
from contextlib import closing
from pathlib import Path

import pytest

from domain.bookshelf import AddBook, Bookshelf, ConfirmOrder, PlaceOrder, open_bookshelf
from domain.cli import main
from domain.cli.store_copy import CopyCounts
from domain.core.storage.sqlite.reader import SqliteReader

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sqlite"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def fill(shop: Bookshelf, books: int) -> None:
    for number in range(books):
        book_id = shop.process(AddBook(title=f"Book {number}", author="Ann", price_amount=9.5))
        order_id = shop.process(PlaceOrder(customer_name="Bo",
                                           items=[{"book_id": book_id, "quantity": 1}]))
        shop.process(ConfirmOrder(order_id=order_id))


def test_a_store_is_copied_whole_while_another_thread_writes_to_it(
        shop: Bookshelf, database_path: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    fill(shop, 20)
    target = tmp_path / "copy.db"
    writing = threading.Event()

    def keep_writing() -> None:
        with open_bookshelf(database_path) as writer:
            while not writing.is_set():
                fill(writer, 1)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        code, out, err = run(capsys, "copy", "--from", str(database_path),
                             "--to", str(target))
    finally:
        writing.set()
        writer.join()

    assert code == 0, out + err
    assert "The store is whole." in out and "!" not in out
    with closing(SqliteReader(str(target))) as copied, \
            closing(SqliteReader(str(database_path))) as source:
        last = copied.last_position()
        assert last >= 80  # the 20 loops filled before the copy began, 4 events each
        assert copied.events() == source.events(before=last + 1)  # the same rows
        assert source.last_position() > last  # the writer went on past the copy's moment
        assert set(copied.positions()) >= {"projection.catalog", "projection.orders"}


def test_a_copy_never_replaces_an_existing_file(shop: Bookshelf, database_path: Path,
                                                tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    fill(shop, 1)
    target = tmp_path / "kept.db"
    target.write_bytes(b"someone's file")

    code, _, err = run(capsys, "copy", "--from", str(database_path), "--to", str(target))

    assert code == 2
    assert f"{target} exists: copy makes a new store and never replaces one" in err
    assert target.read_bytes() == b"someone's file"


def test_a_missing_source_is_named_and_nothing_is_made(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    code, _, err = run(capsys, "copy", "--from", str(tmp_path / "none.db"),
                       "--to", str(tmp_path / "copy.db"))

    assert code == 2
    assert f"there is no bookshelf database at {tmp_path / 'none.db'}" in err
    assert list(tmp_path.iterdir()) == []


def test_a_postgresql_address_without_psycopg_is_refused_saying_what_to_install(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed

    with pytest.raises(SystemExit):
        main(["copy", "--from", "postgresql://ann:secret@db/shop", "--to",
              str(tmp_path / "copy.db")])

    err = capsys.readouterr().err
    assert "argument --from: postgresql://ann@db/shop is a PostgreSQL server" in err
    assert "pip install 'bookshelf-events[postgres]'" in err
    assert "secret" not in err


def test_a_server_that_cannot_be_reached_is_named_without_its_password(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["copy", "--from", "postgresql://ann:secret@127.0.0.1:1/shop", "--to",
                 str(tmp_path / "copy.db")])

    err = capsys.readouterr().err
    assert code == 2
    assert "postgresql://ann@127.0.0.1:1/shop: could not connect" in err
    assert "secret" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_store_of_an_older_version_is_copied_and_its_copy_brought_up_to_date(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "schema-1.db"
    shutil.copyfile(FIXTURES / "schema-1.db", source)
    before = source.read_bytes()

    code, out, err = run(capsys, "copy", "--from", str(source), "--to",
                         str(tmp_path / "copy.db"))

    assert code == 0, out + err
    assert "The store is whole." in out
    assert source.read_bytes() == before  # the source is left as it was


def test_a_copy_that_does_not_verify_is_removed_and_says_why(
        shop: Bookshelf, database_path: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    fill(shop, 2)
    target = tmp_path / "copy.db"
    monkeypatch.setattr(CopyCounts, "problems", property(lambda self: ["one event short"]))

    code, out, _ = run(capsys, "copy", "--from", str(database_path), "--to", str(target))

    assert code == 1
    assert "! one event short" in out
    assert "The copy did not verify and was removed" in out
    assert not target.exists() and not target.with_name("copy.db-wal").exists()
