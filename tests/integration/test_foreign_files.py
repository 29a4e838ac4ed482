"""Which SQLite files are ours (issue 9, item 1): marked with our application id, or written
by release 1 with exactly its core tables. Any other file is refused by every entry point
and left byte for byte as it was; an empty (0-byte) file is a new database for a writer and
'not a bookshelf database (it is empty)' for a reader."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from domain.bookshelf import AddBook, Bookshelf, open_bookshelf
from domain.cli import main
from domain.core import StorageError
from domain.core.storage.sqlite.migrations import APPLICATION_ID, SCHEMA_VERSION
from domain.core.storage.sqlite.reader import SqliteReader
from domain.core.storage.sqlite.snapshot import SqliteSnapshot

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sqlite"
NOT_OURS = "is a SQLite database of another program, not a bookshelf database"
EMPTY = "is not a bookshelf database (it is empty)"


def header(path: Path) -> tuple[int, int]:
    """(application_id, user_version), read without writing."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        return (connection.execute("PRAGMA application_id").fetchone()[0],
                connection.execute("PRAGMA user_version").fetchone()[0])


def state(path: Path) -> tuple[bytes, list[str]]:
    """The file's bytes and every file beside it (no -wal, -shm or -journal may appear)."""
    return path.read_bytes(), sorted(each.name for each in path.parent.iterdir())


def sqlite_file(folder: Path, *statements: str) -> Path:
    path = folder / "theirs.db"
    with closing(sqlite3.connect(path)) as connection:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    return path


def another_program_at_version_1(folder: Path) -> Path:
    return sqlite_file(folder, "CREATE TABLE contacts (name TEXT, phone TEXT)",
                       "INSERT INTO contacts VALUES ('Ann', '555-0100')",
                       "PRAGMA user_version = 1")


def another_program_at_version_7(folder: Path) -> Path:
    return sqlite_file(folder, "CREATE TABLE contacts (name TEXT, phone TEXT)",
                       "PRAGMA user_version = 7")


def look_alike_with_other_columns(folder: Path) -> Path:
    return sqlite_file(folder, "CREATE TABLE events (position INTEGER PRIMARY KEY, body BLOB)",
                       "CREATE TABLE checkpoints (subscriber TEXT PRIMARY KEY, position INTEGER)",
                       "CREATE TABLE failures (subscriber TEXT, position INTEGER)",
                       "PRAGMA user_version = 1")


def marked_by_another_program(folder: Path) -> Path:
    path = folder / "theirs.db"
    shutil.copyfile(FIXTURES / "schema-1.db", path)  # our tables, another program's mark
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA application_id = 1")
        connection.commit()
    return path


FOREIGN: dict[str, Callable[[Path], Path]] = {
    "another program, user_version 1": another_program_at_version_1,
    "another program, user_version 7": another_program_at_version_7,
    "user_version 1, other columns": look_alike_with_other_columns,
    "our tables, another program's application id": marked_by_another_program,
}


def bookshelf_session(path: Path) -> None:
    Bookshelf(path).session()


def engine_start(path: Path) -> None:
    Bookshelf(path).start_engine()


def reader(path: Path) -> None:
    SqliteReader(str(path)).close()


def snapshot(path: Path) -> None:
    SqliteSnapshot(str(path)).close()


OPENERS: dict[str, Callable[[Path], object]] = {
    "open_bookshelf": open_bookshelf, "Bookshelf.session": bookshelf_session,
    "engine start": engine_start, "SqliteReader": reader, "SqliteSnapshot": snapshot,
}
SIMULATE = ["simulate", "--seconds", "0.2", "--speed", "max"]
WRITING_COMMANDS = [["rebuild"], ["failures", "--retry"], SIMULATE]
READING_COMMANDS = [["events"], ["check"], ["failures"]]


def run_cli(command: list[str], path: Path) -> int:
    return main([*command, "--db", str(path)])


@pytest.fixture(params=list(FOREIGN), ids=list(FOREIGN))
def foreign(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    folder = tmp_path / "theirs"
    folder.mkdir()
    return FOREIGN[request.param](folder)


@pytest.mark.parametrize("opener", list(OPENERS))
def test_every_opener_refuses_another_programs_file_and_leaves_it_unchanged(
        foreign: Path, opener: str) -> None:
    before = state(foreign)

    with pytest.raises(StorageError, match="not a bookshelf database"):
        OPENERS[opener](foreign)

    assert state(foreign) == before


@pytest.mark.parametrize("command", WRITING_COMMANDS + READING_COMMANDS,
                         ids=lambda command: " ".join(command[:2]))
def test_every_command_refuses_another_programs_file_and_leaves_it_unchanged(
        foreign: Path, command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    before = state(foreign)

    code = run_cli(command, foreign)

    assert code == 2
    assert "not a bookshelf database" in capsys.readouterr().err
    assert state(foreign) == before


def test_a_file_of_another_program_at_user_version_7_is_not_called_newer(
        tmp_path: Path) -> None:
    path = another_program_at_version_7(tmp_path)

    with pytest.raises(StorageError) as refused:
        open_bookshelf(path)

    assert NOT_OURS in str(refused.value)
    assert "newer" not in str(refused.value)


def test_a_release_1_file_with_a_table_our_code_does_not_create_is_refused_by_writers(
        tmp_path: Path) -> None:
    path = tmp_path / "bookshelf.db"
    shutil.copyfile(FIXTURES / "schema-1.db", path)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT)")
        connection.commit()
    before = state(path)

    with pytest.raises(StorageError, match=re.escape(NOT_OURS)):
        open_bookshelf(path)

    assert state(path) == before


def test_a_new_file_is_marked_with_our_application_id(tmp_path: Path) -> None:
    path = tmp_path / "new.db"

    open_bookshelf(path).close()

    assert header(path) == (APPLICATION_ID, SCHEMA_VERSION)


def test_a_release_1_file_without_an_application_id_opens_and_is_marked_on_its_first_write(
        tmp_path: Path) -> None:
    path = tmp_path / "bookshelf.db"
    shutil.copyfile(FIXTURES / "schema-1.db", path)
    assert header(path) == (0, 1)

    reader(path)  # a reader writes nothing, the mark included
    assert header(path) == (0, 1)
    with open_bookshelf(path) as opened:
        opened.process(AddBook(title="Emma", author="Jane Austen", price_amount=7.0))
        assert len(opened.session().store.load()) == 10

    assert header(path) == (APPLICATION_ID, SCHEMA_VERSION)  # migrated, then marked
    with open_bookshelf(path) as reopened:
        assert reopened.check().ok


def test_a_file_marked_by_us_with_a_newer_schema_is_called_newer(tmp_path: Path) -> None:
    path = sqlite_file(tmp_path, "CREATE TABLE events (position INTEGER PRIMARY KEY)",
                       f"PRAGMA application_id = {APPLICATION_ID}",
                       f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = state(path)

    with pytest.raises(StorageError, match="was written by a newer Bookshelf Events"):
        open_bookshelf(path)

    assert state(path) == before


# -- an empty (0-byte) file: a new database for writers, refused by readers ----------------


@pytest.fixture
def empty_file(tmp_path: Path) -> Path:
    path = tmp_path / "shelf" / "empty.db"
    path.parent.mkdir()
    path.touch()
    return path


@pytest.mark.parametrize("opener", ["open_bookshelf", "Bookshelf.session", "engine start"])
def test_a_writer_makes_an_empty_file_a_new_bookshelf_database(
        empty_file: Path, opener: str) -> None:
    opened = Bookshelf(empty_file)
    if opener == "open_bookshelf":
        opened = open_bookshelf(empty_file)
    elif opener == "Bookshelf.session":
        opened.session()
    else:
        opened.start_engine()
    opened.close()

    assert header(empty_file) == (APPLICATION_ID, SCHEMA_VERSION)


@pytest.mark.parametrize("command", WRITING_COMMANDS, ids=lambda command: " ".join(command[:2]))
def test_a_writing_command_makes_an_empty_file_a_new_bookshelf_database(
        empty_file: Path, command: list[str]) -> None:
    assert run_cli(command, empty_file) == 0

    assert header(empty_file) == (APPLICATION_ID, SCHEMA_VERSION)


@pytest.mark.parametrize("opener", ["SqliteReader", "SqliteSnapshot"])
def test_a_reader_refuses_an_empty_file_and_leaves_it_empty(
        empty_file: Path, opener: str) -> None:
    before = state(empty_file)

    with pytest.raises(StorageError, match=re.escape(EMPTY)):
        OPENERS[opener](empty_file)

    assert state(empty_file) == before


@pytest.mark.parametrize("command", READING_COMMANDS, ids=lambda command: " ".join(command))
def test_a_reading_command_refuses_an_empty_file_and_leaves_it_empty(
        empty_file: Path, command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    before = state(empty_file)

    assert run_cli(command, empty_file) == 2

    assert EMPTY in capsys.readouterr().err
    assert state(empty_file) == before
