"""Passwords a person typed for a server, held in this process's memory only: never in an
address, a setting, the Recent list, a log or a message."""

from __future__ import annotations

import threading

from domain.core.storage.location import server_address

_lock = threading.Lock()
_passwords: dict[str, str] = {}


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
