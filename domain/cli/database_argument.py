"""`--db PATH_OR_URL` as argparse reads it: a SQLite file's path, or a PostgreSQL server's
address when PostgreSQL support is installed (otherwise refused where it was typed, saying
what to install, the address named without its password)."""

from __future__ import annotations

import argparse
from pathlib import Path

from domain.core.errors import ConfigurationError
from domain.core.storage import is_server, require_postgres
from domain.core.storage.location import database_location

# A store a command line names: a file's Path, or a server's address as typed.
Database = Path | str


def database_argument(text: str) -> Database:
    if is_server(text):
        try:
            require_postgres(text)
        except ConfigurationError as error:
            # ArgumentTypeError: argparse shows this message alone, never the text typed.
            raise argparse.ArgumentTypeError(str(error)) from None
    return database_location(text)
