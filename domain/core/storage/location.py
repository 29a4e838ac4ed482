"""Where a store is, as a person types it: a SQLite file's path, or a server's address,
which is shown without its password wherever it is named."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

SERVER_SCHEMES = ("postgresql", "postgres")
# libpq's keyword/value form (`host=db dbname=shop password=...`): a key a path never has.
CONNINFO_KEY = re.compile(r"(?:^|\s)(host|hostaddr|port|dbname|user|password|service)\s*=")
SHOWN_KEYS = ("user", "host", "port", "dbname")


def server_address(text: str) -> str | None:
    """`text` as it may be shown when it is a PostgreSQL address (no password, no
    options), None when it is not one: `postgresql://ann:secret@db:5432/shop` is
    `postgresql://ann@db:5432/shop`, `host=db password=secret dbname=shop` is
    `host=db dbname=shop`."""
    scheme, separator, rest = text.partition("://")
    if separator and scheme.lower() in SERVER_SCHEMES:
        return _shown_url(scheme.lower(), rest)
    if CONNINFO_KEY.search(text):
        return _shown_conninfo(text)
    return None


def _shown_url(scheme: str, rest: str) -> str:
    # The user's part ends at the last "@": a password may hold "/", ":" or "@" itself,
    # which a URL parser would take for the end of the host.
    user_part, at, place = rest.rpartition("@")
    user = user_part.partition(":")[0] if at else ""
    place = place.partition("?")[0].partition("#")[0]  # options may carry a password
    return f"{scheme}://{f'{user}@' if user else ''}{place}"


def _shown_conninfo(text: str) -> str:
    try:
        words = shlex.split(text)
    except ValueError:  # an unclosed quote: nothing of it can be trusted to show
        return "a PostgreSQL address"
    pairs = dict(word.partition("=")[::2] for word in words if "=" in word)
    shown = " ".join(f"{key}={pairs[key]}" for key in SHOWN_KEYS if pairs.get(key))
    return shown or "a PostgreSQL address"


def database_location(text: str) -> Path | str:
    """`--db`'s value: a SQLite file's path, or a PostgreSQL address as typed (a str; show
    it with `shown`, never as it is: it may hold a password)."""
    return text if server_address(text) is not None else Path(text)


def shown(location: str | Path) -> str:
    """`location` as it may be printed: a server's address without its password."""
    return server_address(str(location)) or str(location)
