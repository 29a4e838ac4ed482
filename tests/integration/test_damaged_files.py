"""A damaged file is not written to (issue 9, item 2): once this process met SQLITE_CORRUPT
in a file it never writes to it again, and the command-line writers check it first."""

from __future__ import annotations

import sqlite3
import struct
import time
from contextlib import closing
from pathlib import Path

import pytest

from domain.bookshelf import AddBook, Bookshelf, open_bookshelf
from domain.cli import main
from domain.core import StorageError

BOOKS = 400  # enough events for the events table to span many leaf pages


def damage_a_middle_leaf_page(path: Path) -> None:
    """Overwrite the cell pointers of a leaf page in the middle of the `events` table."""
    with closing(sqlite3.connect(path)) as connection:
        # Every page must be in the file: a page left in the WAL would be read from there,
        # undamaged. A checkpointer thread still closing may hold the WAL for a moment.
        deadline = time.monotonic() + 10
        while connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] != 0:
            assert time.monotonic() < deadline, "the WAL could not be checkpointed"
            time.sleep(0.05)
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()[0]
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    with open(path, "r+b") as file:
        file.seek((root - 1) * page_size)
        page = file.read(page_size)
        assert page[0] == 0x05, "the events table's root is an interior page"
        cells = struct.unpack(">H", page[3:5])[0]
        pointer = struct.unpack(">H", page[12 + 2 * (cells // 2):14 + 2 * (cells // 2)])[0]
        child = struct.unpack(">I", page[pointer:pointer + 4])[0]
        file.seek((child - 1) * page_size)
        assert file.read(1) == b"\x0d", "its middle child is a leaf page"
        file.seek((child - 1) * page_size + 8)
        file.write(b"\xff" * 64)


@pytest.fixture
def damaged(shop: Bookshelf, database_path: Path) -> Path:
    for number in range(BOOKS):
        shop.process(AddBook(title=f"Book {number} " + "x" * 150, author="Ann Author",
                             price_amount=9.5))
    shop.close()
    damage_a_middle_leaf_page(database_path)
    return database_path


def state(path: Path) -> tuple[bytes, bytes, int]:
    """The file's bytes, its write-ahead log's, and the last position (read past the damage)."""
    wal = path.with_name(path.name + "-wal")
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        last = connection.execute("SELECT max(position) FROM events").fetchone()[0]
    return path.read_bytes(), wal.read_bytes() if wal.exists() else b"", last


def test_sqlites_quick_check_sees_the_damage(damaged: Path) -> None:
    with closing(sqlite3.connect(damaged)) as connection:
        try:
            rows = connection.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as error:  # it may stop at the page it cannot read
            assert error.sqlite_errorname.startswith("SQLITE_CORRUPT")
            return
    assert rows != [("ok",)]


def test_the_api_stops_writing_to_a_file_once_it_met_damage(damaged: Path) -> None:
    opened = open_bookshelf(damaged)  # opening reads no damaged page
    try:
        with pytest.raises(StorageError, match="is damaged"):
            opened.session().store.load()  # reads every event: meets the damaged page
        before = state(damaged)

        with pytest.raises(StorageError, match=r"is damaged.*bookshelf check --db"):
            opened.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.5))
        with pytest.raises(StorageError, match="is damaged"):  # and for the rest of the process
            opened.process(AddBook(title="Emma", author="Jane Austen", price_amount=4.25))
    finally:
        opened.close()
    with pytest.raises(StorageError, match="is damaged"):  # a new writer is refused too
        open_bookshelf(damaged)

    assert state(damaged) == before
    assert before[2] == BOOKS


@pytest.mark.parametrize("command", [["rebuild"], ["failures", "--retry"],
                                     ["simulate", "--seconds", "0.5"]])
def test_the_command_line_writers_refuse_a_damaged_file_before_writing(
        damaged: Path, command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    before = state(damaged)

    code = main([*command, "--db", str(damaged)])

    err = capsys.readouterr().err
    assert code == 2
    assert "is damaged (" in err  # quick_check's findings, or the error it met
    assert f"bookshelf check --db {damaged}" in err
    assert "Traceback" not in err
    assert state(damaged) == before


def test_a_sound_file_passes_the_check_before_writing(shop: Bookshelf) -> None:
    shop.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.5))

    shop.verify()  # nothing raised
