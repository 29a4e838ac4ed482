"""Warnings and errors, with their tracebacks, into a rotating file in the user's log folder."""

from __future__ import annotations

import logging
import sys
import tempfile
from logging.handlers import RotatingFileHandler
from pathlib import Path

import platformdirs

from domain.cli.settings import APP_NAME

FILE_NAME = f"{APP_NAME}.log"
# 1 MB and five older files: weeks of warnings, never a full disk.
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def log_folder() -> Path:
    """The user's log folder (~/.local/state/bookshelf-events/log on Linux)."""
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def install_log_file(folder: Path | None = None) -> Path:
    """Send warnings and errors of every logger to FILE_NAME in `folder` (default:
    log_folder(), else the temporary folder when that cannot be created); return its path.

    Installing it again for the same file adds no second handler.
    """
    folder = folder or log_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        # A log must never stop the program from starting: the temp folder is writable.
        print(f"bookshelf: cannot create {folder} ({error}); logging to the temporary "
              "folder", file=sys.stderr)
        folder = Path(tempfile.gettempdir())
    path = folder / FILE_NAME
    if path not in _installed_files():
        handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                      encoding="utf-8")
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter(FORMAT))
        logging.getLogger().addHandler(handler)
    return path


def current_log_file() -> Path:
    """The file install_log_file() writes to, or where it would by default (not installed)."""
    return next(iter(_installed_files()), log_folder() / FILE_NAME)


def _installed_files() -> list[Path]:
    handlers = logging.getLogger().handlers
    files = [Path(handler.baseFilename) for handler in handlers
             if isinstance(handler, RotatingFileHandler)]
    return [path for path in files if path.name == FILE_NAME]
