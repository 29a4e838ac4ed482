"""`--durability full` (PRAGMA synchronous=FULL) on every entry point that writes; NORMAL by
default (issue 9, item 6). SQLite's codes: 1 is NORMAL, 2 is FULL."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

import domain.core.storage.sqlite.store as sqlite_store
from domain.bookshelf import AddBook, Bookshelf, open_bookshelf
from domain.cli import main
from domain.core import ConfigurationError, Domain
from domain.core.storage.sqlite.connection import connect

NORMAL, FULL = 1, 2
SIMULATE = ["simulate", "--seconds", "0.2", "--speed", "max"]


@pytest.fixture
def writer_levels(monkeypatch: pytest.MonkeyPatch, database_path: Path
                  ) -> Iterator[list[int]]:
    """PRAGMA synchronous of every writer connection opened on the user's file (the
    integrity check's scratch store, a throwaway file of its own, is no writer of it)."""
    levels: list[int] = []
    real_connect = sqlite_store.connect

    def recording_connect(location: str, **options: object) -> sqlite3.Connection:
        connection = real_connect(location, **options)  # type: ignore[arg-type]
        if Path(location) == database_path:
            levels.append(connection.execute("PRAGMA synchronous").fetchone()[0])
        return connection

    monkeypatch.setattr(sqlite_store, "connect", recording_connect)
    yield levels


def synchronous(opened: Bookshelf) -> int:
    return int(opened.session().store.execute("PRAGMA synchronous").fetchone()[0])


def test_the_store_is_normal_by_default_and_full_when_asked(database_path: Path) -> None:
    with open_bookshelf(database_path) as default:
        assert synchronous(default) == NORMAL
    with open_bookshelf(database_path, durability="full") as full:
        full.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.5))
        assert synchronous(full) == FULL
    with open_bookshelf(":memory:", durability="full") as in_memory:
        assert synchronous(in_memory) == FULL


def test_a_bookshelf_session_and_its_engine_use_the_durability_asked(database_path: Path
                                                                     ) -> None:
    opened = Bookshelf(database_path, durability="full")
    assert synchronous(opened) == FULL
    opened.close()
    with open_bookshelf(database_path, engine=True, durability="full") as by_engine:
        assert by_engine.engine is not None
        level = by_engine.engine.query(
            lambda store: store.execute("PRAGMA synchronous").fetchone()[0]).result()
        assert level == FULL
    with open_bookshelf(database_path, engine=True) as by_default:
        assert by_default.engine is not None
        level = by_default.engine.query(
            lambda store: store.execute("PRAGMA synchronous").fetchone()[0]).result()
        assert level == NORMAL


@pytest.mark.parametrize("durability", ["fast", "FULL", "off", ""])
def test_any_other_durability_is_refused_before_anything_is_opened(
        tmp_path: Path, durability: str) -> None:
    path = tmp_path / "bookshelf.db"
    with pytest.raises(ConfigurationError, match="durability must be one of 'normal', 'full'"):
        Bookshelf(path, durability=durability)
    with pytest.raises(ConfigurationError, match="durability must be one of"):
        connect(str(path), durability=durability)
    assert not path.exists()


def test_the_domain_facade_takes_durability_from_its_config(tmp_path: Path) -> None:
    facade = Domain("Durable")
    facade.config["database"] = tmp_path / "facade.db"
    facade.init()
    assert facade.session().store.execute("PRAGMA synchronous").fetchone()[0] == NORMAL
    facade.close()

    facade.config["durability"] = "full"
    facade.init()
    assert facade.session().store.execute("PRAGMA synchronous").fetchone()[0] == FULL
    facade.close()

    facade.config["durability"] = "sometimes"
    with pytest.raises(ConfigurationError, match="durability must be one of"):
        facade.init()


@pytest.mark.parametrize("command", [["rebuild"], ["failures", "--retry"], SIMULATE],
                         ids=["rebuild", "failures --retry", "simulate"])
def test_every_writing_command_takes_durability_full(
        database_path: Path, command: list[str], writer_levels: list[int]) -> None:
    open_bookshelf(database_path).close()
    writer_levels.clear()

    assert main([*command, "--db", str(database_path)]) == 0
    assert writer_levels and set(writer_levels) == {NORMAL}

    writer_levels.clear()
    assert main([*command, "--db", str(database_path), "--durability", "full"]) == 0
    assert writer_levels and set(writer_levels) == {FULL}


def test_a_command_refuses_another_durability(database_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["rebuild", "--db", str(database_path), "--durability", "fast"])
    assert "invalid choice: 'fast'" in capsys.readouterr().err
