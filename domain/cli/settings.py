"""Where the bookshelf keeps its database unless told otherwise."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "bookshelf-events"


def default_database_path() -> Path:
    """`bookshelf.db` in the user data directory, which is created if needed."""
    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "bookshelf.db"
