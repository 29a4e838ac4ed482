"""Opening a PostgreSQL store (issue 16, item 6): a server that cannot be reached, a
refused password, a missing database, another program's database or a newer schema each
say so, naming the server without its password; nothing is changed in any of them."""

from __future__ import annotations

import re
from urllib.parse import unquote

import psycopg

from domain.core.errors import StorageError
from domain.core.storage.credentials import PasswordRequired, password_for
from domain.core.storage.location import server_address
from domain.core.storage.postgres.schema import migrate

CONNECT_TIMEOUT_S = 5
# libpq's words for an address it could not parse: they quote the address's own text.
UNPARSABLE = ("connection info string", "percent-encoded", "URI", "missing \"=\"",
              "unterminated quoted string", "invalid connection option")
REFUSED_PASSWORD = "the server refused the password"
NO_PASSWORD = "the server asks for a password, and none was given (PGPASSWORD, ~/.pgpass)"
PASSWORD_REASONS = (REFUSED_PASSWORD, NO_PASSWORD)


def shown(url: str) -> str:
    return server_address(url) or "the PostgreSQL server"


def connect(url: str, autocommit: bool = False) -> psycopg.Connection:
    """A connection to `url` (its password, if any, from the address, PGPASSWORD or
    ~/.pgpass, as libpq finds it); StorageError saying why not."""
    typed = password_for(url)
    try:
        # TCP keepalives: a server or a network gone silent is found within a minute, by
        # a listener waiting for commits too, not after the system's two hours.
        if typed is None:
            return psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S, autocommit=autocommit,
                                   keepalives=1, keepalives_idle=30, keepalives_interval=10,
                                   keepalives_count=3)
        return psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S, autocommit=autocommit,
                               keepalives=1, keepalives_idle=30, keepalives_interval=10,
                               keepalives_count=3, password=typed)
    except psycopg.Error as error:
        reason = _reason(error, url)
        # Asked for, a password is for a person to type (File > Connect to server…).
        refusal = PasswordRequired if reason in PASSWORD_REASONS else StorageError
        raise refusal(f"{shown(url)}: {reason}. Nothing was changed.") from None


def _reason(error: psycopg.Error, url: str) -> str:
    # A refusal at connect time comes with no SQLSTATE in psycopg: the server's words
    # say which it was.
    text = str(error)
    if "password authentication failed" in text:
        return REFUSED_PASSWORD
    if "no password supplied" in text:
        return NO_PASSWORD
    if 'database "' in text and "does not exist" in text:
        return "the server has no such database"
    if 'role "' in text and "does not exist" in text:
        return "the server has no such user"
    if isinstance(error, psycopg.ProgrammingError) or any(
            words in text for words in UNPARSABLE):
        return "this is not an address PostgreSQL can read (check its quoting and %-escapes)"
    # libpq's own words for the rest: the first line says what failed ("Connection
    # refused", "timeout expired"), not the hint after it; any trace of the password
    # taken out all the same.
    first = _without_password(text.split("\n")[0].removeprefix("connection failed: "), url)
    return f"could not connect ({first.strip() or type(error).__name__})"


def _without_password(text: str, url: str) -> str:
    typed = password_for(url)
    for secret in _passwords(url) | ({typed} if typed else set()):
        text = text.replace(secret, "***")
    return text


def _passwords(url: str) -> set[str]:
    """The password as typed in `url`, in each form libpq may quote it in."""
    found = set(re.findall(r"password\s*=\s*'?([^'\s&]+)", url))
    scheme, separator, rest = url.partition("://")
    if separator:
        user_part = rest.rpartition("@")[0]
        if ":" in user_part:
            found.add(user_part.partition(":")[2])
    return {form for secret in found if secret for form in (secret, unquote(secret))}


def open_database(url: str) -> psycopg.Connection:
    """A connection to a bookshelf store at `url`, its schema brought up to date (a new,
    empty database becomes one); StorageError, nothing changed, when it cannot be."""
    connection = connect(url)
    try:
        migrate(connection, shown(url))
    except psycopg.Error as error:
        connection.close()
        raise StorageError(
            f"{shown(url)}: the store's tables could not be made "
            f"({_without_password(str(error).splitlines()[0], url)}). Nothing was changed."
        ) from None
    except StorageError:
        connection.close()
        raise
    return connection
