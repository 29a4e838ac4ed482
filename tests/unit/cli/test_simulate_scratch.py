"""`bookshelf simulate` without --db writes to a new scratch database it names and keeps."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from domain.bookshelf import open_bookshelf
from domain.cli.settings import scratch_database_path
from domain.cli.simulate import main

MOMENT = datetime(2026, 12, 2, 9, 14, 3)
SHORT_RUN = ("--seconds", "0.3", "--speed", "max", "--customers", "2", "--json")


@pytest.fixture
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """The user's cache and data folders, moved under the test's own folder."""
    folders = {"cache": tmp_path / "cache", "data": tmp_path / "data"}
    monkeypatch.setenv("XDG_CACHE_HOME", str(folders["cache"]))
    monkeypatch.setenv("XDG_DATA_HOME", str(folders["data"]))
    return folders


def scratch_files(folders: dict[str, Path]) -> list[Path]:
    return sorted((folders["cache"] / "bookshelf-events" / "scratch").glob("*.db"))


def test_a_scratch_database_is_named_by_date_and_time_in_the_user_cache_folder(
        user_folders: dict[str, Path]) -> None:
    path = scratch_database_path(MOMENT)

    assert path == (user_folders["cache"] / "bookshelf-events" / "scratch"
                    / "simulation-2026-12-02T09-14-03.db")
    assert path.exists()  # made at once: nobody else can take the name


def test_two_scratch_databases_made_in_the_same_second_are_two_files(
        user_folders: dict[str, Path]) -> None:
    first, second, third = (scratch_database_path(MOMENT) for _ in range(3))

    assert len({first, second, third}) == 3
    assert second.name == "simulation-2026-12-02T09-14-03-2.db"
    assert third.name == "simulation-2026-12-02T09-14-03-3.db"


def test_simulate_without_a_database_writes_to_a_new_scratch_one_and_says_where(
        user_folders: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code = main(list(SHORT_RUN))

    out, err = capsys.readouterr()
    [scratch] = scratch_files(user_folders)
    summary = json.loads(out)
    assert code == 0, summary["problems"]
    assert summary["database"] == str(scratch)
    assert str(scratch) in err
    # The run is kept there, and the user's own database was never made.
    with open_bookshelf(scratch) as kept:
        assert kept.open_reader().events()
    assert not (user_folders["data"] / "bookshelf-events" / "bookshelf.db").exists()


def test_simulate_with_a_database_writes_there_and_makes_no_scratch_one(
        user_folders: dict[str, Path], database_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    code = main([*SHORT_RUN, "--db", str(database_path)])

    summary = json.loads(capsys.readouterr().out)
    assert code == 0, summary["problems"]
    assert summary["database"] == str(database_path)
    assert scratch_files(user_folders) == []
    with open_bookshelf(database_path) as written:
        assert written.open_reader().events()
