"""Shared fixtures; Qt is told to draw offscreen before any QApplication can exist."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from domain.bookshelf import bookshelf, open_bookshelf  # noqa: E402
from domain.core import Domain  # noqa: E402


@pytest.fixture
def database_path(tmp_path: Path) -> Path:
    return tmp_path / "bookshelf.db"


@pytest.fixture
def shop(database_path: Path) -> Iterator[Domain]:
    """The bookshelf domain on a fresh database file, closed and restored afterwards."""
    subscribers = list(bookshelf.subscribers)
    config = dict(bookshelf.config)
    domain = open_bookshelf(database_path)
    yield domain
    domain.close()
    bookshelf.subscribers = subscribers
    bookshelf.config.clear()
    bookshelf.config.update(config)
