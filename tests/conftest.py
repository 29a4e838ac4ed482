"""Shared fixtures; Qt is told to draw offscreen before any QApplication can exist, and
every user folder (settings, data, cache, logs) is a private one: no test reads or writes
the person's own."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_USER_FOLDERS = tempfile.mkdtemp(prefix="bookshelf-tests-home-")
for _variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_variable] = os.path.join(_USER_FOLDERS, _variable.lower())

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from domain.bookshelf import Bookshelf, open_bookshelf  # noqa: E402
from tests.postgres_roles import guarded  # noqa: E402, F401
from tests.postgres_server import postgres_cluster, postgres_url  # noqa: E402, F401


@pytest.fixture
def database_path(tmp_path: Path) -> Path:
    return tmp_path / "bookshelf.db"


@pytest.fixture
def shop(database_path: Path) -> Iterator[Bookshelf]:
    """The bookshelf opened on a fresh database file, closed afterwards."""
    opened = open_bookshelf(database_path)
    yield opened
    opened.close()
