"""The recently opened databases (files and servers), newest first, kept in the user's
settings."""

from __future__ import annotations

import os
from pathlib import Path

import attrs

from desktop.settings import app_settings
from domain.core.storage.location import server_address

KEY = "files/recent"
READ_ONLY_KEY = "files/recentReadOnly"  # the recent paths last opened read-only
LIMIT = 10


@attrs.frozen
class RecentDatabase:
    """One entry of the list: where the file was, and whether it is still there; or a
    server's address (never with its password)."""

    path: str
    read_only: bool = False  # last opened read-only: opened so again

    @property
    def on_server(self) -> bool:
        return server_address(self.path) is not None

    @property
    def exists(self) -> bool:
        """A file still there; a server is taken to be (only connecting would tell)."""
        return self.on_server or Path(self.path).is_file()

    @property
    def label(self) -> str:
        """What the menu and the start page show: the name, then the folder (a server's
        address as it is shown)."""
        read_only = " — read-only" if self.read_only else ""
        if self.on_server:
            return f"{self.path} — server{read_only}"
        path = Path(self.path)
        missing = "" if self.exists else " — missing"
        return f"{path.name} ({path.parent}){read_only}{missing}"


class RecentDatabases:
    """Up to LIMIT paths, the newest first; each path once (compared resolved)."""

    def entries(self) -> list[RecentDatabase]:
        settings = app_settings()
        read_only = set(_paths(settings.value(READ_ONLY_KEY, [])))
        return [RecentDatabase(path, path in read_only)
                for path in _paths(settings.value(KEY, []))]

    def add(self, path: str | Path, read_only: bool = False) -> None:
        """`path` goes first (it was just opened), remembered read-only if it was opened so."""
        key = _normal(path)
        kept = [each for each in self.entries() if _normal(each.path) != key]
        self._store([RecentDatabase(key, read_only), *kept][:LIMIT])

    def remove(self, path: str | Path) -> None:
        key = _normal(path)
        self._store([each for each in self.entries() if _normal(each.path) != key])

    def last(self) -> RecentDatabase | None:
        """The database opened last, if it is still there."""
        entries = self.entries()
        return entries[0] if entries and entries[0].exists else None

    @staticmethod
    def _store(entries: list[RecentDatabase]) -> None:
        settings = app_settings()
        settings.setValue(KEY, [each.path for each in entries])
        settings.setValue(READ_ONLY_KEY, [each.path for each in entries if each.read_only])
        settings.sync()  # another window reads the list at once


def _paths(stored: object) -> list[str]:
    # An INI file gives a list of one back as a str, and an empty list as None.
    if isinstance(stored, str):
        return [stored]
    if isinstance(stored, (list, tuple)):
        return [str(path) for path in stored]
    return []


def _normal(path: str | Path) -> str:
    # A server's address as it is shown: no password (nor options) is ever kept.
    return server_address(str(path)) or os.path.realpath(os.path.expanduser(str(path)))
