"""Where a store is, as a person types it: a SQLite file's path, or a server's address,
which is shown without its password wherever it is named."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

SERVER_SCHEMES = ("postgresql", "postgres")


def server_address(text: str) -> str | None:
    """`text` as it may be shown when it is a PostgreSQL address (no password, no
    options), None when it is not one: `postgresql://ann:secret@db:5432/shop` is
    `postgresql://ann@db:5432/shop`."""
    scheme, _, _ = text.partition("://")
    if scheme.lower() not in SERVER_SCHEMES or "://" not in text:
        return None
    parts = urlsplit(text)
    try:
        port = parts.port
    except ValueError:  # a port that is not a number
        port = None
    user = f"{parts.username}@" if parts.username else ""
    host = parts.hostname or "localhost"
    return f"{parts.scheme}://{user}{host}{f':{port}' if port else ''}{parts.path}"


def database_path(text: str) -> Path:
    """`--db`'s value as a SQLite file's path; a PostgreSQL address is refused, named
    without its password: this version opens SQLite files only."""
    shown = server_address(text)
    if shown is not None:
        raise ValueError(f"{shown} is a PostgreSQL server: this version of Bookshelf Events "
                         "opens SQLite database files only")
    return Path(text)
