"""The window on files that are not ours, on an empty file, and with `--durability full`
(issue 9, items 1 and 6)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

import desktop.app
from desktop.app import create_main_window, parse_arguments
from domain.core import StorageError
from domain.core.storage.sqlite.migrations import APPLICATION_ID, SCHEMA_VERSION


def header(path: Path) -> tuple[int, int]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        return (connection.execute("PRAGMA application_id").fetchone()[0],
                connection.execute("PRAGMA user_version").fetchone()[0])


def engine_synchronous(window: desktop.app.MainWindow) -> int:
    engine = window.bookshelf.engine
    assert engine is not None
    return int(engine.query(
        lambda store: store.execute("PRAGMA synchronous").fetchone()[0]).result())


@pytest.mark.parametrize("user_version", [1, 7])
def test_the_window_refuses_another_programs_file_and_leaves_it_unchanged(
        tmp_path: Path, user_version: int) -> None:
    path = tmp_path / "contacts.db"
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT)")
        connection.execute(f"PRAGMA user_version = {user_version}")
        connection.commit()
    before = path.read_bytes(), sorted(each.name for each in tmp_path.iterdir())

    with pytest.raises(StorageError, match="another program, not a bookshelf database"):
        create_main_window(path)

    assert (path.read_bytes(), sorted(each.name for each in tmp_path.iterdir())) == before


def test_the_window_makes_an_empty_file_a_new_bookshelf_database(open_window, tmp_path: Path
                                                                 ) -> None:
    path = tmp_path / "empty.db"
    path.touch()

    open_window(path)

    assert header(path) == (APPLICATION_ID, SCHEMA_VERSION)


def test_the_window_is_normal_by_default_and_full_when_asked(open_window, tmp_path: Path
                                                            ) -> None:
    assert engine_synchronous(open_window(tmp_path / "default.db")) == 1
    assert engine_synchronous(open_window(tmp_path / "full.db", durability="full")) == 2


def test_bookshelf_durability_full_reaches_the_window(monkeypatch, tmp_path: Path) -> None:
    asked: list[object] = []

    def record(path: Path, **options: object) -> None:
        asked.append(options.get("durability"))
        raise StorageError("recorded")

    monkeypatch.setattr(desktop.app, "create_main_window", record)

    assert parse_arguments([]).durability == "normal"
    assert desktop.app.main(["--db", str(tmp_path / "x.db"), "--durability", "full"]) == 2
    assert asked == ["full"]
