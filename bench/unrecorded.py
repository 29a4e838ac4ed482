"""Commands run without their record (issue 14, item 1): the baseline of what recording costs."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any
from unittest import mock

from domain.core.elements import BaseCommand
from domain.core.storage.sqlite.store import SqliteStore


def _not_recorded(_store: SqliteStore, _command: BaseCommand,
                  _error: BaseException | None) -> None:
    return None


def commands_unrecorded() -> AbstractContextManager[Any]:
    """Within it, every store of this process writes no command record: the rest of the
    command's work stays exactly as shipped, so the difference is the record's alone."""
    return mock.patch.object(SqliteStore, "record_command", _not_recorded)
