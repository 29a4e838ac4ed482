"""Passwords a person typed for a server, held in this process's memory only: never in an
address, a setting, the Recent list, a log or a message."""

from __future__ import annotations

import shlex
import threading
from urllib.parse import parse_qs, unquote

from domain.core.errors import StorageError
from domain.core.storage.location import CONNINFO_KEY, server_address

_lock = threading.Lock()
_passwords: dict[str, str] = {}


class PasswordRequired(StorageError):
    """The server wants a password that libpq did not find (in PGPASSWORD or ~/.pgpass),
    or refused the one it was given: a person may be asked for it."""


def _key(address: str) -> str:
    # The address as it is shown (no password, no options): the same server and user
    # whatever way the address was typed with a password in it.
    return server_address(address) or address


def remember(address: str, password: str) -> None:
    """Use `password` whenever this process connects to `address`."""
    with _lock:
        _passwords[_key(address)] = password


def password_for(address: str) -> str | None:
    """The password remembered for `address`, None when none was typed (libpq then looks
    in the address, PGPASSWORD and ~/.pgpass)."""
    with _lock:
        return _passwords.get(_key(address))


def forget(address: str) -> None:
    with _lock:
        _passwords.pop(_key(address), None)


def kept_apart(address: str) -> str:
    """`address` as it may be kept and shown (server_address: no password, no options),
    a password written in it remembered for it first (`--db postgresql://ann:pw@db/shop`
    connects with `pw`, and is known everywhere as `postgresql://ann@db/shop`)."""
    shown = server_address(address)
    if shown is None:
        return address
    typed = _typed_password(address)
    if typed:
        remember(shown, typed)
    return shown


def _typed_password(address: str) -> str | None:
    scheme, separator, rest = address.partition("://")
    if separator:
        user_part, at, place = rest.rpartition("@")
        if at and ":" in user_part:
            return unquote(user_part.partition(":")[2])
        query = place.partition("?")[2].partition("#")[0]
        found = parse_qs(query).get("password")
        return found[-1] if found else None
    if CONNINFO_KEY.search(address):
        try:
            words = shlex.split(address)
        except ValueError:
            return None
        pairs = dict(word.partition("=")[::2] for word in words if "=" in word)
        return pairs.get("password") or None
    return None
