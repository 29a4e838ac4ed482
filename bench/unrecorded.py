"""Commands run without their record (issue 14, item 1): the baseline of what recording costs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from domain.core.elements import BaseCommand
from domain.core.storage.sqlite.store import SqliteStore


def _not_recorded(_store: SqliteStore, _command: BaseCommand,
                  _error: BaseException | None) -> None:
    return None


@contextmanager
def commands_unrecorded() -> Iterator[None]:
    """Within it, every store of this process writes no command record: the rest of the
    command's work stays exactly as shipped, so the difference is the record's alone."""
    recording = SqliteStore.record_command
    SqliteStore.record_command = _not_recorded  # type: ignore[method-assign]
    try:
        yield
    finally:
        SqliteStore.record_command = recording  # type: ignore[method-assign]
