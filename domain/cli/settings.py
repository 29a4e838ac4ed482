"""Where the bookshelf keeps its database unless told otherwise, and its scratch databases."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import platformdirs

APP_NAME = "bookshelf-events"
SCRATCH_FOLDER = "scratch"


def default_database_path() -> Path:
    """`bookshelf.db` in the user data directory, which is created if needed."""
    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "bookshelf.db"


def scratch_folder() -> Path:
    """Where simulations write when given no database: the user cache folder, created if needed.

    A cache, not the data folder: simulated orders never mix with the user's own, and the
    system may clear them. Nothing here removes them.
    """
    folder = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / SCRATCH_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def scratch_database_path(now: datetime | None = None) -> Path:
    """A new, empty file `simulation-2026-12-02T09-14-03.db` in the scratch folder.

    The file is created here, exclusively: two simulations started in the same second (in
    one process or two) get two files, the second one `...T09-14-03-2.db`.
    """
    folder = scratch_folder()
    stamp = (now or datetime.now()).strftime("%Y-%m-%dT%H-%M-%S")
    number = 1
    while True:
        path = folder / (f"simulation-{stamp}.db" if number == 1
                         else f"simulation-{stamp}-{number}.db")
        try:
            path.open("x").close()
        except FileExistsError:
            number += 1
            continue
        return path
