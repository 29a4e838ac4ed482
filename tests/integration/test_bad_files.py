"""Bad database files: each is refused with a clear message and left exactly as it was."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from domain.bookshelf import AddBook, Bookshelf, open_bookshelf
from domain.cli import main
from domain.core import StorageError
from domain.core.storage.sqlite.connection import SCHEMA_VERSION
from domain.core.storage.sqlite.migrations import APPLICATION_ID

READING = [["events"], ["events", "--json"], ["check"], ["failures"]]
WRITING = [["rebuild"], ["failures", "--retry"], ["failures", "--skip", "projection.orders", "1"]]
COMMANDS = READING + WRITING


def text_file(folder: Path) -> Path:
    path = folder / "notes.db"
    path.write_text("Shopping list: milk, eggs, a copy of Dune.\n" * 100)
    return path


def newer_schema(folder: Path) -> Path:
    path = folder / "future.db"
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE events (position INTEGER PRIMARY KEY, hologram BLOB)")
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")  # marked by us
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        connection.commit()
    return path


def another_programs_database(folder: Path) -> Path:
    path = folder / "contacts.db"
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE book (a)")  # a table name we would use, too
        connection.execute("INSERT INTO book VALUES ('not ours')")
        connection.commit()
    return path


def read_only_file(folder: Path) -> Path:
    path = folder / "archived.db"
    domain = open_bookshelf(path)
    domain.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.5))
    domain.close()
    path.chmod(0o444)
    return path


def read_only_location(folder: Path) -> Path:
    return Path("/proc/bookshelf.db")  # nobody may create files in /proc, not even root


def database_in_a_read_only_folder(folder: Path) -> Path:
    path = folder / "shelf" / "bookshelf.db"
    path.parent.mkdir()
    domain = open_bookshelf(path)
    domain.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.5))
    domain.close()
    for leftover in path.parent.iterdir():  # what closing the WAL may leave beside it
        if leftover != path:
            leftover.unlink()
    path.parent.chmod(0o555)  # refused by its bits, even for root, who could write anyway
    return path


CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "not SQLite": (text_file, "is not a bookshelf database"),
    "a newer schema": (newer_schema, "was written by a newer Bookshelf Events"),
    "another program's SQLite file": (another_programs_database,
                                      "is a SQLite database of another program"),
}
# Refused by every command that writes; read as they are by the commands that read.
READ_ONLY_CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "a read-only file": (read_only_file, "is read-only"),
    "a read-only location": (read_only_location, "the folder /proc is read-only"),
    "a database in a read-only folder": (database_in_a_read_only_folder, "is read-only"),
}


def snapshot(path: Path) -> tuple[bytes, int, list[str]] | None:
    """The file's bytes, its mtime and the files beside it (SQLite's -wal, -shm, -journal)."""
    if not path.exists():
        return None
    beside = sorted(each.name for each in path.parent.iterdir() if each.name != path.name)
    return path.read_bytes(), path.stat().st_mtime_ns, beside


def made(cases: dict[str, tuple[Callable[[Path], Path], str]], request: pytest.FixtureRequest,
         folder: Path) -> tuple[Path, str]:
    make, message = cases[request.param]
    folder.mkdir()
    return make(folder), message


@pytest.fixture(params=list(CASES), ids=list(CASES))
def bad_file(request: pytest.FixtureRequest, tmp_path: Path, shop: Bookshelf
             ) -> tuple[Path, str]:
    return made(CASES, request, tmp_path / "bad")


@pytest.fixture(params=list(READ_ONLY_CASES), ids=list(READ_ONLY_CASES))
def read_only(request: pytest.FixtureRequest, tmp_path: Path, shop: Bookshelf
              ) -> tuple[Path, str]:
    return made(READ_ONLY_CASES, request, tmp_path / "bad")


@pytest.fixture(params=[*CASES, *READ_ONLY_CASES])
def unwritable(request: pytest.FixtureRequest, tmp_path: Path, shop: Bookshelf
               ) -> tuple[Path, str]:
    return made({**CASES, **READ_ONLY_CASES}, request, tmp_path / "bad")


def refused(command: list[str], path: Path, message: str,
            capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(path)

    code = main([*command, "--db", str(path)])

    captured = capsys.readouterr()
    assert code == 2
    assert message in captured.err
    assert captured.err.startswith("bookshelf: ") and "Traceback" not in captured.err
    assert snapshot(path) == before


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(each) for each in COMMANDS])
def test_the_command_line_refuses_a_bad_file_with_its_message_and_changes_nothing(
        bad_file: tuple[Path, str], command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    refused(command, *bad_file, capsys)


@pytest.mark.parametrize("command", WRITING, ids=[" ".join(each) for each in WRITING])
def test_a_command_that_writes_refuses_a_read_only_database_and_changes_nothing(
        read_only: tuple[Path, str], command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    refused(command, *read_only, capsys)


def test_opening_the_domain_on_a_bad_file_raises_storage_error_and_changes_nothing(
        unwritable: tuple[Path, str]) -> None:
    path, message = unwritable
    before = snapshot(path)

    with pytest.raises(StorageError, match=message):
        open_bookshelf(path)

    assert snapshot(path) == before


def test_a_missing_file_is_reported_and_not_created(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "missing.db"

    code = main(["events", "--db", str(path)])

    assert code == 2
    assert f"there is no bookshelf database at {path}" in capsys.readouterr().err
    assert os.listdir(tmp_path) == []
