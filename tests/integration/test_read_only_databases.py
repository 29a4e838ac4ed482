"""A read-only database is listed and checked as it is: nothing is created beside it, and
when the newest commits sit in a WAL that cannot be read, the commands say so."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from domain.bookshelf import AddBook, Bookshelf, open_bookshelf
from domain.cli import main
from tests.processes import ROOT

# A child adds Emma and dies before anything moves her from the WAL into the file: no
# checkpointer, no checkpoint at close.
ADD_EMMA_AND_DIE = """
import os, sys
from domain.core.storage.sqlite.wal import WalCheckpointer
WalCheckpointer.start = lambda self: self
from domain.bookshelf import AddBook, open_bookshelf
shelf = open_bookshelf(sys.argv[1])
shelf.process(AddBook(title="Emma", author="Jane Austen", price_amount=4.25))
os._exit(0)
"""


def files(folder: Path) -> dict[str, bytes]:
    """Every file in the folder with its bytes, but SQLite's -shm index, which a reader
    may update in place."""
    return {each.name: each.read_bytes() for each in sorted(folder.iterdir())
            if not each.name.endswith("-shm")} | {
        each.name: b"" for each in folder.iterdir() if each.name.endswith("-shm")}


def make_read_only(path: Path, how: str) -> None:
    if how == "file":
        path.chmod(0o444)
    else:
        path.parent.chmod(0o555)  # refused by its bits, even for root


@pytest.fixture(params=["file", "folder"], ids=["a read-only file", "a read-only folder"])
def how(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def dune(tmp_path: Path, shop: Bookshelf) -> Path:
    """A database holding Dune, closed (so without -wal and -shm), in a folder of its own."""
    path = tmp_path / "shelf" / "archived.db"
    path.parent.mkdir()
    with open_bookshelf(path) as opened:
        opened.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.5))
    assert [each.name for each in path.parent.iterdir()] == [path.name]
    return path


@pytest.fixture
def emma_in_the_wal(dune: Path) -> Path:
    subprocess.run([sys.executable, "-c", ADD_EMMA_AND_DIE, str(dune)], cwd=ROOT, check=True)
    assert {each.name for each in dune.parent.iterdir()} == {
        dune.name, f"{dune.name}-wal", f"{dune.name}-shm"}
    return dune


@pytest.mark.parametrize("command", [["events"], ["events", "--json"], ["failures"]])
def test_a_read_only_database_is_read_and_nothing_is_created_beside_it(
        dune: Path, how: str, command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    make_read_only(dune, how)
    before = files(dune.parent)

    code = main([*command, "--db", str(dune)])

    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.err == ""
    assert ("Dune" in captured.out) == (command[0] == "events")
    assert files(dune.parent) == before


def test_a_read_only_database_is_checked_and_nothing_is_created_beside_it(
        dune: Path, how: str, capsys: pytest.CaptureFixture[str]) -> None:
    make_read_only(dune, how)
    before = files(dune.parent)

    code = main(["check", "--db", str(dune)])

    assert code == 0
    assert "The store is whole." in capsys.readouterr().out
    assert files(dune.parent) == before


def test_the_commits_in_a_readable_wal_of_a_read_only_database_are_shown(
        emma_in_the_wal: Path, how: str, capsys: pytest.CaptureFixture[str]) -> None:
    make_read_only(emma_in_the_wal, how)
    before = files(emma_in_the_wal.parent)

    code = main(["events", "--db", str(emma_in_the_wal)])

    captured = capsys.readouterr()
    assert code == 0
    assert "Dune" in captured.out and "Emma" in captured.out
    assert captured.err == ""
    assert files(emma_in_the_wal.parent) == before


@pytest.fixture
def wal_without_its_index(emma_in_the_wal: Path) -> Path:
    """Emma's commit in a WAL whose -shm is gone (a copy of the files, say), in a folder
    nobody may write: SQLite could read the WAL only by creating a new -shm."""
    emma_in_the_wal.with_name(emma_in_the_wal.name + "-shm").unlink()
    make_read_only(emma_in_the_wal, "folder")
    return emma_in_the_wal


def test_listing_says_the_newest_commits_may_be_missing_when_the_wal_cannot_be_read(
        wal_without_its_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = files(wal_without_its_index.parent)

    code = main(["events", "--db", str(wal_without_its_index)])

    captured = capsys.readouterr()
    assert code == 0
    assert "Dune" in captured.out and "Emma" not in captured.out
    assert captured.err.startswith("bookshelf: warning: the newest commits may be missing: "
                                   "archived.db-wal holds commits")
    assert files(wal_without_its_index.parent) == before


def test_check_does_not_call_a_store_whole_when_its_wal_cannot_be_read(
        wal_without_its_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = files(wal_without_its_index.parent)

    code = main(["check", "--db", str(wal_without_its_index)])

    output = capsys.readouterr().out
    assert code == 1
    assert "! the newest commits may be missing" in output
    assert "The store is whole." not in output
    assert files(wal_without_its_index.parent) == before


def test_the_reader_of_the_api_tells_what_it_could_not_read(
        wal_without_its_index: Path) -> None:
    with Bookshelf(wal_without_its_index) as opened:
        reader = opened.open_reader()

        assert reader.unread_commits is not None
        assert "archived.db-shm" in reader.unread_commits
        assert [each.type for each in reader.events()] == ["Bookshelf.BookAdded.v1"]


def test_the_reader_of_a_database_it_may_write_reads_every_commit(
        emma_in_the_wal: Path) -> None:
    with Bookshelf(emma_in_the_wal) as opened:
        reader = opened.open_reader()

        assert reader.unread_commits is None
        assert len(reader.events()) == 2
