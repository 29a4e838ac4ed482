"""New database files are private to their owner; a link to nowhere is refused, not followed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from domain.bookshelf import AddBook, open_bookshelf
from domain.core import StorageError


def test_a_new_database_and_its_write_ahead_files_are_readable_by_their_owner_only(
        tmp_path: Path) -> None:
    path = tmp_path / "private.db"
    previous = os.umask(0o022)  # a usual umask would let everybody read a new file
    try:
        with open_bookshelf(path) as shop:
            shop.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.5))
            modes = {each.name: stat.S_IMODE(each.stat().st_mode)
                     for each in tmp_path.iterdir() if each.name.startswith("private.db")}
    finally:
        os.umask(previous)
    assert modes["private.db"] == 0o600
    assert modes.get("private.db-wal", 0o600) == 0o600


def test_an_existing_database_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    open_bookshelf(path).close()
    path.chmod(0o640)

    open_bookshelf(path).close()

    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_symbolic_link_to_nowhere_is_refused_and_creates_nothing(tmp_path: Path) -> None:
    link = tmp_path / "bookshelf.db"
    link.symlink_to(tmp_path / "elsewhere" / "missing.db")
    (tmp_path / "elsewhere").mkdir()

    with pytest.raises(StorageError, match="symbolic link .* which does not exist"):
        open_bookshelf(link)

    assert list((tmp_path / "elsewhere").iterdir()) == []
