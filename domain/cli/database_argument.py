"""`--db PATH` as argparse reads it: a SQLite file's path; a PostgreSQL address is refused
where it was typed, named without its password."""

from __future__ import annotations

import argparse
from pathlib import Path

from domain.core.storage.location import database_path


def database_argument(text: str) -> Path:
    try:
        return database_path(text)
    except ValueError as error:
        # ArgumentTypeError: argparse shows this message alone, never the text typed.
        raise argparse.ArgumentTypeError(str(error)) from None
