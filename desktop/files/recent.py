"""The recently opened databases, newest first, kept in the user's settings."""

from __future__ import annotations

import os
from pathlib import Path

import attrs

from desktop.settings import app_settings

KEY = "files/recent"
LIMIT = 10


@attrs.frozen
class RecentDatabase:
    """One entry of the list: where the file was, and whether it is still there."""

    path: str

    @property
    def exists(self) -> bool:
        return Path(self.path).is_file()

    @property
    def label(self) -> str:
        """What the menu and the start page show: the name, then the folder."""
        path = Path(self.path)
        missing = "" if self.exists else " — missing"
        return f"{path.name} ({path.parent}){missing}"


class RecentDatabases:
    """Up to LIMIT paths, the newest first; each path once (compared resolved)."""

    def entries(self) -> list[RecentDatabase]:
        stored = app_settings().value(KEY, [])
        # An INI file gives a list of one back as a str, and an empty list as None.
        if isinstance(stored, str):
            return [RecentDatabase(stored)]
        if isinstance(stored, (list, tuple)):
            return [RecentDatabase(str(path)) for path in stored]
        return []

    def add(self, path: str | Path) -> None:
        """`path` goes first (it was just opened)."""
        key = _normal(path)
        kept = [each.path for each in self.entries() if _normal(each.path) != key]
        self._store([key, *kept][:LIMIT])

    def remove(self, path: str | Path) -> None:
        key = _normal(path)
        self._store([each.path for each in self.entries() if _normal(each.path) != key])

    def last(self) -> RecentDatabase | None:
        """The database opened last, if it is still there."""
        entries = self.entries()
        return entries[0] if entries and entries[0].exists else None

    @staticmethod
    def _store(paths: list[str]) -> None:
        settings = app_settings()
        settings.setValue(KEY, paths)
        settings.sync()  # another window reads the list at once


def _normal(path: str | Path) -> str:
    return os.path.realpath(os.path.expanduser(str(path)))
